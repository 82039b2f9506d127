"""Pulled versions meet unsent edits: merged three ways, mine kept where both changed."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from fieldcm.domain.records import new_id
from fieldcm.store.uow import UnitOfWork
from fieldcm.sync.apply import apply_answered, apply_pulled
from fieldcm.sync.protocol import RecordPayload

CLIENT = new_id()


def _plan(**sections: list[dict[str, Any]]) -> dict[str, Any]:
    fields: dict[str, Any] = {"warning_signs": [], "coping_strategies": []}
    fields.update(sections)
    return fields


def _payload(
    record_id: str, rev: int, fields: dict[str, Any], kind: str = "safety_plan"
) -> RecordPayload:
    return RecordPayload(kind=kind, id=record_id, client_id=CLIENT, rev=rev, fields=fields)


def _shown(engine: Engine, record_id: str) -> dict[str, Any]:
    with UnitOfWork(engine, read_only=True) as uow:
        record = uow.records.get(record_id)
        assert record is not None
        return record.fields


def test_items_added_on_both_sides_both_show_while_mine_is_unsent(engine: Engine) -> None:
    plan = new_id()
    walk = {"id": "i-walk", "text": "Walk"}
    with UnitOfWork(engine) as uow:
        apply_pulled(uow, _payload(plan, 1, _plan(coping_strategies=[walk])))
        uow.records.update(plan, {"coping_strategies": [walk, {"id": "i-mine", "text": "Music"}]})
        uow.commit()
    theirs = [walk, {"id": "i-theirs", "text": "Call a friend"}]
    with UnitOfWork(engine) as uow:
        apply_pulled(uow, _payload(plan, 2, _plan(coping_strategies=theirs)))
        uow.commit()
    texts = [i["text"] for i in _shown(engine, plan)["coping_strategies"]]
    assert texts == ["Walk", "Call a friend", "Music"]
    with UnitOfWork(engine, read_only=True) as uow:
        [entry] = uow.outbox.for_record(plan)
        assert uow.records.server_version(plan).rev == 2  # type: ignore[union-attr]
    assert entry.base_rev == 1  # the edit still says what it started from


def test_where_both_sides_changed_the_same_field_mine_stays_shown(engine: Engine) -> None:
    note = new_id()
    base = {"narrative": "Original", "location": "Office"}
    with UnitOfWork(engine) as uow:
        apply_pulled(uow, _payload(note, 1, base, kind="note"))
        uow.records.update(note, {"narrative": "Mine"})
        uow.commit()
    with UnitOfWork(engine) as uow:
        apply_pulled(
            uow, _payload(note, 2, {"narrative": "Theirs", "location": "Shelter"}, kind="note")
        )
        uow.commit()
    assert _shown(engine, note) == {"narrative": "Mine", "location": "Shelter"}
    assert _conflicts(engine) == 0  # the server records it when my edit arrives


def test_the_same_page_applied_twice_changes_nothing(engine: Engine) -> None:
    plan = new_id()
    walk = {"id": "i-walk", "text": "Walk"}
    with UnitOfWork(engine) as uow:
        apply_pulled(uow, _payload(plan, 1, _plan(coping_strategies=[walk])))
        uow.records.update(plan, {"coping_strategies": [walk, {"id": "i-mine", "text": "Music"}]})
        uow.commit()
    page = _payload(plan, 2, _plan(coping_strategies=[walk, {"id": "i-t", "text": "Tea"}]))
    with UnitOfWork(engine) as uow:
        apply_pulled(uow, page)
        uow.commit()
    once = _shown(engine, plan)
    with UnitOfWork(engine) as uow:
        apply_pulled(uow, page)
        uow.commit()
    assert _shown(engine, plan) == once


def test_a_push_answer_replaces_what_was_answered_and_keeps_later_edits(engine: Engine) -> None:
    note = new_id()
    with UnitOfWork(engine) as uow:
        apply_pulled(uow, _payload(note, 1, {"narrative": "A", "location": "X"}, kind="note"))
        uow.records.update(note, {"narrative": "B"})
        uow.records.update(note, {"location": "Y"})
        [first, _second] = uow.outbox.for_record(note)
        uow.outbox.mark_done([first.mutation_id])
        # The server kept someone else's narrative (a conflict): that is what shows now.
        apply_answered(uow, _payload(note, 2, {"narrative": "C", "location": "X"}, kind="note"))
        uow.commit()
    assert _shown(engine, note) == {"narrative": "C", "location": "Y"}


def _conflicts(engine: Engine) -> int:
    with UnitOfWork(engine, read_only=True) as uow:
        return uow.conflicts.open_count()
