"""What the status bar and ``fieldcm status`` say: pending, last sync, what needs a decision.

Read in one read-only transaction, so it never waits for a running sync. Only ids, kinds,
field names and the server's reasons are shown, never record content: the output may end
up in a ticket or a log (SECURITY.md S7).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from fieldcm.store.uow import UnitOfWork
from fieldcm.sync.offline_age import OfflineAge, OfflineState


@dataclass(frozen=True)
class AttentionItem:
    mutation_id: str
    kind: str
    record_id: str
    op: str
    reason_code: str | None
    reason: str | None


@dataclass(frozen=True)
class ConflictItem:
    conflict_id: str
    kind: str
    record_id: str
    field: str
    item_id: str | None


@dataclass(frozen=True)
class SyncStatus:
    pending: int
    in_flight: int
    needs_attention: list[AttentionItem]
    open_conflicts: list[ConflictItem]
    last_successful_sync_at: datetime | None
    last_attempt_at: datetime | None
    last_error: str | None
    offline: OfflineAge
    decisions_waiting: int = 0
    """Conflicts decided on this laptop (no longer open) whose decision is not sent yet."""

    @property
    def unsynced(self) -> int:
        return self.pending + self.in_flight + len(self.needs_attention) + self.decisions_waiting

    def lines(self) -> list[str]:
        last = _when(self.last_successful_sync_at)
        out = [
            f"Edits waiting to sync: {self.pending + self.in_flight}",
            f"Last successful sync: {last}",
            f"Open conflicts: {len(self.open_conflicts)}",
            f"Conflict decisions waiting to sync: {self.decisions_waiting}",
            f"Needs attention: {len(self.needs_attention)}",
        ]
        if self.last_error:
            out.append(f"Last sync problem: {self.last_error}")
        out += [
            f"  - {i.kind} {i.record_id} ({i.op}): {i.reason or i.reason_code}"
            for i in self.needs_attention
        ]
        out += [
            f"  - conflict {c.conflict_id}: {c.kind} {c.record_id} field {c.field}"
            + (f" item {c.item_id}" if c.item_id else "")
            for c in self.open_conflicts
        ]
        if self.offline.state is not OfflineState.OK:
            out.append(self.offline.message())
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "pending": self.pending,
            "in_flight": self.in_flight,
            "needs_attention": [i.__dict__ for i in self.needs_attention],
            "open_conflicts": [c.__dict__ for c in self.open_conflicts],
            "decisions_waiting": self.decisions_waiting,
            "last_successful_sync_at": _iso(self.last_successful_sync_at),
            "last_attempt_at": _iso(self.last_attempt_at),
            "last_error": self.last_error,
            "offline_state": str(self.offline.state),
            "offline_message": self.offline.message(),
        }


def read_status(engine: Engine, offline: OfflineAge) -> SyncStatus:
    with UnitOfWork(engine, read_only=True) as uow:
        counts = uow.outbox.counts()
        attention = [
            AttentionItem(e.mutation_id, e.kind, e.record_id, e.op, e.reason_code, e.reason)
            for e in uow.outbox.attention()
        ]
        conflicts = [
            ConflictItem(c.id, c.kind, c.record_id, c.field, c.item_id)
            for c in uow.conflicts.find(status="open")
        ]
        decisions_waiting = uow.conflicts.pending_decision_count()
        state = uow.sync_state.get()
    return SyncStatus(
        pending=counts.pending,
        in_flight=counts.in_flight,
        needs_attention=attention,
        open_conflicts=conflicts,
        last_successful_sync_at=state.last_successful_sync_at,
        last_attempt_at=state.last_attempt_at,
        last_error=state.last_error,
        offline=offline,
        decisions_waiting=decisions_waiting,
    )


def _when(value: datetime | None) -> str:
    return "never" if value is None else value.strftime("%Y-%m-%d %H:%M UTC")


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()
