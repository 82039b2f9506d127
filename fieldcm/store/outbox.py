"""The outbox: every local edit, in local order, until the server has answered it.

Each entry becomes one ``sync.protocol.Mutation`` on the wire. Entries are written only by
``RecordRepository``, in the same transaction as the change they describe, so sync can never
miss an edit, and a crash can never leave an edit without its entry or an entry without its
edit.

One entry per edit, never coalesced. Merging a new edit into an unsent entry would save
space, but an entry read for a push and then changed before it is marked in flight would be
acknowledged by the server with content it never received, and the difference would be lost.
Entries are immutable once written; only their delivery state changes.

States: ``pending`` (waiting to be sent) → ``in_flight`` (sent, no answer yet) → removed when
the server answered applied/merged/conflict (``mark_done``), or ``needs_attention`` when it
refused (kept with the reason until a person acts; DESIGN.md property 10). ``requeue`` puts
in-flight entries back after a failed push or a crash during one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal, cast

from sqlalchemy import and_, bindparam, delete, exists, func, select, update
from sqlalchemy.orm import aliased

from fieldcm.store.repo_base import AnyRow, StoreContext, stamp
from fieldcm.store.tables import outbox

Op = Literal["create", "update", "delete"]
State = Literal["pending", "in_flight", "needs_attention"]
FieldChanges = dict[str, dict[str, Any]]
"""``{field: {"base": value before the edit, "new": value the edit wrote}}``."""

_INSERT = outbox.insert()
_BY_RECORD = (
    select(outbox).where(outbox.c.record_id == bindparam("b_record")).order_by(outbox.c.seq)
)

_IN_CHUNK: Final = 500
"""Ids per ``IN (...)`` query: well below SQLite's bound-parameter limit."""
DEFAULT_BATCH: Final = 200
"""Matches ``sync.protocol.MAX_BATCH_SIZE`` (the store may not import ``sync``)."""


@dataclass(frozen=True)
class OutboxEntry:
    seq: int
    mutation_id: str
    record_id: str
    kind: str
    client_id: str
    op: Op
    base_rev: int
    changes: FieldChanges
    made_at: datetime
    state: State
    attempts: int
    reason_code: str | None
    reason: str | None


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    in_flight: int
    needs_attention: int

    @property
    def unsynced(self) -> int:
        return self.pending + self.in_flight + self.needs_attention


@dataclass(frozen=True)
class LocalOverlay:
    """What unsent edits of one record wrote: their values and whether one deleted it."""

    values: dict[str, Any]
    deleted: bool


def _entry(row: AnyRow) -> OutboxEntry:
    m = row._mapping
    return OutboxEntry(
        seq=m["seq"],
        mutation_id=m["mutation_id"],
        record_id=m["record_id"],
        kind=m["kind"],
        client_id=m["client_id"],
        op=cast(Op, m["op"]),
        base_rev=m["base_rev"],
        changes=m["changes"],
        made_at=datetime.fromisoformat(m["made_at"]),
        state=cast(State, m["state"]),
        attempts=m["attempts"],
        reason_code=m["reason_code"],
        reason=m["reason"],
    )


class OutboxRepository:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    # ---- written by the record repository, with the change --------------------------

    def add(
        self,
        *,
        record_id: str,
        kind: str,
        client_id: str,
        op: Op,
        base_rev: int,
        changes: Mapping[str, Mapping[str, Any]],
        made_at: datetime,
    ) -> str:
        """Append an entry; returns its new mutation id."""
        self._ctx.require_writable()
        mutation_id = str(uuid.uuid4())
        self._ctx.conn.execute(
            _INSERT,
            {
                "mutation_id": mutation_id,
                "record_id": record_id,
                "kind": kind,
                "client_id": client_id,
                "op": op,
                "base_rev": base_rev,
                "changes": {name: dict(change) for name, change in changes.items()},
                "made_at": stamp(made_at),
                "state": "pending",
            },
        )
        return mutation_id

    # ---- read by sync ------------------------------------------------------------------

    def pending(self, limit: int = DEFAULT_BATCH) -> list[OutboxEntry]:
        """The next entries to push, in local order.

        An entry waits while an earlier entry of the same record is in flight or needs
        attention: the server must see one record's edits in the order they were made,
        while other records' edits go on (one bad record never blocks the queue).
        """
        earlier = aliased(outbox)
        blocked = exists().where(
            and_(
                earlier.c.record_id == outbox.c.record_id,
                earlier.c.seq < outbox.c.seq,
                earlier.c.state != "pending",
            )
        )
        rows = self._ctx.conn.execute(
            select(outbox)
            .where(outbox.c.state == "pending", ~blocked)
            .order_by(outbox.c.seq)
            .limit(limit)
        )
        return [_entry(row) for row in rows]

    def get(self, mutation_id: str) -> OutboxEntry | None:
        row = self._ctx.conn.execute(
            select(outbox).where(outbox.c.mutation_id == mutation_id)
        ).first()
        return None if row is None else _entry(row)

    def for_record(self, record_id: str) -> list[OutboxEntry]:
        rows = self._ctx.conn.execute(_BY_RECORD, {"b_record": record_id})
        return [_entry(row) for row in rows]

    def attention(self) -> list[OutboxEntry]:
        """Entries the server refused, with their reasons, oldest first."""
        rows = self._ctx.conn.execute(
            select(outbox).where(outbox.c.state == "needs_attention").order_by(outbox.c.seq)
        )
        return [_entry(row) for row in rows]

    def pending_count(self) -> int:
        """Edits the server has not accepted yet, whatever their delivery state."""
        return int(self._ctx.conn.scalar(select(func.count()).select_from(outbox)) or 0)

    def counts(self) -> OutboxCounts:
        rows = self._ctx.conn.execute(
            select(outbox.c.state, func.count()).group_by(outbox.c.state)
        ).all()
        by_state = {state: int(n) for state, n in rows}
        return OutboxCounts(
            pending=by_state.get("pending", 0),
            in_flight=by_state.get("in_flight", 0),
            needs_attention=by_state.get("needs_attention", 0),
        )

    def count_for_client(self, client_id: str) -> int:
        return int(
            self._ctx.conn.scalar(
                select(func.count()).select_from(outbox).where(outbox.c.client_id == client_id)
            )
            or 0
        )

    def overlay(self, record_id: str) -> LocalOverlay:
        """The values unsent edits of ``record_id`` wrote, later edits winning."""
        values: dict[str, Any] = {}
        deleted = False
        for entry in self.for_record(record_id):
            if entry.op == "delete":
                deleted = True
            for name, change in entry.changes.items():
                values[name] = change.get("new")
        return LocalOverlay(values=values, deleted=deleted)

    def overlays(self, record_ids: Iterable[str]) -> dict[str, LocalOverlay]:
        """:meth:`overlay` of many records at once; records with no entry are left out."""
        entries: dict[str, list[AnyRow]] = {}
        wanted = list(record_ids)
        for start in range(0, len(wanted), _IN_CHUNK):
            found = self._ctx.conn.execute(
                select(outbox.c.record_id, outbox.c.op, outbox.c.changes, outbox.c.seq).where(
                    outbox.c.record_id.in_(wanted[start : start + _IN_CHUNK])
                )
            )
            for row in found:
                entries.setdefault(row.record_id, []).append(row)
        out: dict[str, LocalOverlay] = {}
        for record_id, rows in entries.items():
            values: dict[str, Any] = {}
            deleted = False
            for row in sorted(rows, key=lambda r: int(r.seq)):
                deleted = deleted or row.op == "delete"
                for name, change in row.changes.items():
                    values[name] = change.get("new")
            out[record_id] = LocalOverlay(values=values, deleted=deleted)
        return out

    def records_with_entries(self, record_ids: Iterable[str]) -> set[str]:
        """Which of ``record_ids`` still have entries here (unsent, in flight or refused)."""
        wanted = list(record_ids)
        out: set[str] = set()
        for start in range(0, len(wanted), _IN_CHUNK):
            out.update(
                self._ctx.conn.scalars(
                    select(outbox.c.record_id)
                    .where(outbox.c.record_id.in_(wanted[start : start + _IN_CHUNK]))
                    .distinct()
                )
            )
        return out

    # ---- delivery state, written by sync ------------------------------------------------

    def mark_in_flight(self, mutation_ids: Iterable[str]) -> int:
        """Pending entries about to be sent; counts an attempt. Returns how many moved."""
        return self._move(mutation_ids, from_states=("pending",), to_state="in_flight", tried=True)

    def mark_done(self, mutation_ids: Iterable[str]) -> int:
        """The server answered these (applied, merged or conflict): remove them.

        Unknown ids are ignored, so a response processed twice changes nothing twice.
        """
        self._ctx.require_writable()
        ids = list(mutation_ids)
        if not ids:
            return 0
        result = self._ctx.conn.execute(delete(outbox).where(outbox.c.mutation_id.in_(ids)))
        return result.rowcount

    def needs_attention(self, mutation_id: str, code: str, reason: str) -> None:
        """The server refused this entry; keep it, with why, for a person to act on."""
        self._ctx.require_writable()
        self._ctx.conn.execute(
            update(outbox)
            .where(outbox.c.mutation_id == mutation_id)
            .values(state="needs_attention", reason_code=code, reason=reason)
        )

    def requeue(self, mutation_ids: Iterable[str] | None = None) -> int:
        """Put entries back to pending: all in-flight ones (``None``), or the ones named.

        Run at start-up and after a failed push: an entry left in flight by a crash or a lost
        response is sent again, and the server's memory of mutation ids makes that safe.
        """
        if mutation_ids is None:
            self._ctx.require_writable()
            result = self._ctx.conn.execute(
                update(outbox).where(outbox.c.state == "in_flight").values(state="pending")
            )
            return result.rowcount
        return self._move(
            mutation_ids,
            from_states=("in_flight", "needs_attention"),
            to_state="pending",
            tried=False,
        )

    def _move(
        self,
        mutation_ids: Iterable[str],
        *,
        from_states: tuple[str, ...],
        to_state: str,
        tried: bool,
    ) -> int:
        self._ctx.require_writable()
        ids = list(mutation_ids)
        if not ids:
            return 0
        values: dict[str, Any] = {"state": to_state}
        if tried:
            values["attempts"] = outbox.c.attempts + 1
        if to_state == "pending":
            values.update(reason_code=None, reason=None)
        result = self._ctx.conn.execute(
            update(outbox)
            .where(outbox.c.mutation_id.in_(ids), outbox.c.state.in_(from_states))
            .values(**values)
        )
        return result.rowcount
