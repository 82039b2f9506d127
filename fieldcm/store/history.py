"""Versions of a record as this laptop saw them, for kinds whose ``KindSpec.keeps_history``.

A safety plan is written with the client and changed over months by several people; "who
changed what and when" must show offline, so every version this laptop makes or receives is
kept here (DOMAIN.md D4, migration 0004). A version is the record as the laptop *shows* it
after the write: a colleague's change pulled while my edit still waits is recorded on top of
mine, so comparing two neighbouring versions shows their change, not my edit undone.

The records repository appends (``RecordRepository._remember_version``); the history is
purged with the client's other records when the client leaves this laptop's scope.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import delete, insert, select

from fieldcm.domain.records import Fields, Record
from fieldcm.store.repo_base import AnyRow, StoreContext, detached, json_equal, parse_stamp
from fieldcm.store.tables import record_history, sync_state

Source = Literal["local", "server"]


@dataclass(frozen=True)
class Version:
    """One version of a record: its content, who made it (if known) and when."""

    seq: int
    record_id: str
    client_id: str
    kind: str
    rev: int
    deleted: bool
    fields: Fields
    actor: Mapping[str, Any] | None
    """The protocol's ``Actor`` as JSON (``user_id``, ``user_name``, ``device_id``, ``at``);
    a local edit names the user and device this laptop is enrolled as."""
    source: Source
    recorded_at: datetime
    """When this laptop stored the version."""

    @property
    def made_at(self) -> datetime:
        """When the change was made: the actor's time if it says, else when it was stored."""
        said = (self.actor or {}).get("at")
        if isinstance(said, str):
            try:
                parsed = datetime.fromisoformat(said)
            except ValueError:
                return self.recorded_at
            if parsed.tzinfo is not None:
                return parsed
        return self.recorded_at


def _version(row: AnyRow) -> Version:
    m = row._mapping
    recorded = parse_stamp(m["at"])
    assert recorded is not None
    return Version(
        seq=int(m["seq"]),
        record_id=m["record_id"],
        client_id=m["client_id"],
        kind=m["kind"],
        rev=int(m["rev"]),
        deleted=bool(m["deleted"]),
        fields=m["fields"],
        actor=m["actor"],
        source=m["source"],
        recorded_at=recorded,
    )


class HistoryRepository:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def append(
        self, record: Record, *, source: Source, actor: Mapping[str, Any] | None = None
    ) -> bool:
        """Keep ``record`` as its newest version; returns ``False`` when nothing changed.

        A version identical in content to the newest one held (a page applied again, the
        server's copy of an edit this laptop made) is not kept twice: the history lists
        changes, not deliveries.
        """
        self._ctx.require_writable()
        fields = detached(record.fields)
        latest = self._latest(record.id)
        if (
            latest is not None
            and latest.deleted == record.deleted
            and json_equal(latest.fields, fields)
        ):
            return False
        self._ctx.conn.execute(
            insert(record_history).values(
                record_id=record.id,
                client_id=record.client_id,
                kind=record.kind,
                rev=record.rev,
                deleted=record.deleted,
                fields=fields,
                actor=None if actor is None else detached(dict(actor)),
                source=source,
                at=self._ctx.now_stamp(),
            )
        )
        return True

    def versions(self, record_id: str) -> list[Version]:
        """Every version kept of a record, oldest first (the order this laptop saw them)."""
        rows = self._ctx.conn.execute(
            select(record_history)
            .where(record_history.c.record_id == record_id)
            .order_by(record_history.c.seq)
        )
        return [_version(row) for row in rows]

    def purge_client(self, client_id: str) -> int:
        """Forget every version of a client's records (the client left this laptop)."""
        self._ctx.require_writable()
        result = self._ctx.conn.execute(
            delete(record_history).where(record_history.c.client_id == client_id)
        )
        return int(result.rowcount)

    def local_actor(self) -> dict[str, Any]:
        """Who a local edit is by: the user and device this laptop is enrolled as, and now.

        The store knows ids only; the UI shows the enrolled person's name for their own id.
        """
        row = self._ctx.conn.execute(
            select(sync_state.c.user_id, sync_state.c.device_id).where(sync_state.c.id == 1)
        ).first()
        actor: dict[str, Any] = {"at": self._ctx.clock().isoformat()}
        if row is not None and row.user_id is not None:
            actor["user_id"] = row.user_id
        if row is not None and row.device_id is not None:
            actor["device_id"] = row.device_id
        return actor

    def _latest(self, record_id: str) -> Version | None:
        row = self._ctx.conn.execute(
            select(record_history)
            .where(record_history.c.record_id == record_id)
            .order_by(record_history.c.seq.desc())
            .limit(1)
        ).first()
        return None if row is None else _version(row)
