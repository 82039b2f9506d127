"""HMIS FY2024 collection-stage date rules (D8)."""

from __future__ import annotations

from datetime import date

import pytest

from fieldcm.domain.errors import InvalidFieldError
from fieldcm.domain.hmis import (
    CollectionStage,
    NotAnswered,
    anniversary,
    annual_window,
    annual_year,
    check_information_date,
    stored_response,
)

START = date(2025, 3, 15)
EXIT = date(2026, 1, 31)
S = CollectionStage


@pytest.mark.parametrize(
    ("start", "year", "expected"),
    [
        (START, 1, date(2026, 3, 15)),
        (date(2024, 2, 29), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
    ],
)
def test_anniversary(start: date, year: int, expected: date) -> None:
    assert anniversary(start, year) == expected


@pytest.mark.parametrize(
    ("information_date", "year"),
    [
        (date(2026, 2, 13), 1),
        (date(2026, 2, 12), None),
        (date(2026, 4, 14), 1),
        (date(2026, 4, 15), None),
        (date(2027, 3, 1), 2),
        (date(2025, 9, 1), None),
    ],
)
def test_annual_window_is_30_days_either_side(information_date: date, year: int | None) -> None:
    assert annual_year(START, information_date) == year
    assert annual_window(START, 1) == (date(2026, 2, 13), date(2026, 4, 14))


def test_annual_window_year_must_be_positive() -> None:
    with pytest.raises(ValueError, match="year 1"):
        annual_window(START, 0)


@pytest.mark.parametrize(
    ("stage", "information_date", "exit_date", "message"),
    [
        (S.PROJECT_START, START, None, None),
        (S.PROJECT_START, date(2025, 3, 16), None, "project start date"),
        (S.UPDATE, date(2025, 2, 1), None, "before the project start"),
        (S.UPDATE, date(2025, 6, 1), None, None),
        (S.PROJECT_EXIT, EXIT, EXIT, None),
        (S.PROJECT_EXIT, date(2026, 1, 30), EXIT, "exit date"),
        (S.PROJECT_EXIT, EXIT, None, "needs the exit date"),
        (S.POST_EXIT, date(2026, 7, 30), EXIT, None),
        (S.POST_EXIT, date(2026, 7, 31), EXIT, "180 days"),
        (S.POST_EXIT, EXIT, EXIT, "180 days"),
        (S.ANNUAL_ASSESSMENT, date(2026, 3, 1), None, None),
        (S.ANNUAL_ASSESSMENT, date(2026, 1, 1), None, "anniversary"),
    ],
)
def test_information_dates(
    stage: CollectionStage, information_date: date, exit_date: date | None, message: str | None
) -> None:
    def check() -> None:
        check_information_date(stage, information_date, project_start=START, exit_date=exit_date)

    if message is None:
        check()
    else:
        with pytest.raises(InvalidFieldError, match=message):
            check()


def test_annual_assessment_follows_the_head_of_household() -> None:
    member_start = date(2025, 6, 1)  # joined later than the head of household
    check_information_date(
        S.ANNUAL_ASSESSMENT, date(2026, 3, 20), project_start=member_start, hoh_project_start=START
    )
    with pytest.raises(InvalidFieldError):
        check_information_date(
            S.ANNUAL_ASSESSMENT,
            date(2026, 6, 1),
            project_start=member_start,
            hoh_project_start=START,
        )


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("Data not collected", None),
        (None, None),
        ("Client prefers not to answer", "Client prefers not to answer"),
        ("Client doesn't know", "Client doesn't know"),
        ("Yes", "Yes"),
    ],
)
def test_response_set(value: str | None, stored: str | None) -> None:
    assert stored_response(value) == stored
    assert NotAnswered.CLIENT_PREFERS_NOT_TO_ANSWER.value == "Client prefers not to answer"
