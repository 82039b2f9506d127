"""A complete synthetic draft note and the people who sign it."""

from __future__ import annotations

from datetime import datetime

from fieldcm.domain import codec
from fieldcm.domain.notes import NoteFormat, Role, Signer, new_note_fields
from fieldcm.domain.records import Fields

from .conftest import T0, at

AUTHOR = Signer("worker-1", "Sam Example", "QMHP-CS")
SUPERVISOR = Signer("super-1", "Lee Sample", "LCSW", Role.SUPERVISOR)


def draft(minutes: int = 45, start: datetime = T0, **overrides: object) -> Fields:
    fields = new_note_fields(
        author_id=AUTHOR.user_id,
        note_format=NoteFormat.DAP,
        service_start=start,
        service_end=start + (at(minutes) - T0),
        client_present=True,
    )
    fields.update(
        sections={"data": "Synthetic data.", "assessment": "Stable.", "plan": "Visit next week."},
        location="Client residence (synthetic)",
        contact_type="home",
        service_code="T1017",
        goal_ids=["goal-1"],
    )
    fields.update(overrides)
    return fields


def iso(value: datetime) -> str:
    return codec.format_datetime(value)
