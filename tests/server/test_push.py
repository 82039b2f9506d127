"""Push rules of the server's service layer (DESIGN.md sync properties 1, 4, 8, 10, 13)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from fieldcm.domain.addenda import addendum_fields
from fieldcm.domain.notes import Role, Signer
from fieldcm.domain.signing import sign_note
from fieldcm.server import push as push_module
from fieldcm.server.models import AppliedMutation, ConflictRow, RecordRow
from fieldcm.sync.protocol import DELETED_FIELD, FieldChange
from tests.mutations import create, delete, new_id, update
from tests.server.helpers import Agency


def test_a_batch_pushed_three_times_has_one_effect_and_identical_answers(agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana)
    note_id = new_id()
    batch = [
        create("note", {"narrative": "first"}, client_id=client.id, record_id=note_id),
        update(client, {"program": "ACT"}),
    ]

    answers = [agency.push(ana, *batch) for _ in range(3)]

    assert answers[0] == answers[1] == answers[2]
    assert [a.status for a in answers[0]] == ["applied", "applied"]
    with agency.db.read() as session:
        stored = session.get(RecordRow, client.id)
        assert stored is not None and stored.rev == 2
        assert session.scalar(select(func.count()).select_from(AppliedMutation)) == 3


def test_a_mutation_id_used_by_another_user_is_not_replayed_to_them(agency: Agency) -> None:
    team = agency.team()
    ana, ben = agency.person(team=team), agency.person(team=team)
    client = agency.client(ana)
    agency.assign(client.id, ben)
    mutation = update(client, {"program": "ACT"})
    agency.push(ana, mutation)

    [answer] = agency.push(ben, mutation)

    assert (answer.status, answer.reason_code, answer.record) == (
        "rejected",
        "duplicate_mutation_id",
        None,
    )


def test_a_worker_registering_a_new_client_gets_it_on_their_caseload(agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana)

    note = agency.record(ana, "note", client.id, narrative="first visit")

    assert note.client_id == client.id
    with agency.db.read() as session:
        from fieldcm.server.authz import scope_of

        assert client.id in scope_of(session, ana.who)


@pytest.mark.parametrize("role", ["worker", "admin"])
def test_nobody_can_claim_an_existing_client_by_creating_it(agency: Agency, role: str) -> None:
    owner, intruder = agency.person(), agency.person(role=role)
    client = agency.client(owner)

    [answer] = agency.push(
        intruder,
        create("client", {"preferred_name": "mine"}, client_id=client.id, record_id=client.id),
    )

    assert (answer.status, answer.reason_code, answer.record) == ("rejected", "not_found", None)


def test_an_assigned_client_without_records_cannot_be_registered_by_someone_else(
    agency: Agency,
) -> None:
    owner, intruder = agency.person(), agency.person()
    client_id = new_id()
    agency.assign(client_id, owner)

    [answer] = agency.push(
        intruder, create("client", {"x": 1}, client_id=client_id, record_id=client_id)
    )

    assert answer.reason_code == "not_found"


def test_unknown_kind_and_out_of_scope_are_rejected_without_blocking_the_rest(
    agency: Agency,
) -> None:
    ana, ben = agency.person(), agency.person()
    mine, theirs = agency.client(ana), agency.client(ben)
    batch = [create("note", {"narrative": f"n{i}"}, client_id=mine.id) for i in range(5)]
    batch.insert(1, create("no_such_kind", {"x": 1}, client_id=mine.id))
    batch.insert(3, create("note", {"narrative": "planted"}, client_id=theirs.id))

    answers = agency.push(ana, *batch)

    assert [a.status for a in answers] == ["applied"] + ["rejected", "applied"] * 2 + [
        "applied"
    ] * 2
    assert [answers[1].reason_code, answers[3].reason_code] == ["unknown_kind", "not_found"]
    assert all(a.reason for a in answers if a.status == "rejected")


def test_creating_an_existing_record_with_the_same_values_is_a_no_op(agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana)
    first = create("note", {"narrative": "same"}, client_id=client.id)
    agency.push(ana, first)

    [again] = agency.push(ana, first.model_copy(update={"mutation_id": new_id()}))

    assert again.status == "applied"
    assert again.record is not None and again.record.rev == 1


def test_a_record_id_cannot_move_to_another_client(agency: Agency) -> None:
    ana = agency.person()
    one, two = agency.client(ana), agency.client(ana)
    note = agency.record(ana, "note", one.id, narrative="x")

    [answer] = agency.push(
        ana, create("note", {"narrative": "x"}, client_id=two.id, record_id=note.id)
    )

    assert answer.reason_code == "id_in_use"


def test_update_at_the_current_revision_writes_only_the_named_fields(agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana, added_in_v9={"nested": [1, None]})
    view_without_unknown = client.model_copy(
        update={"fields": {k: v for k, v in client.fields.items() if k != "added_in_v9"}}
    )

    [answer] = agency.push(ana, update(view_without_unknown, {"program": "FACT"}))

    assert answer.status == "applied" and answer.record is not None
    assert answer.record.rev == client.rev + 1
    assert answer.record.fields["added_in_v9"] == {"nested": [1, None]}
    assert answer.record.fields["program"] == "FACT"


def test_an_edit_that_changes_nothing_keeps_the_revision(agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana)

    [answer] = agency.push(ana, update(client, {"program": client.fields["program"]}))

    assert answer.status == "applied" and answer.record is not None
    assert answer.record.rev == client.rev


def test_stale_edits_of_different_fields_merge(agency: Agency) -> None:
    ana = agency.person()
    second = agency.enroll(ana.username)
    client = agency.client(ana)
    agency.push(ana, update(client, {"program": "ACT"}))

    [answer] = agency.push(second, update(client, {"pronouns": "she/her"}))

    assert answer.status == "merged" and answer.record is not None
    assert (answer.record.fields["program"], answer.record.fields["pronouns"]) == ("ACT", "she/her")
    assert answer.record.rev == client.rev + 2


def test_stale_edits_of_the_same_field_keep_both_values_in_a_conflict(agency: Agency) -> None:
    ana = agency.person()
    ben = agency.enroll(ana.username)
    client = agency.client(ana)
    [first] = agency.push(ana, update(client, {"risk_tier": "high", "program": "ACT"}))

    [answer] = agency.push(ben, update(client, {"risk_tier": "moderate", "language": "es"}))

    assert answer.status == "conflict" and answer.record is not None
    [conflict] = answer.conflicts
    assert (conflict.field, conflict.base, conflict.mine, conflict.theirs) == (
        "risk_tier",
        "low",
        "moderate",
        "high",
    )
    assert conflict.mine_by.device_id == ben.who.device_id
    assert conflict.theirs_by is not None and conflict.theirs_by.device_id == ana.who.device_id
    assert answer.record.fields["risk_tier"] == "high", "the record keeps the server's value"
    assert answer.record.fields["language"] == "es", "the rest of the edit is applied"
    with agency.db.read() as session:
        row = session.get(ConflictRow, conflict.id)
        assert row is not None and (row.mine, row.theirs, row.status) == (
            "moderate",
            "high",
            "open",
        )
    assert first.record is not None


def test_a_stale_edit_of_a_deleted_record_is_a_conflict_not_a_resurrection(
    agency: Agency,
) -> None:
    ana = agency.person()
    stale = agency.enroll(ana.username)
    client = agency.client(ana)
    note = agency.record(ana, "note", client.id, narrative="to delete")
    agency.push(ana, delete(note))

    [edit] = agency.push(stale, update(note, {"narrative": "edited offline"}))
    [recreate] = agency.push(
        stale, create("note", {"narrative": "again"}, client_id=client.id, record_id=note.id)
    )

    for answer in (edit, recreate):
        assert answer.status == "conflict" and answer.record is not None
        assert answer.record.deleted
        assert {c.field for c in answer.conflicts} >= {DELETED_FIELD, "narrative"}
    assert any(c.mine == "edited offline" for c in edit.conflicts)


def test_a_stale_delete_of_an_edited_record_is_a_conflict(agency: Agency) -> None:
    ana = agency.person()
    stale = agency.enroll(ana.username)
    client = agency.client(ana)
    note = agency.record(ana, "note", client.id, narrative="v1")
    agency.push(ana, update(note, {"narrative": "v2"}))

    [answer] = agency.push(stale, delete(note))

    assert answer.status == "conflict" and answer.record is not None
    assert not answer.record.deleted
    [conflict] = answer.conflicts
    assert (conflict.field, conflict.base, conflict.mine, conflict.theirs) == (
        DELETED_FIELD,
        False,
        True,
        False,
    )


def test_deleting_a_deleted_record_is_applied_without_a_new_revision(agency: Agency) -> None:
    ana = agency.person()
    stale = agency.enroll(ana.username)
    client = agency.client(ana)
    note = agency.record(ana, "note", client.id, narrative="x")
    [first] = agency.push(ana, delete(note))

    [second] = agency.push(stale, delete(note))

    assert second.status == "applied"
    assert second.record == first.record


def _signed_note(agency: Agency, ana_id: str, client_id: str) -> dict[str, object]:
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    fields = {
        "status": "draft",
        "format": "free",
        "sections": {"narrative": "Client stable."},
        "author_id": ana_id,
        "service_start": "2026-01-05T09:00:00Z",
        "service_end": "2026-01-05T09:45:00Z",
        "location": "home",
        "contact_type": "home",
        "client_present": True,
        "service_code": "T1017",
        "goal_ids": [new_id()],
    }
    signer = Signer(ana_id, "Ana", "LSW", Role.WORKER)
    return sign_note(fields, signer, at=start + timedelta(hours=1))


def test_a_signed_note_cannot_be_edited_or_deleted_by_anyone(agency: Agency) -> None:
    team = agency.team()
    ana = agency.person(team=team)
    boss = agency.person(role="supervisor", team=team)
    client = agency.client(ana)
    note = agency.record(ana, "note", client.id, **_signed_note(agency, ana.who.user_id, client.id))

    answers = [
        *agency.push(ana, update(note, {"sections": {"narrative": "rewritten"}})),
        *agency.push(ana, update(note, {"status": "draft"})),
        *agency.push(boss, update(note, {"location": "office"})),
        *agency.push(boss, delete(note)),
    ]

    assert [a.reason_code for a in answers] == ["record_locked"] * 4
    assert all(
        "addend" in (a.reason or "").lower() or "correction" in (a.reason or "").lower()
        for a in answers
    )


def test_a_note_signed_without_a_valid_signature_is_refused(agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana)
    note = agency.record(ana, "note", client.id, narrative="draft", status="draft")

    [answer] = agency.push(ana, update(note, {"status": "signed"}))

    assert answer.status == "rejected" and answer.reason


def test_append_only_records_cannot_be_changed(agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana)
    note = agency.record(ana, "note", client.id, **_signed_note(agency, ana.who.user_id, client.id))
    fields = addendum_fields(
        note.id,
        note.fields,
        Signer(ana.who.user_id, "Ana", "LSW", Role.WORKER),
        text="Correction: the visit was at the shelter.",
        reason="wrong place",
        at=datetime(2026, 1, 6, 10, 0, tzinfo=UTC),
    )
    addendum = agency.record(ana, "addendum", client.id, **fields)

    [edit] = agency.push(ana, update(addendum, {"text": "rewritten"}))
    [removal] = agency.push(ana, delete(addendum))

    assert (edit.status, removal.status) == ("rejected", "rejected")
    assert edit.reason_code == removal.reason_code == "record_locked"


def test_an_edit_claiming_a_future_revision_is_refused(agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana)
    bogus = update(client, {"program": "X"}).model_copy(update={"base_rev": client.rev + 5})

    [answer] = agency.push(ana, bogus)

    assert answer.reason_code == "invalid_base_rev"


def test_editing_a_record_that_does_not_exist_is_refused(agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana)
    phantom = create("note", {}, client_id=client.id).model_copy(
        update={"op": "update", "base_rev": 2, "changes": {"narrative": FieldChange(new="x")}}
    )

    [answer] = agency.push(ana, phantom)

    assert (answer.status, answer.reason_code) == ("rejected", "not_found")


def test_every_push_is_audited_with_its_outcome_and_no_text(agency: Agency) -> None:
    ana, ben = agency.person(), agency.person()
    client, foreign = agency.client(ana), agency.client(ben)
    marker = f"marker-{new_id()}"

    agency.push(
        ana,
        create("note", {"narrative": marker}, client_id=client.id),
        create("note", {"narrative": marker}, client_id=foreign.id),
    )

    rows = agency.audit_rows()
    pushes = [(r.action, r.outcome, r.client_id) for r in rows if r.action.startswith("push_")]
    assert ("push_create", "applied", client.id) in pushes
    assert ("push_create", "denied", foreign.id) in pushes
    assert not any(marker in str(vars(r)) for r in rows)


def test_a_database_refusal_in_the_fast_path_redoes_the_batch_with_savepoints(
    agency: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana = agency.person()
    client = agency.client(ana)
    batch = [create("note", {"narrative": f"n{i}"}, client_id=client.id) for i in range(3)]
    real, calls = push_module._fast_one, []

    def refused_once(state: Any, mutation: Any, *rest: Any) -> Any:
        calls.append(mutation.mutation_id)
        if len(calls) == 2:
            raise IntegrityError("INSERT", {}, Exception("simulated race with another process"))
        return real(state, mutation, *rest)

    monkeypatch.setattr(push_module, "_fast_one", refused_once)
    answers = agency.push(ana, *batch)

    assert [a.status for a in answers] == ["applied"] * 3
    assert len(calls) == 2, "the careful path took over"
    pushes = [r for r in agency.audit_rows() if r.action == "push_create"]
    assert len(pushes) == 4, "the client's own create plus one row per note, nothing twice"
    with agency.db.read() as session:
        count = session.scalar(
            select(func.count()).select_from(RecordRow).where(RecordRow.kind == "note")
        )
    assert count == 3


def test_a_value_the_database_cannot_store_is_rejected_alone(agency: Agency) -> None:
    ana = agency.person()
    other = agency.enroll(ana.username)
    client = agency.client(ana)
    odd_field = "na\u0000me"  # PostgreSQL text cannot hold NUL; it lands in a conflict row
    agency.push(ana, update(client, {odd_field: "one"}))

    answers = agency.push(
        other,
        create("note", {"narrative": "before"}, client_id=client.id),
        update(client, {odd_field: "two"}),
        create("note", {"narrative": "after"}, client_id=client.id),
    )

    assert [answers[0].status, answers[2].status] == ["applied", "applied"]
    expected = "rejected" if agency.db.is_postgres else "conflict"
    assert answers[1].status == expected
