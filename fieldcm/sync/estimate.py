"""How far the first sync has come and how long it will take, without the server saying so.

The feed does not tell a device how much is coming. But the first sync is a *backfill*: the
server sends the records of every client in scope ordered by client id, and client ids are
random UUIDs (version 4), spread evenly over their 128-bit range. So the id of the last
client a page reached, read as a number, is an unbiased estimate of the share of clients
already received: a page ending at ``8000…`` is about half way. That share, the time spent
so far and the rate make the estimate; :class:`SyncEstimate` smooths it so the time left
does not jump with every page.

Honest when unknown: before enough has arrived (a couple of pages and a second or so), or
when pages carry no records, the estimate says it does not know. (Ids that are not random,
from some import tool, would skew the share; the bar then moves unevenly, nothing worse.)
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from fieldcm.sync.progress import Progress
from fieldcm.sync.protocol import ChangesPage
from fieldcm.sync.transport import SyncTransport, TokenStore

UUID_SPACE: Final = float(1 << 128)
MIN_SECONDS: Final = 1.0
"""Below this much elapsed time a rate is noise."""
MIN_SHARE: Final = 0.02
"""Below this share an extrapolation is noise."""
SMOOTHING: Final = 0.3
"""Weight of a new estimate of the time left against the running one."""

PositionSink = Callable[[float], None]


def backfill_position(page: ChangesPage) -> float | None:
    """The share (0..1) of the backfill done after ``page``; 1.0 when nothing more waits.

    ``None`` when the page carries no record (revocations, settings, conflicts only). The
    protocol only admits UUID-shaped ids, so every record id reads as a number.
    """
    if not page.has_more:
        return 1.0
    for change in reversed(page.changes):
        if change.record is not None:
            return uuid.UUID(change.record.client_id).int / UUID_SPACE
    return None


class PageWatchingTransport(SyncTransport):
    """A transport that reports the backfill position of every page it pulls.

    The first-run screen uses it for the first sync only; ``on_position`` is called on the
    sync's thread, so it must only post the value on (a Qt signal).
    """

    def __init__(self, base_url: str, *, token_store: TokenStore, on_position: PositionSink):
        super().__init__(base_url, token_store=token_store)
        self._on_position = on_position

    def pull(self, cursor: str | None = None, limit: int | None = None) -> ChangesPage:
        page = super().pull(cursor, limit)
        position = backfill_position(page)
        if position is not None:
            self._on_position(position)
        return page


def watching_transport(
    on_position: PositionSink,
) -> Callable[[str, TokenStore], SyncTransport]:
    """A transport factory for :func:`fieldcm.sync.enrollment.enroll_and_sync`."""

    def make(server_url: str, tokens: TokenStore) -> SyncTransport:
        return PageWatchingTransport(server_url, token_store=tokens, on_position=on_position)

    return make


@dataclass(frozen=True)
class Estimate:
    """What the first-run screen shows; every ``None`` is shown as "not known yet"."""

    share: float | None
    """0..1 of the download done."""
    seconds_left: float | None
    records_per_second: float | None
    bytes_per_second: float | None
    records: int = 0


class SyncEstimate:
    """Turns progress reports and backfill positions into a smoothed estimate.

    Feed it with :meth:`progress` and :meth:`position` as reports arrive (any order);
    ask :meth:`now` at any time, for example once a second, to count the time left down
    smoothly between reports. Single-threaded: the UI calls it on its own thread.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._started = 0.0
        self._reset()

    def restart(self) -> None:
        """Count time from now (the download itself starts after enrollment)."""
        self._reset()

    def _reset(self) -> None:
        self._started = self._clock()
        self._records = 0
        self._bytes = 0
        self._pages = 0
        self._share: float | None = None
        self._left: float | None = None
        self._left_at = self._started

    def progress(self, report: Progress) -> None:
        self._records = report.records
        self._bytes = report.bytes_down
        self._pages = report.pages
        self._refresh()

    def position(self, share: float) -> None:
        # Positions only grow during a backfill; a lower one (the feed after it) is ignored.
        share = min(1.0, max(0.0, share))
        if self._share is None or share > self._share:
            self._share = share
            self._refresh()

    def now(self) -> Estimate:
        at = self._clock()
        elapsed = at - self._started
        rate_ok = elapsed >= MIN_SECONDS and self._records > 0
        left = None
        if self._left is not None:
            left = max(0.0, self._left - (at - self._left_at))
        return Estimate(
            share=self._share,
            seconds_left=left,
            records_per_second=self._records / elapsed if rate_ok else None,
            bytes_per_second=self._bytes / elapsed if rate_ok else None,
            records=self._records,
        )

    def _refresh(self) -> None:
        at = self._clock()
        elapsed = at - self._started
        share = self._share
        if share is None or share < MIN_SHARE or elapsed < MIN_SECONDS or self._pages < 2:
            return
        fresh = elapsed * (1.0 - share) / share
        if self._left is None:
            self._left = fresh
        else:
            counted_down = max(0.0, self._left - (at - self._left_at))
            self._left = SMOOTHING * fresh + (1.0 - SMOOTHING) * counted_down
        self._left_at = at
