"""When the transport tries again and how long it waits: full-jitter backoff and Retry-After.

Which calls may be resent is decided per endpoint in :mod:`fieldcm.sync.transport`; this
module only knows about statuses, delays and the server's ``Retry-After``.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({429, 502, 503, 504})
"""Answers worth another try: slow down, or a gateway/server that is briefly unavailable."""

NOT_ACTED_STATUSES = frozenset({429, 503})
"""Answers meaning "not processed": safe to resend even a call that is not idempotent.
(502/504 are not: a gateway may time out after the server already acted.)"""


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to retry and how long to wait in between.

    ``max_retry_after``: a server asking for a longer wait gets it from the *caller* — the
    transport raises at once with ``retry_after`` rather than block a sync for minutes.
    """

    max_retries: int = 4
    base_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if self.max_retries < 0 or self.base_delay <= 0 or self.max_delay < self.base_delay:
            raise ValueError("retry policy needs max_retries >= 0 and 0 < base_delay <= max_delay")

    def backoff_bound(self, attempt: int) -> float:
        """The largest wait before retry number ``attempt + 1``: base * 2**attempt, capped."""
        # min() before the power would overflow for silly attempt counts; cap the exponent.
        return min(self.max_delay, self.base_delay * 2.0 ** min(attempt, 62))

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Full jitter (uniform in [0, bound]): a room of laptops back off out of step."""
        return rng.uniform(0.0, self.backoff_bound(attempt))

    def delay(self, attempt: int, rng: random.Random, retry_after: float | None) -> float:
        """The wait before the next try; at least what the server asked for, when it asked.

        A little jitter on top of ``retry_after`` keeps laptops told the same number from
        all coming back in the same instant.
        """
        if retry_after is None:
            return self.backoff(attempt, rng)
        return retry_after + rng.uniform(0.0, self.base_delay)

    def waits_too_long(self, retry_after: float | None) -> bool:
        return retry_after is not None and retry_after > self.max_retry_after


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date.

    ``now`` is the wall clock (epoch seconds) that an HTTP date is compared with. A date in
    the past means "now" (0); anything unparseable is ignored (``None``).
    """
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(int(text))
    try:
        when: datetime = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # asctime form carries no zone; RFC 9110 dates are all GMT
        when = when.replace(tzinfo=UTC)
    seconds = when.timestamp() - now
    return max(0.0, seconds) if math.isfinite(seconds) else None
