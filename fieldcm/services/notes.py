"""Writing, signing, co-signing and amending visit notes.

Each function takes an open :class:`~fieldcm.store.uow.UnitOfWork` and leaves committing to
the caller, so a UI action or a script decides what one transaction holds. The rules
(completeness per payer, immutability, late entry) are the domain's; these functions only
read the record, ask the domain, and write the result through the store, which queues it
for sync in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from fieldcm.domain.addenda import AddendumType, addendum_fields
from fieldcm.domain.billing import DEFAULT_RULE, PayerRule
from fieldcm.domain.notes import NoteFormat, Signer, new_note_fields
from fieldcm.domain.records import Record
from fieldcm.domain.signing import cosign_note, sign_note
from fieldcm.store.repo_base import RecordNotFound
from fieldcm.store.uow import UnitOfWork


def start_note(
    uow: UnitOfWork,
    *,
    client_id: str,
    author_id: str,
    note_format: NoteFormat,
    service_start: datetime | None = None,
    service_end: datetime | None = None,
    encounter_id: str | None = None,
) -> Record:
    """A new draft note from the format's template."""
    fields = new_note_fields(
        author_id=author_id,
        note_format=note_format,
        service_start=service_start,
        service_end=service_end,
        encounter_id=encounter_id,
    )
    return uow.records.create("note", client_id, fields)


def save_draft(uow: UnitOfWork, note_id: str, changed: Mapping[str, Any]) -> Record:
    """Save what was typed into a draft; the store refuses it once the note is signed."""
    return uow.records.update(note_id, changed)


def sign(
    uow: UnitOfWork, note_id: str, signer: Signer, *, at: datetime, rule: PayerRule = DEFAULT_RULE
) -> Record:
    """Sign a complete draft: afterwards it is immutable and content-hashed.

    Raises:
        NoteIncompleteError: the payer's documentation rules are not met (nothing written).
        InvalidTransitionError, RuleViolationError: the note is not the signer's draft.
    """
    note = _note(uow, note_id)
    return uow.records.update(note_id, sign_note(note.fields, signer, at=at, rule=rule))


def cosign(uow: UnitOfWork, note_id: str, supervisor: Signer, *, at: datetime) -> Record:
    """Add a supervisor's co-signature; a separate signature, never an edit of the content."""
    note = _note(uow, note_id)
    return uow.records.update(note_id, cosign_note(note.fields, supervisor, at=at))


def add_addendum(
    uow: UnitOfWork,
    note_id: str,
    author: Signer,
    *,
    text: str,
    reason: str,
    at: datetime,
    addendum_type: AddendumType = AddendumType.ADDENDUM,
) -> Record:
    """Correct or add to a signed note with a new, signed record that names it."""
    note = _note(uow, note_id)
    fields = addendum_fields(
        note_id, note.fields, author, text=text, reason=reason, at=at, addendum_type=addendum_type
    )
    return uow.records.create("addendum", note.client_id, fields)


def _note(uow: UnitOfWork, note_id: str) -> Record:
    note = uow.records.get(note_id)
    if note is None or note.kind != "note":
        raise RecordNotFound(f"No note {note_id} on this laptop.")
    return note
