"""Errors in plain words (STYLE.md habit 5): the environment's, and ours.

The core's errors carry English sentences written for people; the ones a worker meets
every week are re-worded here through Qt's translation system so they read in Spanish too.
Anything that is not the environment's fault is "ours": a short apology for the person
and the exception's type for the log, never its text (it may hold record content).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from fieldcm.domain.errors import DomainError, NoteIncompleteError
from fieldcm.store.errors import (
    EnvironmentProblem,
    StoreLocked,
    UnlockThrottled,
    WrongPassphrase,
)
from fieldcm.sync.transport import Offline, ServerUnavailable, TransportError, UntrustedServer

log = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("Messages", text)


@dataclass(frozen=True)
class Explained:
    text: str
    is_bug: bool = False


def seconds_text(seconds: float) -> str:
    whole = max(1, math.ceil(seconds))
    if whole == 1:
        return tr("Try again in 1 second.")
    return tr("Try again in {n} seconds.").format(n=whole)


def _wrong_passphrase(error: WrongPassphrase) -> str:
    text = tr("That passphrase is not right. Check Caps Lock and try again.")
    if error.attempts_left is not None and error.attempts_left <= 5:
        text += " " + tr("{n} more wrong tries will disable unlock on this laptop.").format(
            n=error.attempts_left
        )
    return text


def _known(error: BaseException) -> Explained | None:
    """Errors a worker meets often, in the UI's language."""
    if isinstance(error, WrongPassphrase):
        return Explained(_wrong_passphrase(error))
    if isinstance(error, UnlockThrottled):
        return Explained(tr("Too many wrong passphrases.") + " " + seconds_text(error.retry_after))
    if isinstance(error, StoreLocked):
        return Explained(tr("fieldcm is locked. Unlock it with your passphrase."))
    if isinstance(error, NoteIncompleteError):
        return Explained(tr("The note is not complete yet:") + " " + str(error))
    if isinstance(error, Offline) and not isinstance(error, UntrustedServer | ServerUnavailable):
        return Explained(
            tr(
                "No connection to the agency server. Your work is saved on this laptop "
                "and will sync when you are back online."
            )
        )
    return None


def _refusal_texts() -> dict[str, str]:
    """The server's reason codes for a refused edit (``MutationResult.reason_code``)."""
    return {
        "record_locked": tr(
            "The record is signed or can no longer be changed. Write an addendum instead, "
            "or discard this edit."
        ),
        "invalid_transition": tr("The status change is not allowed from the record's status."),
        "note_incomplete": tr("The note is missing something its payer requires."),
        "encounter_not_ready": tr("The visit cannot close yet: a required step is missing."),
        "rule_violation": tr("The change breaks one of the agency's rules for this record."),
        "invalid": tr("Some value in this edit is not valid."),
        "invalid_base_rev": tr(
            "This laptop's copy of the record was out of date. Send it again: it is made "
            "against the newest copy."
        ),
        "not_found": tr(
            "The record is not on the server, or the client is no longer on your caseload."
        ),
        "id_in_use": tr("Another record already uses this record's id."),
        "unknown_kind": tr("The server does not know this kind of record. Update fieldcm."),
        "too_large": tr(
            "The edit is too large for the agency server. Shorten it (a long pasted text, "
            "for example) and send it again."
        ),
    }


def refusal(code: str | None, reason: str | None) -> str:
    """Why the server refused an edit, in plain words; the server's own sentence follows."""
    plain = _refusal_texts().get(code or "") or tr("The agency server refused this edit.")
    if reason and reason != plain:
        return plain + " " + tr("The server said: {reason}").format(reason=reason)
    return plain


def explain(error: BaseException) -> Explained:
    """A sentence for the person; ``is_bug`` when it deserves a report."""
    known = _known(error)
    if known is not None:
        return known
    if isinstance(error, TransportError):
        return Explained(error.user_message, is_bug=error.is_bug)
    if isinstance(error, EnvironmentProblem | DomainError):
        return Explained(str(error))
    log.error("unexpected error: %s", type(error).__name__, exc_info=error)
    return Explained(
        tr(
            "Something went wrong inside fieldcm. Your saved work is safe. "
            "Please tell your IT contact what you were doing."
        ),
        is_bug=True,
    )
