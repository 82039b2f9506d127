"""Opening the encrypted database: our own connect hook, a self-check and fail-closed rules.

SQLAlchemy's ``sqlite+pysqlcipher`` dialect formats a passphrase into SQL and runs PBKDF2 on
every connection (SECURITY.md pitfalls 13-14). We use the plain ``sqlite://`` dialect with a
``creator`` that returns a ``sqlcipher3`` connection keyed by a validated raw key as its very
first statement.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

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
from fieldcm.store.fsutil import create_private_file, fsync_dir

SQLITE_MAGIC = b"SQLite format 3\x00"
PAGE_SIZE = 4096
# Stored in the (encrypted) header of every database we create: "FCM1".
APPLICATION_ID = 0x46434D31
WAL_SUFFIXES = ("-wal", "-shm", "-journal")
_HEX_KEY = re.compile(r"^[0-9a-f]{64}$")

# sqlite3 authorizer action codes (sqlite3.h); sqlcipher3 does not export all of them.
_SQLITE_ATTACH = 24
_SQLITE_FUNCTION = 31
_SQLITE_OK = 0
_SQLITE_DENY = 1
_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26
_SQLITE_PRAGMA = 19
_FORBIDDEN_FUNCTIONS = frozenset({"sqlcipher_export", "load_extension"})
_KEY_PRAGMAS = frozenset({"key", "rekey", "hexkey", "hexrekey", "textkey", "textrekey"})
_FIXED_PRAGMAS = frozenset({"temp_store", "temp_store_directory", "secure_delete"})


def validate_hex_key(key_hex: str) -> str:
    """Refuse anything but 64 lowercase hex digits before it can reach SQL (SECURITY.md K1)."""
    if not isinstance(key_hex, str) or not _HEX_KEY.fullmatch(key_hex):
        raise ValueError("the database key must be 64 lowercase hex digits")
    return key_hex


def _authorizer(action: int, arg1: str | None, arg2: str | None, *_: Any) -> int:
    """Deny statements that could copy the data out unencrypted (SECURITY.md S3).

    Installed after the connect hook's own PRAGMAs, so it also keeps application code from
    re-keying the file, weakening the cipher settings, or sending temp tables to disk.
    """
    if action == _SQLITE_ATTACH:
        return _SQLITE_DENY
    if action == _SQLITE_FUNCTION and (arg2 or "").lower() in _FORBIDDEN_FUNCTIONS:
        return _SQLITE_DENY
    if action == _SQLITE_PRAGMA and _forbidden_pragma((arg1 or "").lower(), arg2):
        return _SQLITE_DENY
    return _SQLITE_OK


def _forbidden_pragma(name: str, value: str | None) -> bool:
    if name in _KEY_PRAGMAS:
        return True
    setting = value is not None
    return setting and (name.startswith("cipher") or name in _FIXED_PRAGMAS)


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


def _uri(path: Path) -> str:
    # mode=rw: SQLite itself refuses to create a missing file, even if it vanished after our
    # pre-checks, so a failed open can never leave a new empty database behind (S4). A new
    # database is created by us first (create_database_file), then opened the same way.
    return f"file:{quote(str(path.resolve()))}?mode=rw"


def _raw_connect(path: Path, key: DataKey, trace: Callable[[str], None] | None) -> Any:
    """A driver connection keyed with ``key`` as its first statement, key not yet proven."""
    key_hex = validate_hex_key(key.sqlcipher_hex())
    conn = sqlcipher3.connect(_uri(path), uri=True, check_same_thread=False, isolation_level=None)
    try:
        if trace is not None:
            conn.set_trace_callback(trace)
        conn.execute(f"PRAGMA key = \"x'{key_hex}'\"")
        conn.execute("PRAGMA cipher_memory_security = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _prove_key(conn: Any, path: Path) -> None:
    """Read the schema: the first read that decrypts a page, so a wrong key fails here."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        code = getattr(exc, "sqlite_errorcode", None)
        if code == _SQLITE_CORRUPT:
            raise DatabaseCorrupt(
                f"{path.name} is damaged (SQLite reports a malformed file; it may have been "
                "truncated). It was not changed. Restore it from the agency server by "
                "re-enrolling this laptop."
            ) from exc
        if code == _SQLITE_NOTADB:
            raise WrongPassphrase() from exc
        raise


def _connect(path: Path, key: DataKey, trace: Callable[[str], None] | None) -> Any:
    """The connect hook: key first, then prove the key by reading, then configure."""
    conn = _raw_connect(path, key, trace)
    try:
        _prove_key(conn, path)
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


def create_database_file(path: Path, key: DataKey) -> None:
    """Make a new, empty encrypted database at ``path`` (0600; WAL; our application id).

    The file is created by us with mode 0600 before SQLite opens it, so it, and the -wal and
    -shm files SQLite derives their mode from, are never readable by others (S6).
    """
    check_file_before_open(path, create=True)
    os.close(create_private_file(path))
    try:
        conn = _raw_connect(path, key, None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        finally:
            conn.close()
        fsync_dir(path.parent)
    except BaseException:
        remove_database_files(path)
        raise


def remove_database_files(path: Path) -> None:
    """Delete a database and its side files (used only for a creation that failed)."""
    for candidate in (path, *(path.with_name(path.name + s) for s in WAL_SUFFIXES)):
        with contextlib.suppress(FileNotFoundError):
            candidate.unlink()


def rekey_database(path: Path, old: DataKey, new: DataKey) -> None:
    """Re-encrypt every page of the database under ``new`` (SECURITY.md K4).

    Every engine on the file must be disposed first. SQLCipher rewrites all pages in one
    write transaction, so a kill at any moment leaves a file that opens with exactly one of
    the two keys; the caller keeps both in the key file until this has returned.
    """
    new_hex = validate_hex_key(new.sqlcipher_hex())
    conn = _raw_connect(path, old, None)
    try:
        _prove_key(conn, path)
        conn.execute(f"PRAGMA rekey = \"x'{new_hex}'\"")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


@dataclass(frozen=True)
class SelfCheck:
    cipher_version: str
    temp_store_compiled: int
    fts5: bool
    hmac: bool
    plaintext_header_size: int
    memory_security: bool


def _first_value(raw: Any, pragma: str) -> str:
    row = raw.execute(pragma).fetchone()
    return "" if row is None else str(row[0])


def run_self_check(engine: Engine) -> SelfCheck:
    """Read what the linked SQLCipher is and refuse to run without what we rely on (S2)."""
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        version = _first_value(raw, "PRAGMA cipher_version")  # no row: not SQLCipher
        options = {row[0] for row in raw.execute("PRAGMA compile_options")}
        settings = {row[0] for row in raw.execute("PRAGMA cipher_settings")}
        memory_security = _first_value(raw, "PRAGMA cipher_memory_security")
    temp_store = next((int(o.split("=")[1]) for o in options if o.startswith("TEMP_STORE=")), 1)
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


class _OpenConnections:
    """Every driver connection an engine made and has not closed: lock closes them all."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: list[Any] = []

    def add(self, conn: Any) -> Any:
        with self._lock:
            self._connections.append(conn)
        return conn

    def forget(self, conn: Any, *_: Any) -> None:
        with self._lock, contextlib.suppress(ValueError):
            self._connections.remove(conn)

    def close_all(self) -> None:
        with self._lock:
            connections, self._connections = self._connections, []
        for conn in connections:
            with contextlib.suppress(Exception):
                conn.close()


_REGISTRIES: weakref.WeakKeyDictionary[Engine, _OpenConnections] = weakref.WeakKeyDictionary()


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
    validate_hex_key(key.sqlcipher_hex())
    if create:
        create_database_file(path, key)
    else:
        check_file_before_open(path, create=False)
    registry = _OpenConnections()
    engine = create_engine(
        "sqlite://",
        module=sqlcipher3,  # so SQLAlchemy wraps the driver's errors in sqlalchemy.exc.*
        creator=lambda: registry.add(_connect(path, key, trace)),
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=4,
    )
    _REGISTRIES[engine] = registry
    event.listen(engine, "begin", _begin)
    event.listen(engine.pool, "close", registry.forget)
    event.listen(engine.pool, "close_detached", registry.forget)
    try:
        run_self_check(engine)
        _check_not_truncated(engine, path)
    except BaseException:
        dispose_engine(engine)
        raise
    return engine


def dispose_engine(engine: Engine) -> None:
    """Close every connection of ``engine``, including ones still checked out (lock, U4).

    A worker still holding a connection gets an error on its next statement instead of
    reading on after the store was locked.
    """
    engine.dispose()
    registry = _REGISTRIES.get(engine)
    if registry is not None:
        registry.close_all()


def _check_not_truncated(engine: Engine, path: Path) -> None:
    """The pages the database says it has must all be in the file (or its WAL)."""
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        pages = int(raw.execute("PRAGMA page_count").fetchone()[0])
        page_size = int(raw.execute("PRAGMA page_size").fetchone()[0])
        wal = path.with_name(path.name + "-wal")
        wal_bytes = wal.stat().st_size if wal.exists() else 0
        if pages * page_size > path.stat().st_size + wal_bytes:
            raise DatabaseCorrupt(
                f"{path.name} is shorter than its own header says: it was truncated. It was "
                "not changed. Restore it from the agency server by re-enrolling this laptop."
            )


def _begin(conn: Any) -> None:
    # The driver runs in autocommit mode so that we, not pysqlite, decide when a transaction
    # starts. Writers ask for IMMEDIATE so two writers queue instead of failing with BUSY.
    mode = conn.get_execution_options().get("fieldcm_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def forbidden_statement_error(exc: BaseException) -> ForbiddenStatement:
    """Wrap the driver's 'not authorized' error so callers see what was refused."""
    return ForbiddenStatement(f"refused by the store's authorizer: {exc}")
