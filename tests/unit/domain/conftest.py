"""Shared fixed times: tests never read the clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

T0 = datetime(2026, 1, 6, 15, 0, tzinfo=UTC)  # a Tuesday


def at(minutes: float = 0, *, hours: float = 0, days: float = 0) -> datetime:
    return T0 + timedelta(minutes=minutes, hours=hours, days=days)


@pytest.fixture
def t0() -> datetime:
    return T0
