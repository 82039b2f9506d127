"""Errors the domain raises when a rule refuses something, each with a sentence for people.

    DomainError                     a domain rule refused an input or an action
    ├── InvalidFieldError           a stored or typed value cannot be read (field named)
    ├── InvalidAnswersError         screening answers out of range or against the skip rule
    ├── WeakPassphraseError         the passphrase breaks a U2 rule (in ``passphrase``)
    └── RuleViolationError          an action the rules forbid
        ├── RecordLockedError       edit or delete of a signed note or an append-only record
        ├── InvalidTransitionError  a status change the lifecycle does not allow
        ├── NoteIncompleteError     signing refused: the billable-note checks found errors
        └── EncounterNotReadyError  closing refused: escalation steps are outstanding
                                    (in ``escalation``)

All are the environment's fault in the STYLE.md sense: the message is written for the person
at the keyboard (or the device whose edit the server refused) and says what to do instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class DomainError(Exception):
    """A domain rule refused an input or an action; ``str(error)`` is a plain sentence."""


class InvalidFieldError(DomainError, ValueError):
    """A field value that is missing, of the wrong type or out of range."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class InvalidAnswersError(DomainError, ValueError):
    """Screening answers that cannot be scored (missing, out of range, skip rule broken)."""


class RuleViolationError(DomainError):
    """An action the domain rules forbid; ``code`` is stable for programs and wire errors."""

    code = "rule_violation"


class RecordLockedError(RuleViolationError):
    """A signed note or an append-only record was to be changed or deleted."""

    code = "record_locked"


class InvalidTransitionError(RuleViolationError):
    """A lifecycle step that does not follow from the current status."""

    code = "invalid_transition"


@dataclass(frozen=True)
class Problem:
    """One finding of a completeness check: a stable code, the field and a sentence.

    ``blocking`` problems stop an action (signing); the others are shown as warnings.
    """

    code: str
    field: str
    message: str
    blocking: bool = True


class NoteIncompleteError(RuleViolationError):
    """Signing refused: the note lacks what the payer's documentation rules require."""

    code = "note_incomplete"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        listed = "; ".join(p.message for p in self.problems)
        super().__init__(f"The note cannot be signed yet: {listed}")
