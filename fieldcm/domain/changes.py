"""The rules every create, update and delete of a record must pass, on the laptop and the server.

The store runs these before writing a local edit; the server runs them on every pushed
mutation, so a rule holds "whoever sends it" (DESIGN.md). What they enforce:

* append-only kinds (addenda, assessments, alerts) are created once, never edited or deleted;
* a signed note changes only by a valid co-signature and is never deleted (D7);
* kinds with derived or signed content are re-read on arrival, so a typed score, a broken
  signature or a malformed safety-plan item is refused with the field named.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

from fieldcm.domain import codec
from fieldcm.domain.addenda import read_addendum
from fieldcm.domain.alerts import read_alert
from fieldcm.domain.assessments import read_assessment
from fieldcm.domain.errors import RecordLockedError
from fieldcm.domain.records import JsonValue, spec_for
from fieldcm.domain.safety_plan import read_plan
from fieldcm.domain.signing import check_note_change

Validator = Callable[[Mapping[str, JsonValue]], object]

_VALIDATORS: Final[Mapping[str, Validator]] = {
    "addendum": read_addendum,
    "alert": read_alert,
    "assessment": read_assessment,
    "safety_plan": read_plan,
}


def check_create(kind: str, fields: Mapping[str, JsonValue]) -> None:
    """Refuse a new record whose content breaks its kind's rules."""
    spec_for(kind)
    if kind == "note":
        check_note_change(None, fields)
    _validate(kind, fields)


def check_update(
    kind: str, before: Mapping[str, JsonValue], after: Mapping[str, JsonValue]
) -> None:
    """Refuse an edit the kind's lifecycle forbids; an unchanged record always passes."""
    spec = spec_for(kind)
    if kind == "note":
        check_note_change(before, after)
    elif spec.append_only and not codec.same_record(before, after):
        raise RecordLockedError(f"A {kind.replace('_', ' ')} is never edited once recorded.")
    elif spec.is_locked(before) and not codec.same_record(before, after):
        raise RecordLockedError(f"This {kind.replace('_', ' ')} is locked.")
    _validate(kind, after)


def check_delete(kind: str, fields: Mapping[str, JsonValue]) -> None:
    """Refuse deleting a signed note or any append-only record: the trail must stay whole."""
    spec = spec_for(kind)
    if spec.append_only:
        raise RecordLockedError(
            f"A {kind.replace('_', ' ')} is kept permanently and cannot be deleted."
        )
    if spec.is_locked(fields):
        raise RecordLockedError("A signed note cannot be deleted. Add a correction instead.")


def _validate(kind: str, fields: Mapping[str, JsonValue]) -> None:
    validator = _VALIDATORS.get(kind)
    if validator is not None:
        validator(fields)
