"""Note formats over one record and reading a note's fields (D5)."""

from __future__ import annotations

import pytest

from fieldcm.domain.errors import InvalidFieldError
from fieldcm.domain.notes import (
    FORMAT_SECTIONS,
    NoteFormat,
    new_note_fields,
    note_content_hash,
    read_note,
)
from fieldcm.domain.records import KINDS

from .conftest import T0, at
from .notes_helpers import draft


@pytest.mark.parametrize(
    ("note_format", "sections"),
    [
        (NoteFormat.SOAP, ["subjective", "objective", "assessment", "plan"]),
        (NoteFormat.DAP, ["data", "assessment", "plan"]),
        (NoteFormat.BIRP, ["behavior", "intervention", "response", "plan"]),
        (NoteFormat.GIRP, ["goal", "intervention", "response", "plan"]),
        (NoteFormat.SIRP, ["situation", "intervention", "response", "plan"]),
        (NoteFormat.PIE, ["problem", "intervention", "evaluation"]),
        (NoteFormat.FREE, ["narrative"]),
    ],
)
def test_formats_and_their_sections(note_format: NoteFormat, sections: list[str]) -> None:
    assert [key for key, _ in FORMAT_SECTIONS[note_format]] == sections
    fields = new_note_fields(author_id="w", note_format=note_format)
    assert list(fields["sections"]) == sections
    assert read_note(fields).format is note_format


def test_note_fields_fit_the_shared_record_kind() -> None:
    spec = KINDS["note"]
    assert spec.lock_field == "status" and spec.is_locked({"status": "signed"})
    assert "sections" in spec.free_text and spec.occurred_field == "service_start"


def test_read_note() -> None:
    note = read_note(draft(45))
    assert note.duration_minutes == 45 and note.service_start == T0 and not note.locked
    assert note.contact_method is not None and note.contact_method.value == "home"
    assert note.section_text("data") == "Synthetic data." and note.section_text("missing") == ""


def test_legacy_narrative_field_is_read_as_the_free_section() -> None:
    assert (
        read_note({"format": "free", "narrative": "Old text"}).section_text("narrative")
        == "Old text"
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"status": "final"}, "status"),
        ({"format": "haiku"}, "format"),
        ({"contact_type": "carrier pigeon"}, "contact_type"),
        ({"sections": ["not", "a", "mapping"]}, "sections"),
        ({"sections": {"data": 3}}, "sections"),
        ({"service_start": "2026-01-06 15:00"}, "service_start"),
        ({"goal_ids": "goal-1"}, "goal_ids"),
        ({"signature": "signed by me"}, "signature"),
        ({"client_present": "yes"}, "client_present"),
    ],
)
def test_malformed_notes_name_the_field(fields: dict[str, object], field: str) -> None:
    with pytest.raises(InvalidFieldError) as raised:
        read_note(fields)
    assert raised.value.field == field


def test_content_hash_ignores_signing_fields_and_nulls_but_not_content() -> None:
    base = draft()
    assert note_content_hash(base) == note_content_hash(
        {**base, "status": "signed", "signature": {}}
    )
    assert note_content_hash(base) == note_content_hash({**base, "payer": None})
    assert note_content_hash(base) != note_content_hash({**base, "location": "Elsewhere"})
    assert note_content_hash(base) != note_content_hash({**base, "a_newer_field": "x"})
    assert note_content_hash(draft(start=at(1))) != note_content_hash(base)
