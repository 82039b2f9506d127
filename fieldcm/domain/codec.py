"""Reading and writing typed values in a record's JSON ``fields`` mapping.

Entities store datetimes as ISO 8601 text in UTC and dates as ``YYYY-MM-DD``. A naive
datetime is refused everywhere: order and deadlines must not depend on a laptop's zone
setting. Readers raise :class:`~fieldcm.domain.errors.InvalidFieldError` naming the field, so a
malformed record from an old or hostile client says what is wrong instead of crashing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any, TypeVar

from fieldcm.domain.errors import InvalidFieldError
from fieldcm.domain.records import Fields, JsonValue

E = TypeVar("E", bound=Enum)


def require_aware(value: datetime, field: str) -> datetime:
    """Return ``value`` if it carries a UTC offset; refuse naive datetimes."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidFieldError(field, "a time must carry its UTC offset")
    return value


def format_datetime(value: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``, the one stored form (sorts as text)."""
    aware = require_aware(value, "datetime")
    return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")


def format_date(value: date) -> str:
    return value.isoformat()


def parse_datetime(value: JsonValue, field: str) -> datetime:
    if isinstance(value, datetime):
        return require_aware(value, field)
    if not isinstance(value, str):
        raise InvalidFieldError(field, "expected an ISO 8601 date and time")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidFieldError(field, f"{value!r} is not an ISO 8601 date and time") from None
    return require_aware(parsed, field)


def parse_date(value: JsonValue, field: str) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise InvalidFieldError(field, "expected a date (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidFieldError(field, f"{value!r} is not a date (YYYY-MM-DD)") from None


def optional_datetime(fields: Mapping[str, JsonValue], field: str) -> datetime | None:
    value = fields.get(field)
    return None if value is None else parse_datetime(value, field)


def optional_date(fields: Mapping[str, JsonValue], field: str) -> date | None:
    value = fields.get(field)
    return None if value is None else parse_date(value, field)


def optional_text(fields: Mapping[str, JsonValue], field: str) -> str | None:
    value = fields.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidFieldError(field, "expected text")
    return value


def text(fields: Mapping[str, JsonValue], field: str, default: str = "") -> str:
    value = optional_text(fields, field)
    return default if value is None else value


def flag(fields: Mapping[str, JsonValue], field: str, default: bool = False) -> bool:
    value = fields.get(field)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidFieldError(field, "expected true or false")
    return value


def optional_flag(fields: Mapping[str, JsonValue], field: str) -> bool | None:
    return None if fields.get(field) is None else flag(fields, field)


def text_list(fields: Mapping[str, JsonValue], field: str) -> tuple[str, ...]:
    value = fields.get(field)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidFieldError(field, "expected a list of text")
    return tuple(value)


def enum_value(enum: type[E], value: JsonValue, field: str) -> E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(str(member.value) for member in enum)
        raise InvalidFieldError(field, f"{value!r} is not one of: {allowed}") from None


def optional_enum(enum: type[E], fields: Mapping[str, JsonValue], field: str) -> E | None:
    value = fields.get(field)
    return None if value is None else enum_value(enum, value, field)


def overlay(stored: Mapping[str, JsonValue], known: Mapping[str, JsonValue]) -> Fields:
    """``stored`` with the entity's known fields written over it.

    Keys this version does not know are kept, so an older client's edit never drops a newer
    client's fields (DESIGN.md sync property 13).
    """
    return {**stored, **known}


def same_record(a: Mapping[str, JsonValue], b: Mapping[str, JsonValue]) -> bool:
    """Equal as record fields, where a missing key and ``null`` mean the same (as in sync)."""
    return without_nulls(a) == without_nulls(b)


def without_nulls(fields: Mapping[str, JsonValue]) -> Fields:
    return {k: v for k, v in fields.items() if v is not None}


def canonical_json(value: Any) -> bytes:
    """Deterministic JSON (sorted keys, no spaces, UTF-8) for content hashes."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def content_hash(value: Any) -> str:
    """``sha256:`` plus the hex digest of the canonical JSON of ``value``."""
    return "sha256:" + hashlib.sha256(canonical_json(value)).hexdigest()
