"""The safety plan's history: what changed between two versions, item by item."""

from __future__ import annotations

from datetime import UTC, datetime

from fieldcm.domain.safety_plan import (
    ChangeKind,
    SafetyPlan,
    Section,
    add_item,
    empty_plan,
    mark_reviewed,
    move_item,
    plan_changes,
    remove_item,
    update_item,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _base() -> SafetyPlan:
    plan = add_item(empty_plan(), Section.WARNING_SIGNS, "Not sleeping", item_id="w1")
    plan = add_item(plan, Section.WARNING_SIGNS, "Skipping meals", item_id="w2")
    return add_item(plan, Section.HELP_CONTACTS, "Aunt Dee", phone="555-0100", item_id="h1")


def test_a_new_plan_lists_every_item_as_added_in_section_order() -> None:
    changes = plan_changes(None, _base())
    assert [(c.kind, c.section, c.after.text if c.after else None) for c in changes] == [
        (ChangeKind.ADDED, Section.WARNING_SIGNS, "Not sleeping"),
        (ChangeKind.ADDED, Section.WARNING_SIGNS, "Skipping meals"),
        (ChangeKind.ADDED, Section.HELP_CONTACTS, "Aunt Dee"),
    ]


def test_identical_versions_have_no_changes() -> None:
    assert plan_changes(_base(), _base()) == ()


def test_added_removed_and_changed_items_are_matched_by_id() -> None:
    before = _base()
    after = remove_item(before, Section.WARNING_SIGNS, "w1")
    after = update_item(after, Section.HELP_CONTACTS, "h1", "Aunt Dee (evenings)", phone="555-0199")
    after = add_item(after, Section.COPING_STRATEGIES, "Walk the dog", item_id="c1")
    changes = plan_changes(before, after)
    kinds = [(c.kind, c.section) for c in changes]
    assert kinds == [
        (ChangeKind.REMOVED, Section.WARNING_SIGNS),
        (ChangeKind.ADDED, Section.COPING_STRATEGIES),
        (ChangeKind.CHANGED, Section.HELP_CONTACTS),
    ]
    changed = changes[2]
    assert changed.before is not None and changed.after is not None
    assert (changed.before.text, changed.before.phone) == ("Aunt Dee", "555-0100")
    assert (changed.after.text, changed.after.phone) == ("Aunt Dee (evenings)", "555-0199")
    assert changes[0].before is not None and changes[0].before.text == "Not sleeping"


def test_a_phone_change_alone_is_a_change() -> None:
    after = update_item(_base(), Section.HELP_CONTACTS, "h1", "Aunt Dee", phone="555-0142")
    (change,) = plan_changes(_base(), after)
    assert change.kind is ChangeKind.CHANGED


def test_reordering_is_reported_once_per_section_with_both_orders() -> None:
    after = move_item(_base(), Section.WARNING_SIGNS, "w2", 0)
    (change,) = plan_changes(_base(), after)
    assert change.kind is ChangeKind.REORDERED
    assert change.order_before == ("Not sleeping", "Skipping meals")
    assert change.order_after == ("Skipping meals", "Not sleeping")


def test_removing_an_item_is_not_also_a_reordering() -> None:
    plan = add_item(_base(), Section.WARNING_SIGNS, "Pacing", item_id="w3")
    after = remove_item(plan, Section.WARNING_SIGNS, "w2")
    assert [c.kind for c in plan_changes(plan, after)] == [ChangeKind.REMOVED]


def test_a_review_and_where_the_plan_is_kept_are_changes() -> None:
    from dataclasses import replace

    after = replace(mark_reviewed(_base(), at=T0, by="Sam Rivera"), kept_where="Wallet")
    changes = plan_changes(_base(), after)
    assert [c.kind for c in changes] == [ChangeKind.REVIEWED, ChangeKind.KEPT_WHERE]
    assert (changes[0].reviewed_at, changes[0].reviewed_by) == (T0, "Sam Rivera")
    assert changes[1].kept_where == "Wallet"
