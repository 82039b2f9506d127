"""Suicide-risk escalation: what blocks closing an encounter and which alerts are raised."""

from __future__ import annotations

from datetime import datetime

import pytest

from fieldcm.domain import cssrs
from fieldcm.domain.alerts import AlertType
from fieldcm.domain.assessments import Assessment, cssrs_fields, read_assessment, screen_fields
from fieldcm.domain.escalation import (
    EncounterNotReadyError,
    alerts_for,
    closure_problems,
    ensure_can_close,
)
from fieldcm.domain.safety_plan import STEPS, SafetyPlan, add_item, empty_plan, mark_reviewed

from .conftest import T0, at

Y, N = True, False
NO_RISK = {1: N, 2: N, 6: N}
LOW = {1: Y, 2: N, 6: N}
HIGH = {1: Y, 2: Y, 3: Y, 4: Y, 5: N, 6: N}


def phq9(item9: int, when: datetime) -> Assessment:
    return read_assessment(screen_fields("phq9", [1] * 8 + [item9], administered_at=when))


def screener(answers: dict[int, bool], when: datetime) -> Assessment:
    return read_assessment(cssrs_fields(cssrs.Answers.of(answers), administered_at=when))


def complete_plan(reviewed: datetime | None) -> SafetyPlan:
    plan = empty_plan()
    for step in STEPS:
        plan = add_item(plan, step, f"synthetic {step.value}")
    return plan if reviewed is None else mark_reviewed(plan, at=reviewed, by="worker-1")


CASES = [
    # name, assessments, plan, supervisor notified, expected blocking codes
    ("nothing recorded", [], None, False, []),
    ("phq9 item9 zero", [phq9(0, at(0))], None, False, []),
    ("phq9 item9 without cssrs", [phq9(1, at(0))], None, False, ["cssrs_required"]),
    (
        "cssrs before the phq9 does not count",
        [screener(NO_RISK, at(0)), phq9(2, at(5))],
        None,
        False,
        ["cssrs_required"],
    ),
    ("cssrs after phq9, no risk", [phq9(1, at(0)), screener(NO_RISK, at(5))], None, False, []),
    ("low risk needs no plan", [phq9(1, at(0)), screener(LOW, at(5))], None, False, []),
    (
        "high risk, nothing done",
        [phq9(3, at(0)), screener(HIGH, at(5))],
        None,
        False,
        ["current_safety_plan_required", "supervisor_notification_required"],
    ),
    (
        "high risk, plan reviewed before the screen",
        [screener(HIGH, at(5))],
        complete_plan(at(-60)),
        True,
        ["current_safety_plan_required"],
    ),
    (
        "high risk, plan never reviewed",
        [screener(HIGH, at(5))],
        complete_plan(None),
        True,
        ["current_safety_plan_required"],
    ),
    (
        "high risk, incomplete plan",
        [screener(HIGH, at(5))],
        mark_reviewed(empty_plan(), at=at(10), by="w"),
        True,
        ["current_safety_plan_required"],
    ),
    (
        "high risk, plan reviewed after, supervisor not told",
        [screener(HIGH, at(5))],
        complete_plan(at(10)),
        False,
        ["supervisor_notification_required"],
    ),
    ("high risk, all done", [screener(HIGH, at(5))], complete_plan(at(10)), True, []),
    (
        "a later low screen does not cancel an earlier high one",
        [screener(HIGH, at(5)), screener(LOW, at(20))],
        None,
        True,
        ["current_safety_plan_required"],
    ),
]


@pytest.mark.parametrize(
    ("assessments", "plan", "notified", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_closure_problems(
    assessments: list[Assessment], plan: SafetyPlan | None, notified: bool, expected: list[str]
) -> None:
    problems = closure_problems(
        assessments, safety_plan=plan, supervisor_notified=notified, now=at(30), review_days=90
    )
    assert [p.code for p in problems] == expected


def test_ensure_can_close_raises_with_every_problem() -> None:
    with pytest.raises(EncounterNotReadyError) as raised:
        ensure_can_close(
            [screener(HIGH, T0)],
            safety_plan=None,
            supervisor_notified=False,
            now=at(1),
            review_days=90,
        )
    assert len(raised.value.problems) == 2
    assert raised.value.code == "encounter_not_ready"
    ensure_can_close(
        [screener(HIGH, T0)],
        safety_plan=complete_plan(at(1)),
        supervisor_notified=True,
        now=at(2),
        review_days=90,
    )


@pytest.mark.parametrize(
    ("assessment", "types", "supervisor"),
    [
        (phq9(0, T0), [], False),
        (phq9(1, T0), [AlertType.CSSRS_REQUIRED], False),
        (screener(NO_RISK, T0), [], False),
        (screener(LOW, T0), [AlertType.SAFETY_FLAG, AlertType.SAFETY_PLAN_REVIEW], False),
        (
            screener(HIGH, T0),
            [
                AlertType.SAFETY_FLAG,
                AlertType.SAFETY_PLAN_REVIEW,
                AlertType.SUPERVISOR_NOTIFICATION,
            ],
            True,
        ),
    ],
)
def test_alerts_raised(assessment: Assessment, types: list[AlertType], supervisor: bool) -> None:
    alerts = alerts_for(assessment, source_id="a-1")
    assert [a.type for a in alerts] == types
    assert all(a.source_id == "a-1" and a.raised_at == T0 for a in alerts)
    assert any(a.notify == "supervisor" for a in alerts) is supervisor
