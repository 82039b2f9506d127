"""The audit log: append-only, hash-chained, one row per access to client data.

Each row is ``(seq, at, user_id, device_id, client_id, action, outcome)`` plus
``prev_hash`` and ``hash = sha256(prev_hash + canonical_json(row))``. No free text is ever
stored (no names, no note text): only ids, a fixed action word and a fixed outcome word.
Triggers refuse UPDATE and DELETE (created by the migration, on SQLite and PostgreSQL), and
:func:`verify` walks the chain and names the first row that does not fit.

Appends serialize on ``pg_advisory_xact_lock(AUDIT_LOCK_KEY)`` on PostgreSQL (on SQLite the
write transaction already holds the database write lock), so ``seq`` is gapless and each row
links to the one before it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from fieldcm.domain.codec import canonical_json
from fieldcm.server.clock import iso
from fieldcm.server.feedlog import core_table
from fieldcm.server.models import AuditRow

AUDIT_LOCK_KEY = 0x66636D_0002
GENESIS_HASH = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    """One audited event. ``action`` and ``outcome`` are fixed words, never free text."""

    action: str
    outcome: str
    user_id: str | None = None
    device_id: str | None = None
    client_id: str | None = None


def row_hash(
    prev_hash: str,
    *,
    seq: int,
    at: str,
    user_id: str | None,
    device_id: str | None,
    client_id: str | None,
    action: str,
    outcome: str,
) -> str:
    body = canonical_json(
        {
            "seq": seq,
            "at": at,
            "user_id": user_id,
            "device_id": device_id,
            "client_id": client_id,
            "action": action,
            "outcome": outcome,
        }
    )
    return hashlib.sha256(prev_hash.encode() + body).hexdigest()


def append_entries(
    session: Session, entries: Sequence[AuditEntry], *, is_postgres: bool, now: datetime
) -> None:
    """Chain ``entries`` onto the log; call only from UnitOfWork.commit."""
    if not entries:
        return
    if is_postgres:
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK_KEY})
    last = session.execute(
        select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)
    ).first()
    seq, prev = (last[0], last[1]) if last else (0, GENESIS_HASH)
    at = iso(now)
    rows = []
    for entry in entries:
        seq += 1
        digest = row_hash(
            prev,
            seq=seq,
            at=at,
            user_id=entry.user_id,
            device_id=entry.device_id,
            client_id=entry.client_id,
            action=entry.action,
            outcome=entry.outcome,
        )
        rows.append(
            {
                "seq": seq,
                "at": at,
                "user_id": entry.user_id,
                "device_id": entry.device_id,
                "client_id": entry.client_id,
                "action": entry.action,
                "outcome": entry.outcome,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    session.execute(insert(core_table(AuditRow)), rows)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    rows: int
    broken_seq: int | None = None
    reason: str = ""

    def describe(self) -> str:
        if self.ok:
            return f"OK: {self.rows} audit rows, chain intact"
        return f"BROKEN at audit row {self.broken_seq}: {self.reason}"


def verify_rows(rows: Iterable[AuditRow]) -> VerifyResult:
    """Walk rows in seq order; the first gap, bad link or bad hash is reported."""
    prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    for row in rows:
        if row.seq != expected_seq:
            return VerifyResult(
                False, count, expected_seq, f"row {expected_seq} is missing (next is {row.seq})"
            )
        if row.prev_hash != prev:
            return VerifyResult(False, count, row.seq, "does not link to the row before it")
        digest = row_hash(
            prev,
            seq=row.seq,
            at=row.at,
            user_id=row.user_id,
            device_id=row.device_id,
            client_id=row.client_id,
            action=row.action,
            outcome=row.outcome,
        )
        if digest != row.hash:
            return VerifyResult(False, count, row.seq, "its contents were altered")
        prev = row.hash
        expected_seq += 1
        count += 1
    return VerifyResult(True, count)


def verify(session: Session) -> VerifyResult:
    """Verify the whole chain, streaming rows."""
    rows = session.scalars(
        select(AuditRow).order_by(AuditRow.seq).execution_options(yield_per=2000)
    )
    return verify_rows(rows)
