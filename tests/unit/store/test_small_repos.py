"""Sync state, local conflict copies, the attachments index and the local audit queue."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Engine

from fieldcm.domain.records import new_id
from fieldcm.store.repositories import AttachmentEntry, StoredConflict
from fieldcm.store.sync_state import SyncState
from fieldcm.store.uow import UnitOfWork

from .builders import T0, FixedClock

ACTOR = {"user_id": new_id(), "user_name": "Synthetic Worker", "at": "2026-03-02T09:00:00Z"}


def test_sync_state_starts_empty_and_round_trips(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        assert uow.sync_state.get() == SyncState()
        state = uow.sync_state.update(
            cursor="feed:17",
            last_attempt_at=T0,
            last_successful_sync_at=T0 - timedelta(hours=1),
            last_error=None,
            agency_settings={"auto_lock_minutes": 5, "payer_rules": []},
            device_id=new_id(),
            user_id=new_id(),
            server_url="https://fieldcm.example.org",
        )
        uow.commit()
    with UnitOfWork(engine, read_only=True) as uow:
        assert uow.sync_state.get() == state


def _conflict(**changes: object) -> StoredConflict:
    values: dict[str, object] = {
        "id": new_id(),
        "kind": "client",
        "record_id": new_id(),
        "client_id": new_id(),
        "field": "risk_tier",
        "base": "low",
        "mine": "high",
        "theirs": "moderate",
        "mine_by": ACTOR,
        "theirs_by": {**ACTOR, "user_name": "Other Worker"},
        **changes,
    }
    return StoredConflict(**values)  # type: ignore[arg-type]


def test_conflicts_are_kept_listed_and_resolved(engine: Engine, clock: FixedClock) -> None:
    first, second = _conflict(), _conflict(field="goals", item_id="goal-1", mine={"t": "x"})
    with UnitOfWork(engine, clock=clock) as uow:
        uow.conflicts.put(first)
        clock.advance(minutes=1)
        uow.conflicts.put(second)
        uow.conflicts.put(second)  # the server sent it twice
        uow.commit()
        assert uow.conflicts.find() == [first, second]
        assert uow.conflicts.open_count() == 2
        assert uow.conflicts.resolve(first.id, resolution="high", resolved_by=ACTOR)
        assert not uow.conflicts.resolve(new_id(), resolution="x", resolved_by=ACTOR)
        uow.commit()
        assert uow.conflicts.find() == [second]
        assert uow.conflicts.find(record_id=first.record_id, status=None) == [
            _replace(first, status="resolved", resolution="high", resolved_by=ACTOR)
        ]
        assert uow.conflicts.find(client_id=second.client_id) == [second]
        assert uow.conflicts.get(second.id) == second
        assert uow.conflicts.remove(second.id)
        assert uow.conflicts.get(second.id) is None


def _replace(conflict: StoredConflict, **changes: object) -> StoredConflict:
    from dataclasses import replace

    return replace(conflict, **changes)  # type: ignore[arg-type]


def test_attachments_index(engine: Engine) -> None:
    client_id, record_id = new_id(), new_id()
    entry = AttachmentEntry(
        file_id=new_id(),
        client_id=client_id,
        record_id=record_id,
        name="consent.pdf",
        mime="application/pdf",
        size=10,
        sha256="ef" * 32,
        created_at=T0,
    )
    newer = _attachment_version(entry)
    with UnitOfWork(engine) as uow:
        uow.attachments.put(entry)
        assert uow.attachments.for_record(record_id) == [entry]
        uow.attachments.put(newer)
        assert uow.attachments.for_client(client_id) == [newer]
        assert uow.attachments.remove(entry.file_id)
        assert not uow.attachments.remove(entry.file_id)
        assert uow.attachments.get(entry.file_id) is None


def _attachment_version(entry: AttachmentEntry) -> AttachmentEntry:
    from dataclasses import replace

    return replace(entry, version=2, size=20, sha256="01" * 32)


def test_offline_reads_wait_for_upload_with_their_original_time(
    engine: Engine, clock: FixedClock
) -> None:
    client_id = new_id()
    with UnitOfWork(engine, clock=clock) as uow:
        uow.audit.log("view_client", client_id=client_id)
        clock.advance(hours=3)
        uow.audit.log("print_safety_plan", client_id=client_id, detail={"copies": 1})
        uow.commit()
        events = uow.audit.pending()
        assert [(e.action, e.at) for e in events] == [
            ("view_client", T0),
            ("print_safety_plan", T0 + timedelta(hours=3)),
        ]
        assert events[1].detail == {"copies": 1}
        assert uow.audit.mark_uploaded([events[0].seq]) == 1
        uow.commit()
        assert [e.action for e in uow.audit.pending()] == ["print_safety_plan"]
