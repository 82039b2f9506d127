"""Business-day arithmetic for documentation deadlines ("2 business days after the contact").

Weekends are Saturday and Sunday; holidays are the agency's own list (they vary by state and
contract, so they are configuration, not code). The day of the contact is day zero.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

_SATURDAY = 5


def is_business_day(day: date, holidays: Collection[date] = ()) -> bool:
    return day.weekday() < _SATURDAY and day not in holidays


def add_business_days(start: date, count: int, holidays: Collection[date] = ()) -> date:
    """The ``count``-th business day after ``start`` (``start`` itself is not counted).

    ``count`` 0 gives ``start`` unchanged, whatever day it is.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    day = start
    remaining = count
    while remaining:
        day += timedelta(days=1)
        if is_business_day(day, holidays):
            remaining -= 1
    return day


def business_days_between(start: date, end: date, holidays: Collection[date] = ()) -> int:
    """Business days in ``(start, end]``: how many business days ``end`` lies after ``start``."""
    if end <= start:
        return 0
    days = (end - start).days
    return sum(
        1 for offset in range(1, days + 1) if is_business_day(start + timedelta(offset), holidays)
    )
