"""HEDIS FUH clocks after a psychiatric discharge (D10)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fieldcm.domain.fuh import (
    ClockState,
    Stay,
    Visit,
    VisitType,
    counted_stays,
    follow_up,
    qualifies,
)

DISCHARGE = date(2026, 2, 2)
STAY = Stay(date(2026, 1, 25), DISCHARGE, 34, True)


def day(n: int) -> date:
    return DISCHARGE + timedelta(days=n)


def mh(n: int, kind: VisitType = VisitType.OUTPATIENT, *, scheduled: bool = False) -> Visit:
    return Visit(day(n), kind, mental_health_provider=True, scheduled=scheduled)


@pytest.mark.parametrize(
    ("stays", "counted"),
    [
        ([STAY], [STAY]),
        ([Stay(date(2026, 1, 25), DISCHARGE, 5, True)], []),
        ([Stay(date(2026, 1, 25), DISCHARGE, 6, True)], "same"),
        ([Stay(date(2026, 1, 25), DISCHARGE, 40, False)], []),
        ([Stay(date(2026, 1, 25), DISCHARGE, 40, True, hospice_or_death=True)], []),
    ],
)
def test_denominator_eligibility(stays: list[Stay], counted: object) -> None:
    assert list(counted_stays(stays)) == (stays if counted == "same" else counted)


@pytest.mark.parametrize(
    ("readmitted_after_days", "first_counts"),
    [(0, False), (10, False), (30, False), (31, True)],
)
def test_readmission_within_30_days_counts_only_the_last_discharge(
    readmitted_after_days: int, first_counts: bool
) -> None:
    later = Stay(day(readmitted_after_days), day(readmitted_after_days + 5), 34, True)
    counted = counted_stays([later, STAY])
    assert (STAY in counted) is first_counts and later in counted


@pytest.mark.parametrize(
    ("visit", "ok"),
    [
        (mh(0), False),  # the discharge day never counts
        (mh(1), True),
        (mh(3, VisitType.TELEPHONE), True),
        (mh(3, VisitType.PEER_SUPPORT), False),
        (mh(3, VisitType.CASE_MANAGEMENT), False),
        (Visit(day(2), VisitType.OUTPATIENT, mental_health_provider=False), False),
        (mh(-1), False),
    ],
)
def test_qualifying_visits(visit: Visit, ok: bool) -> None:
    assert qualifies(visit, STAY) is ok


def test_plan_specific_types_can_be_added() -> None:
    peer = mh(3, VisitType.PEER_SUPPORT)
    assert qualifies(peer, STAY, {VisitType.PEER_SUPPORT})


CLOCK_CASES = [
    # name, visits, today, (7-day state, 30-day state), met_on for each
    ("no visit yet, day 3", [], day(3), (ClockState.OPEN, ClockState.OPEN)),
    ("visit on day 7", [mh(7)], day(10), (ClockState.MET, ClockState.MET)),
    ("visit on day 8", [mh(8)], day(10), (ClockState.MISSED, ClockState.MET)),
    ("only a discharge-day visit", [mh(0)], day(8), (ClockState.MISSED, ClockState.OPEN)),
    ("nothing by day 31", [], day(31), (ClockState.MISSED, ClockState.MISSED)),
    ("visit on day 30", [mh(30)], day(30), (ClockState.MISSED, ClockState.MET)),
    ("visit on day 31", [mh(31)], day(40), (ClockState.MISSED, ClockState.MISSED)),
    (
        "a scheduled visit does not meet",
        [mh(5, scheduled=True)],
        day(3),
        (ClockState.OPEN, ClockState.OPEN),
    ),
]


@pytest.mark.parametrize(
    ("visits", "today", "states"), [c[1:] for c in CLOCK_CASES], ids=[c[0] for c in CLOCK_CASES]
)
def test_clocks(visits: list[Visit], today: date, states: tuple[ClockState, ClockState]) -> None:
    (result,) = follow_up([STAY], visits, today=today)
    assert tuple(c.state for c in result.clocks) == states
    assert [c.days for c in result.clocks] == [7, 30]
    assert [c.window_end for c in result.clocks] == [day(7), day(30)]


def test_open_clock_shows_days_left_and_which_scheduled_visits_would_qualify() -> None:
    visits = [
        mh(5, scheduled=True),
        mh(12, VisitType.TELEHEALTH, scheduled=True),
        Visit(day(4), VisitType.OUTPATIENT, False, scheduled=True),
    ]
    (result,) = follow_up([STAY], visits, today=day(3))
    seven, thirty = result.clocks
    assert (seven.days_left, seven.scheduled_qualifying) == (4, (day(5),))
    assert (thirty.days_left, thirty.scheduled_qualifying) == (27, (day(5), day(12)))


def test_first_qualifying_visit_is_reported() -> None:
    (result,) = follow_up([STAY], [mh(6), mh(2), mh(20)], today=day(25))
    assert [c.met_on for c in result.clocks] == [day(2), day(2)]
