"""Payer rules: completeness before signing, units, signing deadlines, late entry (D6)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from fieldcm.domain.billing import (
    DEFAULT_RULE,
    DeadlineState,
    PayerRule,
    billable_units,
    blocking,
    deadline_state,
    is_late_entry,
    note_problems,
    signing_deadline,
)
from fieldcm.domain.notes import Signer

from .conftest import T0, at
from .notes_helpers import AUTHOR, draft, iso

CMS = PayerRule("cms", unit_minutes=15, minimum_minutes=8)
BROWARD = PayerRule("broward", unit_minutes=15, minimum_minutes=15)


@pytest.mark.parametrize(
    ("minutes", "rule", "units"),
    [
        (0, CMS, 0),
        (7, CMS, 0),
        (8, CMS, 1),
        (22, CMS, 1),
        (23, CMS, 2),
        (37, CMS, 2),
        (38, CMS, 3),
        (52, CMS, 3),
        (53, CMS, 4),
        (14, BROWARD, 0),
        (15, BROWARD, 1),
        (60, PayerRule("hourly", unit_minutes=60, minimum_minutes=15), 1),
        (89, PayerRule("hourly", unit_minutes=60, minimum_minutes=15), 1),
        (90, PayerRule("hourly", unit_minutes=60, minimum_minutes=15), 2),
    ],
)
def test_units_follow_the_midpoint_rule(minutes: int, rule: PayerRule, units: int) -> None:
    assert billable_units(minutes, rule) == units


def test_bad_rule_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        PayerRule("x", unit_minutes=0)


CENTRAL = ZoneInfo("America/Chicago")
FRIDAY_EVENING = datetime(2026, 1, 9, 17, 30, tzinfo=CENTRAL)


@pytest.mark.parametrize(
    ("rule", "holidays", "expected"),
    [
        (PayerRule("none"), (), None),
        (PayerRule("crisis", signing_deadline_hours=24), (), FRIDAY_EVENING + timedelta(hours=24)),
        (
            PayerRule("texas", signing_deadline_business_days=2),
            (),
            datetime(2026, 1, 13, 23, 59, 59, 999999, tzinfo=CENTRAL),
        ),
        (
            PayerRule("texas", signing_deadline_business_days=2),
            (date(2026, 1, 12),),
            datetime(2026, 1, 14, 23, 59, 59, 999999, tzinfo=CENTRAL),
        ),
        (
            PayerRule("ca", signing_deadline_business_days=3),
            (),
            datetime(2026, 1, 14, 23, 59, 59, 999999, tzinfo=CENTRAL),
        ),
        (
            PayerRule("both", signing_deadline_hours=24, signing_deadline_business_days=2),
            (),
            FRIDAY_EVENING + timedelta(hours=24),
        ),
    ],
)
def test_signing_deadline(
    rule: PayerRule, holidays: tuple[date, ...], expected: datetime | None
) -> None:
    assert signing_deadline(FRIDAY_EVENING, rule, zone=CENTRAL, holidays=holidays) == expected


def test_business_day_deadline_uses_the_agency_zone_for_the_service_date() -> None:
    # 02:00 UTC on Saturday is still Friday evening in Chicago.
    end = datetime(2026, 1, 10, 2, 0, tzinfo=UTC)
    deadline = signing_deadline(
        end, PayerRule("tx", signing_deadline_business_days=2), zone=CENTRAL
    )
    assert deadline is not None and deadline.date() == date(2026, 1, 13)


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (at(-48 * 60), DeadlineState.OPEN),
        (at(-24 * 60), DeadlineState.DUE_SOON),
        (at(0), DeadlineState.DUE_SOON),
        (at(1), DeadlineState.OVERDUE),
    ],
)
def test_deadline_state(now: datetime, state: DeadlineState) -> None:
    assert deadline_state(T0, now) is state
    assert deadline_state(None, now) is DeadlineState.NO_DEADLINE


@pytest.mark.parametrize(
    ("signed_after_hours", "late"), [(1, False), (72, False), (72.01, True), (200, True)]
)
def test_late_entry_threshold(signed_after_hours: float, late: bool) -> None:
    assert is_late_entry(T0, at(hours=signed_after_hours), DEFAULT_RULE) is late


def test_a_complete_note_has_no_problems() -> None:
    assert note_problems(draft(), rule=DEFAULT_RULE, signer=AUTHOR, now=at(60)) == ()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"service_start": None}, "service_start"),
        ({"service_end": None}, "service_end"),
        ({"location": "  "}, "location"),
        ({"contact_type": None}, "contact_type"),
        ({"client_present": None}, "client_present"),
        ({"service_code": ""}, "service_code"),
        ({"goal_ids": []}, "goal_ids"),
        ({"sections": {"data": "x", "assessment": "", "plan": "y"}}, "sections"),
        ({"sections": {"data": "x", "plan": "y"}}, "sections"),
    ],
)
def test_each_missing_required_field_blocks_signing(
    overrides: dict[str, object], field: str
) -> None:
    problems = note_problems(draft(**overrides), rule=DEFAULT_RULE, signer=AUTHOR, now=at(60))
    assert [(p.field, p.blocking) for p in problems] == [(field, True)]


def test_credentials_are_required_of_the_signer() -> None:
    nobody = Signer("worker-1", "Sam Example", "")
    problems = note_problems(draft(), rule=DEFAULT_RULE, signer=nobody, now=at(60))
    assert [p.field for p in problems] == ["credentials"]


def test_payer_specific_and_agency_added_fields() -> None:
    rule = PayerRule("ok", required_fields=("participants_text", "member_satisfaction"))
    problems = note_problems(draft(), rule=rule, signer=AUTHOR, now=at(60))
    assert [p.field for p in problems] == ["participants_text", "member_satisfaction"]
    filled = draft(participants_text="Client", member_satisfaction="satisfied")
    assert note_problems(filled, rule=rule, signer=AUTHOR, now=at(60)) == ()


@pytest.mark.parametrize(
    ("fields", "code", "is_blocking"),
    [
        (draft(0), "end_before_start", True),
        (draft(service_end=iso(at(-5))), "end_before_start", True),
        (draft(25 * 60), "too_long", True),
        (draft(5), "below_minimum", False),
    ],
)
def test_time_checks(fields: dict[str, object], code: str, is_blocking: bool) -> None:
    problems = note_problems(fields, rule=DEFAULT_RULE, signer=AUTHOR, now=at(days=2))
    assert [(p.code, p.blocking) for p in problems] == [(code, is_blocking)]
    assert bool(blocking(problems)) is is_blocking


def test_a_service_that_has_not_ended_cannot_be_signed() -> None:
    problems = note_problems(draft(45), rule=DEFAULT_RULE, signer=AUTHOR, now=at(30))
    assert [p.code for p in problems] == ["in_future"]
