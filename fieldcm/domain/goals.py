"""Care-plan (ISP) goals: a SMART statement, a life domain, a target date, a status, objectives.

Objectives are items with their own ids so two devices can tick different objectives without a
conflict (``item_lists`` in ``records.KINDS``). A goal is time-bound: an active goal needs a
target date, and a goal past it while still active is overdue for review.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any, Final

from fieldcm.domain import codec
from fieldcm.domain.errors import InvalidFieldError, InvalidTransitionError
from fieldcm.domain.records import Fields, JsonValue, new_id


class LifeDomain(StrEnum):
    HOUSING = "housing"
    MENTAL_HEALTH = "mental_health"
    PHYSICAL_HEALTH = "physical_health"
    SUBSTANCE_USE = "substance_use"
    INCOME_BENEFITS = "income_benefits"
    EMPLOYMENT_EDUCATION = "employment_education"
    LEGAL = "legal"
    SOCIAL_SUPPORT = "social_support"
    DAILY_LIVING = "daily_living"
    SAFETY = "safety"
    OTHER = "other"


class GoalStatus(StrEnum):
    PROPOSED = "proposed"
    ACTIVE = "active"
    MET = "met"
    NOT_MET = "not_met"
    DISCONTINUED = "discontinued"


_NEXT: Final[Mapping[GoalStatus, frozenset[GoalStatus]]] = {
    GoalStatus.PROPOSED: frozenset({GoalStatus.ACTIVE, GoalStatus.DISCONTINUED}),
    GoalStatus.ACTIVE: frozenset({GoalStatus.MET, GoalStatus.NOT_MET, GoalStatus.DISCONTINUED}),
    # a closed goal may be reopened when the client and worker agree to keep working on it
    GoalStatus.MET: frozenset({GoalStatus.ACTIVE}),
    GoalStatus.NOT_MET: frozenset({GoalStatus.ACTIVE}),
    GoalStatus.DISCONTINUED: frozenset({GoalStatus.ACTIVE}),
}


@dataclass(frozen=True)
class Objective:
    id: str
    text: str
    done: bool = False


@dataclass(frozen=True)
class Goal:
    statement: str
    domain: LifeDomain
    status: GoalStatus
    target_date: date | None
    objectives: tuple[Objective, ...] = ()

    def to_fields(self) -> Fields:
        return {
            "statement": self.statement,
            "domain": self.domain.value,
            "status": self.status.value,
            "target_date": None
            if self.target_date is None
            else codec.format_date(self.target_date),
            "objectives": [{"id": o.id, "text": o.text, "done": o.done} for o in self.objectives],
        }


def read_goal(fields: Mapping[str, JsonValue]) -> Goal:
    raw = fields.get("objectives") or []
    if not isinstance(raw, list):
        raise InvalidFieldError("objectives", "expected a list of objectives")
    return Goal(
        statement=codec.text(fields, "statement"),
        domain=codec.enum_value(LifeDomain, fields.get("domain", "other"), "domain"),
        status=codec.enum_value(GoalStatus, fields.get("status", "proposed"), "status"),
        target_date=codec.optional_date(fields, "target_date"),
        objectives=tuple(_objective(entry) for entry in raw),
    )


def _objective(entry: Any) -> Objective:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise InvalidFieldError("objectives", "an objective needs an id and text")
    return Objective(id=entry["id"], text=codec.text(entry, "text"), done=codec.flag(entry, "done"))


def new_goal(statement: str, domain: LifeDomain, *, target_date: date | None = None) -> Goal:
    if not statement.strip():
        raise InvalidFieldError("statement", "write the goal in the client's words")
    return Goal(statement.strip(), domain, GoalStatus.PROPOSED, target_date)


def change_status(goal: Goal, status: GoalStatus) -> Goal:
    if status not in _NEXT[goal.status]:
        raise InvalidTransitionError(
            f"A {goal.status.value.replace('_', ' ')} goal cannot become "
            f"{status.value.replace('_', ' ')}."
        )
    if status is GoalStatus.ACTIVE and goal.target_date is None:
        raise InvalidFieldError("target_date", "an active goal needs a target date")
    return replace(goal, status=status)


def add_objective(goal: Goal, text: str, *, objective_id: str | None = None) -> Goal:
    if not text.strip():
        raise InvalidFieldError("objectives", "an objective needs some words")
    objective = Objective(objective_id or new_id(), text.strip())
    return replace(goal, objectives=(*goal.objectives, objective))


def set_objective_done(goal: Goal, objective_id: str, done: bool) -> Goal:
    if all(o.id != objective_id for o in goal.objectives):
        raise InvalidFieldError("objectives", f"no objective {objective_id!r}")
    objectives = tuple(
        replace(o, done=done) if o.id == objective_id else o for o in goal.objectives
    )
    return replace(goal, objectives=objectives)


def is_overdue(goal: Goal, today: date) -> bool:
    return (
        goal.status is GoalStatus.ACTIVE
        and goal.target_date is not None
        and today > goal.target_date
    )
