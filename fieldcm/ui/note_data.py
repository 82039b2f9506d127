"""A note as the editor reads and compares it (pure, or over a unit of work)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from fieldcm.domain.records import Record
from fieldcm.store.uow import UnitOfWork

CONTENT_FIELDS: Final = (
    "location",
    "participants_text",
    "service_code",
    "goal_ids",
    "contact_type",
    "client_present",
    "service_start",
    "service_end",
)
"""What a person fills in besides the sections; all empty means nothing was written yet."""


@dataclass(frozen=True)
class LoadedNote:
    note: Record
    addenda: tuple[Record, ...]


def load_note(uow: UnitOfWork, note_id: str) -> LoadedNote | None:
    """A note and its addenda, oldest addendum first (database lane)."""
    note = uow.records.get(note_id)
    if note is None or note.kind != "note":
        return None
    addenda = tuple(
        record
        for record in uow.records.for_client(note.client_id, kinds=("addendum",))
        if record.fields.get("parent_id") == note_id
    )
    return LoadedNote(note, tuple(reversed(addenda)))


def empty(value: Any) -> bool:
    return value is None or value in ("", [], {})


def same(a: Any, b: Any) -> bool:
    """Equal, counting every kind of "nothing" (``None``, "", [], {}) as the same."""
    return (empty(a) and empty(b)) or bool(a == b)


def changed_fields(saved: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in current.items() if not same(saved.get(name), value)}


def untouched(fields: Mapping[str, Any]) -> bool:
    """A draft nobody has written anything in."""
    sections = fields.get("sections")
    typed = isinstance(sections, dict) and any(str(v).strip() for v in sections.values())
    return not typed and all(empty(fields.get(name)) for name in CONTENT_FIELDS)
