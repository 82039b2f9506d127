"""Devices converge through the real server: edits, merges, conflicts, deletions, rejections."""

from __future__ import annotations

from fieldcm.domain.safety_plan import plan_id_for
from fieldcm.services.safety_plans import save_plan
from fieldcm.sync.protocol import DELETED_FIELD

from .laptops import (
    Office,
    assert_matches_server,
    conflict_keys,
    item,
    plan_fields,
    snapshot,
)


def test_three_laptops_converge_after_edits_and_two_syncs(office: Office) -> None:
    ana, ben = office.person(), office.person()
    a1, a2, b = office.laptop(ana), office.laptop(ana), office.laptop(ben)
    client = a1.new_client()
    note = a1.new_note(client, "First visit (synthetic).")
    assert a1.sync().ok
    office.server.assign(client, ben)
    for laptop in (a2, b):
        assert laptop.sync().ok
        assert laptop.get(note) is not None

    # Offline edits on all three: different fields of one note, a new note, a client field.
    a1.update(note, {"narrative": "Narrative from a1."})
    a2.update(note, {"service_end": "2026-01-05T10:00:00Z"})
    b.new_note(client, "Ben's visit (synthetic).")
    b.update(client, {"program": "Housing First"})

    for _round in range(2):
        for laptop in (a1, a2, b):
            result = laptop.sync()
            assert result.ok, result.message

    assert snapshot(a1) == snapshot(a2) == snapshot(b)
    merged = a1.get(note)
    assert merged is not None
    assert merged.fields["narrative"] == "Narrative from a1."
    assert merged.fields["service_end"] == "2026-01-05T10:00:00Z"
    assert a1.conflicts() == []
    for laptop in (a1, a2, b):
        assert_matches_server(laptop)


def test_safety_plan_items_added_on_two_laptops_merge_item_by_item(office: Office) -> None:
    worker = office.person()
    one, two = office.laptop(worker), office.laptop(worker)
    client = one.new_client()
    plan = one.create("safety_plan", client, plan_fields(warning_signs=[item("Not sleeping")])).id
    assert one.sync().ok and two.sync().ok

    def add(laptop, text):  # type: ignore[no-untyped-def]
        current = laptop.get(plan)
        laptop.update(plan, {"warning_signs": [*current.fields["warning_signs"], item(text)]})

    add(one, "Skipping meals")
    add(two, "Calling in sick")
    for laptop in (one, two, one):
        assert laptop.sync().ok

    texts = {i["text"] for i in one.get(plan).fields["warning_signs"]}  # type: ignore[union-attr]
    assert texts == {"Not sleeping", "Skipping meals", "Calling in sick"}
    assert snapshot(one) == snapshot(two)
    assert one.conflicts() == [] and two.conflicts() == []


def test_the_same_field_edited_on_two_laptops_is_kept_as_a_conflict_on_both(
    office: Office,
) -> None:
    worker = office.person()
    one, two = office.laptop(worker), office.laptop(worker)
    client = one.new_client()
    note = one.new_note(client, "Original (synthetic).")
    assert one.sync().ok and two.sync().ok

    one.update(note, {"narrative": "Laptop one's wording."})
    two.update(note, {"narrative": "Laptop two's wording."})
    for laptop in (one, two, one, two):
        assert laptop.sync().ok

    assert snapshot(one) == snapshot(two)
    assert conflict_keys(one) == conflict_keys(two) != set()
    [conflict] = one.conflicts()
    assert {conflict.mine, conflict.theirs} == {"Laptop one's wording.", "Laptop two's wording."}
    assert conflict.field == "narrative"


def test_one_invalid_mutation_among_100_waits_with_its_reason_and_99_sync(
    office: Office,
) -> None:
    worker, stranger = office.person(), office.person()
    laptop, outsider = office.laptop(worker), office.laptop(stranger)
    other_client = outsider.new_client()
    assert outsider.sync().ok
    client = laptop.new_client()
    assert laptop.sync().ok

    notes = [laptop.new_note(client, f"Visit {n} (synthetic).") for n in range(99)]
    # A note for a client this worker may not see: the server refuses it, as for any
    # record outside the caseload, and the other 99 must not wait for it.
    bad = laptop.new_note(other_client, "Note for the wrong client (synthetic).")
    notes.insert(50, bad)

    result = laptop.sync(batch_size=40)
    assert result.ok, result.message
    assert result.push.applied == 99
    assert result.push.rejected == 1
    [waiting] = laptop.attention()
    assert waiting.record_id == bad
    assert waiting.reason_code == "not_found"
    assert waiting.reason
    held = outsider.transport().fetch  # the outsider's client holds no stray note
    assert bad not in {r.id for r in held(_fetch(other_client)).records}

    again = laptop.sync()
    assert again.ok and again.push.answered == 0
    assert [e.record_id for e in laptop.attention()] == [bad]
    assert laptop.outbox_count() == 1


def test_a_deletion_against_a_stale_edit_is_a_conflict_and_never_resurrects(
    office: Office,
) -> None:
    worker = office.person()
    fresh, stale = office.laptop(worker), office.laptop(worker)
    client = fresh.new_client()
    note = fresh.new_note(client, "To be deleted (synthetic).")
    assert fresh.sync().ok and stale.sync().ok

    fresh.delete(note)
    assert fresh.sync().ok
    stale.update(note, {"narrative": "Edited on a laptop that had not heard (synthetic)."})
    result = stale.sync()
    assert result.ok and result.push.conflict == 1
    assert fresh.sync().ok and stale.sync().ok

    for laptop in (fresh, stale):
        record = laptop.get(note)
        assert record is not None and record.deleted
    assert snapshot(fresh) == snapshot(stale)
    conflicts = stale.conflicts()
    assert DELETED_FIELD in {c.field for c in conflicts}
    edited = [c for c in conflicts if c.field == "narrative"]
    assert [c.mine for c in edited] == ["Edited on a laptop that had not heard (synthetic)."]
    assert_matches_server(fresh)
    assert_matches_server(stale)


def _fetch(client_id: str):  # type: ignore[no-untyped-def]
    from fieldcm.sync.protocol import FetchRequest

    return FetchRequest(client_ids=[client_id])


def test_plans_started_offline_on_two_laptops_become_one_plan(office: Office) -> None:
    worker = office.person()
    one, two = office.laptop(worker), office.laptop(worker)
    client = one.new_client()
    assert one.sync().ok and two.sync().ok

    def start_plan(laptop, text):  # type: ignore[no-untyped-def]
        edited = plan_fields(warning_signs=[item(text)])
        laptop.write(lambda uow: save_plan(uow, client, plan_fields(), edited))

    start_plan(one, "Not sleeping")
    start_plan(two, "Skipping meals")
    for _round in range(2):
        assert one.sync().ok and two.sync().ok

    plans = [r for r in one.records().values() if r.kind == "safety_plan"]
    assert [p.id for p in plans] == [plan_id_for(client)]
    texts = {i["text"] for i in plans[0].fields["warning_signs"]}
    assert texts == {"Not sleeping", "Skipping meals"}
    assert one.conflicts() == [] and two.conflicts() == []
    assert snapshot(one) == snapshot(two)
