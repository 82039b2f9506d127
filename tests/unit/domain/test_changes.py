"""The rules every create, update and delete passes, whoever sends it."""

from __future__ import annotations

import pytest

from fieldcm.domain import cssrs
from fieldcm.domain.addenda import addendum_fields
from fieldcm.domain.alerts import Alert, AlertType, Severity
from fieldcm.domain.assessments import cssrs_fields, screen_fields
from fieldcm.domain.changes import check_create, check_delete, check_update
from fieldcm.domain.errors import InvalidFieldError, RecordLockedError, RuleViolationError
from fieldcm.domain.records import UnknownKind
from fieldcm.domain.signing import sign_note

from .conftest import T0, at
from .notes_helpers import AUTHOR, draft


def signed():  # type: ignore[no-untyped-def]
    return sign_note(draft(), AUTHOR, at=at(60))


def phq():  # type: ignore[no-untyped-def]
    return screen_fields("phq9", [1] * 9, administered_at=T0)


def alert():  # type: ignore[no-untyped-def]
    return Alert(AlertType.SAFETY_FLAG, Severity.URGENT, "synthetic", T0).to_fields()


def addendum():  # type: ignore[no-untyped-def]
    return addendum_fields("n", signed(), AUTHOR, text="More.", reason="r", at=at(90))


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("note", draft()),
        ("note", signed()),
        ("assessment", phq()),
        (
            "assessment",
            cssrs_fields(cssrs.Answers.of({1: False, 2: False, 6: False}), administered_at=T0),
        ),
        ("alert", alert()),
        ("addendum", addendum()),
        ("safety_plan", {"warning_signs": [{"id": "a", "text": "x"}]}),
        ("client", {"preferred_name": "Synthetic Person", "a_new_field": 1}),
    ],
)
def test_valid_creates_pass(kind: str, fields: dict[str, object]) -> None:
    check_create(kind, fields)


@pytest.mark.parametrize(
    ("kind", "fields", "error"),
    [
        ("assessment", {**phq(), "total": 0}, InvalidFieldError),
        ("addendum", {**addendum(), "text": "changed"}, InvalidFieldError),
        ("alert", {**alert(), "type": "made_up"}, InvalidFieldError),
        ("safety_plan", {"warning_signs": "x"}, InvalidFieldError),
        ("note", {**signed(), "location": "changed"}, RuleViolationError),
        ("no_such_kind", {}, UnknownKind),
    ],
)
def test_invalid_creates_are_refused(
    kind: str, fields: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        check_create(kind, fields)


@pytest.mark.parametrize(
    ("kind", "before", "after"),
    [
        ("assessment", phq(), {**phq(), "answers": [0] * 9, "total": 0}),
        ("alert", alert(), {**alert(), "message": "edited"}),
        ("addendum", addendum(), {**addendum(), "reason": "edited"}),
        ("note", signed(), {**signed(), "location": "edited"}),
    ],
)
def test_updates_to_locked_or_append_only_records_are_refused(
    kind: str, before: dict[str, object], after: dict[str, object]
) -> None:
    with pytest.raises(RecordLockedError):
        check_update(kind, before, after)


@pytest.mark.parametrize(
    ("kind", "before", "after"),
    [
        ("assessment", phq(), phq()),
        ("alert", alert(), {**alert(), "source_id": None}),
        ("note", draft(), draft(location="Shelter")),
        ("note", draft(), signed()),
        ("client", {"preferred_name": "A"}, {"preferred_name": "B"}),
    ],
)
def test_allowed_updates(kind: str, before: dict[str, object], after: dict[str, object]) -> None:
    check_update(kind, before, after)


@pytest.mark.parametrize(
    ("kind", "fields", "refused"),
    [
        ("note", draft(), False),
        ("note", signed(), True),
        ("assessment", phq(), True),
        ("alert", alert(), True),
        ("addendum", addendum(), True),
        ("task", {"description": "call"}, False),
    ],
)
def test_deletes(kind: str, fields: dict[str, object], refused: bool) -> None:
    if refused:
        with pytest.raises(RecordLockedError):
            check_delete(kind, fields)
    else:
        check_delete(kind, fields)
