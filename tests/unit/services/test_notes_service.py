"""Note use cases against a real SQLCipher store: draft, sign, co-sign, addendum, outbox."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldcm.domain.errors import DomainError, NoteIncompleteError
from fieldcm.domain.notes import NoteFormat, Role, Signer
from fieldcm.domain.records import Record, new_id
from fieldcm.services import notes
from fieldcm.store.datakey import DataKey
from fieldcm.store.engine import open_engine
from fieldcm.store.errors import RecordLocked
from fieldcm.store.migrations import upgrade
from fieldcm.store.uow import UnitOfWork

WORKER = Signer("11111111-1111-4111-8111-111111111111", "Sam Example", "CM", Role.WORKER)
SUPERVISOR = Signer("22222222-2222-4222-8222-222222222222", "Lee Sample", "LCSW", Role.SUPERVISOR)
START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[object]:
    eng = open_engine(tmp_path / "fieldcm.db", DataKey.generate(), create=True)
    upgrade(eng)
    yield eng
    eng.dispose()


def _new_client(uow: UnitOfWork, name: str) -> Record:
    client_id = new_id()
    return uow.records.create("client", client_id, {"preferred_name": name})


def _complete_draft(uow: UnitOfWork) -> str:
    client = _new_client(uow, "Demo Client 0001")
    note = notes.start_note(
        uow,
        client_id=client.id,
        author_id=WORKER.user_id,
        note_format=NoteFormat.DAP,
        service_start=START,
        service_end=START + timedelta(minutes=45),
    )
    notes.save_draft(
        uow,
        note.id,
        {
            "sections": {"data": "Met at the shelter.", "assessment": "Calm.", "plan": "Visit."},
            "contact_type": "shelter",
            "location": "Shelter office",
            "client_present": True,
            "service_code": "T1017",
            "goal_ids": ["33333333-3333-4333-8333-333333333333"],
        },
    )
    return note.id


def test_signed_note_is_immutable_and_every_step_is_queued_for_sync(engine: object) -> None:
    with UnitOfWork(engine) as uow:  # type: ignore[arg-type]
        note_id = _complete_draft(uow)
        signed = notes.sign(uow, note_id, WORKER, at=START + timedelta(hours=1))
        uow.commit()
    assert signed.fields["status"] == "signed"
    with UnitOfWork(engine) as uow:  # type: ignore[arg-type]
        with pytest.raises((RecordLocked, DomainError)):
            notes.save_draft(uow, note_id, {"sections": {"data": "rewritten"}})
        notes.cosign(uow, note_id, SUPERVISOR, at=START + timedelta(hours=2))
        addendum = notes.add_addendum(
            uow,
            note_id,
            WORKER,
            text="Client called back to confirm the appointment.",
            reason="Information received after signing",
            at=START + timedelta(hours=3),
        )
        uow.commit()
    with UnitOfWork(engine, read_only=True) as uow:  # type: ignore[arg-type]
        note = uow.records.get(note_id)
        assert note is not None
        assert note.fields["status"] == "cosigned"
        assert note.fields["sections"]["data"] == "Met at the shelter."
        assert addendum.fields["parent_id"] == note_id
        ops = [(e.kind, e.op) for e in uow.outbox.pending(100)]
    assert ops.count(("note", "update")) == 3  # draft saved, signed, co-signed
    assert ("addendum", "create") in ops


def test_incomplete_note_cannot_be_signed_and_nothing_is_written(engine: object) -> None:
    with UnitOfWork(engine) as uow:  # type: ignore[arg-type]
        client = _new_client(uow, "Demo Client 0002")
        note = notes.start_note(
            uow, client_id=client.id, author_id=WORKER.user_id, note_format=NoteFormat.SOAP
        )
        uow.commit()
        before = uow.outbox.pending_count()
        with pytest.raises(NoteIncompleteError):
            notes.sign(uow, note.id, WORKER, at=START)
        uow.commit()
        assert uow.outbox.pending_count() == before
        stored = uow.records.get(note.id)
        assert stored is not None and stored.fields["status"] == "draft"
