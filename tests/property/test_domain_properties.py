"""Properties of the domain rules over generated inputs (seeded and bounded: runs by default)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldcm.domain import cssrs
from fieldcm.domain.billing import PayerRule, billable_units
from fieldcm.domain.business_days import add_business_days, business_days_between, is_business_day
from fieldcm.domain.errors import DomainError
from fieldcm.domain.notes import NoteFormat, Signer, new_note_fields
from fieldcm.domain.passphrase import check_passphrase, normalize
from fieldcm.domain.safety_plan import (
    Section,
    add_item,
    empty_plan,
    plan_fields,
    read_plan,
    remove_item,
)
from fieldcm.domain.screening import GAD7, PHQ9
from fieldcm.domain.signing import check_note_change, sign_note

BOUNDED = settings(max_examples=150, derandomize=True, deadline=None)
answer = st.integers(min_value=0, max_value=3)


@BOUNDED
@given(st.lists(answer, min_size=9, max_size=9))
def test_phq9_is_the_sum_read_through_its_band(answers: list[int]) -> None:
    result = PHQ9.score(answers)
    assert result.total == sum(answers)
    assert result.band.low <= result.total <= result.band.high
    assert result.positive is (result.total >= 10)
    assert result.requires_cssrs is (answers[8] > 0)


@BOUNDED
@given(st.lists(answer, min_size=7, max_size=7))
def test_gad7_never_escalates_to_cssrs(answers: list[int]) -> None:
    result = GAD7.score(answers)
    assert result.total == sum(answers) and not result.requires_cssrs


@st.composite
def cssrs_answers(draw: st.DrawFn) -> cssrs.Answers:
    """Complete answer sets that follow the skip rule."""
    yes = st.booleans()
    answers = {1: draw(yes), 2: draw(yes)}
    if answers[2]:
        answers |= {3: draw(yes), 4: draw(yes), 5: draw(yes)}
    answers[6] = draw(yes)
    recent = draw(yes) if answers[6] else None
    return cssrs.Answers.of(answers, recent)


RANK = {
    cssrs.RiskLevel.NONE: 0,
    cssrs.RiskLevel.LOW: 1,
    cssrs.RiskLevel.MODERATE: 2,
    cssrs.RiskLevel.HIGH: 3,
}


@BOUNDED
@given(cssrs_answers(), st.integers(min_value=1, max_value=6))
def test_cssrs_saying_yes_more_never_lowers_risk(answers: cssrs.Answers, question: int) -> None:
    before = cssrs.screen(answers)
    q = cssrs.Question(question)
    if q not in answers.by_question or answers.by_question[q]:
        return
    raised = dict(answers.by_question) | {q: True}
    recency = answers.behavior_within_3_months
    if q is cssrs.Question.BEHAVIOR:
        recency = False
    if q is cssrs.Question.SUICIDAL_THOUGHTS:
        raised |= {
            cssrs.Question.METHOD: False,
            cssrs.Question.INTENT: False,
            cssrs.Question.PLAN: False,
        }
    after = cssrs.screen(cssrs.Answers(raised, recency))
    assert RANK[after.risk] >= RANK[before.risk]
    assert before.actions <= after.actions or RANK[after.risk] > RANK[before.risk]


@BOUNDED
@given(
    st.integers(min_value=0, max_value=24 * 60), st.sampled_from([15, 30, 60]), st.integers(0, 30)
)
def test_units_grow_with_minutes_and_stay_within_half_a_unit(
    minutes: int, unit: int, minimum: int
) -> None:
    rule = PayerRule("p", unit_minutes=unit, minimum_minutes=minimum)
    units = billable_units(minutes, rule)
    assert billable_units(minutes + 1, rule) >= units
    if units > 1:
        assert abs(units * unit - minutes) <= unit / 2


@BOUNDED
@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(0, 40),
    st.sets(st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 3, 1)), max_size=10),
)
def test_add_business_days_lands_on_a_business_day(
    start: date, count: int, holidays: set[date]
) -> None:
    end = add_business_days(start, count, holidays)
    assert business_days_between(start, end, holidays) == count
    if count:
        assert is_business_day(end, holidays)


AUTHOR = Signer("worker-1", "Sam Example", "QMHP-CS")
T0 = datetime(2026, 1, 6, 15, tzinfo=UTC)
CONTENT_FIELDS = [
    "location",
    "service_code",
    "contact_type",
    "goal_ids",
    "sections",
    "service_end",
    "future_field",
]


def signed_note() -> dict[str, object]:
    fields = new_note_fields(
        author_id=AUTHOR.user_id,
        note_format=NoteFormat.FREE,
        service_start=T0,
        service_end=T0 + timedelta(minutes=40),
        client_present=False,
    )
    fields |= {
        "sections": {"narrative": "Synthetic."},
        "location": "Phone",
        "contact_type": "phone",
        "service_code": "T1017",
        "goal_ids": ["g"],
    }
    return sign_note(fields, AUTHOR, at=T0 + timedelta(hours=1))


@BOUNDED
@given(
    st.sampled_from(CONTENT_FIELDS),
    st.one_of(st.text(max_size=20), st.integers(), st.lists(st.text(max_size=5), max_size=3)),
)
def test_no_change_to_a_signed_note_gets_through(field: str, value: object) -> None:
    base = signed_note()
    if base.get(field) == value:
        return
    with pytest.raises(DomainError):
        check_note_change(base, {**base, field: value})


@BOUNDED
@given(st.text(max_size=80))
def test_passphrase_check_is_total_and_normalization_is_idempotent(text: str) -> None:
    check_passphrase(text, context=["Synthetic Agency"])
    assert normalize(normalize(text)) == normalize(text)


@BOUNDED
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(Section)),
            st.text(min_size=1, max_size=20).filter(str.strip),
            st.booleans(),
        ),
        max_size=12,
    )
)
def test_safety_plan_edits_round_trip_through_fields(ops: list[tuple[Section, str, bool]]) -> None:
    plan = empty_plan()
    for n, (section, text, remove_last) in enumerate(ops):
        plan = add_item(plan, section, text, item_id=f"i{n}")
        if remove_last:
            plan = remove_item(plan, section, f"i{n}")
    assert read_plan(plan_fields(plan)) == plan
