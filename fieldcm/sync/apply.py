"""Bringing what the server sent into the local store, inside the caller's transaction.

Two cases differ only when the record still has unsent local edits:

* a **pulled** version (:func:`apply_pulled`) is merged three ways with those edits, base
  being the server version the store kept (``server_fields``), so a colleague's new
  safety-plan item shows next to mine at once. Where both sides changed the same field or
  item, the laptop keeps showing *mine*: the edit is still on its way, and the server, which
  merges it against the same version, records the conflict (with an id every device shares)
  when it arrives. Recording a second, local-only conflict here would give two records for
  one disagreement and break convergence (DESIGN.md property 2).
* a **push answer** (:func:`apply_answered`) is the server's verdict on edits that have just
  left the outbox, so only the edits still waiting stay on top (the store's overlay).

The store has no call yet to set the fields a record shows without an outbox entry, nor to
take a batch of server versions at once, so :func:`_show` and :func:`apply_answers` write the
``records`` row through the unit of work's connection, and a page's held revisions are read
with one query (reported; these belong in ``RecordRepository``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import bindparam, select, update

from fieldcm.domain.records import KINDS, Record
from fieldcm.store.repo_base import occurred_stamp
from fieldcm.store.tables import outbox, records
from fieldcm.store.uow import UnitOfWork
from fieldcm.sync.merge import ITEM_ID_KEY, FieldConflict, json_equal, three_way_merge
from fieldcm.sync.profile import to_record
from fieldcm.sync.protocol import RecordPayload

_CHUNK: Final = 500
"""Ids per ``IN (...)`` query: well below SQLite's bound-parameter limit."""


def apply_answered(uow: UnitOfWork, payload: RecordPayload) -> None:
    """The server's record from a push answer; edits still unsent stay on top."""
    uow.records.apply_remote(to_record(payload))


def apply_answers(uow: UnitOfWork, payloads: Sequence[RecordPayload]) -> None:
    """A batch of push answers' records (call after their entries left the outbox).

    Most answers say "applied: this is what you sent, now at revision n". Where the laptop
    already shows exactly the server's fields and nothing else waits for the record, only
    the revision and the server copy change (one statement for the batch); the record's
    shown fields, search entry and caseload summary are untouched because nothing in them
    changed. Everything else goes through the store's ``apply_remote``.
    """
    latest = _latest(payloads)
    held = _held(uow, latest)
    waiting = _waiting(uow, latest)
    adopt: list[dict[str, Any]] = []
    for payload in latest.values():
        row = held.get(payload.id)
        if row is not None and payload.rev < row.rev:
            continue
        if (
            row is not None
            and payload.id not in waiting
            and row.deleted == payload.deleted
            and json_equal(row.fields, payload.fields)
        ):
            adopt.append({"b_id": payload.id, "rev": payload.rev, "server_fields": payload.fields})
        else:
            apply_answered(uow, payload)
    if adopt:
        uow.connection.execute(_ADOPT, adopt)


def apply_pulled_page(uow: UnitOfWork, payloads: Sequence[RecordPayload]) -> None:
    """A page's records: versions already held are skipped without a write."""
    latest = _latest(payloads)
    held = _held(uow, latest)
    waiting = _waiting(uow, latest)
    for payload in latest.values():
        row = held.get(payload.id)
        if row is not None and payload.rev <= row.rev:
            continue  # our own change coming back, or a page sent again
        if payload.id in waiting:
            apply_pulled(uow, payload)
        else:
            uow.records.apply_remote(to_record(payload))


def apply_pulled(uow: UnitOfWork, payload: RecordPayload) -> None:
    """A record from the feed or a repair, merged with any unsent local edits."""
    remote = to_record(payload)
    if not uow.outbox.for_record(remote.id):
        uow.records.apply_remote(remote)
        return
    mine = uow.records.get(remote.id, include_deleted=True)
    if mine is not None and remote.rev <= mine.rev:
        # Held already (a page sent again): applying it again would undo the merge below.
        return
    base = uow.records.server_version(remote.id)
    shown = uow.records.apply_remote(remote)
    spec = KINDS.get(remote.kind)
    if mine is None or shown.deleted or spec is None:
        return
    merged = three_way_merge(spec, base.fields if base else {}, mine.fields, remote.fields)
    fields = _mine_where_conflicting(merged.fields, mine.fields, merged.conflicts)
    if not json_equal(fields, shown.fields):
        _show(uow, shown, fields)


@dataclass(frozen=True)
class _Held:
    rev: int
    deleted: bool
    fields: dict[str, Any]


_ADOPT = (
    update(records)
    .where(records.c.id == bindparam("b_id"))
    .values(rev=bindparam("rev"), server_fields=bindparam("server_fields"))
)


def _latest(payloads: Sequence[RecordPayload]) -> dict[str, RecordPayload]:
    latest: dict[str, RecordPayload] = {}
    for payload in payloads:
        known = latest.get(payload.id)
        if known is None or payload.rev >= known.rev:
            latest[payload.id] = payload
    return latest


def _held(uow: UnitOfWork, ids: Iterable[str]) -> dict[str, _Held]:
    wanted = list(ids)
    out: dict[str, _Held] = {}
    for start in range(0, len(wanted), _CHUNK):
        rows = uow.connection.execute(
            select(records.c.id, records.c.rev, records.c.deleted, records.c.fields).where(
                records.c.id.in_(wanted[start : start + _CHUNK])
            )
        )
        for row in rows:
            out[row.id] = _Held(int(row.rev), bool(row.deleted), row.fields)
    return out


def _waiting(uow: UnitOfWork, ids: Iterable[str]) -> set[str]:
    wanted = list(ids)
    out: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        out.update(
            uow.connection.scalars(
                select(outbox.c.record_id)
                .where(outbox.c.record_id.in_(wanted[start : start + _CHUNK]))
                .distinct()
            )
        )
    return out


def _mine_where_conflicting(
    merged: Mapping[str, Any], mine: Mapping[str, Any], conflicts: tuple[FieldConflict, ...]
) -> dict[str, Any]:
    fields = dict(merged)
    for conflict in conflicts:
        if conflict.item_id is None:
            if conflict.field in mine:
                fields[conflict.field] = mine[conflict.field]
            else:
                fields.pop(conflict.field, None)
            continue
        items = [
            item
            for item in fields.get(conflict.field) or []
            if not (isinstance(item, dict) and item.get(ITEM_ID_KEY) == conflict.item_id)
        ]
        if conflict.mine is not None:
            items.append(conflict.mine)
        fields[conflict.field] = items
    return fields


def _show(uow: UnitOfWork, record: Record, fields: dict[str, Any]) -> None:
    """Set the fields the laptop shows for ``record`` (no outbox entry: nothing new to send)."""
    spec = KINDS[record.kind]
    occurred = fields.get(spec.occurred_field) if spec.occurred_field else None
    conn = uow.connection
    conn.execute(
        update(records)
        .where(records.c.id == record.id)
        .values(fields=fields, occurred_at=occurred_stamp(occurred))
    )
    pk = conn.scalar(select(records.c.pk).where(records.c.id == record.id))
    if pk is not None:
        uow.search.put(
            int(pk),
            record_id=record.id,
            client_id=record.client_id,
            kind=record.kind,
            fields=fields,
        )
