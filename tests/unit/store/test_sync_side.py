"""What sync brings in: server versions, unsent edits kept on top, purges, the cursor."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import Engine

from fieldcm.domain.records import Record, new_id
from fieldcm.store.repo_base import UnsyncedChanges
from fieldcm.store.repositories import AttachmentEntry
from fieldcm.store.uow import UnitOfWork

from .builders import T0, add_client, client_fields, count, note_fields


def _remote_client(name: str = "Rowan Vale", rev: int = 1, **extra: object) -> Record:
    client_id = new_id()
    return Record("client", client_id, client_id, client_fields(name, **extra), rev=rev)


def test_a_new_record_from_the_server_is_stored_without_an_outbox_entry(engine: Engine) -> None:
    remote = _remote_client("Ines Marchetti")
    with UnitOfWork(engine) as uow:
        shown = uow.records.apply_remote(remote)
        uow.commit()
        assert shown == remote
        assert uow.records.get(remote.id) == remote
        assert uow.records.server_version(remote.id) == remote
        assert [h.record_id for h in uow.search.query("marchetti")] == [remote.id]
    assert count(engine, "outbox") == 0


def test_unsent_local_edits_stay_on_top_of_a_newer_server_version(engine: Engine) -> None:
    remote = _remote_client(rev=1)
    with UnitOfWork(engine) as uow:
        uow.records.apply_remote(remote)
        uow.records.update(remote.id, {"risk_tier": "high"})
        uow.commit()
    theirs = replace(
        remote, rev=2, fields={**remote.fields, "program": "Housing", "risk_tier": "low"}
    )
    with UnitOfWork(engine) as uow:
        shown = uow.records.apply_remote(theirs)
        uow.commit()
        assert uow.records.get(remote.id) == shown
        assert uow.records.server_version(remote.id) == theirs
        [entry] = [e for e in uow.outbox.for_record(remote.id)]
    # Mine wins where I edited; theirs everywhere else; the server's revision is the new base.
    assert shown.fields["risk_tier"] == "high"
    assert shown.fields["program"] == "Housing"
    assert shown.rev == 2
    # The unsent entry is untouched: its base is what the edit really started from.
    assert entry.base_rev == 1
    assert entry.changes == {"risk_tier": {"base": "moderate", "new": "high"}}


def test_a_local_edit_after_a_remote_version_is_based_on_it(engine: Engine) -> None:
    remote = _remote_client(rev=4)
    with UnitOfWork(engine) as uow:
        uow.records.apply_remote(remote)
        uow.records.update(remote.id, {"program": "Outreach"})
        uow.commit()
        [entry] = uow.outbox.for_record(remote.id)
    assert entry.base_rev == 4
    assert entry.changes == {"program": {"base": "ICM", "new": "Outreach"}}


def test_a_pending_local_delete_keeps_the_record_deleted(engine: Engine) -> None:
    client_id = add_client(engine)
    note = Record("note", new_id(), client_id, note_fields("to delete"), rev=1)
    with UnitOfWork(engine) as uow:
        uow.records.apply_remote(note)
        uow.records.delete(note.id)
        shown = uow.records.apply_remote(replace(note, rev=2))
        uow.commit()
        assert shown.deleted
        assert uow.search.query("delete") == []


def test_an_older_version_than_the_one_held_is_ignored(engine: Engine) -> None:
    remote = _remote_client(rev=3)
    with UnitOfWork(engine) as uow:
        uow.records.apply_remote(remote)
        stale = replace(remote, rev=2, fields={"preferred_name": "Old Name"})
        assert uow.records.apply_remote(stale) == remote
        # The same version twice (a page re-sent after a cut) changes nothing.
        assert uow.records.apply_remote(remote) == remote
        uow.commit()
        assert uow.records.get(remote.id) == remote


def test_a_remote_tombstone_removes_the_record_from_lists_and_search(engine: Engine) -> None:
    client_id = add_client(engine)
    note = Record("note", new_id(), client_id, note_fields("gone soon"), rev=1)
    with UnitOfWork(engine) as uow:
        uow.records.apply_remote(note)
        uow.records.apply_remote(replace(note, rev=2, deleted=True))
        uow.commit()
        assert uow.records.get(note.id) is None
        assert uow.search.query("gone") == []
        assert uow.records.for_client(client_id, kinds=["note"]) == []


def test_records_of_a_kind_this_version_does_not_know_are_kept(engine: Engine) -> None:
    client_id = add_client(engine)
    future = Record("hologram", new_id(), client_id, {"anything": [1, "two"]}, rev=1)
    with UnitOfWork(engine) as uow:
        uow.records.apply_remote(future)
        uow.commit()
        assert uow.records.get(future.id) == future


def _attachment(client_id: str, record_id: str | None = None) -> AttachmentEntry:
    return AttachmentEntry(
        file_id=new_id(),
        client_id=client_id,
        record_id=record_id,
        name="id-card.png",
        mime="image/png",
        size=1234,
        sha256="cd" * 32,
        created_at=T0,
    )


def test_purge_removes_every_trace_of_a_client_that_left_scope(engine: Engine) -> None:
    leaving = _remote_client("Leaving Client")
    staying = _remote_client("Staying Client")
    note = Record("note", new_id(), leaving.id, note_fields("leaving note"), rev=1)
    with UnitOfWork(engine) as uow:
        for record in (leaving, staying, note):
            uow.records.apply_remote(record)
        gone_file = _attachment(leaving.id, note.id)
        kept_file = _attachment(staying.id)
        uow.attachments.put(gone_file)
        uow.attachments.put(kept_file)
        uow.commit()
        result = uow.records.purge_client(leaving.id)
        uow.commit()
        assert result.records == 2
        assert result.attachment_file_ids == [gone_file.file_id]
        assert uow.records.for_client(leaving.id, include_deleted=True) == []
        assert uow.search.query("leaving") == []
        assert [h.record_id for h in uow.search.query("staying")] == [staying.id]
        assert uow.attachments.for_client(leaving.id) == []
        assert uow.attachments.get(kept_file.file_id) == kept_file


def test_purge_refuses_while_edits_to_the_client_wait_in_the_outbox(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        with pytest.raises(UnsyncedChanges, match="must be pushed"):
            uow.records.purge_client(client_id)
        uow.outbox.mark_done([e.mutation_id for e in uow.outbox.pending()])
        assert uow.records.purge_client(client_id).records == 1


def test_the_cursor_moves_only_with_its_page(engine: Engine) -> None:
    page = [_remote_client(f"Client {i}") for i in range(3)]
    with UnitOfWork(engine) as uow:
        for record in page:
            uow.records.apply_remote(record)
        uow.sync_state.set_cursor("feed:0003")
        # The link drops before commit: neither the page nor the cursor is kept.
    with UnitOfWork(engine) as uow:
        assert uow.sync_state.get().cursor is None
        assert uow.records.get(page[0].id) is None
        for record in page:
            uow.records.apply_remote(record)
        uow.sync_state.set_cursor("feed:0003")
        uow.commit()
    with UnitOfWork(engine, read_only=True) as uow:
        assert uow.sync_state.get().cursor == "feed:0003"
        assert all(uow.records.get(r.id) == r for r in page)
