"""The server database: engine, connection settings and the two kinds of transaction.

SQLite (the embedded default) runs in WAL mode with foreign keys on, a busy timeout and
``synchronous=FULL`` (a push the server answered must survive a power cut, or the laptop
would clear an outbox entry the server lost). Its driver's own transaction handling is
switched off so that we issue ``BEGIN`` ourselves: ``BEGIN IMMEDIATE`` for writes, which takes
the write lock up front, so SQLite serializes writers in the order they start (this is what
makes feed sequence numbers commit in order there; see :mod:`fieldcm.server.feedlog`) and
never fails a reader-turned-writer with SQLITE_BUSY halfway through.

PostgreSQL reads run at REPEATABLE READ, so one pull sees one snapshot across its queries;
writes run at READ COMMITTED with row locks and advisory locks where order matters.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from fieldcm.server.errors import ServerError, Unavailable
from fieldcm.server.uow import UnitOfWork

SQLITE_BUSY_TIMEOUT_MS = 15_000
_WRITE_OPTION = "fieldcm_write"
BUSY_MESSAGE = "The server is busy right now; try again in a moment."


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Take BEGIN away from the driver so _sqlite_begin decides DEFERRED or IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=FULL")
    finally:
        cursor.close()


def _sqlite_begin(connection: Any) -> None:
    write = connection.get_execution_options().get(_WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def sqlite_path(url: str) -> Path | None:
    """The file behind a ``sqlite:///`` URL, or None for other databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def create_server_engine(url: str) -> Engine:
    """An engine for ``url`` with the connection settings above applied."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise ValueError("the server needs a SQLite file, not an in-memory database")
        engine = create_engine(
            parsed,
            pool_size=10,
            max_overflow=20,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if backend == "postgresql":
        return create_engine(parsed, pool_size=10, max_overflow=20, pool_pre_ping=True)
    raise ValueError(f"unsupported database {backend!r}: use sqlite:/// or postgresql+psycopg://")


class Database:
    """One server database: hands out read sessions and write units of work."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_server_engine(url)
        self.dialect = self.engine.dialect.name
        self._read_engine: Engine
        self._write_engine: Engine
        if self.dialect == "sqlite":
            self._read_engine = self.engine
            self._write_engine = self.engine.execution_options(**{_WRITE_OPTION: True})
        else:
            self._read_engine = self.engine.execution_options(isolation_level="REPEATABLE READ")
            self._write_engine = self.engine

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction over one consistent snapshot; never committed.

        A :class:`ServerError` raised inside has its audit events written afterwards.
        """
        try:
            # Closing (not rolling back) ends the transaction without expiring what was
            # loaded, so rows read here stay usable (detached) after the block.
            with Session(self._read_engine, expire_on_commit=False) as session:
                yield session
        except OperationalError as exc:
            raise Unavailable(BUSY_MESSAGE) from exc
        except ServerError as exc:
            self._audit_refusal(exc)
            raise

    @contextmanager
    def write(self) -> Iterator[UnitOfWork]:
        """A write transaction; committed (feed and audit flushed first) unless it raises.

        When a :class:`ServerError` is raised inside, the transaction rolls back and the
        error's audit events are written in a transaction of their own: refusals are audited
        even though they change nothing else. Effects that must outlive a refusal (revoking a
        token family) call ``uow.commit()`` before raising.
        """
        try:
            with Session(self._write_engine, expire_on_commit=False) as session:
                uow = UnitOfWork(session, is_postgres=self.is_postgres)
                try:
                    yield uow
                    uow.commit()
                except BaseException:
                    session.rollback()
                    raise
        except OperationalError as exc:
            raise Unavailable(BUSY_MESSAGE) from exc
        except ServerError as exc:
            self._audit_refusal(exc)
            raise

    def _audit_refusal(self, exc: ServerError) -> None:
        if exc.audit:
            entries, exc.audit = exc.audit, ()  # write once, even if re-raised through nesting
            with self.write() as uow:
                uow.audit.extend(entries)

    def dispose(self) -> None:
        self.engine.dispose()
