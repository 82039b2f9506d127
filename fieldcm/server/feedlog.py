"""Appending to the change feed, in an order readers can trust (the no-skip guarantee).

A reader asks for "changes after seq N". If sequence numbers could become visible out of
order (transaction A takes seq 10, B takes 11, B commits first), a reader could see 11,
advance its cursor past 10, and never receive 10 once A commits. So every transaction that
appends to the feed does it here, at the very end of the transaction, just before commit:

* PostgreSQL: take ``pg_advisory_xact_lock(FEED_LOCK_KEY)`` and only then let the identity
  sequence hand out seqs. The lock is held until commit, so the next appender can only draw a
  seq after this one's rows are committed: commit order equals seq order, and any snapshot
  that sees seq N sees every committed seq below it. Appending last keeps the lock short
  (only the inserts and the commit run under it; record row locks are already held).
  We chose this over SERIALIZABLE (retries on every conflict) and over a "visible up to"
  watermark (more moving parts, same effect).
* SQLite: writers start with ``BEGIN IMMEDIATE`` (see db.py), so only one write transaction
  exists at a time and seqs commit in order by construction.

Rolled-back seqs leave gaps; readers treat the cursor as "after N", so gaps are harmless.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from fieldcm.server.models import Base, ChangeRow

FEED_LOCK_KEY = 0x66636D_0001  # "fcm" + 1: the one advisory lock serializing feed appends


def core_table(model: type[Base]) -> Table:
    """The plain table of a model: a Core ``executemany`` insert skips the ORM's bookkeeping
    per row, which was most of the cost of appending thousands of rows (push, audit, feed)."""
    return Base.metadata.tables[model.__tablename__]


@dataclass(frozen=True)
class FeedEntry:
    """A change to publish: a record (its current version is sent), a conflict, or settings."""

    type: str
    client_id: str | None = None
    record_id: str | None = None
    conflict_id: str | None = None
    kind: str | None = None


def append_entries(
    session: Session, entries: Sequence[FeedEntry], *, is_postgres: bool, now: datetime
) -> None:
    """Insert ``entries`` in order; call only from UnitOfWork.commit (see module docstring)."""
    if not entries:
        return
    if is_postgres:
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": FEED_LOCK_KEY})
    session.execute(
        insert(core_table(ChangeRow)),
        [
            {
                "type": e.type,
                "client_id": e.client_id,
                "record_id": e.record_id,
                "conflict_id": e.conflict_id,
                "kind": e.kind,
                "created_at": now,
            }
            for e in entries
        ],
    )


def max_seq(session: Session) -> int:
    """The highest committed seq visible to this transaction (0 for an empty feed)."""
    return int(session.scalar(select(func.coalesce(func.max(ChangeRow.seq), 0))) or 0)
