"""Record history: every version of a safety plan this laptop made or received, who and when."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import Engine

from fieldcm.domain.records import Record, new_id
from fieldcm.domain.safety_plan import Section, add_item, empty_plan, plan_fields
from fieldcm.store.repo_base import ReadOnlyWork, UnsyncedChanges
from fieldcm.store.uow import UnitOfWork

from .builders import FixedClock, add_client, count, note_fields

USER = "11111111-1111-4111-8111-111111111111"
DEVICE = "22222222-2222-4222-8222-222222222222"
COLLEAGUE = {
    "user_id": "33333333-3333-4333-8333-333333333333",
    "user_name": "Ana Colleague",
    "device_id": "44444444-4444-4444-8444-444444444444",
    "at": "2026-03-02T10:00:00Z",
}


def _plan(*warning_signs: str) -> dict[str, object]:
    plan = empty_plan()
    for text in warning_signs:
        plan = add_item(plan, Section.WARNING_SIGNS, text)
    return plan_fields(plan)


def _enrolled(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        uow.sync_state.update(user_id=USER, device_id=DEVICE)
        uow.commit()


def test_local_create_update_and_delete_each_keep_a_version_naming_this_laptop(
    engine: Engine, clock: FixedClock
) -> None:
    _enrolled(engine)
    client_id = add_client(engine)
    with UnitOfWork(engine, clock=clock) as uow:
        plan = uow.records.create("safety_plan", client_id, _plan("Not sleeping"))
        clock.advance(minutes=5)
        uow.records.update(plan.id, {"kept_where": "Wallet"})
        clock.advance(minutes=5)
        uow.records.delete(plan.id)
        uow.commit()
    with UnitOfWork(engine, read_only=True) as uow:
        versions = uow.history.versions(plan.id)
    assert [v.source for v in versions] == ["local"] * 3
    assert [v.deleted for v in versions] == [False, False, True]
    assert versions[0].fields["warning_signs"][0]["text"] == "Not sleeping"
    assert versions[1].fields["kept_where"] == "Wallet"
    assert versions[0].actor is not None
    assert versions[0].actor == {
        "user_id": USER,
        "device_id": DEVICE,
        "at": "2026-03-02T09:00:00+00:00",
    }
    assert [v.made_at for v in versions] == [
        clock.now.replace(minute=0),
        clock.now.replace(minute=5),
        clock.now.replace(minute=10),
    ]
    assert versions[0].seq < versions[1].seq < versions[2].seq


def test_an_unenrolled_laptop_still_keeps_versions_with_no_user_named(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        plan = uow.records.create("safety_plan", client_id, _plan("Not sleeping"))
        uow.commit()
        (version,) = uow.history.versions(plan.id)
    assert version.actor is not None and "user_id" not in version.actor
    assert "at" in version.actor


def test_kinds_that_keep_no_history_write_none(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        note = uow.records.create("note", client_id, note_fields())
        uow.records.update(note.id, {"location": "Office"})
        uow.commit()
        assert uow.history.versions(note.id) == []
    assert count(engine, "record_history") == 0


def test_server_versions_name_their_actor_and_a_repeat_is_not_kept_twice(engine: Engine) -> None:
    client_id = add_client(engine)
    remote = Record("safety_plan", new_id(), client_id, _plan("Pacing"), rev=3)
    with UnitOfWork(engine) as uow:
        uow.records.apply_remote(remote, actor=COLLEAGUE)
        uow.records.apply_remote(remote, actor=COLLEAGUE)  # the same page again
        newer = replace(remote, rev=4, fields=_plan("Pacing", "Not eating"))
        uow.records.apply_remote(newer, actor=None)
        uow.records.apply_remote(remote, actor=COLLEAGUE)  # older: ignored
        uow.commit()
        versions = uow.history.versions(remote.id)
    assert [(v.source, v.rev) for v in versions] == [("server", 3), ("server", 4)]
    assert versions[0].actor == COLLEAGUE
    assert versions[0].made_at.isoformat() == "2026-03-02T10:00:00+00:00"
    assert versions[1].actor is None


def test_a_pulled_version_is_kept_as_shown_with_my_unsent_edit_on_top(engine: Engine) -> None:
    """Neighbouring versions must differ by the colleague's change only, not undo mine."""
    client_id = add_client(engine)
    remote = Record("safety_plan", new_id(), client_id, _plan("Pacing"), rev=1)
    with UnitOfWork(engine) as uow:
        uow.records.apply_remote(remote, actor=COLLEAGUE)
        uow.records.update(remote.id, {"kept_where": "Phone case"})
        uow.records.apply_remote(
            replace(remote, rev=2, fields={**remote.fields, "reviewed_by": "Ana"}),
            actor=COLLEAGUE,
        )
        uow.commit()
        latest = uow.history.versions(remote.id)[-1]
    assert latest.source == "server"
    assert latest.fields["kept_where"] == "Phone case"
    assert latest.fields["reviewed_by"] == "Ana"


def test_purging_a_client_purges_its_history_and_only_its(engine: Engine) -> None:
    leaving, staying = add_client(engine, "Leaving Client"), add_client(engine, "Staying Client")
    with UnitOfWork(engine) as uow:
        for client_id in (leaving, staying):
            uow.records.apply_remote(
                Record("safety_plan", new_id(), client_id, _plan("Pacing"), rev=1)
            )
        uow.outbox.mark_done([entry.mutation_id for entry in uow.outbox.pending()])
        uow.commit()
    with UnitOfWork(engine) as uow:
        uow.records.purge_client(leaving)
        uow.commit()
    with UnitOfWork(engine, read_only=True) as uow:
        kept = {v.client_id for plan_id in _plan_ids(uow) for v in uow.history.versions(plan_id)}
    assert count(engine, "record_history") == 1
    assert kept == {staying}


def test_a_purge_refused_for_unsent_edits_keeps_the_history(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        uow.records.create("safety_plan", client_id, _plan("Pacing"))
        uow.commit()
    with UnitOfWork(engine) as uow, pytest.raises(UnsyncedChanges):
        uow.records.purge_client(client_id)
    assert count(engine, "record_history") == 1


def test_history_is_not_written_in_a_read_only_unit_of_work(engine: Engine) -> None:
    client_id = add_client(engine)
    record = Record("safety_plan", new_id(), client_id, _plan("Pacing"), rev=1)
    with UnitOfWork(engine, read_only=True) as uow, pytest.raises(ReadOnlyWork):
        uow.history.append(record, source="server")
    with UnitOfWork(engine, read_only=True) as uow, pytest.raises(ReadOnlyWork):
        uow.history.purge_client(client_id)


def _plan_ids(uow: UnitOfWork) -> list[str]:
    from sqlalchemy import select

    from fieldcm.store.tables import record_history

    return list(uow.connection.scalars(select(record_history.c.record_id).distinct()))
