"""Record kinds: the one place that says what a syncable record is and how its fields merge.

Every record on a laptop or the server is ``(kind, id, client_id, fields)``. ``fields`` is a
JSON-compatible mapping; the typed entities in the sibling modules read and write it. Keeping
the stored and transmitted shape generic is what lets fields an older client does not know
survive its edits (DESIGN.md sync property 13), and lets one merge serve every kind.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

JsonValue = Any
"""A value that survives ``json.dumps``/``json.loads`` unchanged."""

Fields = dict[str, JsonValue]


@dataclass(frozen=True)
class KindSpec:
    """How records of one kind behave in storage, sync and merge.

    Attributes:
        kind: wire name of the kind.
        free_text: fields a person writes in prose; never auto-merged (DESIGN.md "Merge").
        item_lists: fields holding lists of ``{"id": ..., ...}`` items that merge item by item.
        append_only: records that are created once and never edited (signed documents,
            assessments): two devices can never conflict on them.
        lock_field / lock_values: when ``fields[lock_field]`` is in ``lock_values`` the
            record is immutable (a signed note); corrections are new records.
        search_fields: fields fed to full-text search.
        occurred_field: the field that dates the record for timelines and caseload queries.
        counts_as_contact: a record of this kind is a contact with the client.
        keeps_history: every version this laptop sees is kept (``record_history``), so a
            person can see who changed what and when, offline (the safety plan).
    """

    kind: str
    free_text: frozenset[str] = frozenset()
    item_lists: frozenset[str] = frozenset()
    append_only: bool = False
    lock_field: str | None = None
    lock_values: frozenset[str] = frozenset()
    search_fields: tuple[str, ...] = ()
    occurred_field: str | None = None
    counts_as_contact: bool = False
    keeps_history: bool = False

    def is_locked(self, fields: Mapping[str, JsonValue]) -> bool:
        """True when the record may no longer be edited (for example a signed note)."""
        return self.lock_field is not None and fields.get(self.lock_field) in self.lock_values


NOTE_SECTION_FIELDS: Final = frozenset(
    {"narrative", "sections", "participants_text", "progress", "response", "next_steps"}
)

KINDS: Final[Mapping[str, KindSpec]] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            "client",
            free_text=frozenset({"safe_contact_instructions", "notes"}),
            search_fields=("preferred_name", "legal_name", "program"),
        ),
        KindSpec(
            "contact",
            free_text=frozenset({"notes"}),
            search_fields=("name", "relationship", "organization"),
        ),
        KindSpec(
            "encounter",
            free_text=frozenset({"purpose"}),
            occurred_field="planned_start",
            counts_as_contact=True,
        ),
        KindSpec(
            "note",
            free_text=NOTE_SECTION_FIELDS,
            lock_field="status",
            lock_values=frozenset({"signed", "cosigned"}),
            search_fields=("sections",),
            occurred_field="service_start",
            counts_as_contact=True,
        ),
        KindSpec(
            "addendum",
            free_text=frozenset({"text", "reason"}),
            append_only=True,
            search_fields=("text",),
            occurred_field="written_at",
        ),
        KindSpec(
            "safety_plan",
            free_text=frozenset(),
            item_lists=frozenset(
                {
                    "warning_signs",
                    "coping_strategies",
                    "social_distractions",
                    "help_contacts",
                    "professional_contacts",
                    "environment_safety",
                    "reasons_for_living",
                }
            ),
            occurred_field="reviewed_at",
            keeps_history=True,
        ),
        KindSpec("assessment", append_only=True, occurred_field="administered_at"),
        KindSpec(
            "goal",
            free_text=frozenset({"statement"}),
            item_lists=frozenset({"objectives"}),
            search_fields=("statement",),
        ),
        KindSpec("referral", free_text=frozenset({"notes"}), search_fields=("agency", "reason")),
        KindSpec("consent", free_text=frozenset({"scope_text"})),
        KindSpec("task", free_text=frozenset({"description"}), search_fields=("description",)),
        KindSpec("benefit_application", free_text=frozenset({"notes"})),
        KindSpec("field_visit", free_text=frozenset({"address"}), occurred_field="check_out_at"),
        KindSpec("alert", append_only=True, occurred_field="raised_at"),
    )
}


class UnknownKind(ValueError):
    """A record kind that neither side of the protocol defines."""


def spec_for(kind: str) -> KindSpec:
    """Return the spec of ``kind`` or raise :class:`UnknownKind`."""
    try:
        return KINDS[kind]
    except KeyError:
        raise UnknownKind(f"unknown record kind {kind!r}") from None


def new_id() -> str:
    """A client-generated record id, so laptops can create records offline."""
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Record:
    """A stored record: identity, scope, server revision and its fields.

    ``rev`` is the server's revision of the record (0 for a record never synced); it is the
    base a local edit was made against.
    """

    kind: str
    id: str
    client_id: str
    fields: Fields = field(default_factory=dict)
    rev: int = 0
    deleted: bool = False

    @property
    def spec(self) -> KindSpec:
        return spec_for(self.kind)
