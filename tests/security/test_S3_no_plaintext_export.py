"""S3: no plaintext export path. ATTACH and sqlcipher_export are denied by the authorizer,
and no code in the repository contains the empty-key ATTACH text outside this allow-list."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import exc, text

from fieldcm.store.vault import UnlockedStore
from tests.security.helpers import ROOT

EMPTY_KEY = "KEY " + "''"  # spelled in two parts so this file does not match its own grep
FORBIDDEN = re.compile(r"\bKEY\s+(''|\"\")|PRAGMA\s+key\s*=\s*(''|\"\")", re.IGNORECASE)
ALLOWED = {
    Path("tests/security/test_S3_no_plaintext_export.py"),  # the statements it proves denied
    Path("tests/security/test_K1_raw_key_first_statement.py"),  # a hostile key it refuses
}
SKIPPED_DIRS = {".git", ".venv", ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis"}
TEXT_SUFFIXES = {".py", ".sql", ".md", ".toml", ".cfg", ".ini", ".txt", ".spec", ".sh", ""}


@pytest.mark.parametrize(
    "statement",
    [
        f"ATTACH DATABASE '{{leak}}' AS leak {EMPTY_KEY}",
        "ATTACH DATABASE '{leak}' AS leak",
        "SELECT sqlcipher_export('main')",
        "SELECT load_extension('libevil')",
    ],
)
def test_export_statements_are_denied(store: UnlockedStore, tmp_path: Path, statement: str) -> None:
    leak = tmp_path / "leak.db"
    with store.engine.connect() as conn, pytest.raises(exc.DatabaseError, match="not authorized"):
        conn.execute(text(statement.format(leak=leak)))
    assert not leak.exists()


@pytest.mark.parametrize(
    "statement",
    [
        "PRAGMA temp_store = FILE",  # temp tables would reach disk unencrypted
        "PRAGMA temp_store_directory = '/tmp'",
        "PRAGMA secure_delete = OFF",
        "PRAGMA cipher_memory_security = OFF",
        "PRAGMA cipher_plaintext_header_size = 32",
        "PRAGMA cipher_use_hmac = OFF",
        "PRAGMA key = 'guess'",
        "PRAGMA rekey = 'weak'",
        f"PRAGMA hexrekey = '{'00' * 32}'",
    ],
)
def test_pragmas_that_weaken_the_encryption_are_denied(
    store: UnlockedStore, statement: str
) -> None:
    with store.engine.connect() as conn, pytest.raises(exc.DatabaseError, match="not authorized"):
        conn.execute(text(statement))


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("PRAGMA cipher_version", None),
        ("PRAGMA temp_store", 2),
        ("PRAGMA secure_delete", 1),
    ],
)
def test_reading_those_settings_is_allowed(
    store: UnlockedStore, statement: str, expected: int | None
) -> None:
    with store.engine.connect() as conn:
        value = conn.execute(text(statement)).scalar()
    assert value is not None and (expected is None or value == expected)


def test_the_raw_driver_connection_is_denied_too(store: UnlockedStore, tmp_path: Path) -> None:
    leak = tmp_path / "leak.db"
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        with pytest.raises(Exception, match="not authorized"):
            raw.execute(f"ATTACH DATABASE '{leak}' AS leak {EMPTY_KEY}")
    assert not leak.exists()


def _repository_text_files() -> list[Path]:
    files = []
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if any(part in SKIPPED_DIRS or part.endswith(".egg-info") for part in relative.parts):
            continue
        if path.is_file() and path.suffix in TEXT_SUFFIXES:
            files.append(relative)
    return files


def test_no_code_contains_an_empty_key() -> None:
    offenders = [
        f"{relative}:{number}"
        for relative in _repository_text_files()
        if relative not in ALLOWED
        for number, line in enumerate(
            (ROOT / relative).read_text("utf-8", errors="replace").splitlines(), 1
        )
        if FORBIDDEN.search(line)
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "line",
    [
        f"conn.execute(\"ATTACH DATABASE 'x.db' AS plain {EMPTY_KEY}\")",
        "ATTACH 'x.db' AS p key \"\"",
        "PRAGMA key = ''",
    ],
)
def test_the_grep_catches_the_forms_it_must(line: str) -> None:
    assert FORBIDDEN.search(line)
