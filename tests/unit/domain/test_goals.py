"""Care-plan goals: status transitions, objectives, overdue (DESIGN.md CarePlan/ISP)."""

from __future__ import annotations

from datetime import date

import pytest

from fieldcm.domain.errors import InvalidFieldError, InvalidTransitionError
from fieldcm.domain.goals import (
    GoalStatus,
    LifeDomain,
    add_objective,
    change_status,
    is_overdue,
    new_goal,
    read_goal,
    set_objective_done,
)

TARGET = date(2026, 6, 30)
S = GoalStatus


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ([S.ACTIVE], True),
        ([S.DISCONTINUED], True),
        ([S.MET], False),
        ([S.ACTIVE, S.MET], True),
        ([S.ACTIVE, S.NOT_MET, S.ACTIVE], True),
        ([S.ACTIVE, S.PROPOSED], False),
        ([S.ACTIVE, S.MET, S.NOT_MET], False),
        ([S.ACTIVE, S.ACTIVE], False),
    ],
)
def test_status_transitions(path: list[GoalStatus], allowed: bool) -> None:
    goal = new_goal("Move into stable housing by June", LifeDomain.HOUSING, target_date=TARGET)

    def walk() -> None:
        g = goal
        for status in path:
            g = change_status(g, status)

    if allowed:
        walk()
    else:
        with pytest.raises(InvalidTransitionError):
            walk()


def test_active_goal_needs_a_target_date() -> None:
    with pytest.raises(InvalidFieldError, match="target date"):
        change_status(new_goal("Get an ID card", LifeDomain.INCOME_BENEFITS), S.ACTIVE)


def test_blank_statement_is_refused() -> None:
    with pytest.raises(InvalidFieldError, match="statement"):
        new_goal("   ", LifeDomain.OTHER)


def test_objectives_and_round_trip() -> None:
    goal = add_objective(
        new_goal("Get an ID card", LifeDomain.OTHER, target_date=TARGET),
        "Request birth certificate",
        objective_id="o1",
    )
    goal = set_objective_done(goal, "o1", True)
    fields = goal.to_fields()
    assert fields["objectives"] == [{"id": "o1", "text": "Request birth certificate", "done": True}]
    assert read_goal(fields) == goal
    with pytest.raises(InvalidFieldError):
        set_objective_done(goal, "missing", True)
    with pytest.raises(InvalidFieldError):
        add_objective(goal, " ")


@pytest.mark.parametrize(
    ("status", "today", "overdue"),
    [
        (S.ACTIVE, date(2026, 6, 30), False),
        (S.ACTIVE, date(2026, 7, 1), True),
        (S.MET, date(2026, 7, 1), False),
    ],
)
def test_overdue(status: GoalStatus, today: date, overdue: bool) -> None:
    goal = new_goal("x", LifeDomain.OTHER, target_date=TARGET)
    goal = change_status(goal, S.ACTIVE)
    if status is S.MET:
        goal = change_status(goal, S.MET)
    assert is_overdue(goal, today) is overdue


@pytest.mark.parametrize(
    "fields",
    [
        {"domain": "astrology"},
        {"status": "maybe"},
        {"objectives": "x"},
        {"objectives": [{"text": "no id"}]},
        {"target_date": "June"},
    ],
)
def test_malformed_goals_are_refused(fields: dict[str, object]) -> None:
    with pytest.raises(InvalidFieldError):
        read_goal(fields)
