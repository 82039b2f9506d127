"""Rate limits kept in the database, so every server process shares the same counters.

A fixed window per ``(endpoint, caller)`` key: ``login:ip:127.0.0.1``, ``login:user:ana``,
``refresh:ip:...``. Each endpoint has its own keys (no shared counter between endpoints, the
slowapi #75 mistake). The count is taken in its own committed transaction *before* the
request is handled, so failed attempts count too.
"""

from __future__ import annotations

import math
import time

from sqlalchemy import case, delete, literal
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from fieldcm.server.audit import AuditEntry
from fieldcm.server.config import RateLimit
from fieldcm.server.db import Database
from fieldcm.server.errors import RateLimited
from fieldcm.server.models import RateLimitRow

PRUNE_AFTER_SECONDS = 24 * 3600


def hit(db: Database, *, endpoint: str, callers: list[str], limit: RateLimit) -> None:
    """Count one attempt for each caller key; raise RateLimited when any is over the limit."""
    now = time.time()
    window = int(now // limit.window_seconds) * limit.window_seconds
    insert = pg_insert if db.is_postgres else sqlite_insert
    worst = 0
    with db.write() as uow:
        for caller in callers:
            key = f"{endpoint}:{caller}"[:300]
            upsert = insert(RateLimitRow).values(key=key, window_start=window, count=1)
            statement = upsert.on_conflict_do_update(
                index_elements=[RateLimitRow.key],
                set_={
                    "count": case(
                        (RateLimitRow.window_start == window, RateLimitRow.count + 1),
                        else_=literal(1),
                    ),
                    "window_start": window,
                },
            ).returning(RateLimitRow.count)
            count = int(uow.session.execute(statement).scalar_one())
            worst = max(worst, count)
        if int(now) % 97 == 0:  # now and then, forget callers idle for a day
            uow.session.execute(
                delete(RateLimitRow).where(RateLimitRow.window_start < now - PRUNE_AFTER_SECONDS)
            )
        if worst > limit.attempts:
            uow.audit.append(AuditEntry(endpoint, "rate_limited"))
    if worst > limit.attempts:
        retry_after = max(1, math.ceil(window + limit.window_seconds - now))
        raise RateLimited(
            f"Too many attempts. Wait {retry_after} seconds and try again.",
            retry_after=retry_after,
        )
