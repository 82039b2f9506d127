"""Push's bulk path: brand-new records of a protocol 2 batch are written as plain rows.

The rows, feed entries, audit events and answers must be exactly what the one-object-per-
mutation path writes; every domain rule still applies; anything else in the batch (a record
named twice, a registration, a refusal, a replay) takes the ordinary path.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from fieldcm.server import push
from fieldcm.server.audit import verify
from fieldcm.server.models import AppliedMutation, AuditRow, ChangeRow, RecordRow
from fieldcm.sync.protocol import COMPACT_ANSWERS_PROTOCOL, Mutation, MutationResult, PushBatch
from tests.mutations import create, new_id
from tests.server.helpers import Agency, Person

NOTE = {"narrative": "Met at the drop-in.", "status": "draft"}


def _push(agency: Agency, person: Person, mutations: list[Mutation]) -> list[MutationResult]:
    batch = PushBatch(mutations=mutations, protocol_version=COMPACT_ANSWERS_PROTOCOL)
    return push.push(agency.db, who=person.who, batch=batch).results


def _row(agency: Agency, record_id: str) -> dict[str, Any]:
    with agency.db.read() as session:
        row = session.get(RecordRow, record_id)
        assert row is not None
        return {
            "kind": row.kind,
            "fields": row.fields,
            "rev": row.rev,
            "deleted": row.deleted,
            "updated_by_user_id": row.updated_by_user_id,
            "updated_by_device_id": row.updated_by_device_id,
            "answered_device_id": row.answered_device_id,
            "answered_rev": row.answered_rev,
            "same_times": row.created_at == row.updated_at,
        }


def test_new_records_are_stored_as_the_ordinary_path_stores_them(agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana)
    bulk = create("note", NOTE, client_id=client.id)
    twice = create("note", NOTE, client_id=client.id)
    # The same record named twice in one batch: the ordinary path, and a no-op repeat.
    again = twice.model_copy(update={"mutation_id": new_id()})
    [ordinary] = agency.push(ana, create("note", NOTE, client_id=client.id))  # protocol 1
    assert ordinary.record is not None

    answers = _push(agency, ana, [bulk, twice, again])

    assert [(a.status, a.rev, a.record) for a in answers][:2] == [
        ("applied", 1, None),
        ("applied", 1, None),
    ]
    expected = _row(agency, ordinary.record.id)
    assert _row(agency, bulk.record_id) == expected == _row(agency, twice.record_id)
    with agency.db.read() as session:
        fed = session.scalars(
            select(ChangeRow.record_id).where(ChangeRow.client_id == client.id)
        ).all()
        claimed = session.scalars(
            select(AppliedMutation.mutation_id).where(
                AppliedMutation.mutation_id.in_([bulk.mutation_id, twice.mutation_id])
            )
        ).all()
    assert fed[-2:] == [bulk.record_id, twice.record_id]  # in the batch's order
    assert sorted(claimed) == sorted([bulk.mutation_id, twice.mutation_id])


def test_domain_rules_refusals_and_replays_still_hold_in_a_bulk_batch(agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana)
    good = create("note", NOTE, client_id=client.id)
    bad = create("note", {**NOTE, "status": "bogus"}, client_id=client.id)
    new_client = new_id()
    registered = create(
        "client",
        {"preferred_name": "Synthetic Person", "program": "ICM"},
        client_id=new_client,
        record_id=new_client,
    )
    its_note = create("note", NOTE, client_id=new_client)
    stranger = create("note", NOTE, client_id=new_id())  # a client nobody gave ana
    batch = [good, bad, registered, its_note, stranger]
    audit_before = len(agency.audit_rows())

    first = _push(agency, ana, batch)
    second = _push(agency, ana, batch)

    assert [a.status for a in first] == ["applied", "rejected", "applied", "applied", "rejected"]
    assert (first[1].reason_code, first[4].reason_code) == ("invalid", "not_found")
    assert second == first  # replayed answers, and nothing written twice
    with agency.db.read() as session:
        stored = set(
            session.scalars(
                select(RecordRow.id).where(RecordRow.id.in_([m.record_id for m in batch]))
            )
        )
    assert stored == {good.record_id, registered.record_id, its_note.record_id}
    outcomes = [(r.action, r.outcome) for r in agency.audit_rows()[audit_before:]]
    assert outcomes.count(("push_create", "applied")) == 3
    assert outcomes.count(("push_create", "replayed")) == 3
    assert ("client_register", "ok") in outcomes


def test_the_audit_chain_stays_whole_after_bulk_pushes(agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana)
    _push(agency, ana, [create("note", NOTE, client_id=client.id) for _ in range(30)])
    with agency.db.read() as session:
        assert verify(session).ok
        assert session.scalar(select(AuditRow.seq).order_by(AuditRow.seq.desc()).limit(1))
