"""Signing and co-signing notes, and the lock that keeps a signed note unchanged (D7).

A signature records who signed, their credentials, when, and the hash of the content it
covers. After signing the only change a note accepts is a supervisor's co-signature, which
is a second signature, not an edit. :func:`check_note_change` is what client and server both
run on every incoming version of a note, so a signed note is refused an edit whoever sends it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from fieldcm.domain import codec
from fieldcm.domain.billing import DEFAULT_RULE, PayerRule, blocking, is_late_entry, note_problems
from fieldcm.domain.errors import (
    InvalidTransitionError,
    NoteIncompleteError,
    RecordLockedError,
    RuleViolationError,
)
from fieldcm.domain.notes import (
    NoteStatus,
    Role,
    Signature,
    Signer,
    content_of,
    note_content_hash,
    read_note,
)
from fieldcm.domain.records import Fields, JsonValue

_LOCKED_MESSAGE = "This note is signed and can no longer be changed. Add an addendum instead."


def sign_note(
    fields: Mapping[str, JsonValue], signer: Signer, *, at: datetime, rule: PayerRule = DEFAULT_RULE
) -> Fields:
    """Sign a complete draft; returns the signed fields.

    Raises:
        InvalidTransitionError: the note is not a draft.
        RuleViolationError: the signer is not the note's author.
        NoteIncompleteError: the payer's documentation rules are not met.
    """
    note = read_note(fields)
    if note.status is not NoteStatus.DRAFT:
        raise InvalidTransitionError(_LOCKED_MESSAGE)
    if note.author_id is not None and note.author_id != signer.user_id:
        raise RuleViolationError("Only the note's author can sign it; a supervisor co-signs after.")
    problems = blocking(note_problems(fields, rule=rule, signer=signer, now=at))
    if problems:
        raise NoteIncompleteError(problems)
    content = content_of(fields)
    signature = _signature(signer, at, codec.content_hash(content))
    late = note.service_end is not None and is_late_entry(note.service_end, at, rule)
    return {
        **content,
        "status": NoteStatus.SIGNED.value,
        "signature": signature.to_json(),
        "cosignature": None,
        "late_entry": late,
    }


def cosign_note(fields: Mapping[str, JsonValue], cosigner: Signer, *, at: datetime) -> Fields:
    """Add a supervisor's co-signature to a signed note; the content stays as signed."""
    note = read_note(fields)
    if note.status is NoteStatus.DRAFT:
        raise InvalidTransitionError("The author must sign the note before it is co-signed.")
    if note.status is NoteStatus.COSIGNED:
        raise InvalidTransitionError("This note is already co-signed.")
    _check_cosigner(fields, cosigner.user_id, cosigner.role)
    cosignature = _signature(cosigner, at, note_content_hash(fields))
    return {**fields, "status": NoteStatus.COSIGNED.value, "cosignature": cosignature.to_json()}


def signature_valid(fields: Mapping[str, JsonValue]) -> bool:
    """True when the note's signature covers exactly its current content."""
    signature = read_note(fields).signature
    return signature is not None and signature.content_hash == note_content_hash(fields)


def check_note_change(
    before: Mapping[str, JsonValue] | None, after: Mapping[str, JsonValue]
) -> None:
    """Refuse any new version of a note the lifecycle does not allow.

    ``before`` is ``None`` for a note arriving for the first time (a laptop may create and
    sign a note offline before its first sync).
    """
    old_status = NoteStatus.DRAFT if before is None else read_note(before).status
    new_status = read_note(after).status
    if old_status is NoteStatus.DRAFT:
        _check_from_draft(new_status, after)
    elif before is not None and codec.same_record(before, after):
        return
    elif old_status is NoteStatus.SIGNED and new_status is NoteStatus.COSIGNED:
        _check_cosign_step(before, after)
    else:
        raise RecordLockedError(_LOCKED_MESSAGE)


def _check_from_draft(new_status: NoteStatus, after: Mapping[str, JsonValue]) -> None:
    if new_status is NoteStatus.DRAFT:
        return
    if new_status is NoteStatus.COSIGNED:
        raise InvalidTransitionError("A draft must be signed before it is co-signed.")
    note = read_note(after)
    if note.signature is None or not signature_valid(after):
        raise RuleViolationError("The signature does not match the note's content.")
    if note.author_id is not None and note.signature.user_id != note.author_id:
        raise RuleViolationError("Only the note's author can sign it.")
    if note.cosignature is not None:
        raise InvalidTransitionError("A note is co-signed only after it is signed.")


def _check_cosign_step(
    before: Mapping[str, JsonValue] | None, after: Mapping[str, JsonValue]
) -> None:
    assert before is not None
    signing_only = {"status", "cosignature"}
    unchanged = codec.same_record(
        {k: v for k, v in before.items() if k not in signing_only},
        {k: v for k, v in after.items() if k not in signing_only},
    )
    cosignature = read_note(after).cosignature
    if not unchanged or cosignature is None:
        raise RecordLockedError(_LOCKED_MESSAGE)
    _check_cosigner(after, cosignature.user_id, None)
    if cosignature.content_hash != note_content_hash(after):
        raise RuleViolationError("The co-signature does not match the note's content.")


def _check_cosigner(fields: Mapping[str, JsonValue], user_id: str, role: Role | None) -> None:
    note = read_note(fields)
    if role is not None and role is not Role.SUPERVISOR:
        raise RuleViolationError("Only a supervisor can co-sign a note.")
    if user_id in {note.author_id, note.signature.user_id if note.signature else None}:
        raise RuleViolationError("A note cannot be co-signed by its own author.")
    if not signature_valid(fields):
        raise RuleViolationError("The note changed after it was signed; it cannot be co-signed.")


def _signature(signer: Signer, at: datetime, content_hash: str) -> Signature:
    return Signature(
        user_id=signer.user_id,
        name=signer.name,
        credentials=signer.credentials,
        signed_at=codec.require_aware(at, "signed_at"),
        content_hash=content_hash,
    )
