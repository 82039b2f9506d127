"""The smaller repositories: local copies of conflicts, the attachments index, the audit queue.

Records live in ``records_repo``, the outbox in ``outbox``, search in ``search``, the sync
cursor in ``sync_state``; ``uow.UnitOfWork`` gathers them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import and_, case, delete, func, select, update
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


@dataclass(frozen=True)
class PendingDecision:
    """A person's decision on a conflict, made on this laptop and not yet accepted by the server.

    ``mutation_id`` is the id its request carries every time it is sent, so a request resent
    after a lost answer is recognised by the server and changes nothing twice.
    """

    conflict_id: str
    resolution: Any
    mutation_id: str
    resolved_by: Mapping[str, Any]


_LOCAL_ONLY = ("received_at", "resolve_mutation_id", "resolution_sent_at")
_PENDING = and_(
    conflicts.c.resolve_mutation_id.is_not(None), conflicts.c.resolution_sent_at.is_(None)
)


def _conflict(row: AnyRow) -> StoredConflict:
    m = dict(row._mapping)
    for local_only in _LOCAL_ONLY:
        m.pop(local_only)
    return StoredConflict(**m)


class ConflictRepository:
    """Local copies of conflicts, and the decisions made on this laptop.

    A decision made here (:meth:`decide`) marks the conflict resolved at once, so it leaves
    every list even offline, and keeps the request id until sync has sent it
    (:meth:`pending_decisions`, :meth:`mark_decision_sent`). The server's copy of a
    conflict never overwrites a decision still waiting to be sent, unless the server's copy
    is itself resolved: then somebody decided first, and theirs is the one that counts.
    """

    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def put(self, conflict: StoredConflict) -> None:
        """Insert or replace the server's copy (it may come again, e.g. once resolved)."""
        self._ctx.require_writable()
        values = asdict(conflict)
        statement = sqlite_insert(conflicts).values(**values, received_at=self._ctx.now_stamp())
        if conflict.status == "open":
            # Only the description: a decision taken here stays until the server has it.
            update_values = {
                k: v for k, v in values.items() if k not in ("status", "resolution", "resolved_by")
            }
            status_kept = {
                name: case(
                    (_PENDING, getattr(conflicts.c, name)),
                    else_=getattr(statement.excluded, name),
                )
                for name in ("status", "resolution", "resolved_by")
            }
            update_values.update(status_kept)
        else:
            # The server's decision wins; a pending one of ours is dropped with it.
            update_values = {
                **values,
                "resolve_mutation_id": case(
                    (_PENDING, None), else_=conflicts.c.resolve_mutation_id
                ),
            }
        self._ctx.conn.execute(
            statement.on_conflict_do_update(index_elements=[conflicts.c.id], set_=update_values)
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
        """Mark a conflict resolved locally, with no request to send; ``False`` if unknown.

        For conflicts the server cannot know. A person's decision on a server conflict goes
        through :meth:`decide`, which also queues the request that tells the server.
        """
        self._ctx.require_writable()
        result = self._ctx.conn.execute(
            update(conflicts)
            .where(conflicts.c.id == conflict_id)
            .values(status="resolved", resolution=resolution, resolved_by=dict(resolved_by))
        )
        return result.rowcount == 1

    # ---- decisions made on this laptop -------------------------------------------------

    def decide(
        self,
        conflict_id: str,
        *,
        resolution: Any,
        resolved_by: Mapping[str, Any],
        mutation_id: str,
    ) -> bool:
        """Resolve an open conflict here and queue the decision for the server.

        Returns ``False`` when the conflict is unknown or no longer open (someone else's
        decision arrived first, or this one was already made): nothing changes then.
        """
        self._ctx.require_writable()
        result = self._ctx.conn.execute(
            update(conflicts)
            .where(conflicts.c.id == conflict_id, conflicts.c.status == "open")
            .values(
                status="resolved",
                resolution=resolution,
                resolved_by=dict(resolved_by),
                resolve_mutation_id=mutation_id,
                resolution_sent_at=None,
            )
        )
        return result.rowcount == 1

    def pending_decisions(self) -> list[PendingDecision]:
        """Decisions made here that the server has not accepted yet, oldest first."""
        rows = self._ctx.conn.execute(
            select(conflicts).where(_PENDING).order_by(conflicts.c.received_at, conflicts.c.id)
        )
        return [
            PendingDecision(
                conflict_id=row.id,
                resolution=row.resolution,
                mutation_id=row.resolve_mutation_id,
                resolved_by=row.resolved_by or {},
            )
            for row in rows
        ]

    def pending_decision_count(self) -> int:
        return int(
            self._ctx.conn.scalar(select(func.count()).select_from(conflicts).where(_PENDING)) or 0
        )

    def mark_decision_sent(self, conflict_id: str) -> bool:
        """The server accepted the decision made here: stop sending it."""
        self._ctx.require_writable()
        result = self._ctx.conn.execute(
            update(conflicts)
            .where(conflicts.c.id == conflict_id, _PENDING)
            .values(resolution_sent_at=self._ctx.now_stamp())
        )
        return result.rowcount == 1

    def reopen(self, conflict_id: str) -> bool:
        """Withdraw a decision made here that the server refused because someone decided first.

        The conflict is open again until the feed brings the other person's decision.
        """
        self._ctx.require_writable()
        result = self._ctx.conn.execute(
            update(conflicts)
            .where(conflicts.c.id == conflict_id, _PENDING)
            .values(status="open", resolution=None, resolved_by=None, resolve_mutation_id=None)
        )
        return result.rowcount == 1

    def keep_decision_local(self, conflict_id: str) -> bool:
        """Stop sending a decision the server cannot take (the conflict is not, or no longer,
        one it shares with this laptop); the decision stays as made here."""
        self._ctx.require_writable()
        result = self._ctx.conn.execute(
            update(conflicts)
            .where(conflicts.c.id == conflict_id, _PENDING)
            .values(resolve_mutation_id=None)
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
