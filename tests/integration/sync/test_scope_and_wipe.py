"""Reassignment while offline, remote wipe and revocation, the offline age limit."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from fieldcm.store.repositories import AttachmentEntry
from fieldcm.sync.engine import Credentials
from fieldcm.sync.protocol import DELETED_FIELD
from tests.integration.server_harness import ApiClient, default_password

from .laptops import Laptop, Office, assert_matches_server


def _attach(laptop: Laptop, client_id: str, data: bytes) -> uuid.UUID:
    stored = laptop.store.attachments.put(data, client_id=client_id)
    entry = AttachmentEntry(
        file_id=str(stored.file_id),
        client_id=client_id,
        record_id=None,
        name="scan.pdf",
        mime="application/pdf",
        size=stored.size,
        sha256=stored.sha256,
        created_at=datetime.now(UTC),
    )
    laptop.write(lambda uow: uow.attachments.put(entry))
    return stored.file_id


def test_reassignment_while_offline_keeps_pending_edits_then_purges(office: Office) -> None:
    ana, ben = office.person(), office.person()
    laptop = office.laptop(ana)
    kept_client = laptop.new_client()
    leaving = laptop.new_client()
    synced_note = laptop.new_note(leaving, "Synced before the move (synthetic).")
    assert laptop.sync().ok
    scan = _attach(laptop, leaving, b"%PDF synthetic scan")

    # Offline: Ana keeps writing about the client while the office reassigns them to Ben.
    laptop.update(synced_note, {"narrative": "Edited offline after the move (synthetic)."})
    new_note = laptop.new_note(leaving, "Written offline after the move (synthetic).")
    laptop.delete(laptop.new_note(leaving, "Scratch (synthetic)."))
    office.server.assign(leaving, ben)
    office.server.unassign(leaving, ana)

    result = laptop.sync()
    assert result.ok, result.message
    assert [r.client_id for r in result.pull.revoked] == [leaving]

    # Purged: records, search, attachment index and the encrypted file.
    assert laptop.read(lambda uow: uow.records.for_client(leaving, include_deleted=True)) == []
    assert laptop.read(lambda uow: uow.attachments.for_client(leaving)) == []
    assert not laptop.store.attachments.exists(scan)
    assert laptop.get(kept_client) is not None
    # Nothing silently dropped: every unsent value is in a conflict record naming Ana's laptop.
    assert laptop.outbox_count() == 0
    kept = laptop.conflicts()
    values = [c.mine for c in kept]
    assert "Edited offline after the move (synthetic)." in values
    assert "Written offline after the move (synthetic)." in values
    assert {c.record_id for c in kept} >= {synced_note, new_note}
    assert any(c.field == DELETED_FIELD for c in kept)
    assert all(c.mine_by["device_id"] == laptop.store.device_id for c in kept)
    assert laptop.sync().ok
    assert_matches_server(laptop)


def test_edits_synced_before_an_unassignment_reach_the_new_worker(office: Office) -> None:
    ana, ben = office.person(), office.person()
    a, b = office.laptop(ana), office.laptop(ben)
    client = a.new_client()
    note = a.new_note(client, "Handover note (synthetic).")
    assert a.sync().ok
    office.server.assign(client, ben)
    office.server.unassign(client, ana)
    assert a.sync().ok and b.sync().ok
    assert a.get(note) is None
    record = b.get(note)
    assert record is not None and record.fields["narrative"] == "Handover note (synthetic)."


def test_a_device_ordered_wiped_erases_everything_on_next_contact(office: Office) -> None:
    laptop = office.laptop()
    client = laptop.new_client()
    laptop.new_note(client, "Marker-wipe-7731 (synthetic).")
    assert laptop.sync().ok
    _attach(laptop, client, b"synthetic scan for the wipe")
    laptop.new_note(client, "Unsynced when the order came (synthetic).")
    office.server.wipe_device(laptop.store.device_id)

    result = laptop.sync()

    assert result.status == "wiped"
    assert result.reported_wipe
    assert list(laptop.folder.iterdir()) == []
    assert laptop.store.locked
    assert "wiped" in office.server.list_devices()


def test_a_revoked_device_is_wiped_on_next_contact(office: Office) -> None:
    laptop = office.laptop()
    laptop.new_note(laptop.new_client(), "Synthetic.")
    assert laptop.sync().ok
    office.server.revoke_device(laptop.store.device_id)

    result = laptop.sync()

    assert result.status == "wiped"
    assert list(laptop.folder.iterdir()) == []


def test_offline_age_limit_asks_for_sign_in_then_wipes(office: Office) -> None:
    username = office.person()
    laptop = office.laptop(username)
    laptop.new_note(laptop.new_client(), "Synthetic.")
    assert laptop.sync().ok

    laptop.clock.skew = timedelta(days=5, hours=12)
    assert laptop.engine().offline_age().state == "reauth_soon"
    assert laptop.sync().ok  # a sync in between resets the timers
    laptop.clock.skew = timedelta(days=10)
    assert laptop.engine().offline_age().state == "ok"

    laptop.clock.skew = timedelta(days=5 + 7 + 1)
    laptop.new_note(laptop.new_client(), "Written while too long offline (synthetic).")
    refused = laptop.sync()
    assert refused.status == "reauth_required"
    assert laptop.outbox_count() == 2  # nothing lost, nothing sent
    wrong = laptop.engine().sync(credentials=Credentials(username, "not the password"))
    assert wrong.status == "failed"
    signed_in = laptop.engine().sync(credentials=Credentials(username, default_password(username)))
    assert signed_in.ok, signed_in.message
    assert laptop.outbox_count() == 0

    laptop.clock.skew += timedelta(days=29)
    age = laptop.engine().offline_age()
    assert age.state == "wipe_soon" and "erased" in age.message()
    laptop.clock.skew += timedelta(days=1, minutes=1)
    gone = laptop.sync()
    assert gone.status == "wiped"
    assert list(laptop.folder.iterdir()) == []


def test_a_wiped_device_token_is_refused_afterwards(office: Office) -> None:
    laptop = office.laptop()
    assert laptop.sync().ok
    pair = laptop.read(lambda uow: uow.sync_state.get().agency_settings)["_device_tokens"]
    office.server.wipe_device(laptop.store.device_id)
    assert laptop.sync().status == "wiped"

    probe = ApiClient(office.server.base_url)
    answer = probe.raw("GET", "/v1/changes", token=pair["access_token"])
    assert answer.status_code == 401
