"""The offline age limit (SECURITY.md D3): how long a laptop may go without a successful sync.

After ``offline_reauth_days`` without one, the person must sign in online again before the
next sync may run (and before the app shows data); after ``offline_wipe_days`` the local data
is wiped, because a laptop that never calls home can never receive a remote wipe (pitfall 17).
Both are announced ahead (``warn_days``) so a worker in the field can find a signal in time.

Time is the laptop's wall clock, read through an injectable ``clock``. A clock set back
more than :data:`CLOCK_SLACK` before the last sync it recorded cannot stretch the limit: that
asks for an online sign-in too (small corrections, as NTP makes them, are let through).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from fieldcm.sync.protocol import AgencySettings

Clock = Callable[[], datetime]
DEFAULT_WARN_DAYS: Final = 2.0
CLOCK_SLACK: Final = timedelta(days=1)


class OfflineState(StrEnum):
    OK = "ok"
    REAUTH_SOON = "reauth_soon"
    REAUTH_REQUIRED = "reauth_required"
    WIPE_SOON = "wipe_soon"
    WIPE_DUE = "wipe_due"


@dataclass(frozen=True)
class OfflineAge:
    """Where a laptop stands against the limits, with a sentence for the person."""

    state: OfflineState
    age: timedelta | None
    reauth_at: datetime | None
    wipe_at: datetime | None
    reauth_required: bool = False
    """True from ``reauth_at`` on (and when the clock was set back before the last sync)."""

    @property
    def wipe_due(self) -> bool:
        return self.state is OfflineState.WIPE_DUE

    def message(self) -> str:
        if self.state is OfflineState.OK or self.reauth_at is None or self.wipe_at is None:
            return ""
        when = _day(self.wipe_at)
        if self.state is OfflineState.REAUTH_SOON:
            return (
                f"Sync before {_day(self.reauth_at)}: after that fieldcm asks you to sign in "
                "to the agency server again."
            )
        if self.state is OfflineState.REAUTH_REQUIRED:
            return (
                "This laptop has not synced for too long. Connect and sign in to the agency "
                f"server. If it does not sync by {when}, its fieldcm data will be erased."
            )
        if self.state is OfflineState.WIPE_SOON:
            return (
                f"Connect and sync before {when}, or this laptop's fieldcm data will be "
                "erased, including edits that have not synced."
            )
        return "This laptop went too long without syncing; its fieldcm data must be erased."


def assess(
    last_success: datetime | None,
    settings: AgencySettings,
    now: datetime,
    *,
    warn_days: float = DEFAULT_WARN_DAYS,
) -> OfflineAge:
    """Where a laptop whose last successful sync was ``last_success`` stands at ``now``."""
    if last_success is None:
        # Not enrolled through a sync yet: nothing local comes from the server to protect.
        return OfflineAge(OfflineState.OK, None, None, None)
    reauth_at = last_success + timedelta(days=settings.offline_reauth_days)
    wipe_at = last_success + timedelta(days=settings.offline_wipe_days)
    warn = timedelta(days=warn_days)
    age = now - last_success
    set_back = age < -CLOCK_SLACK
    if set_back or now >= wipe_at:
        state = OfflineState.WIPE_DUE if now >= wipe_at else OfflineState.REAUTH_REQUIRED
    elif now >= wipe_at - warn:
        state = OfflineState.WIPE_SOON
    elif now >= reauth_at:
        state = OfflineState.REAUTH_REQUIRED
    elif now >= reauth_at - warn:
        state = OfflineState.REAUTH_SOON
    else:
        state = OfflineState.OK
    reauth = set_back or now >= reauth_at
    return OfflineAge(state, age, reauth_at, wipe_at, reauth_required=reauth)


def _day(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC")
