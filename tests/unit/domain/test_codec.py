"""Typed values in record fields: ISO times in UTC, dates, enums, lists, hashing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from enum import StrEnum

import pytest

from fieldcm.domain import codec
from fieldcm.domain.errors import InvalidFieldError


class Colour(StrEnum):
    RED = "red"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-01-06T15:00:00Z", datetime(2026, 1, 6, 15, tzinfo=UTC)),
        ("2026-01-06T09:00:00-06:00", datetime(2026, 1, 6, 15, tzinfo=UTC)),
        (datetime(2026, 1, 6, 15, tzinfo=UTC), datetime(2026, 1, 6, 15, tzinfo=UTC)),
    ],
)
def test_parse_datetime(value: object, expected: datetime) -> None:
    assert codec.parse_datetime(value, "t") == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-01-06T15:00:00", "UTC offset"),
        (datetime(2026, 1, 6, 15), "UTC offset"),
        ("yesterday", "not an ISO 8601"),
        (1767711600, "expected an ISO 8601"),
        (None, "expected an ISO 8601"),
    ],
)
def test_bad_datetimes_name_the_field(value: object, message: str) -> None:
    with pytest.raises(InvalidFieldError, match=f"^when: .*{message}") as raised:
        codec.parse_datetime(value, "when")
    assert raised.value.field == "when"


def test_format_datetime_is_utc_with_z_and_round_trips() -> None:
    local = datetime(2026, 1, 6, 9, 30, tzinfo=timezone(timedelta(hours=-6)))
    text = codec.format_datetime(local)
    assert text == "2026-01-06T15:30:00Z"
    assert codec.parse_datetime(text, "t") == local
    with pytest.raises(InvalidFieldError):
        codec.format_datetime(datetime(2026, 1, 6))


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2026-02-28", True),
        (date(2026, 2, 28), True),
        ("2026-02-30", False),
        (20260228, False),
        (datetime(2026, 2, 28, tzinfo=UTC), False),
    ],
)
def test_parse_date(value: object, ok: bool) -> None:
    if ok:
        assert codec.parse_date(value, "d") == date(2026, 2, 28)
    else:
        with pytest.raises(InvalidFieldError):
            codec.parse_date(value, "d")


@pytest.mark.parametrize(
    ("reader", "fields", "expected"),
    [
        (codec.text, {}, ""),
        (codec.text, {"f": "x"}, "x"),
        (codec.flag, {}, False),
        (codec.flag, {"f": True}, True),
        (codec.optional_flag, {"f": None}, None),
        (codec.text_list, {}, ()),
        (codec.text_list, {"f": ["a", "b"]}, ("a", "b")),
    ],
)
def test_readers(reader, fields, expected) -> None:  # type: ignore[no-untyped-def]
    assert reader(fields, "f") == expected


@pytest.mark.parametrize(
    ("reader", "value"),
    [
        (codec.text, 3),
        (codec.flag, "yes"),
        (codec.flag, 1),
        (codec.text_list, "a"),
        (codec.text_list, [1]),
    ],
)
def test_readers_refuse_wrong_types(reader, value) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidFieldError, match=r"^f: "):
        reader({"f": value}, "f")


def test_enums() -> None:
    assert codec.enum_value(Colour, "red", "c") is Colour.RED
    assert codec.optional_enum(Colour, {}, "c") is None
    with pytest.raises(InvalidFieldError, match="not one of: red"):
        codec.enum_value(Colour, "blue", "c")


def test_overlay_keeps_unknown_keys() -> None:
    assert codec.overlay({"known": 1, "future": 2}, {"known": 3}) == {"known": 3, "future": 2}


def test_same_record_treats_missing_and_null_alike() -> None:
    assert codec.same_record({"a": 1, "b": None}, {"a": 1})
    assert not codec.same_record({"a": 1}, {"a": 2})


def test_content_hash_is_order_independent_and_type_sensitive() -> None:
    assert codec.content_hash({"a": 1, "b": [1, 2]}) == codec.content_hash({"b": [1, 2], "a": 1})
    assert codec.content_hash({"a": 1}) != codec.content_hash({"a": "1"})
    assert codec.content_hash({"a": 1}) != codec.content_hash({"a": True})
    assert codec.content_hash({}).startswith("sha256:")
