"""The unit of work: one connection, one transaction, every repository over it.

    with UnitOfWork(engine) as uow:
        note = uow.records.create("note", client_id, fields)
        uow.commit()

Nothing is kept unless ``commit()`` is called; leaving the block rolls back the rest. A
writing unit of work starts its transaction with ``BEGIN IMMEDIATE``: two writers queue for
the write lock up front (busy timeout) instead of one failing half-way with ``BUSY``. Open
readers with ``read_only=True``: they take no write lock, and a write in them is refused.
After ``commit()`` the same unit of work may go on: the next statement opens a new
transaction (the sync client commits each page with its cursor this way).

Which thread: whichever one the caller owns (the UI runs all database work on one worker);
a unit of work must not be shared between threads.
"""

from __future__ import annotations

from datetime import datetime
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine

from fieldcm.store.caseload import CaseloadRow, caseload, rebuild
from fieldcm.store.history import HistoryRepository
from fieldcm.store.outbox import OutboxRepository
from fieldcm.store.records_repo import RecordRepository
from fieldcm.store.repo_base import Clock, StoreContext, utc_now
from fieldcm.store.repositories import (
    AttachmentIndexRepository,
    ConflictRepository,
    LocalAuditRepository,
)
from fieldcm.store.search import SearchRepository
from fieldcm.store.sync_state import SyncStateRepository


class UnitOfWork:
    records: RecordRepository
    outbox: OutboxRepository
    search: SearchRepository
    conflicts: ConflictRepository
    sync_state: SyncStateRepository
    attachments: AttachmentIndexRepository
    audit: LocalAuditRepository
    history: HistoryRepository

    def __init__(self, engine: Engine, *, read_only: bool = False, clock: Clock = utc_now) -> None:
        self._engine = engine
        self._read_only = read_only
        self._clock = clock
        self._conn: Connection | None = None

    def __enter__(self) -> Self:
        conn = self._engine.connect()
        if not self._read_only:
            conn.execution_options(fieldcm_begin="IMMEDIATE")
        self._conn = conn
        ctx = StoreContext(conn=conn, clock=self._clock, writable=not self._read_only)
        self._ctx = ctx
        self.outbox = OutboxRepository(ctx)
        self.search = SearchRepository(ctx)
        self.history = HistoryRepository(ctx)
        self.records = RecordRepository(ctx, self.outbox, self.search, self.history)
        self.conflicts = ConflictRepository(ctx)
        self.sync_state = SyncStateRepository(ctx)
        self.attachments = AttachmentIndexRepository(ctx)
        self.audit = LocalAuditRepository(ctx)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if conn.in_transaction():
                conn.rollback()
        finally:
            conn.close()

    @property
    def connection(self) -> Connection:
        """The open connection, for queries no repository offers yet."""
        if self._conn is None:
            raise RuntimeError("the unit of work is not open")
        return self._conn

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()

    def caseload(self, now: datetime | None = None) -> list[CaseloadRow]:
        """Every client with last and next contact and open flags (see ``caseload``)."""
        self._require_open()
        return caseload(self._ctx, now)

    def rebuild_caseload(self) -> None:
        """Recompute the caseload cache from the records (a repair; writes keep it current)."""
        self._require_open()
        rebuild(self._ctx)

    def _require_open(self) -> None:
        if self._conn is None:
            raise RuntimeError("the unit of work is not open")
