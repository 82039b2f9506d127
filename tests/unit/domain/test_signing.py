"""Signing, co-signing and the lock on signed notes, as client and server both check it (D7)."""

from __future__ import annotations

import pytest

from fieldcm.domain.billing import PayerRule
from fieldcm.domain.errors import (
    InvalidTransitionError,
    NoteIncompleteError,
    RecordLockedError,
    RuleViolationError,
)
from fieldcm.domain.notes import Role, Signature, Signer, note_content_hash, read_note
from fieldcm.domain.signing import check_note_change, cosign_note, sign_note, signature_valid

from .conftest import at
from .notes_helpers import AUTHOR, SUPERVISOR, draft


def signed():  # type: ignore[no-untyped-def]
    return sign_note(draft(), AUTHOR, at=at(60))


def test_signing_records_signer_credentials_time_and_hash() -> None:
    fields = signed()
    note = read_note(fields)
    assert note.status.value == "signed" and note.locked
    assert note.signature is not None
    assert (note.signature.user_id, note.signature.credentials) == ("worker-1", "QMHP-CS")
    assert note.signature.signed_at == at(60)
    assert note.signature.content_hash == note_content_hash(draft())
    assert signature_valid(fields) and not note.late_entry


def test_late_entry_is_labelled_automatically() -> None:
    fields = sign_note(
        draft(), AUTHOR, at=at(hours=80), rule=PayerRule("p", late_entry_after_hours=72)
    )
    assert read_note(fields).late_entry
    assert read_note(fields).service_start == at(0)  # both dates kept


@pytest.mark.parametrize(
    ("fields", "signer", "error"),
    [
        (draft(location=""), AUTHOR, NoteIncompleteError),
        (draft(), Signer("someone-else", "X", "CSSP"), RuleViolationError),
    ],
)
def test_signing_refusals(fields, signer, error) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error):
        sign_note(fields, signer, at=at(60))


def test_incomplete_note_lists_every_problem() -> None:
    with pytest.raises(NoteIncompleteError) as raised:
        sign_note(draft(location="", service_code=""), AUTHOR, at=at(60))
    assert {p.field for p in raised.value.problems} == {"location", "service_code"}
    assert "cannot be signed" in str(raised.value)


def test_a_signed_note_cannot_be_signed_again() -> None:
    with pytest.raises(InvalidTransitionError, match="addendum"):
        sign_note(signed(), AUTHOR, at=at(61))


def test_cosign_adds_a_second_signature_without_changing_content() -> None:
    fields = cosign_note(signed(), SUPERVISOR, at=at(120))
    note = read_note(fields)
    assert note.status.value == "cosigned" and note.cosignature is not None
    assert note.cosignature.content_hash == note.signature.content_hash  # type: ignore[union-attr]
    check_note_change(signed(), fields)


@pytest.mark.parametrize(
    ("fields", "cosigner", "error", "message"),
    [
        (draft(), SUPERVISOR, InvalidTransitionError, "sign the note before"),
        (None, Signer("worker-2", "Pat", "CSSP"), RuleViolationError, "supervisor"),
        (
            None,
            Signer("worker-1", "Sam Example", "QMHP-CS", Role.SUPERVISOR),
            RuleViolationError,
            "own author",
        ),
    ],
)
def test_cosign_refusals(fields, cosigner, error, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=message):
        cosign_note(fields if fields is not None else signed(), cosigner, at=at(120))


def test_cosign_refuses_a_note_altered_after_signing() -> None:
    tampered = {**signed(), "location": "Somewhere else"}
    with pytest.raises(RuleViolationError, match="changed after it was signed"):
        cosign_note(tampered, SUPERVISOR, at=at(120))


def test_cosigned_note_cannot_be_cosigned_again() -> None:
    with pytest.raises(InvalidTransitionError, match="already co-signed"):
        cosign_note(cosign_note(signed(), SUPERVISOR, at=at(120)), SUPERVISOR, at=at(121))


# ---- the lock every incoming version passes through -----------------------------------


def edits_to_signed():  # type: ignore[no-untyped-def]
    base = signed()
    return [
        ("edit content", {**base, "location": "Elsewhere"}),
        ("back to draft", {**base, "status": "draft"}),
        ("drop signature", {**base, "signature": None}),
        ("add a field", {**base, "service_code": "H0031"}),
        ("set late entry", {**base, "late_entry": True}),
    ]


@pytest.mark.parametrize("name", [name for name, _ in edits_to_signed()])
def test_any_edit_of_a_signed_note_is_refused(name: str) -> None:
    after = dict(edits_to_signed())[name]
    with pytest.raises(RecordLockedError):
        check_note_change(signed(), after)


def test_cosign_step_cannot_smuggle_an_edit() -> None:
    cosigned = cosign_note(signed(), SUPERVISOR, at=at(120))
    with pytest.raises(RecordLockedError):
        check_note_change(signed(), {**cosigned, "location": "Elsewhere"})
    with pytest.raises(RecordLockedError):
        check_note_change(cosigned, {**cosigned, "location": "Elsewhere"})


def test_cosign_step_with_a_forged_cosignature_is_refused() -> None:
    cosigned = cosign_note(signed(), SUPERVISOR, at=at(120))
    forged = {**cosigned, "cosignature": {**cosigned["cosignature"], "content_hash": "sha256:00"}}
    with pytest.raises(RuleViolationError, match="co-signature does not match"):
        check_note_change(signed(), forged)
    self_cosigned = {**cosigned, "cosignature": {**cosigned["cosignature"], "user_id": "worker-1"}}
    with pytest.raises(RuleViolationError, match="own author"):
        check_note_change(signed(), self_cosigned)


def signed_by_someone_else():  # type: ignore[no-untyped-def]
    """A correctly hashed signature by a person who is not the note's author."""
    fields = draft()
    forged = Signature("worker-9", "Other", "CSSP", at(60), note_content_hash(fields))
    return {**fields, "status": "signed", "signature": forged.to_json()}


def test_a_signature_by_someone_other_than_the_author_is_refused() -> None:
    with pytest.raises(RuleViolationError, match="Only the note's author"):
        check_note_change(None, signed_by_someone_else())


@pytest.mark.parametrize(
    ("before", "after_factory", "error"),
    [
        (None, draft, None),
        (None, signed, None),
        (draft(), lambda: draft(location="Shelter"), None),
        (draft(), signed, None),
        (None, lambda: {**signed(), "location": "Changed after signing"}, RuleViolationError),
        (None, lambda: {**signed(), "signature": None}, RuleViolationError),
        (None, signed_by_someone_else, RuleViolationError),
        (draft(), lambda: cosign_note(signed(), SUPERVISOR, at=at(99)), InvalidTransitionError),
        (
            draft(),
            lambda: {**signed(), "cosignature": signed()["signature"]},
            InvalidTransitionError,
        ),
    ],
)
def test_arrivals_from_draft(before, after_factory, error) -> None:  # type: ignore[no-untyped-def]
    if error is None:
        check_note_change(before, after_factory())
    else:
        with pytest.raises(error):
            check_note_change(before, after_factory())


def test_unchanged_signed_note_passes_even_with_nulls_dropped() -> None:
    base = {**signed(), "payer": None}
    check_note_change(base, {k: v for k, v in base.items() if v is not None})
