"""``fieldcm enroll``, ``fieldcm sync``, ``fieldcm status`` against the real server."""

from __future__ import annotations

import io
import json
from pathlib import Path

from fieldcm.sync.headless import (
    EXIT_OK,
    EXIT_PROBLEM,
    EXIT_SYNC_FAILED,
    HeadlessEnv,
    main,
)
from tests.security.helpers import FAST_POLICY, PASSPHRASE

from .laptops import NO_WAIT, Office


def run(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    env = HeadlessEnv(
        policy=FAST_POLICY,
        stdin=io.StringIO(stdin),
        out=out,
        err=err,
        transport_options=NO_WAIT,
    )
    code = main(argv, env)
    return code, out.getvalue(), err.getvalue()


def test_enroll_then_sync_then_status_from_a_script(office: Office, tmp_path: Path) -> None:
    worker = office.person()
    colleague_laptop = office.laptop(worker)
    client = colleague_laptop.new_client()
    colleague_laptop.new_note(client, "Visit (synthetic).")
    assert colleague_laptop.sync().ok
    profile = tmp_path / "scripted"

    code, out, err = run(
        [
            "enroll",
            "--profile",
            str(profile),
            "--server",
            office.server.base_url,
            "--code",
            office.server.enroll_code(worker),
            "--device-name",
            "Training laptop 3",
            "--passphrase-stdin",
        ],
        PASSPHRASE + "\n",
    )
    assert code == EXIT_OK, err
    assert "Enrolled as" in out and "Sync complete" in out
    assert (profile / "fieldcm.key").exists()

    code, out, err = run(
        ["sync", "--profile", str(profile), "--passphrase-stdin"], PASSPHRASE + "\n"
    )
    assert code == EXIT_OK, err

    code, out, err = run(
        ["status", "--profile", str(profile), "--passphrase-stdin", "--json"], PASSPHRASE + "\n"
    )
    assert code == EXIT_OK, err
    status = json.loads(out)
    assert status["pending"] == 0
    assert status["needs_attention"] == []
    assert status["open_conflicts"] == []
    assert status["last_successful_sync_at"] is not None
    assert status["offline_state"] == "ok"

    code, out, _ = run(
        ["status", "--profile", str(profile), "--passphrase-stdin"], PASSPHRASE + "\n"
    )
    assert code == EXIT_OK
    assert "Edits waiting to sync: 0" in out
    assert "Open conflicts: 0" in out


def test_a_weak_passphrase_is_refused_before_the_code_is_spent(
    office: Office, tmp_path: Path
) -> None:
    worker = office.person()
    code_text = office.server.enroll_code(worker)
    argv = [
        "enroll",
        "--profile",
        str(tmp_path / "weak"),
        "--server",
        office.server.base_url,
        "--code",
        code_text,
        "--passphrase-stdin",
    ]
    code, _, err = run(argv, "password1\n")
    assert code == EXIT_PROBLEM
    assert "at least 15 characters" in err
    assert not (tmp_path / "weak" / "fieldcm.key").exists()
    # The code still works: nothing was sent to the server.
    argv[2] = str(tmp_path / "strong")
    code, _, err = run(argv, PASSPHRASE + "\n")
    assert code == EXIT_OK, err


def test_wrong_passphrase_and_unreachable_server_are_said_in_words(
    office: Office, tmp_path: Path
) -> None:
    laptop = office.laptop()
    laptop.close()
    code, _, err = run(
        ["status", "--profile", str(laptop.folder), "--passphrase-stdin"],
        "not the right passphrase at all\n",
    )
    assert code == EXIT_PROBLEM
    assert err.startswith("fieldcm: ")

    code, _, err = run(
        [
            "enroll",
            "--profile",
            str(tmp_path / "nowhere"),
            "--server",
            "http://127.0.0.1:9",
            "--code",
            "ABCD-EFGH-IJKL",
            "--passphrase-stdin",
        ],
        PASSPHRASE + "\n",
    )
    assert code == EXIT_SYNC_FAILED
    assert "No connection to the agency server" in err
