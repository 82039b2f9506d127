"""Business-day arithmetic for deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from fieldcm.domain.business_days import add_business_days, business_days_between, is_business_day

MON, FRI, SAT, SUN = date(2026, 1, 5), date(2026, 1, 9), date(2026, 1, 10), date(2026, 1, 11)
MLK = date(2026, 1, 19)


@pytest.mark.parametrize(
    ("start", "count", "holidays", "expected"),
    [
        (MON, 0, (), MON),
        (SAT, 0, (), SAT),
        (MON, 1, (), date(2026, 1, 6)),
        (FRI, 1, (), date(2026, 1, 12)),
        (FRI, 2, (), date(2026, 1, 13)),
        (SAT, 1, (), date(2026, 1, 12)),
        (SUN, 3, (), date(2026, 1, 14)),
        (date(2026, 1, 16), 1, (MLK,), date(2026, 1, 20)),
        (date(2026, 1, 16), 2, (MLK,), date(2026, 1, 21)),
        (date(2025, 12, 31), 1, (date(2026, 1, 1),), date(2026, 1, 2)),
    ],
)
def test_add_business_days(
    start: date, count: int, holidays: tuple[date, ...], expected: date
) -> None:
    assert add_business_days(start, count, holidays) == expected
    assert business_days_between(start, expected, holidays) == count


def test_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_business_days(MON, -1)


@pytest.mark.parametrize(
    ("day", "business"), [(MON, True), (SAT, False), (SUN, False), (MLK, False)]
)
def test_is_business_day(day: date, business: bool) -> None:
    assert is_business_day(day, {MLK}) is business


def test_between_is_zero_for_same_or_earlier_day() -> None:
    assert business_days_between(FRI, FRI) == 0 and business_days_between(FRI, MON) == 0
