"""Addenda and corrections: new signed records naming the signed note, never edits (D7)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from fieldcm.domain.addenda import AddendumType, addendum_fields, read_addendum
from fieldcm.domain.errors import InvalidFieldError, RuleViolationError
from fieldcm.domain.notes import Signer, note_content_hash
from fieldcm.domain.signing import sign_note

from .conftest import at
from .notes_helpers import AUTHOR, SUPERVISOR, draft


def signed():  # type: ignore[no-untyped-def]
    return sign_note(draft(), AUTHOR, at=at(60))


def test_addendum_names_parent_and_carries_its_own_author_and_time() -> None:
    parent = signed()
    fields = addendum_fields(
        "note-1",
        parent,
        SUPERVISOR,
        text="Client called back with synthetic detail.",
        reason="New information",
        at=at(hours=30),
        addendum_type=AddendumType.CORRECTION,
    )
    addendum = read_addendum(fields)
    assert addendum.parent_id == "note-1"
    assert addendum.parent_hash == note_content_hash(parent)
    assert addendum.signature.user_id == "super-1" and addendum.written_at == at(hours=30)
    header = addendum.header(ZoneInfo("America/Chicago"))
    assert header.startswith("Correction — Lee Sample, LCSW, written 2026-01-07")


@pytest.mark.parametrize(
    ("parent", "author", "content", "error", "message"),
    [
        (draft(), AUTHOR, {}, RuleViolationError, "still a draft"),
        (None, AUTHOR, {"at": at(30)}, RuleViolationError, "before the note was signed"),
        (None, AUTHOR, {"text": " "}, InvalidFieldError, "text"),
        (None, AUTHOR, {"reason": ""}, InvalidFieldError, "reason"),
        (None, Signer("worker-1", "Sam", ""), {}, InvalidFieldError, "credentials"),
    ],
)
def test_addendum_refusals(parent, author, content, error, message) -> None:  # type: ignore[no-untyped-def]
    arguments = {"text": "t", "reason": "r", "at": at(90)} | content
    with pytest.raises(error, match=message):
        addendum_fields("note-1", parent if parent is not None else signed(), author, **arguments)


def valid():  # type: ignore[no-untyped-def]
    return addendum_fields("note-1", signed(), AUTHOR, text="More.", reason="Late info", at=at(90))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": "Rewritten"}, "does not match"),
        ({"written_at": "2025-01-01T00:00:00Z"}, "does not match"),
        ({"signature": None}, "must be signed"),
        ({"service_code": "H0031"}, "billed"),
        ({"units": 4}, "billed"),
    ],
)
def test_tampered_or_billing_addenda_are_refused(change: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidFieldError, match=message):
        read_addendum({**valid(), **change})
