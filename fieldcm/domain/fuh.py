"""Follow-up after hospitalization for mental illness (HEDIS FUH): the 7- and 30-day clocks (D10).

* A discharge counts when the person was 6 or older and the principal diagnosis was mental
  illness or intentional self-harm; hospice or death in the year excludes it.
* A readmission or direct transfer within 30 days: only the last discharge counts.
* The clocks start at the discharge date; a visit *on* that date does not count. The 7-day
  window is days 1-7 after discharge, the 30-day window days 1-30.
* A visit qualifies when it is of a qualifying type and with a mental health provider. Plans
  differ on peer support and residential treatment, so the set of types is a parameter.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final

MIN_AGE: Final = 6
WINDOWS: Final = (7, 30)


class VisitType(StrEnum):
    OUTPATIENT = "outpatient"
    INTENSIVE_OUTPATIENT = "intensive_outpatient"
    PARTIAL_HOSPITALIZATION = "partial_hospitalization"
    COMMUNITY_MENTAL_HEALTH_CENTER = "community_mental_health_center"
    TELEHEALTH = "telehealth"
    TELEPHONE = "telephone"
    TRANSITIONAL_CARE_MANAGEMENT = "transitional_care_management"
    COLLABORATIVE_CARE = "collaborative_care"
    BEHAVIORAL_HEALTH_SETTING = "behavioral_health_setting"
    PEER_SUPPORT = "peer_support"
    RESIDENTIAL = "residential"
    CASE_MANAGEMENT = "case_management"


DEFAULT_QUALIFYING: Final = frozenset(VisitType) - {
    VisitType.PEER_SUPPORT,
    VisitType.RESIDENTIAL,
    VisitType.CASE_MANAGEMENT,
}
"""The types every plan list reviewed counts; add peer support or residential per plan."""


@dataclass(frozen=True)
class Stay:
    """An acute inpatient stay."""

    admitted_on: date
    discharged_on: date
    age_at_discharge: int
    mental_health_principal: bool
    """Principal diagnosis of mental illness or intentional self-harm."""
    hospice_or_death: bool = False


@dataclass(frozen=True)
class Visit:
    on: date
    type: VisitType
    mental_health_provider: bool
    scheduled: bool = False
    """A planned visit, shown with whether it *would* qualify."""


class ClockState(StrEnum):
    MET = "met"
    OPEN = "open"
    MISSED = "missed"


@dataclass(frozen=True)
class Clock:
    days: int
    window_end: date
    state: ClockState
    met_on: date | None = None
    days_left: int | None = None
    scheduled_qualifying: tuple[date, ...] = ()


@dataclass(frozen=True)
class FollowUp:
    stay: Stay
    clocks: tuple[Clock, ...]


def counted_stays(stays: Iterable[Stay]) -> tuple[Stay, ...]:
    """The discharges in the denominator, in date order."""
    ordered = sorted(stays, key=lambda s: (s.discharged_on, s.admitted_on))
    counted = []
    for index, stay in enumerate(ordered):
        readmitted = any(
            stay.discharged_on <= later.admitted_on <= stay.discharged_on + timedelta(days=30)
            for later in ordered[index + 1 :]
        )
        eligible = (
            stay.age_at_discharge >= MIN_AGE
            and stay.mental_health_principal
            and not stay.hospice_or_death
        )
        if eligible and not readmitted:
            counted.append(stay)
    return tuple(counted)


def qualifies(
    visit: Visit, stay: Stay, qualifying: Collection[VisitType] = DEFAULT_QUALIFYING
) -> bool:
    """Whether ``visit`` counts as follow-up for ``stay`` (ignoring which window)."""
    return (
        visit.type in qualifying and visit.mental_health_provider and visit.on > stay.discharged_on
    )


def follow_up(
    stays: Iterable[Stay],
    visits: Sequence[Visit],
    *,
    today: date,
    qualifying: Collection[VisitType] = DEFAULT_QUALIFYING,
) -> tuple[FollowUp, ...]:
    """The 7- and 30-day clocks for every counted discharge."""
    return tuple(
        FollowUp(stay, tuple(_clock(stay, days, visits, today, qualifying) for days in WINDOWS))
        for stay in counted_stays(stays)
    )


def _clock(
    stay: Stay, days: int, visits: Sequence[Visit], today: date, qualifying: Collection[VisitType]
) -> Clock:
    window_end = stay.discharged_on + timedelta(days=days)
    counted = [v for v in visits if qualifies(v, stay, qualifying) and v.on <= window_end]
    held = sorted(v.on for v in counted if not v.scheduled and v.on <= today)
    if held:
        return Clock(days, window_end, ClockState.MET, met_on=held[0])
    if today > window_end:
        return Clock(days, window_end, ClockState.MISSED)
    planned = tuple(sorted(v.on for v in counted if v.scheduled and v.on >= today))
    return Clock(
        days,
        window_end,
        ClockState.OPEN,
        days_left=(window_end - today).days,
        scheduled_qualifying=planned,
    )
