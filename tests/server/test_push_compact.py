"""Protocol 2's compact push answers, and the feed not echoing a device's own pushes.

A compact answer is the new revision alone, sent only when the server's version is exactly
the mutation applied to its base revision (which the device holds); anything the server
changed itself comes back as the whole record. A device is not sent back, in its feed or its
first backfill, a revision its push answer gave it; everything else still reaches it.
"""

from __future__ import annotations

import json

from fieldcm.server import accounts, push
from fieldcm.sync.protocol import COMPACT_ANSWERS_PROTOCOL, Mutation, MutationResult, PushBatch
from tests.mutations import create, delete, update
from tests.server.helpers import Agency, Person, records_by_id


def _push_v2(agency: Agency, person: Person, *mutations: Mutation) -> list[MutationResult]:
    batch = PushBatch(mutations=list(mutations), protocol_version=COMPACT_ANSWERS_PROTOCOL)
    return push.push(agency.db, who=person.who, batch=batch).results


def test_applied_answers_carry_only_the_revision_for_new_clients(agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana)
    note = create("note", {"narrative": "first"}, client_id=client.id)
    [created] = _push_v2(agency, ana, note)
    assert (created.status, created.record, created.rev) == ("applied", None, 1)
    assert "rev" in created.model_dump_json() and '"record":null' in created.model_dump_json()

    full = records_by_id(agency.pull_all(agency.other_laptop(ana))[0])[note.record_id]
    [edited] = _push_v2(agency, ana, update(full, {"narrative": "second"}))
    [deleted] = _push_v2(
        agency, ana, delete(full.model_copy(update={"rev": 2, "fields": {"narrative": "second"}}))
    )
    assert (edited.status, edited.record, edited.rev) == ("applied", None, 2)
    assert (deleted.status, deleted.record, deleted.rev) == ("applied", None, 3)


def test_a_merge_or_a_conflict_answers_with_the_whole_record(agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana)
    [first] = agency.push(
        ana, create("note", {"narrative": "a", "location": "x"}, client_id=client.id)
    )
    assert first.record is not None
    agency.push(ana, update(first.record, {"location": "y"}))  # now at rev 2

    [merged] = _push_v2(agency, ana, update(first.record, {"narrative": "b"}))
    [conflict] = _push_v2(agency, ana, update(first.record, {"location": "z"}))
    assert merged.status == "merged" and merged.record is not None and merged.rev is None
    assert merged.record.fields == {"narrative": "b", "location": "y"}
    assert conflict.status == "conflict" and conflict.record is not None


def test_old_clients_never_see_the_new_key(agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana)
    [answer] = agency.push(ana, create("note", {"narrative": "n"}, client_id=client.id))
    assert answer.record is not None and answer.rev is None
    assert "rev" not in json.loads(answer.model_dump_json()), "refused by their strict models"


def test_the_pushing_device_is_not_sent_its_own_versions_back(agency: Agency) -> None:
    ana = agency.person()
    other = agency.other_laptop(ana)
    client = agency.client(ana)
    note = agency.record(ana, "note", client.id, narrative="mine")

    first, cursor = agency.pull_all(ana)
    assert [c.type for c in first] == ["settings"], "the first backfill skips my own pushes"
    theirs, other_cursor = agency.pull_all(other)
    assert set(records_by_id(theirs)) == {client.id, note.id}

    # The other laptop edits: the pusher gets that revision, the editor does not.
    [edited] = agency.push(other, update(note, {"narrative": "theirs"}))
    changes, _ = agency.pull_all(ana, cursor)
    assert [c.record for c in changes] == [edited.record]
    assert agency.pull_all(other, other_cursor)[0] == []


def test_a_client_taken_away_and_given_back_is_sent_in_full(agency: Agency) -> None:
    team = agency.team()
    ana = agency.person(team=team)
    client = agency.client(ana)
    note = agency.record(ana, "note", client.id, narrative="mine")
    _, cursor = agency.pull_all(ana)

    agency.unassign(client.id, ana)
    revoked, cursor = agency.pull_all(ana, cursor)
    assert [(c.type, c.client_id) for c in revoked] == [("revoke", client.id)]
    with agency.db.write() as uow:
        accounts.assign(uow, client_id=client.id, username=ana.username)
    back, _ = agency.pull_all(ana, cursor)
    assert set(records_by_id(back)) == {client.id, note.id}, "the laptop purged them"
