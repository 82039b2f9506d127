"""Addenda and corrections to signed notes: new records, never edits (D7).

Medicare's rule for any amendment, correction or delayed entry: identify it as such, show
its own date and author, and leave all original content in place. So an addendum is its own
append-only record that names its parent note and the exact signed content it refers to
(``parent_hash``), carries its author, credentials, reason and the time it was written
(always "now", never backdated), and is itself signed with a content hash. It cannot carry a
service code: an addendum never changes what was billed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum

from fieldcm.domain import codec
from fieldcm.domain.errors import InvalidFieldError, RuleViolationError
from fieldcm.domain.notes import Signature, Signer, note_content_hash, read_note, read_signature
from fieldcm.domain.records import Fields, JsonValue


class AddendumType(StrEnum):
    ADDENDUM = "addendum"
    """New information added to a complete note."""
    CORRECTION = "correction"
    """A correction of an error; the original stays readable beside it."""


HEADERS = {AddendumType.ADDENDUM: "Addendum", AddendumType.CORRECTION: "Correction"}
_FORBIDDEN = frozenset({"service_code", "service_start", "service_end", "units"})


@dataclass(frozen=True)
class Addendum:
    parent_id: str
    parent_hash: str
    type: AddendumType
    text: str
    reason: str
    written_at: datetime
    signature: Signature

    def header(self, zone: tzinfo) -> str:
        """The permanent label shown above the text, e.g. ``Addendum — A. Rivera, LCSW, ...``."""
        written = self.written_at.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z").strip()
        signer = self.signature
        return f"{HEADERS[self.type]} — {signer.name}, {signer.credentials}, written {written}"


def addendum_fields(
    parent_id: str,
    parent: Mapping[str, JsonValue],
    author: Signer,
    *,
    text: str,
    reason: str,
    at: datetime,
    addendum_type: AddendumType = AddendumType.ADDENDUM,
) -> Fields:
    """The fields of a new, signed addendum to the signed note ``parent``.

    Raises:
        RuleViolationError: the parent is a draft, or ``at`` is before the parent's signature.
        InvalidFieldError: text, reason or credentials are empty.
    """
    note = read_note(parent)
    if not note.locked or note.signature is None:
        raise RuleViolationError(
            "This note is still a draft: edit it instead of adding an addendum."
        )
    if codec.require_aware(at, "written_at") < note.signature.signed_at:
        raise RuleViolationError("An addendum cannot be dated before the note was signed.")
    for name, value in (("text", text), ("reason", reason), ("credentials", author.credentials)):
        if not value.strip():
            raise InvalidFieldError(name, "must not be empty")
    content: Fields = {
        "parent_id": parent_id,
        "parent_hash": note_content_hash(parent),
        "type": addendum_type.value,
        "text": text,
        "reason": reason,
        "written_at": codec.format_datetime(at),
        "author_id": author.user_id,
    }
    signature = Signature(
        author.user_id, author.name, author.credentials, at, codec.content_hash(content)
    )
    return {**content, "signature": signature.to_json()}


def read_addendum(fields: Mapping[str, JsonValue]) -> Addendum:
    """Read an addendum, refusing one that changes billing or whose signature does not match."""
    bad = sorted(_FORBIDDEN & {k for k, v in fields.items() if v is not None})
    if bad:
        raise InvalidFieldError(bad[0], "an addendum cannot change what was billed")
    signature = read_signature(fields.get("signature"), "signature")
    if signature is None:
        raise InvalidFieldError("signature", "an addendum must be signed")
    content = {k: v for k, v in fields.items() if k != "signature" and v is not None}
    if codec.content_hash(content) != signature.content_hash:
        raise InvalidFieldError("signature", "the signature does not match the addendum's content")
    return Addendum(
        parent_id=codec.text(fields, "parent_id"),
        parent_hash=codec.text(fields, "parent_hash"),
        type=codec.enum_value(AddendumType, fields.get("type"), "type"),
        text=codec.text(fields, "text"),
        reason=codec.text(fields, "reason"),
        written_at=codec.parse_datetime(fields.get("written_at"), "written_at"),
        signature=signature,
    )
