"""The admin CLI, run in process against SQLite files (the commands the other suites script)."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from fieldcm.server import cli
from fieldcm.server.config import ENV_ARGON2

PASSWORD = "correct horse battery staple"
Admin = Callable[..., tuple[int, str, str]]
"""Run one admin command: ``admin("users", "list")`` -> (exit code, stdout, stderr)."""


@pytest.fixture(autouse=True)
def cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_ARGON2, "1,8192,1")


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'server.db'}"


def run(
    url: str,
    *args: str,
    stdin: str = "",
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(["--database-url", url, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def admin(url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Admin:
    def call(*args: str, stdin: str = "") -> tuple[int, str, str]:
        return run(url, *args, stdin=stdin, capsys=capsys, monkeypatch=monkeypatch)

    assert call("init")[0] == 0
    return call


def test_commands_before_init_say_to_run_init(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(url, "users", "list", capsys=capsys, monkeypatch=monkeypatch)

    assert code == 2 and "init" in err


def test_accounts_caseloads_and_codes(admin: Admin, tmp_path: Path) -> None:
    assert admin("teams", "add", "North")[0] == 0
    assert admin("users", "add", "ana", "--role", "worker", "--team", "North",
                 "--password-stdin", stdin=PASSWORD + "\n")[0] == 0  # fmt: skip
    assert admin("users", "add", "bo", "--role", "supervisor", "--team", "North")[0] == 0
    assert admin("assign", "11111111-1111-4111-8111-111111111111", "ana")[0] == 0
    assert admin("users", "set-role", "bo", "worker")[0] == 0
    assert admin("users", "set-team", "bo", "-")[0] == 0

    code, out, _ = admin("devices", "enroll-code", "ana")
    assert code == 0 and len(out.split()) == 1 and len(out.strip()) == 14
    listing = admin("users", "list")[1]
    assert "ana" in listing and "North" in listing
    assert admin("users", "disable", "ana")[0] == 0
    assert "disabled" in admin("users", "list")[1]
    assert admin("unassign", "11111111-1111-4111-8111-111111111111", "ana")[0] == 0


@pytest.mark.parametrize(
    "args",
    [
        ("users", "add", "x", "--role", "worker", "--team", "Nowhere"),
        ("users", "disable", "nobody"),
        ("assign", "not-a-client-id", "nobody"),
        ("unassign", "11111111-1111-4111-8111-111111111111", "nobody"),
        ("devices", "revoke", "00000000-0000-4000-8000-000000000000"),
        ("devices", "wipe", "00000000-0000-4000-8000-000000000000"),
        ("settings", "set", "auto_lock_minutes", "0"),
        ("settings", "set", "no_such_setting", "1"),
    ],
)
def test_refusals_exit_1_with_a_message(admin: Admin, args: tuple[str, ...]) -> None:
    code, _, err = admin(*args)

    assert code == 1 and err.startswith("error: ")


def test_a_short_password_is_refused(admin: Admin) -> None:
    code, _, err = admin(
        "users", "add", "ana", "--role", "worker", "--password-stdin", stdin="short\n"
    )

    assert code == 1 and "15" in err


def test_settings_show_and_set(admin: Admin) -> None:
    assert admin("settings", "set", "emergency_department", "Mercy General, 1 Main St")[0] == 0

    code, out, _ = admin("settings", "show")

    assert code == 0 and '"emergency_department": "Mercy General, 1 Main St"' in out


def test_audit_verify_reports_a_broken_chain(admin: Admin, url: str) -> None:
    admin("teams", "add", "North")
    admin("teams", "add", "South")
    assert admin("audit", "verify")[0] == 0

    path = url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER audit_no_update")
        conn.execute("UPDATE audit SET outcome = 'tampered' WHERE seq = 1")

    code, _, err = admin("audit", "verify")
    assert code == 1 and "row 1" in err


def test_backup_copies_a_consistent_database_and_never_overwrites(
    admin: Admin, tmp_path: Path
) -> None:
    admin("teams", "add", "North")
    target = tmp_path / "backup.db"

    assert admin("backup", str(target))[0] == 0
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT name FROM teams").fetchall() == [("North",)]
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert admin("backup", str(target))[0] == 1


def test_backup_of_postgres_points_to_pg_dump(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run("postgresql+psycopg://nobody@127.0.0.1:1/none", "backup", "x.db",
                       capsys=capsys, monkeypatch=monkeypatch)  # fmt: skip

    assert code == 2 and "pg_dump" in err


@pytest.mark.parametrize(
    "args",
    [
        ("serve", "--host", "0.0.0.0"),
        ("serve", "--host", "10.1.2.3", "--tls-cert", "c.pem"),
        ("serve", "--workers", "0"),
    ],
)
def test_serve_refuses_unsafe_or_wrong_settings_before_starting(
    admin: Admin, args: tuple[str, ...]
) -> None:
    code, _, err = admin(*args)

    assert code == 2 and err.startswith("error: ")


def test_seed_demo_builds_a_synthetic_agency_once(admin: Admin) -> None:
    code, out, _ = admin("seed-demo", "--clients", "12")

    assert code == 0
    assert "demo-worker" in out and "demo-supervisor" in out
    assert "Enrollment code for demo-worker:" in out
    assert admin("seed-demo", "--clients", "12")[0] == 1
    assert admin("audit", "verify")[0] == 0
