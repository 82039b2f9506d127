"""What every repository of the local store shares: the connection, the clock, stored times.

Errors added by the repositories, under the hierarchy drawn in ``fieldcm.store.errors``:

    StoreError
    ├── EnvironmentProblem
    │   └── RecordNotFound      the record does not exist here (never synced, or purged)
    └── BugError
        ├── ReadOnlyWork        a write inside a unit of work opened ``read_only``
        └── UnsyncedChanges     a purge asked for while the outbox still holds that client's
                                edits (sync must push them, or keep them as conflicts, first)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, TypeAlias

from sqlalchemy import Connection, Row

from fieldcm.domain.records import JsonValue
from fieldcm.store.errors import BugError, EnvironmentProblem

AnyRow: TypeAlias = Row[*tuple[Any, ...]]
"""A result row of any shape (SQLAlchemy types rows by their columns)."""

Clock = Callable[[], datetime]
"""Where a unit of work reads the time; tests pass a fixed or skewed clock."""


def utc_now() -> datetime:
    return datetime.now(UTC)


class RecordNotFound(EnvironmentProblem, LookupError):
    """No live record with that id on this laptop."""

    def __init__(self, record_id: str) -> None:
        super().__init__(f"There is no record {record_id} on this laptop.")
        self.record_id = record_id


class ReadOnlyWork(BugError):
    """A write was attempted in a unit of work opened for reading."""


class UnsyncedChanges(BugError):
    """A client's records cannot be purged while edits to them wait in the outbox."""


@dataclass(frozen=True)
class StoreContext:
    """One unit of work's connection, clock and whether it may write."""

    conn: Connection
    clock: Clock
    writable: bool

    def require_writable(self) -> None:
        if not self.writable:
            raise ReadOnlyWork("this unit of work was opened read-only")

    def now_stamp(self) -> str:
        return stamp(self.clock())


def stamp(value: datetime) -> str:
    """A time as fixed-width UTC ISO text, so text order is time order in SQL.

    ``codec.format_datetime`` drops zero microseconds, which makes ``…:00Z`` sort after
    ``…:00.5Z``; stored columns always carry all six digits.
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("stored times must carry a UTC offset")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_stamp(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def occurred_stamp(value: JsonValue) -> str | None:
    """A record's dating field as a stored stamp; ``None`` when absent or unreadable.

    Accepts any ISO time with an offset and bare dates (taken as midnight UTC). A value
    the domain would refuse still stores: the record is kept, it just has no place on
    the timeline.
    """
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        if len(value) != len("YYYY-MM-DD"):
            return None
        parsed = datetime.combine(date.fromisoformat(value), time(), tzinfo=UTC)
    return stamp(parsed)


def json_equal(a: Any, b: Any) -> bool:
    """Equal as JSON: ``1``, ``1.0`` and ``True`` differ here, unlike in Python's ``==``."""
    return _canonical(a) == _canonical(b)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def detached(fields: Any) -> Any:
    """A deep, JSON-only copy: refuses values JSON cannot carry, and cuts aliasing."""
    return json.loads(_canonical(fields))
