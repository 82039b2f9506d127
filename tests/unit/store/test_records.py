"""Local edits: every change writes its record, its outbox entry and its search row together."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, text

from fieldcm.domain.errors import InvalidFieldError
from fieldcm.domain.records import UnknownKind, new_id
from fieldcm.store.errors import RecordLocked
from fieldcm.store.repo_base import ReadOnlyWork, RecordNotFound
from fieldcm.store.uow import UnitOfWork

from .builders import (
    T0,
    FixedClock,
    add_client,
    alert_fields,
    count,
    note_fields,
    signed_note_fields,
)


def test_create_writes_record_outbox_entry_and_search_row(
    engine: Engine, clock: FixedClock
) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine, clock=clock) as uow:
        note = uow.records.create("note", client_id, note_fields("bus pass provided"))
        uow.commit()

    with UnitOfWork(engine, read_only=True) as uow:
        assert uow.records.get(note.id) == note
        [entry] = uow.outbox.for_record(note.id)
        assert [hit.record_id for hit in uow.search.query("bus pass")] == [note.id]
    assert entry.op == "create"
    assert entry.base_rev == 0
    assert entry.kind == "note"
    assert entry.client_id == client_id
    assert entry.made_at == clock.now
    assert entry.state == "pending"
    assert entry.changes == {name: {"base": None, "new": v} for name, v in note.fields.items()}


def test_nothing_is_kept_unless_committed(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        uow.records.create("note", client_id, note_fields())
    with UnitOfWork(engine) as uow:
        uow.records.create("note", client_id, note_fields())
        uow.rollback()
    with pytest.raises(RuntimeError), UnitOfWork(engine) as uow:
        uow.records.create("note", client_id, note_fields())
        raise RuntimeError("the use case failed half-way")
    assert count(engine, "records") == 1
    assert count(engine, "outbox") == 1
    assert count(engine, "search_index") == 1


def test_a_unit_of_work_can_commit_twice(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        uow.records.create("note", client_id, note_fields())
        uow.commit()
        uow.records.create("note", client_id, note_fields())
        uow.commit()
        uow.records.create("note", client_id, note_fields())
    assert count(engine, "outbox") == 3


def test_update_records_only_the_changed_fields_with_their_base(engine: Engine) -> None:
    client_id = add_client(engine, "Rowan Vale")
    with UnitOfWork(engine) as uow:
        uow.records.update(client_id, {"risk_tier": "high", "program": "ICM", "phone": "555-0100"})
        uow.commit()
        record = uow.records.get(client_id)
        entries = uow.outbox.for_record(client_id)
    assert record is not None
    assert record.fields["risk_tier"] == "high"
    assert entries[-1].op == "update"
    assert entries[-1].changes == {
        "risk_tier": {"base": "moderate", "new": "high"},
        "phone": {"base": None, "new": "555-0100"},
    }


def test_an_update_that_changes_nothing_writes_nothing(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        uow.records.update(client_id, {"program": "ICM"})
        uow.commit()
    assert count(engine, "outbox") == 1


def test_json_types_are_compared_strictly(engine: Engine) -> None:
    client_id = add_client(engine, household_size=1)
    with UnitOfWork(engine) as uow:
        uow.records.update(client_id, {"household_size": True})
        uow.commit()
        [_, entry] = uow.outbox.for_record(client_id)
    assert entry.changes == {"household_size": {"base": 1, "new": True}}


def test_fields_this_version_does_not_know_survive_an_edit(engine: Engine) -> None:
    client_id = add_client(engine, future_field={"nested": [1, 2, {"x": "y"}]})
    with UnitOfWork(engine) as uow:
        record = uow.records.update(client_id, {"risk_tier": "low"})
        uow.commit()
    assert record.fields["future_field"] == {"nested": [1, 2, {"x": "y"}]}


def test_every_edit_gets_its_own_outbox_entry_in_order(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        for tier in ("low", "high", "moderate"):
            uow.records.update(client_id, {"risk_tier": tier})
        uow.commit()
        entries = uow.outbox.for_record(client_id)
    assert [e.op for e in entries] == ["create", "update", "update", "update"]
    assert [e.changes.get("risk_tier") for e in entries[1:]] == [
        {"base": "moderate", "new": "low"},
        {"base": "low", "new": "high"},
        {"base": "high", "new": "moderate"},
    ]
    assert len({e.mutation_id for e in entries}) == 4
    assert [e.seq for e in entries] == sorted(e.seq for e in entries)


def test_a_signed_note_is_immutable_and_nothing_is_written(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        note = uow.records.create("note", client_id, signed_note_fields())
        uow.commit()
    with UnitOfWork(engine) as uow:
        with pytest.raises(RecordLocked, match="signed"):
            uow.records.update(note.id, {"sections": {"data": "rewritten"}})
        with pytest.raises(RecordLocked):
            uow.records.delete(note.id)
        uow.commit()
    with UnitOfWork(engine, read_only=True) as uow:
        assert uow.records.get(note.id) == note
        assert len(uow.outbox.for_record(note.id)) == 1


def test_append_only_records_are_never_edited_or_deleted(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        alert = uow.records.create("alert", client_id, alert_fields())
        with pytest.raises(RecordLocked, match="never edited"):
            uow.records.update(alert.id, {"message": "changed"})
        with pytest.raises(RecordLocked):
            uow.records.delete(alert.id)
        uow.commit()
    assert count(engine, "outbox") == 2


def test_domain_rules_refuse_bad_content(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        with pytest.raises(InvalidFieldError):
            uow.records.create("alert", client_id, {**alert_fields(), "severity": "apocalyptic"})
        with pytest.raises(UnknownKind):
            uow.records.create("spaceship", client_id, {})
        uow.commit()
    assert count(engine, "records") == 1


def test_delete_leaves_a_tombstone_and_an_outbox_entry(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        note = uow.records.create("note", client_id, note_fields("tombstone me"))
        uow.commit()
        uow.records.delete(note.id)
        uow.commit()
        assert uow.records.get(note.id) is None
        tombstone = uow.records.get(note.id, include_deleted=True)
        assert tombstone is not None
        assert tombstone.deleted
        assert uow.search.query("tombstone") == []
        assert uow.records.for_client(client_id, kinds=["note"]) == []
        entries = uow.outbox.for_record(note.id)
    assert [e.op for e in entries] == ["create", "delete"]
    assert entries[-1].changes == {}


def test_missing_records_are_reported(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        note = uow.records.create("note", client_id, note_fields())
        uow.records.delete(note.id)
        with pytest.raises(RecordNotFound):
            uow.records.update(note.id, {"location": "x"})
        with pytest.raises(RecordNotFound):
            uow.records.delete(note.id)
        with pytest.raises(RecordNotFound):
            uow.records.update(new_id(), {"location": "x"})


def test_a_read_only_unit_of_work_refuses_writes(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine, read_only=True) as uow:
        with pytest.raises(ReadOnlyWork):
            uow.records.create("note", client_id, note_fields())
        with pytest.raises(ReadOnlyWork):
            uow.outbox.mark_done(["x"])
        with pytest.raises(ReadOnlyWork):
            uow.sync_state.set_cursor("c")


def test_a_client_record_is_its_own_client(engine: Engine) -> None:
    client_id = new_id()
    with UnitOfWork(engine) as uow:
        record = uow.records.create("client", client_id, {"preferred_name": "A"})
        assert record.id == client_id
        with pytest.raises(ValueError, match="own client id"):
            uow.records.create("client", new_id(), {"preferred_name": "B"}, record_id=new_id())


def test_timeline_is_newest_first_and_filters_kinds(engine: Engine) -> None:
    client_id = add_client(engine)
    other_client = add_client(engine, "Sam Okoro")
    with UnitOfWork(engine) as uow:
        old = uow.records.create("note", client_id, note_fields("old", T0 - timedelta(days=9)))
        new = uow.records.create("note", client_id, note_fields("new", T0))
        # Offsets other than Z are normalised, so order is by instant, not by text.
        mid = uow.records.create(
            "note",
            client_id,
            note_fields("mid", start=T0, service_start="2026-03-02T08:30:00-02:00"),
        )
        undated = uow.records.create("task", client_id, {"description": "call back"})
        uow.records.create("note", other_client, note_fields("not theirs"))
        uow.commit()
        notes = uow.records.for_client(client_id, kinds=["note"])
        everything = uow.records.for_client(client_id)
    assert [r.id for r in notes] == [mid.id, new.id, old.id]
    assert [r.id for r in everything][-2:] == [client_id, undated.id]
    assert len(everything) == 5


def test_create_detaches_the_callers_mapping(engine: Engine) -> None:
    client_id = add_client(engine)
    fields = note_fields("original")
    with UnitOfWork(engine) as uow:
        note = uow.records.create("note", client_id, fields)
        fields["sections"]["data"] = "mutated after the call"
        uow.commit()
        stored = uow.records.get(note.id)
    assert stored is not None
    assert stored.fields["sections"]["data"] == "original"


def test_values_json_cannot_carry_are_refused(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow, pytest.raises(TypeError):
        uow.records.update(client_id, {"when": object()})


def test_occurred_at_column_follows_the_dating_field(engine: Engine) -> None:
    client_id = add_client(engine)
    stamps = []
    with UnitOfWork(engine) as uow:
        visit = uow.records.create("encounter", client_id, {"planned_start": "2026-03-05"})
        for value in ("not a date", "2026-03-05T10:00:00+02:00", "2026-03-05T10:00:00"):
            stamps.append(_occurred_at(uow, visit.id))
            uow.records.update(visit.id, {"planned_start": value})
        stamps.append(_occurred_at(uow, visit.id))
    assert stamps == [
        "2026-03-05T00:00:00.000000Z",  # a bare date is midnight UTC
        None,  # unreadable: kept, but off the timeline
        "2026-03-05T08:00:00.000000Z",  # normalised to UTC
        None,  # a naive time has no instant
    ]


def _occurred_at(uow: UnitOfWork, record_id: str) -> str | None:
    value = uow.connection.execute(
        text("SELECT occurred_at FROM records WHERE id = :id"), {"id": record_id}
    ).scalar_one()
    return None if value is None else str(value)
