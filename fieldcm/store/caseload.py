"""The caseload: the first screen after unlock, so one query, fast at 5,000 clients.

Everything a caseload row shows lives in ``client_summary``, a narrow cache the record
repository refreshes whenever a client, alert or contact record of that client changes; the
caseload then reads 5,000 small rows instead of 5,000 JSON documents spread among 100,000
notes and 10,000 index seeks (measured: see ``benchmarks/store_bench.py``).

"Last contact" is the latest dated record of a kind that ``counts_as_contact`` up to now;
"next contact" the earliest one after now (a planned encounter). Both depend on the time, so
the cache keeps them as of the moment it was computed, ``last <= t0 < next``. No contact lies
strictly between the two, so for any ``now`` with ``last <= now < next`` they are still the
right answer, whatever ``t0`` was and whatever the laptop's clock said; only a client whose
planned contact has since passed (``next <= now``), or a ``now`` before ``last``, is computed
again, with one seek each in the partial index ``ix_records_contacts``.

"Open flags" are alerts nobody has acknowledged (an acknowledgement is itself an alert naming
the one it answers).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final, NamedTuple

from sqlalchemy import text

from fieldcm.domain.records import KINDS
from fieldcm.store.repo_base import StoreContext, parse_stamp, stamp

CLIENT_KINDS: Final = frozenset({"client", "alert"})
"""Kinds whose writes change a client's names, risk, program or flags."""
CONTACT_KINDS: Final = frozenset(spec.kind for spec in KINDS.values() if spec.counts_as_contact)
"""Kinds whose writes change a client's last or next contact."""

_LAST = """(SELECT max(r.occurred_at) FROM records r
         WHERE r.client_id = {client} AND r.is_contact = 1 AND r.deleted = 0
           AND r.occurred_at <= :now)"""
_NEXT = """(SELECT min(r.occurred_at) FROM records r
         WHERE r.client_id = {client} AND r.is_contact = 1 AND r.deleted = 0
           AND r.occurred_at > :now)"""
_FLAGS = """(SELECT count(*) FROM records a
         WHERE a.client_id = c.client_id AND a.kind = 'alert' AND a.deleted = 0
           AND json_extract(a.fields, '$.type') <> 'acknowledgement'
           AND NOT EXISTS (
               SELECT 1 FROM records k
                WHERE k.client_id = a.client_id AND k.kind = 'alert' AND k.deleted = 0
                  AND json_extract(k.fields, '$.type') = 'acknowledgement'
                  AND json_extract(k.fields, '$.source_id') = a.id))"""
_SUMMARY_SELECT = f"""
SELECT c.client_id,
       json_extract(c.fields, '$.preferred_name'),
       json_extract(c.fields, '$.legal_name'),
       json_extract(c.fields, '$.risk_tier'),
       json_extract(c.fields, '$.program'),
       {_FLAGS},
       {_LAST.format(client="c.client_id")},
       {_NEXT.format(client="c.client_id")}
  FROM records c
 WHERE c.kind = 'client' AND c.deleted = 0
"""  # noqa: S608 (composed of the constant fragments above; values are bound parameters)
_INSERT = (
    "INSERT INTO client_summary (client_id, preferred_name, legal_name, risk_tier, program, "
    "open_flags, last_contact_at, next_contact_at) "
)
_REFRESH_DELETE = text("DELETE FROM client_summary WHERE client_id = :client_id")
_REFRESH_INSERT = text(_INSERT + _SUMMARY_SELECT + " AND c.client_id = :client_id")
_REFRESH_CONTACTS = text(
    f"""UPDATE client_summary
          SET last_contact_at = {_LAST.format(client=":client_id")},
              next_contact_at = {_NEXT.format(client=":client_id")}
        WHERE client_id = :client_id"""  # noqa: S608 (constant fragments only)
)
_REBUILD_DELETE = text("DELETE FROM client_summary")
_REBUILD_INSERT = text(_INSERT + _SUMMARY_SELECT)

_STILL_RIGHT = """(s.last_contact_at IS NULL OR s.last_contact_at <= :now)
               AND (s.next_contact_at IS NULL OR s.next_contact_at > :now)"""
_CASELOAD = text(
    f"""
    SELECT s.client_id, s.preferred_name, s.legal_name, s.risk_tier, s.program,
           CASE WHEN {_STILL_RIGHT} THEN s.last_contact_at
                ELSE {_LAST.format(client="s.client_id")} END,
           CASE WHEN {_STILL_RIGHT} THEN s.next_contact_at
                ELSE {_NEXT.format(client="s.client_id")} END,
           s.open_flags
      FROM client_summary s
    """  # noqa: S608 (constant fragments only)
)


class CaseloadRow(NamedTuple):
    """One client on the caseload screen.

    Immutable like the other row types, but a ``NamedTuple``: the caseload builds 5,000 of
    them on the unlock path, and a frozen dataclass costs five times as much to construct.
    """

    client_id: str
    preferred_name: str | None
    legal_name: str | None
    risk_tier: str | None
    program: str | None
    last_contact_at: datetime | None
    next_contact_at: datetime | None
    open_flags: int


def caseload(ctx: StoreContext, now: datetime | None = None) -> list[CaseloadRow]:
    """Every client on this laptop, sorted by preferred name (case-insensitive)."""
    found = ctx.conn.execute(_CASELOAD, {"now": stamp(now or ctx.clock())}).all()
    # The summary's name columns have TEXT affinity, so they hold text or NULL only.
    rows = [
        CaseloadRow(
            client_id,
            preferred,
            legal,
            tier,
            program,
            parse_stamp(last),
            parse_stamp(upcoming),
            flags,
        )
        for client_id, preferred, legal, tier, program, last, upcoming, flags in found
    ]
    rows.sort(key=_by_name)
    return rows


def _by_name(row: CaseloadRow) -> tuple[str, str]:
    return ((row.preferred_name or row.legal_name or "").casefold(), row.client_id)


def refresh_client(ctx: StoreContext, client_id: str) -> None:
    """Recompute one client's row from its records (no row without a live client record)."""
    params = {"client_id": client_id, "now": ctx.now_stamp()}
    ctx.conn.execute(_REFRESH_DELETE, params)
    ctx.conn.execute(_REFRESH_INSERT, params)


def refresh_contacts(ctx: StoreContext, client_id: str) -> None:
    """Recompute one client's last and next contact (after a contact record changed)."""
    ctx.conn.execute(_REFRESH_CONTACTS, {"client_id": client_id, "now": ctx.now_stamp()})


def refresh_clients(ctx: StoreContext, client_ids: Sequence[str]) -> None:
    """:func:`refresh_client` for many clients, one ``executemany`` per statement (sync)."""
    if client_ids:
        now = ctx.now_stamp()
        params = [{"client_id": client_id, "now": now} for client_id in client_ids]
        ctx.conn.execute(_REFRESH_DELETE, params)
        ctx.conn.execute(_REFRESH_INSERT, params)


def refresh_contacts_of(ctx: StoreContext, client_ids: Sequence[str]) -> None:
    """:func:`refresh_contacts` for many clients, one ``executemany``."""
    if client_ids:
        now = ctx.now_stamp()
        params = [{"client_id": client_id, "now": now} for client_id in client_ids]
        ctx.conn.execute(_REFRESH_CONTACTS, params)


def rebuild(ctx: StoreContext) -> None:
    """Recompute every row: a repair tool; normal writes keep the rows current."""
    ctx.require_writable()
    ctx.conn.execute(_REBUILD_DELETE)
    ctx.conn.execute(_REBUILD_INSERT, {"now": ctx.now_stamp()})
