"""The smaller repositories: local copies of conflicts, the attachments index, the audit queue.

Records live in ``records_repo``, the outbox in ``outbox``, search in ``search``, the sync
cursor in ``sync_state``; ``uow.UnitOfWork`` gathers them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from fieldcm.store.repo_base import AnyRow, StoreContext, parse_stamp, stamp
from fieldcm.store.tables import attachments_index, conflicts, local_audit

ConflictStatus = Literal["open", "resolved"]


@dataclass(frozen=True)
class StoredConflict:
    """A conflict record as the server sent it (``sync.protocol.ConflictPayload``).

    ``mine_by``/``theirs_by``/``resolved_by`` are the protocol's ``Actor`` in JSON form: the
    store keeps them as the wire gave them and never interprets them.
    """

    id: str
    kind: str
    record_id: str
    client_id: str
    field: str
    mine_by: Mapping[str, Any]
    item_id: str | None = None
    base: Any = None
    mine: Any = None
    theirs: Any = None
    theirs_by: Mapping[str, Any] | None = None
    status: ConflictStatus = "open"
    resolution: Any = None
    resolved_by: Mapping[str, Any] | None = None


def _conflict(row: AnyRow) -> StoredConflict:
    m = dict(row._mapping)
    for local_only in ("received_at", "resolve_mutation_id", "resolution_sent_at"):
        m.pop(local_only)
    return StoredConflict(**m)


class ConflictRepository:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def put(self, conflict: StoredConflict) -> None:
        """Insert or replace (the server may send a conflict again, e.g. once resolved)."""
        self._ctx.require_writable()
        values = asdict(conflict)
        statement = sqlite_insert(conflicts).values(**values, received_at=self._ctx.now_stamp())
        self._ctx.conn.execute(
            statement.on_conflict_do_update(index_elements=[conflicts.c.id], set_=values)
        )

    def get(self, conflict_id: str) -> StoredConflict | None:
        row = self._ctx.conn.execute(select(conflicts).where(conflicts.c.id == conflict_id)).first()
        return None if row is None else _conflict(row)

    def find(
        self,
        *,
        status: ConflictStatus | None = "open",
        client_id: str | None = None,
        record_id: str | None = None,
    ) -> list[StoredConflict]:
        query = select(conflicts).order_by(conflicts.c.received_at, conflicts.c.id)
        if status is not None:
            query = query.where(conflicts.c.status == status)
        if client_id is not None:
            query = query.where(conflicts.c.client_id == client_id)
        if record_id is not None:
            query = query.where(conflicts.c.record_id == record_id)
        return [_conflict(row) for row in self._ctx.conn.execute(query)]

    def open_count(self) -> int:
        return int(
            self._ctx.conn.scalar(
                select(func.count()).select_from(conflicts).where(conflicts.c.status == "open")
            )
            or 0
        )

    def resolve(self, conflict_id: str, *, resolution: Any, resolved_by: Mapping[str, Any]) -> bool:
        """Record a person's decision locally; returns ``False`` for an unknown id.

        The decision also travels as an ordinary edit of the record (the caller writes it
        through ``uow.records.update``), so it syncs like any other.
        """
        self._ctx.require_writable()
        result = self._ctx.conn.execute(
            update(conflicts)
            .where(conflicts.c.id == conflict_id)
            .values(status="resolved", resolution=resolution, resolved_by=dict(resolved_by))
        )
        return result.rowcount == 1

    def remove(self, conflict_id: str) -> bool:
        self._ctx.require_writable()
        result = self._ctx.conn.execute(delete(conflicts).where(conflicts.c.id == conflict_id))
        return result.rowcount == 1


@dataclass(frozen=True)
class AttachmentEntry:
    """What the database knows of one encrypted attachment file (the bytes live on disk)."""

    file_id: str
    client_id: str
    record_id: str | None
    name: str
    mime: str
    size: int
    sha256: str
    created_at: datetime
    version: int = 1


def _attachment(row: AnyRow) -> AttachmentEntry:
    m = dict(row._mapping)
    m["created_at"] = datetime.fromisoformat(m["created_at"])
    return AttachmentEntry(**m)


class AttachmentIndexRepository:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def put(self, entry: AttachmentEntry) -> None:
        self._ctx.require_writable()
        values = asdict(entry)
        values["created_at"] = stamp(entry.created_at)
        statement = sqlite_insert(attachments_index).values(**values)
        self._ctx.conn.execute(
            statement.on_conflict_do_update(
                index_elements=[attachments_index.c.file_id], set_=values
            )
        )

    def get(self, file_id: str) -> AttachmentEntry | None:
        row = self._ctx.conn.execute(
            select(attachments_index).where(attachments_index.c.file_id == file_id)
        ).first()
        return None if row is None else _attachment(row)

    def for_client(self, client_id: str) -> list[AttachmentEntry]:
        return self._where(attachments_index.c.client_id == client_id)

    def for_record(self, record_id: str) -> list[AttachmentEntry]:
        return self._where(attachments_index.c.record_id == record_id)

    def remove(self, file_id: str) -> bool:
        self._ctx.require_writable()
        result = self._ctx.conn.execute(
            delete(attachments_index).where(attachments_index.c.file_id == file_id)
        )
        return result.rowcount == 1

    def _where(self, condition: Any) -> list[AttachmentEntry]:
        rows = self._ctx.conn.execute(
            select(attachments_index)
            .where(condition)
            .order_by(attachments_index.c.created_at, attachments_index.c.file_id)
        )
        return [_attachment(row) for row in rows]


@dataclass(frozen=True)
class AuditEvent:
    """A read or edit made on this laptop, waiting to reach the server's audit log."""

    seq: int
    action: str
    client_id: str | None
    record_id: str | None
    at: datetime
    detail: Mapping[str, Any] | None


class LocalAuditRepository:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def log(
        self,
        action: str,
        *,
        client_id: str | None = None,
        record_id: str | None = None,
        at: datetime | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> None:
        """Queue an event; ``at`` defaults to now on this laptop's clock."""
        self._ctx.require_writable()
        self._ctx.conn.execute(
            local_audit.insert().values(
                action=action,
                client_id=client_id,
                record_id=record_id,
                at=stamp(at or self._ctx.clock()),
                detail=None if detail is None else dict(detail),
            )
        )

    def pending(self, limit: int = 500) -> list[AuditEvent]:
        rows = self._ctx.conn.execute(select(local_audit).order_by(local_audit.c.seq).limit(limit))
        return [
            AuditEvent(
                seq=row.seq,
                action=row.action,
                client_id=row.client_id,
                record_id=row.record_id,
                at=cast(datetime, parse_stamp(row.at)),
                detail=row.detail,
            )
            for row in rows
        ]

    def mark_uploaded(self, seqs: Iterable[int]) -> int:
        self._ctx.require_writable()
        ids = list(seqs)
        if not ids:
            return 0
        result = self._ctx.conn.execute(delete(local_audit).where(local_audit.c.seq.in_(ids)))
        return result.rowcount
