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

Both go through the store's batch calls (``RecordRepository.apply_remote_many``,
``held_versions``, ``adopt_server_versions``): a first sync brings thousands of records, and
one statement per record was most of its cost.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fieldcm.domain.records import KINDS
from fieldcm.store.uow import UnitOfWork
from fieldcm.sync.merge import ITEM_ID_KEY, FieldConflict, json_equal, three_way_merge
from fieldcm.sync.profile import to_record
from fieldcm.sync.protocol import RecordPayload


def apply_answered(uow: UnitOfWork, payload: RecordPayload) -> None:
    """The server's record from a push answer; edits still unsent stay on top."""
    uow.records.apply_remote(to_record(payload), actor=_actor(payload))


def apply_answers(uow: UnitOfWork, payloads: Sequence[RecordPayload]) -> None:
    """A batch of push answers' records (call after their entries left the outbox).

    Most answers say "applied: this is what you sent, now at revision n". Where the laptop
    already shows exactly the server's fields and nothing else waits for the record, only
    the revision and the server copy change (one statement for the batch); the record's
    shown fields, search entry and caseload summary are untouched because nothing in them
    changed. Everything else goes through the store's ``apply_remote_many``.
    """
    latest = _latest(payloads)
    held = uow.records.held_versions(latest)
    waiting = uow.outbox.records_with_entries(latest)
    adopt: list[tuple[str, int, Any]] = []
    apply: list[RecordPayload] = []
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
            adopt.append((payload.id, payload.rev, payload.fields))
        else:
            apply.append(payload)
    uow.records.adopt_server_versions(adopt)
    _apply_many(uow, apply)


def apply_pulled_page(uow: UnitOfWork, payloads: Sequence[RecordPayload]) -> None:
    """A page's records: versions already held are skipped without a write."""
    latest = _latest(payloads)
    held = uow.records.held_versions(latest)
    waiting = uow.outbox.records_with_entries(latest)
    fresh = [
        payload
        for payload in latest.values()
        # Skipped: our own change coming back, or a page sent again.
        if payload.id not in held or payload.rev > held[payload.id].rev
    ]
    _apply_many(uow, [payload for payload in fresh if payload.id not in waiting])
    for payload in fresh:
        if payload.id in waiting:
            apply_pulled(uow, payload)


def apply_pulled(uow: UnitOfWork, payload: RecordPayload) -> None:
    """A record from the feed or a repair, merged with any unsent local edits."""
    remote = to_record(payload)
    if not uow.outbox.for_record(remote.id):
        uow.records.apply_remote(remote, actor=_actor(payload))
        return
    mine = uow.records.get(remote.id, include_deleted=True)
    if mine is not None and remote.rev <= mine.rev:
        # Held already (a page sent again): applying it again would undo the merge below.
        return
    base = uow.records.server_version(remote.id)
    shown = uow.records.apply_remote(remote, actor=_actor(payload))
    spec = KINDS.get(remote.kind)
    if mine is None or shown.deleted or spec is None:
        return
    merged = three_way_merge(spec, base.fields if base else {}, mine.fields, remote.fields)
    fields = _mine_where_conflicting(merged.fields, mine.fields, merged.conflicts)
    if not json_equal(fields, shown.fields):
        # Nothing new to send: the edits that make the difference are already in the outbox.
        uow.records.show(shown.id, fields)


def _apply_many(uow: UnitOfWork, payloads: Sequence[RecordPayload]) -> None:
    uow.records.apply_remote_many(
        [to_record(payload) for payload in payloads],
        # Only kinds that keep a history use the actor; building it for every note costs.
        actors={
            payload.id: _actor(payload)
            for payload in payloads
            if (spec := KINDS.get(payload.kind)) is not None and spec.keeps_history
        },
    )


def _actor(payload: RecordPayload) -> dict[str, Any] | None:
    """Who made the server's version, as JSON for the record's history."""
    if payload.updated_by is None:
        return None
    return payload.updated_by.model_dump(mode="json")


def _latest(payloads: Sequence[RecordPayload]) -> dict[str, RecordPayload]:
    latest: dict[str, RecordPayload] = {}
    for payload in payloads:
        known = latest.get(payload.id)
        if known is None or payload.rev >= known.rev:
            latest[payload.id] = payload
    return latest


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
