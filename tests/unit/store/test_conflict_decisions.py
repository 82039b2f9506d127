"""Conflict decisions made offline, and showing a value without an outbox entry (real SQLCipher)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Engine

from fieldcm.domain.records import Record, new_id
from fieldcm.store.repositories import StoredConflict
from fieldcm.store.uow import UnitOfWork

from .builders import FixedClock, client_fields

ME = {"user_id": new_id(), "user_name": "Synthetic Worker", "at": "2026-03-02T09:00:00Z"}
OTHER = {**ME, "user_id": new_id(), "user_name": "Other Worker"}


def _conflict(record_id: str, **changes: object) -> StoredConflict:
    values: dict[str, object] = {
        "id": new_id(),
        "kind": "client",
        "record_id": record_id,
        "client_id": record_id,
        "field": "safe_contact_instructions",
        "base": "Text first",
        "mine": "No voicemail",
        "theirs": "Call the desk",
        "mine_by": ME,
        "theirs_by": OTHER,
        **changes,
    }
    return StoredConflict(**values)  # type: ignore[arg-type]


def _synced_client(uow: UnitOfWork) -> str:
    client_id = new_id()
    uow.records.apply_remote(
        Record("client", client_id, client_id, client_fields(safe_contact_instructions="x"), 3)
    )
    return client_id


def test_a_decision_resolves_at_once_and_waits_to_be_sent(
    engine: Engine, clock: FixedClock
) -> None:
    with UnitOfWork(engine, clock=clock) as uow:
        conflict = _conflict(new_id())
        uow.conflicts.put(conflict)
        assert uow.conflicts.decide(
            conflict.id, resolution="No voicemail", resolved_by=ME, mutation_id="m-1"
        )
        # Decided once only: a second decision (another tab, a double click) changes nothing.
        assert not uow.conflicts.decide(
            conflict.id, resolution="other", resolved_by=ME, mutation_id="m-2"
        )
        assert not uow.conflicts.decide(new_id(), resolution="x", resolved_by=ME, mutation_id="m")
        uow.commit()
        assert uow.conflicts.open_count() == 0
        assert uow.conflicts.find() == []
        [pending] = uow.conflicts.pending_decisions()
        assert (pending.conflict_id, pending.resolution, pending.mutation_id) == (
            conflict.id,
            "No voicemail",
            "m-1",
        )
        assert uow.conflicts.pending_decision_count() == 1
        assert uow.conflicts.mark_decision_sent(conflict.id)
        assert not uow.conflicts.mark_decision_sent(conflict.id)
        assert uow.conflicts.pending_decisions() == []
        kept = uow.conflicts.get(conflict.id)
        # Both values stay in the store with the decision.
        assert kept == replace(
            conflict, status="resolved", resolution="No voicemail", resolved_by=ME
        )


def test_the_servers_open_copy_never_undoes_a_pending_decision(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        conflict = _conflict(new_id())
        uow.conflicts.put(conflict)
        uow.conflicts.decide(conflict.id, resolution="mine", resolved_by=ME, mutation_id="m-1")
        uow.conflicts.put(conflict)  # the feed sends the open conflict again
        kept = uow.conflicts.get(conflict.id)
        assert kept is not None and kept.status == "resolved" and kept.resolution == "mine"
        assert len(uow.conflicts.pending_decisions()) == 1


def test_the_servers_resolved_copy_wins_over_a_pending_decision(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        conflict = _conflict(new_id())
        uow.conflicts.put(conflict)
        uow.conflicts.decide(conflict.id, resolution="mine", resolved_by=ME, mutation_id="m-1")
        theirs = replace(conflict, status="resolved", resolution="Call the desk", resolved_by=OTHER)
        uow.conflicts.put(theirs)
        assert uow.conflicts.get(conflict.id) == theirs
        assert uow.conflicts.pending_decisions() == []


def test_reopen_and_keep_local_only_touch_pending_decisions(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        first, second = _conflict(new_id()), _conflict(new_id())
        for conflict in (first, second):
            uow.conflicts.put(conflict)
            uow.conflicts.decide(conflict.id, resolution="x", resolved_by=ME, mutation_id=new_id())
        assert uow.conflicts.reopen(first.id)
        assert uow.conflicts.get(first.id) == first
        assert uow.conflicts.keep_decision_local(second.id)
        assert uow.conflicts.get(second.id).status == "resolved"  # type: ignore[union-attr]
        assert uow.conflicts.pending_decisions() == []
        assert not uow.conflicts.reopen(second.id)  # no longer pending: nothing to withdraw


def test_show_sets_the_shown_fields_without_an_outbox_entry(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        client_id = _synced_client(uow)
        before = uow.records.server_version(client_id)
        shown = uow.records.show(client_id, {**before.fields, "safe_contact_instructions": "y"})  # type: ignore[union-attr]
        assert shown is not None and shown.fields["safe_contact_instructions"] == "y"
        assert uow.records.get(client_id).fields["safe_contact_instructions"] == "y"  # type: ignore[union-attr]
        assert uow.outbox.pending_count() == 0
        assert uow.records.server_version(client_id) == before  # the server copy is untouched
        assert uow.records.show(new_id(), {}) is None


def test_show_server_version_restores_the_server_copy_under_unsent_edits(
    engine: Engine,
) -> None:
    with UnitOfWork(engine) as uow:
        client_id = _synced_client(uow)
        uow.records.show(client_id, {**client_fields(), "safe_contact_instructions": "decided"})
        uow.records.update(client_id, {"program": "ACT"})
        shown = uow.records.show_server_version(client_id)
        assert shown is not None
        assert shown.fields["safe_contact_instructions"] == "x"
        assert shown.fields["program"] == "ACT"  # the unsent edit stays on top
        # A deletion made only here is undone once its entry is gone.
        uow.outbox.mark_done(e.mutation_id for e in uow.outbox.for_record(client_id))
        uow.records.delete(client_id)
        uow.outbox.mark_done(e.mutation_id for e in uow.outbox.for_record(client_id))
        back = uow.records.show_server_version(client_id)
        assert back is not None and not back.deleted
        assert uow.records.get(client_id) is not None


def test_show_server_version_removes_a_record_the_server_never_had(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        client_id = new_id()
        uow.records.create("client", client_id, client_fields("Never Synced"))
        assert uow.search.query("Never") != []
        # Still being created: kept.
        assert uow.records.show_server_version(client_id) is not None
        uow.outbox.mark_done(e.mutation_id for e in uow.outbox.for_record(client_id))
        assert uow.records.show_server_version(client_id) is None
        assert uow.records.get(client_id, include_deleted=True) is None
        assert uow.search.query("Never") == []
