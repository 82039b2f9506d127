"""Digest, targeted fetch, one client, and resolving conflicts (properties 1, 11; A1)."""

from __future__ import annotations

import pytest

from fieldcm.server import conflicts, repair
from fieldcm.server.errors import BadRequest, Conflict, NotFound
from fieldcm.sync.protocol import (
    DELETED_FIELD,
    ConflictPayload,
    DigestRequest,
    FetchRequest,
    ResolveConflict,
    record_digest,
)
from tests.mutations import delete, new_id, update
from tests.server.helpers import Agency, Person, records_by_id


def _digests(agency: Agency, person: Person) -> dict[str, str]:
    # Another laptop of the person: the pushing one is not sent its own records back.
    changes, _ = agency.pull_all(agency.other_laptop(person))
    rows: dict[str, list[tuple[str, int, bool]]] = {}
    for record in records_by_id(changes).values():
        rows.setdefault(record.client_id, []).append((record.id, record.rev, record.deleted))
    return {client_id: record_digest(r) for client_id, r in rows.items()}


def test_digest_names_matching_differing_missing_and_out_of_scope(agency: Agency) -> None:
    ana, ben = agency.person(), agency.person()
    one, two, three = agency.client(ana), agency.client(ana), agency.client(ana)
    agency.push(ana, delete(agency.record(ana, "note", two.id, narrative="gone")))
    foreign = agency.client(ben)
    digests = _digests(agency, ana)

    clean = repair.digest(agency.db, who=ana.who, request=DigestRequest(clients=digests))
    assert (clean.matching, clean.differing, clean.missing_on_device, clean.not_in_scope) == (
        3,
        [],
        [],
        [],
    )

    stale = {**digests, one.id: "0" * 64, foreign.id: "0" * 64, new_id(): "0" * 64}
    del stale[three.id]
    answer = repair.digest(agency.db, who=ana.who, request=DigestRequest(clients=stale))
    assert answer.matching == 1
    assert answer.differing == [one.id]
    assert answer.missing_on_device == [three.id]
    assert foreign.id in answer.not_in_scope and len(answer.not_in_scope) == 2


def test_fetch_returns_only_clients_in_scope_tombstones_included(agency: Agency) -> None:
    ana, ben = agency.person(), agency.person()
    mine, foreign = agency.client(ana), agency.client(ben)
    note = agency.record(ana, "note", mine.id, narrative="x")
    agency.push(ana, delete(note))

    fetched = repair.fetch(
        agency.db, who=ana.who, request=FetchRequest(client_ids=[mine.id, foreign.id])
    ).records

    assert {r.client_id for r in fetched} == {mine.id}
    assert {(r.id, r.deleted) for r in fetched} == {(mine.id, False), (note.id, True)}
    denied = [(r.action, r.client_id) for r in agency.audit_rows() if r.outcome == "denied"]
    assert ("fetch", foreign.id) in denied


def test_a_client_out_of_scope_answers_like_a_missing_one(agency: Agency) -> None:
    ana, ben = agency.person(), agency.person()
    mine, foreign = agency.client(ana), agency.client(ben)

    assert repair.get_client(agency.db, who=ana.who, client_id=mine.id).id == mine.id
    errors = []
    for client_id in (foreign.id, new_id()):
        with pytest.raises(NotFound) as caught:
            repair.get_client(agency.db, who=ana.who, client_id=client_id)
        errors.append((caught.value.code, caught.value.message))
    assert errors[0] == errors[1]


def _conflict(agency: Agency) -> tuple[Person, Person, ConflictPayload]:
    ana = agency.person()
    other = agency.enroll(ana.username)
    client = agency.client(ana)
    agency.push(ana, update(client, {"risk_tier": "high"}))
    [answer] = agency.push(other, update(client, {"risk_tier": "moderate"}))
    [conflict] = answer.conflicts
    return ana, other, conflict


def test_resolving_a_conflict_is_an_edit_that_syncs_and_closes_it(agency: Agency) -> None:
    ana, other, conflict = _conflict(agency)
    _, cursor = agency.pull_all(ana)
    request = ResolveConflict(resolution="moderate", mutation_id=new_id())

    resolved = conflicts.resolve(agency.db, who=ana.who, conflict_id=conflict.id, request=request)
    again = conflicts.resolve(agency.db, who=ana.who, conflict_id=conflict.id, request=request)

    assert resolved == again
    assert (resolved.status, resolved.resolution) == ("resolved", "moderate")
    assert resolved.resolved_by is not None and resolved.resolved_by.user_id == ana.who.user_id
    changes, _ = agency.pull_all(other, None)
    after, _ = agency.pull_all(ana, cursor)
    assert [c.type for c in after] == ["upsert", "conflict"]
    assert after[0].record is not None and after[0].record.fields["risk_tier"] == "moderate"
    assert conflict.id not in {c.conflict.id for c in changes if c.conflict}, (
        "closed: not backfilled"
    )
    with pytest.raises(Conflict):
        conflicts.resolve(
            agency.db,
            who=ana.who,
            conflict_id=conflict.id,
            request=ResolveConflict(resolution="low", mutation_id=new_id()),
        )


def test_a_conflict_outside_the_scope_is_not_found(agency: Agency) -> None:
    _, _, conflict = _conflict(agency)
    stranger = agency.person()

    for conflict_id in (conflict.id, new_id()):
        with pytest.raises(NotFound):
            conflicts.resolve(
                agency.db,
                who=stranger.who,
                conflict_id=conflict_id,
                request=ResolveConflict(resolution="low", mutation_id=new_id()),
            )


def test_a_deletion_conflict_is_resolved_with_true_or_false(agency: Agency) -> None:
    ana = agency.person()
    stale = agency.enroll(ana.username)
    client = agency.client(ana)
    note = agency.record(ana, "note", client.id, narrative="v1")
    agency.push(ana, update(note, {"narrative": "v2"}))
    [answer] = agency.push(stale, delete(note))
    [conflict] = answer.conflicts
    assert conflict.field == DELETED_FIELD

    with pytest.raises(BadRequest):
        conflicts.resolve(
            agency.db,
            who=ana.who,
            conflict_id=conflict.id,
            request=ResolveConflict(resolution="yes", mutation_id=new_id()),
        )
    conflicts.resolve(
        agency.db,
        who=ana.who,
        conflict_id=conflict.id,
        request=ResolveConflict(resolution=True, mutation_id=new_id()),
    )

    [current] = [
        r
        for r in repair.fetch(
            agency.db, who=ana.who, request=FetchRequest(client_ids=[client.id])
        ).records
        if r.id == note.id
    ]
    assert current.deleted


def test_a_list_item_conflict_is_resolved_item_by_item(agency: Agency) -> None:
    ana = agency.person()
    other = agency.enroll(ana.username)
    client = agency.client(ana)
    item = {"id": "w1", "text": "not sleeping"}
    plan = agency.record(ana, "safety_plan", client.id, warning_signs=[item])
    agency.push(ana, update(plan, {"warning_signs": [{"id": "w1", "text": "pacing"}]}))
    [answer] = agency.push(other, update(plan, {"warning_signs": [{"id": "w1", "text": "crying"}]}))
    [conflict] = answer.conflicts
    assert conflict.item_id == "w1"

    conflicts.resolve(
        agency.db,
        who=ana.who,
        conflict_id=conflict.id,
        request=ResolveConflict(resolution={"id": "w1", "text": "crying"}, mutation_id=new_id()),
    )

    current = repair.fetch(agency.db, who=ana.who, request=FetchRequest(client_ids=[client.id]))
    [stored] = [r for r in current.records if r.id == plan.id]
    assert stored.fields["warning_signs"] == [{"id": "w1", "text": "crying"}]
