"""S2: the linked SQLCipher is 4.x with in-memory temp store, FTS5, HMAC, no plaintext header.

These are exact values: if a dependency update changes any of them, this test fails the
build, and so does the start-up self-check.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine

from fieldcm.store.engine import run_self_check
from fieldcm.store.errors import SelfCheckFailed
from fieldcm.store.vault import UnlockedStore
from tests.security.helpers import ROOT


@pytest.fixture
def raw(store: UnlockedStore) -> Iterator[Any]:
    with store.engine.connect() as conn:
        yield conn.connection.dbapi_connection


def _values(raw: Any, pragma: str) -> list[Any]:
    return [row[0] for row in raw.execute(pragma)]


def test_the_self_check_reports_exactly_what_we_rely_on(store: UnlockedStore) -> None:
    check = run_self_check(store.engine)
    assert check.cipher_version.startswith("4.")
    assert check.cipher_version.endswith("community")
    assert (
        check.temp_store_compiled,
        check.fts5,
        check.hmac,
        check.plaintext_header_size,
        check.memory_security,
    ) == (2, True, True, 0, True)


def test_cipher_settings_are_exact(raw: Any) -> None:
    settings = set(_values(raw, "PRAGMA cipher_settings"))
    assert {
        "PRAGMA cipher_page_size = 4096;",
        "PRAGMA cipher_use_hmac = 1;",
        "PRAGMA cipher_plaintext_header_size = 0;",
        "PRAGMA cipher_hmac_algorithm = HMAC_SHA512;",
    } <= settings
    assert "TEMP_STORE=2" in _values(raw, "PRAGMA compile_options")
    assert _values(raw, "PRAGMA cipher_provider") == ["openssl"]


def test_connection_pragmas_are_exact(raw: Any) -> None:
    assert _values(raw, "PRAGMA temp_store") == [2]  # MEMORY
    assert _values(raw, "PRAGMA journal_mode") == ["wal"]
    assert _values(raw, "PRAGMA synchronous") == [2]  # FULL
    assert _values(raw, "PRAGMA secure_delete") == [1]
    assert _values(raw, "PRAGMA foreign_keys") == [1]
    assert [str(v) for v in _values(raw, "PRAGMA cipher_memory_security")] == ["1"]


def test_fts5_really_works_inside_the_encrypted_file(raw: Any) -> None:
    raw.execute("CREATE VIRTUAL TABLE temp.s2_probe USING fts5(body)")
    raw.execute("INSERT INTO temp.s2_probe(body) VALUES ('safety plan reviewed')")
    assert _values(raw, "SELECT body FROM temp.s2_probe WHERE s2_probe MATCH 'plan'") == [
        "safety plan reviewed"
    ]


def _engine(connect: Any) -> Engine:
    return create_engine("sqlite://", creator=connect)


WITHOUT_MEMORY_SECURITY = """
import sys, sqlcipher3
from sqlalchemy import create_engine
from fieldcm.store.engine import run_self_check
from fieldcm.store.errors import SelfCheckFailed

def connect():
    conn = sqlcipher3.connect(sys.argv[1], check_same_thread=False)
    conn.execute("PRAGMA key = \\"x'" + "ab" * 32 + "'\\"")
    return conn

try:
    run_self_check(create_engine("sqlite://", creator=connect))
except SelfCheckFailed as exc:
    print(exc)
    sys.exit(7)
"""


def test_the_self_check_fails_without_memory_security(tmp_path: Path) -> None:
    # cipher_memory_security is process-wide once set, so this runs in a fresh process.
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_MEMORY_SECURITY, str(tmp_path / "weak.db")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 7, result.stderr
    assert "cipher_memory_security" in result.stdout


def test_the_self_check_fails_on_plain_sqlite(tmp_path: Path) -> None:
    def connect() -> sqlite3.Connection:
        return sqlite3.connect(tmp_path / "plain.db", check_same_thread=False)

    with pytest.raises(SelfCheckFailed, match=r"SQLCipher 4\.x"):
        run_self_check(_engine(connect))
