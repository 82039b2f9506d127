"""The offline age limit's arithmetic (SECURITY.md D3), with an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from fieldcm.sync.offline_age import OfflineState, assess
from fieldcm.sync.protocol import AgencySettings

SYNCED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SETTINGS = AgencySettings(offline_reauth_days=7, offline_wipe_days=30)


@pytest.mark.parametrize(
    ("after", "state", "reauth"),
    [
        (timedelta(0), OfflineState.OK, False),
        (timedelta(days=4, hours=23), OfflineState.OK, False),
        (timedelta(days=5, minutes=1), OfflineState.REAUTH_SOON, False),
        (timedelta(days=7), OfflineState.REAUTH_REQUIRED, True),
        (timedelta(days=27, hours=23), OfflineState.REAUTH_REQUIRED, True),
        (timedelta(days=28, minutes=1), OfflineState.WIPE_SOON, True),
        (timedelta(days=30), OfflineState.WIPE_DUE, True),
        (timedelta(days=400), OfflineState.WIPE_DUE, True),
        (-timedelta(hours=3), OfflineState.OK, False),  # an NTP correction
        (-timedelta(days=2), OfflineState.REAUTH_REQUIRED, True),  # clock set back
    ],
)
def test_states_along_the_way(after: timedelta, state: OfflineState, reauth: bool) -> None:
    age = assess(SYNCED, SETTINGS, SYNCED + after)
    assert age.state is state
    assert age.reauth_required is reauth
    assert age.wipe_due is (state is OfflineState.WIPE_DUE)
    assert bool(age.message()) is (state is not OfflineState.OK)


def test_never_synced_is_not_limited() -> None:
    assert assess(None, SETTINGS, SYNCED).state is OfflineState.OK


def test_agency_values_and_warning_window_are_honoured() -> None:
    tight = AgencySettings(offline_reauth_days=1, offline_wipe_days=3)
    assert assess(SYNCED, tight, SYNCED + timedelta(hours=13), warn_days=0.5).state is (
        OfflineState.REAUTH_SOON
    )
    assert assess(SYNCED, tight, SYNCED + timedelta(days=2, hours=13), warn_days=0.5).state is (
        OfflineState.WIPE_SOON
    )
    assert assess(SYNCED, tight, SYNCED + timedelta(days=3)).wipe_due


def test_messages_name_the_dates() -> None:
    age = assess(SYNCED, SETTINGS, SYNCED + timedelta(days=29))
    assert "2026-04-01" in age.message()
