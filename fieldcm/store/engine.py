"""Opening the encrypted database: our own connect hook, a self-check and fail-closed rules.

SQLAlchemy's ``sqlite+pysqlcipher`` dialect formats a passphrase into SQL and runs PBKDF2 on
every connection (SECURITY.md pitfalls 13-14). We use the plain ``sqlite://`` dialect with a
``creator`` that returns a ``sqlcipher3`` connection keyed by a validated raw key as its very
first statement.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from fieldcm.store.datakey import DataKey
from fieldcm.store.errors import (
    DatabaseCorrupt,
    ForbiddenStatement,
    NoProfile,
    PlaintextDatabase,
    SelfCheckFailed,
    WrongPassphrase,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
PAGE_SIZE = 4096
_HEX_KEY = re.compile(r"^[0-9a-f]{64}$")

# sqlite3 authorizer action codes (sqlite3.h); sqlcipher3 does not export all of them.
_SQLITE_ATTACH = 24
_SQLITE_FUNCTION = 31
_SQLITE_OK = 0
_SQLITE_DENY = 1
_FORBIDDEN_FUNCTIONS = frozenset({"sqlcipher_export", "load_extension"})


def validate_hex_key(key_hex: str) -> str:
    """Refuse anything but 64 lowercase hex digits before it can reach SQL (SECURITY.md K1)."""
    if not isinstance(key_hex, str) or not _HEX_KEY.fullmatch(key_hex):
        raise ValueError("the database key must be 64 lowercase hex digits")
    return key_hex


def _authorizer(action: int, arg1: str | None, arg2: str | None, *_: Any) -> int:
    """Deny statements that could copy the data out unencrypted (SECURITY.md S3)."""
    if action == _SQLITE_ATTACH:
        return _SQLITE_DENY
    if action == _SQLITE_FUNCTION and (arg2 or "").lower() in _FORBIDDEN_FUNCTIONS:
        return _SQLITE_DENY
    return _SQLITE_OK


def check_file_before_open(path: Path, *, create: bool) -> None:
    """Fail closed before SQLCipher touches the file (SECURITY.md S4).

    Raises:
        NoProfile: the file is missing and ``create`` is false (never make an empty one).
        PlaintextDatabase: the file starts with the plain SQLite header.
        DatabaseCorrupt: the file is empty or not a whole number of pages.
    """
    if not path.exists():
        if create:
            return
        raise NoProfile(f"No fieldcm database at {path}.")
    if create:
        raise FileExistsError(f"refusing to create a database over {path}")
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        raise PlaintextDatabase(
            f"{path.name} is an unencrypted SQLite file, not a fieldcm database. "
            "It was not opened. Move it away and ask your administrator for help."
        )
    if size == 0 or size % PAGE_SIZE:
        raise DatabaseCorrupt(
            f"{path.name} is damaged (its size is not whole pages; it may have been "
            "truncated). It was not changed. Restore it from the agency server by "
            "re-enrolling this laptop."
        )


def _connect(path: Path, key: DataKey, trace: Callable[[str], None] | None) -> Any:
    """The connect hook: key first, then prove the key by reading, then configure."""
    key_hex = validate_hex_key(key.sqlcipher_hex())
    conn = sqlcipher3.connect(str(path), check_same_thread=False, isolation_level=None)
    try:
        if trace is not None:
            conn.set_trace_callback(trace)
        conn.execute(f"PRAGMA key = \"x'{key_hex}'\"")
        conn.execute("PRAGMA cipher_memory_security = ON")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            raise WrongPassphrase() from exc
        for pragma in (
            "PRAGMA temp_store = MEMORY",
            "PRAGMA journal_mode = WAL",
            "PRAGMA synchronous = FULL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA secure_delete = ON",
            "PRAGMA busy_timeout = 10000",
        ):
            conn.execute(pragma)
        conn.set_authorizer(_authorizer)
    except BaseException:
        conn.close()
        raise
    return conn


@dataclass(frozen=True)
class SelfCheck:
    cipher_version: str
    temp_store_compiled: int
    fts5: bool
    hmac: bool
    plaintext_header_size: int
    memory_security: bool


def run_self_check(engine: Engine) -> SelfCheck:
    """Read what the linked SQLCipher is and refuse to run without what we rely on (S2)."""
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        version = raw.execute("PRAGMA cipher_version").fetchone()[0]
        options = {row[0] for row in raw.execute("PRAGMA compile_options")}
        settings = {row[0] for row in raw.execute("PRAGMA cipher_settings")}
        memory_security = raw.execute("PRAGMA cipher_memory_security").fetchone()[0]
    temp_store = next(
        (int(o.split("=")[1]) for o in options if o.startswith("TEMP_STORE=")), 1
    )
    check = SelfCheck(
        cipher_version=version,
        temp_store_compiled=temp_store,
        fts5="ENABLE_FTS5" in options,
        hmac="PRAGMA cipher_use_hmac = 1;" in settings,
        plaintext_header_size=0 if "PRAGMA cipher_plaintext_header_size = 0;" in settings else -1,
        memory_security=str(memory_security) == "1",
    )
    problems = [
        name
        for name, ok in (
            ("SQLCipher 4.x", version.startswith("4.")),
            ("in-memory temp store (TEMP_STORE 2 or 3)", temp_store in (2, 3)),
            ("FTS5", check.fts5),
            ("page HMAC", check.hmac),
            ("no plaintext header", check.plaintext_header_size == 0),
            ("cipher_memory_security", check.memory_security),
        )
        if not ok
    ]
    if problems:
        raise SelfCheckFailed("SQLCipher self-check failed: missing " + ", ".join(problems))
    return check


def open_engine(
    path: Path,
    key: DataKey,
    *,
    create: bool = False,
    trace: Callable[[str], None] | None = None,
) -> Engine:
    """Open (or, with ``create``, make) the encrypted database at ``path``.

    ``trace`` receives every SQL statement; it exists for tests only (a production trace
    would log the key).

    Raises:
        NoProfile, PlaintextDatabase, DatabaseCorrupt: see :func:`check_file_before_open`.
        WrongPassphrase: the key does not open the file (nothing was written).
        SelfCheckFailed: the SQLCipher build lacks a property we rely on.
    """
    check_file_before_open(path, create=create)
    validate_hex_key(key.sqlcipher_hex())
    engine = create_engine(
        "sqlite://",
        creator=lambda: _connect(path, key, trace),
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
    )
    event.listen(engine, "begin", _begin)
    try:
        run_self_check(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _begin(conn: Any) -> None:
    # The driver runs in autocommit mode so that we, not pysqlite, decide when a transaction
    # starts. Writers ask for IMMEDIATE so two writers queue instead of failing with BUSY.
    mode = conn.get_execution_options().get("fieldcm_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def forbidden_statement_error(exc: BaseException) -> ForbiddenStatement:
    """Wrap the driver's 'not authorized' error so callers see what was refused."""
    return ForbiddenStatement(f"refused by the store's authorizer: {exc}")
