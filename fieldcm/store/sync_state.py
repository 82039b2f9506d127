"""The sync bookkeeping row: cursor, last sync times, agency settings, who this laptop is.

The cursor must only move in the same transaction as the page of changes it belongs to
(DESIGN.md property 7): call :meth:`SyncStateRepository.set_cursor` in the unit of work that
applied the page, then commit once.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from fieldcm.store.repo_base import StoreContext, parse_stamp, stamp
from fieldcm.store.tables import sync_state

_TIMES = ("last_successful_sync_at", "last_attempt_at")


@dataclass(frozen=True)
class SyncState:
    cursor: str | None = None
    last_successful_sync_at: datetime | None = None
    last_attempt_at: datetime | None = None
    last_error: str | None = None
    agency_settings: dict[str, Any] | None = None
    device_id: str | None = None
    user_id: str | None = None
    server_url: str | None = None


class SyncStateRepository:
    def __init__(self, ctx: StoreContext) -> None:
        self._ctx = ctx

    def get(self) -> SyncState:
        row = self._ctx.conn.execute(select(sync_state).where(sync_state.c.id == 1)).one()
        values = {f.name: row._mapping[f.name] for f in fields(SyncState)}
        for name in _TIMES:
            values[name] = parse_stamp(values[name])
        return SyncState(**values)

    def put(self, state: SyncState) -> None:
        """Write the whole row (read it with :meth:`get`, change it with ``replace``)."""
        self._ctx.require_writable()
        values = {f.name: getattr(state, f.name) for f in fields(SyncState)}
        for name in _TIMES:
            value = values[name]
            values[name] = None if value is None else stamp(value)
        self._ctx.conn.execute(update(sync_state).where(sync_state.c.id == 1).values(**values))

    def set_cursor(self, cursor: str) -> None:
        self._ctx.require_writable()
        self._ctx.conn.execute(update(sync_state).where(sync_state.c.id == 1).values(cursor=cursor))

    def update(self, **changes: Any) -> SyncState:
        """Change some values: ``update(last_attempt_at=now, last_error=None)``."""
        state = replace(self.get(), **changes)
        self.put(state)
        return state
