"""HUD HMIS FY2024 collection rules that decide when a record may be dated (DOMAIN.md D8).

* Every record with several collection points carries a data collection stage (5.03).
* Project-start and exit records are dated on the project start and exit dates.
* The annual assessment is dated within 30 days before or after the anniversary of the head
  of household's project start; one per element per year.
* Post-exit records are dated at most 180 days after exit.
* "Data not collected" is stored as null; "Client doesn't know" and "Client prefers not to
  answer" are answers in their own right (the FY2024 wording replaced "Client refused").
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import IntEnum, StrEnum
from typing import Final

from fieldcm.domain.errors import InvalidFieldError

ANNUAL_WINDOW: Final = timedelta(days=30)
POST_EXIT_LIMIT: Final = timedelta(days=180)


class CollectionStage(IntEnum):
    """Element 5.03, with HUD's codes."""

    PROJECT_START = 1
    UPDATE = 2
    PROJECT_EXIT = 3
    ANNUAL_ASSESSMENT = 5
    POST_EXIT = 6


class NotAnswered(StrEnum):
    """The shared response set; ``DATA_NOT_COLLECTED`` is written as null."""

    CLIENT_DOESNT_KNOW = "Client doesn't know"
    CLIENT_PREFERS_NOT_TO_ANSWER = "Client prefers not to answer"
    DATA_NOT_COLLECTED = "Data not collected"


NOT_ANSWERED_CODES: Final = {
    NotAnswered.CLIENT_DOESNT_KNOW: 8,
    NotAnswered.CLIENT_PREFERS_NOT_TO_ANSWER: 9,
    NotAnswered.DATA_NOT_COLLECTED: 99,
}


def stored_response(value: str | None) -> str | None:
    """The value to store: "Data not collected" becomes null, the rest is kept."""
    return None if value in (None, NotAnswered.DATA_NOT_COLLECTED.value) else value


def anniversary(project_start: date, year: int) -> date:
    """The ``year``-th anniversary; a 29 February start falls on 28 February in other years."""
    target_year = project_start.year + year
    try:
        return project_start.replace(year=target_year)
    except ValueError:
        return date(target_year, 2, 28)


def annual_window(hoh_project_start: date, year: int) -> tuple[date, date]:
    """Inclusive first and last information dates of the ``year``-th annual assessment."""
    if year < 1:
        raise ValueError("annual assessments start at year 1")
    day = anniversary(hoh_project_start, year)
    return day - ANNUAL_WINDOW, day + ANNUAL_WINDOW


def annual_year(hoh_project_start: date, information_date: date) -> int | None:
    """Which annual assessment ``information_date`` can be, or ``None`` if outside every window."""
    approx = (information_date - hoh_project_start).days // 365
    for year in (approx, approx + 1):
        if year >= 1:
            first, last = annual_window(hoh_project_start, year)
            if first <= information_date <= last:
                return year
    return None


def check_information_date(
    stage: CollectionStage,
    information_date: date,
    *,
    project_start: date,
    hoh_project_start: date | None = None,
    exit_date: date | None = None,
) -> None:
    """Refuse an information date the stage does not allow (5.03 rules)."""
    if information_date < project_start:
        raise InvalidFieldError("information_date", "cannot be before the project start")
    if stage is CollectionStage.PROJECT_START and information_date != project_start:
        raise InvalidFieldError("information_date", "must equal the project start date")
    if stage in (CollectionStage.PROJECT_EXIT, CollectionStage.POST_EXIT) and exit_date is None:
        raise InvalidFieldError("exit_date", "this stage needs the exit date")
    if stage is CollectionStage.PROJECT_EXIT and information_date != exit_date:
        raise InvalidFieldError("information_date", "must equal the project exit date")
    if (
        stage is CollectionStage.POST_EXIT
        and exit_date is not None
        and not exit_date < information_date <= exit_date + POST_EXIT_LIMIT
    ):
        raise InvalidFieldError("information_date", "must be within 180 days after exit")
    if stage is CollectionStage.ANNUAL_ASSESSMENT:
        start = hoh_project_start or project_start
        if annual_year(start, information_date) is None:
            raise InvalidFieldError(
                "information_date",
                "must be within 30 days of the anniversary of the head of household's start",
            )
