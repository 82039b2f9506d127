"""The Stanley-Brown safety plan: ordered item lists, phone numbers, currency, printing (D4)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from fieldcm.domain.errors import InvalidFieldError
from fieldcm.domain.safety_plan import (
    STEPS,
    Section,
    add_item,
    dialable,
    empty_plan,
    is_current,
    mark_reviewed,
    missing_steps,
    move_item,
    plan_fields,
    printable,
    read_plan,
    remove_item,
    tel_uri,
    update_item,
)

from .conftest import T0, at


def full_plan():  # type: ignore[no-untyped-def]
    plan = empty_plan()
    for step in STEPS:
        plan = add_item(plan, step, f"synthetic {step.value}", item_id=f"id-{step.value}")
    return plan


def test_sections_are_the_six_steps_in_order_then_reasons_for_living() -> None:
    assert [s.value for s in STEPS] == [
        "warning_signs",
        "coping_strategies",
        "social_distractions",
        "help_contacts",
        "professional_contacts",
        "environment_safety",
    ]
    assert list(Section)[-1] is Section.REASONS_FOR_LIVING


@pytest.mark.parametrize(
    ("phone", "expected"),
    [
        ("988", "988"),
        ("(555) 010-0199", "5550100199"),
        ("+1 555.010.0199", "+15550100199"),
        ("555-0100", "5550100"),
    ],
)
def test_dialable_numbers(phone: str, expected: str) -> None:
    assert dialable(phone) == expected
    assert tel_uri(phone) == "tel:" + expected


@pytest.mark.parametrize("phone", ["", "12", "call me", "555-0100 ext", "1" * 16, "+"])
def test_non_numbers_are_refused(phone: str) -> None:
    with pytest.raises(InvalidFieldError, match="phone"):
        dialable(phone)


def test_items_keep_order_and_can_be_moved_edited_removed() -> None:
    plan = empty_plan()
    for n in range(3):
        plan = add_item(plan, Section.COPING_STRATEGIES, f"strategy {n}", item_id=f"s{n}")
    plan = move_item(plan, Section.COPING_STRATEGIES, "s2", 0)
    assert [i.id for i in plan.items(Section.COPING_STRATEGIES)] == ["s2", "s0", "s1"]
    plan = update_item(plan, Section.COPING_STRATEGIES, "s0", "  walk the dog  ")
    assert plan.items(Section.COPING_STRATEGIES)[1].text == "walk the dog"
    plan = remove_item(plan, Section.COPING_STRATEGIES, "s2")
    assert [i.id for i in plan.items(Section.COPING_STRATEGIES)] == ["s0", "s1"]


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda p: add_item(p, Section.WARNING_SIGNS, "   "), "some words"),
        (lambda p: add_item(p, Section.WARNING_SIGNS, "x", phone="988"), "phone numbers"),
        (lambda p: add_item(p, Section.HELP_CONTACTS, "x", phone="none"), "phone"),
        (lambda p: add_item(p, Section.WARNING_SIGNS, "x", item_id="id-warning_signs"), "exists"),
        (lambda p: update_item(p, Section.WARNING_SIGNS, "missing", "x"), "no item"),
        (lambda p: remove_item(p, Section.HELP_CONTACTS, "id-warning_signs"), "no item"),
        (lambda p: move_item(p, Section.WARNING_SIGNS, "id-warning_signs", 5), "outside"),
    ],
)
def test_bad_edits_are_refused(action, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidFieldError, match=message):
        action(full_plan())


def test_fields_round_trip_and_keep_unknown_item_keys() -> None:
    plan = add_item(full_plan(), Section.HELP_CONTACTS, "Aunt (synthetic)", phone="555-0100")
    fields = plan_fields(mark_reviewed(plan, at=T0, by="worker-1"))
    fields["help_contacts"][0]["color"] = "blue"  # a key a newer client added
    again = read_plan(fields)
    assert again.reviewed_at == T0
    assert plan_fields(again)["help_contacts"][0]["color"] == "blue"
    assert again.items(Section.HELP_CONTACTS)[1].phone == "555-0100"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"warning_signs": "not a list"}, "list of items"),
        ({"warning_signs": ["text"]}, "object"),
        ({"warning_signs": [{"text": "x"}]}, "id and text"),
        ({"warning_signs": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}]}, "share an id"),
        ({"help_contacts": [{"id": "a", "text": "x", "phone": 988}]}, "must be text"),
        ({"reviewed_at": "yesterday"}, "reviewed_at"),
    ],
)
def test_malformed_plans_are_refused(raw: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidFieldError, match=message):
        read_plan(raw)


def test_missing_steps_in_order() -> None:
    plan = add_item(empty_plan(), Section.HELP_CONTACTS, "x")
    assert missing_steps(plan)[:2] == (Section.WARNING_SIGNS, Section.COPING_STRATEGIES)
    assert Section.HELP_CONTACTS not in missing_steps(plan)
    assert missing_steps(full_plan()) == ()


@pytest.mark.parametrize(
    ("reviewed", "risk_changed", "now", "current"),
    [
        (None, None, at(1), False),
        (at(0), None, at(days=90), True),
        (at(0), None, at(days=90, minutes=1), False),
        (at(0), at(-1), at(1), True),
        (at(0), at(0), at(1), True),
        (at(0), at(1), at(2), False),
    ],
)
def test_is_current(reviewed, risk_changed, now, current: bool) -> None:  # type: ignore[no-untyped-def]
    plan = full_plan()
    if reviewed is not None:
        plan = mark_reviewed(plan, at=reviewed, by="w")
    assert is_current(plan, now=now, review_days=90, risk_changed_at=risk_changed) is current


def test_incomplete_plan_is_never_current() -> None:
    plan = mark_reviewed(
        remove_item(full_plan(), Section.ENVIRONMENT_SAFETY, "id-environment_safety"), at=T0, by="w"
    )
    assert not is_current(plan, now=T0 + timedelta(minutes=1), review_days=90)


def test_printed_plan_always_has_the_crisis_line() -> None:
    printed = printable(full_plan(), crisis_line="Call or text 988")
    assert [p.title.split(":")[0] for p in printed[:6]] == [f"Step {n}" for n in range(1, 7)]
    step5 = printed[4]
    assert step5.lines[-1] == "Call or text 988" and step5.phones[-1] == "988"
    plan = add_item(full_plan(), Section.PROFESSIONAL_CONTACTS, "Call or text 988", phone="988")
    assert printable(plan, crisis_line="Call or text 988")[4].lines.count("Call or text 988") == 1
