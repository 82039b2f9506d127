"""The progress note: formats over one record, its fields, status and content hash (D5, D7).

One underlying ``note`` record serves every format; a format only says which narrative
sections the note has. Status runs draft → signed → cosigned; a signed note is immutable and
corrections are addenda (see :mod:`fieldcm.domain.signing` and :mod:`fieldcm.domain.addenda`).
The content hash covers every field except the signing ones, so a signature proves what was
signed, including fields this version does not know.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from fieldcm.domain import codec
from fieldcm.domain.errors import InvalidFieldError
from fieldcm.domain.records import Fields, JsonValue


class NoteStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"
    COSIGNED = "cosigned"


class NoteFormat(StrEnum):
    DAP = "dap"
    SOAP = "soap"
    BIRP = "birp"
    GIRP = "girp"
    SIRP = "sirp"
    PIE = "pie"
    FREE = "free"


FORMAT_SECTIONS: Final[Mapping[NoteFormat, tuple[tuple[str, str], ...]]] = {
    NoteFormat.SOAP: (
        ("subjective", "Subjective"),
        ("objective", "Objective"),
        ("assessment", "Assessment"),
        ("plan", "Plan"),
    ),
    NoteFormat.DAP: (("data", "Data"), ("assessment", "Assessment"), ("plan", "Plan")),
    NoteFormat.BIRP: (
        ("behavior", "Behavior"),
        ("intervention", "Intervention"),
        ("response", "Response"),
        ("plan", "Plan"),
    ),
    NoteFormat.GIRP: (
        ("goal", "Goal"),
        ("intervention", "Intervention"),
        ("response", "Response"),
        ("plan", "Plan"),
    ),
    NoteFormat.SIRP: (
        ("situation", "Situation"),
        ("intervention", "Intervention"),
        ("response", "Response"),
        ("plan", "Plan"),
    ),
    NoteFormat.PIE: (
        ("problem", "Problem"),
        ("intervention", "Intervention"),
        ("evaluation", "Evaluation"),
    ),
    NoteFormat.FREE: (("narrative", "Narrative"),),
}


class ContactMethod(StrEnum):
    """Where and how the service happened (the encounter types of DESIGN.md)."""

    HOME = "home"
    SHELTER = "shelter"
    STREET = "street"
    OFFICE = "office"
    PHONE = "phone"
    TELEHEALTH = "telehealth"
    COLLATERAL = "collateral"


class Role(StrEnum):
    """The roles of ``sync.protocol.UserInfo``."""

    WORKER = "worker"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


@dataclass(frozen=True)
class Signer:
    """A person signing or co-signing: the credentials are recorded with the signature."""

    user_id: str
    name: str
    credentials: str
    role: Role = Role.WORKER


SIGNING_FIELDS: Final = frozenset({"status", "signature", "cosignature", "late_entry"})
"""Fields written by signing and co-signing; everything else is content."""


@dataclass(frozen=True)
class Signature:
    user_id: str
    name: str
    credentials: str
    signed_at: datetime
    content_hash: str

    def to_json(self) -> dict[str, JsonValue]:
        return {
            "user_id": self.user_id,
            "name": self.name,
            "credentials": self.credentials,
            "signed_at": codec.format_datetime(self.signed_at),
            "content_hash": self.content_hash,
        }


def read_signature(raw: JsonValue, field: str) -> Signature | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InvalidFieldError(field, "expected a signature object")
    return Signature(
        user_id=codec.text(raw, "user_id"),
        name=codec.text(raw, "name"),
        credentials=codec.text(raw, "credentials"),
        signed_at=codec.parse_datetime(raw.get("signed_at"), f"{field}.signed_at"),
        content_hash=codec.text(raw, "content_hash"),
    )


@dataclass(frozen=True)
class Note:
    """A progress note as read from its record fields."""

    status: NoteStatus
    format: NoteFormat
    sections: Mapping[str, str]
    author_id: str | None
    service_start: datetime | None
    service_end: datetime | None
    location: str
    contact_method: ContactMethod | None
    client_present: bool | None
    participants_text: str
    service_code: str
    payer: str | None
    goal_ids: tuple[str, ...]
    encounter_id: str | None
    crisis: bool
    late_entry: bool
    signature: Signature | None
    cosignature: Signature | None

    @property
    def locked(self) -> bool:
        return self.status is not NoteStatus.DRAFT

    @property
    def duration_minutes(self) -> int | None:
        """Whole minutes from start to stop: service time, never documentation time (D6)."""
        if self.service_start is None or self.service_end is None:
            return None
        return int((self.service_end - self.service_start).total_seconds() // 60)

    def section_text(self, key: str) -> str:
        return self.sections.get(key, "")


def read_note(fields: Mapping[str, JsonValue]) -> Note:
    return Note(
        status=codec.enum_value(NoteStatus, fields.get("status", "draft"), "status"),
        format=codec.enum_value(NoteFormat, fields.get("format", "free"), "format"),
        sections=_read_sections(fields),
        author_id=codec.optional_text(fields, "author_id"),
        service_start=codec.optional_datetime(fields, "service_start"),
        service_end=codec.optional_datetime(fields, "service_end"),
        location=codec.text(fields, "location"),
        contact_method=codec.optional_enum(ContactMethod, fields, "contact_type"),
        client_present=codec.optional_flag(fields, "client_present"),
        participants_text=codec.text(fields, "participants_text"),
        service_code=codec.text(fields, "service_code"),
        payer=codec.optional_text(fields, "payer"),
        goal_ids=codec.text_list(fields, "goal_ids"),
        encounter_id=codec.optional_text(fields, "encounter_id"),
        crisis=codec.flag(fields, "crisis"),
        late_entry=codec.flag(fields, "late_entry"),
        signature=read_signature(fields.get("signature"), "signature"),
        cosignature=read_signature(fields.get("cosignature"), "cosignature"),
    )


def _read_sections(fields: Mapping[str, JsonValue]) -> dict[str, str]:
    sections = fields.get("sections")
    narrative = fields.get("narrative")
    result: dict[str, str] = {}
    if sections is not None:
        if not isinstance(sections, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in sections.items()
        ):
            raise InvalidFieldError("sections", "expected section names mapped to text")
        result.update(sections)
    if isinstance(narrative, str) and "narrative" not in result:
        result["narrative"] = narrative
    return result


def new_note_fields(
    *,
    author_id: str,
    note_format: NoteFormat = NoteFormat.FREE,
    service_start: datetime | None = None,
    service_end: datetime | None = None,
    client_present: bool | None = None,
    encounter_id: str | None = None,
) -> Fields:
    """Fields of a fresh draft with empty sections for the chosen format."""
    return {
        "status": NoteStatus.DRAFT.value,
        "format": note_format.value,
        "sections": {key: "" for key, _ in FORMAT_SECTIONS[note_format]},
        "author_id": author_id,
        "service_start": None if service_start is None else codec.format_datetime(service_start),
        "service_end": None if service_end is None else codec.format_datetime(service_end),
        "client_present": client_present,
        "encounter_id": encounter_id,
        "goal_ids": [],
    }


def content_of(fields: Mapping[str, JsonValue]) -> Fields:
    """The fields a signature covers: all but the signing fields.

    ``null`` values are left out because sync treats a missing key and ``null`` alike; the
    hash must not change when a record travels.
    """
    return {k: v for k, v in fields.items() if k not in SIGNING_FIELDS and v is not None}


def note_content_hash(fields: Mapping[str, JsonValue]) -> str:
    return codec.content_hash(content_of(fields))
