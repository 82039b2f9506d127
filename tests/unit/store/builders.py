"""Synthetic records for store tests (no real person's data anywhere)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, text

from fieldcm.domain import codec
from fieldcm.domain.notes import NoteFormat, Signer, new_note_fields
from fieldcm.domain.records import Fields, new_id
from fieldcm.domain.signing import sign_note
from fieldcm.store.uow import UnitOfWork

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AUTHOR = Signer("worker-1", "Sam Example", "QMHP-CS")


class FixedClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def client_fields(name: str = "Rowan Vale", **extra: Any) -> Fields:
    return {
        "preferred_name": name,
        "legal_name": f"{name} Legal",
        "pronouns": "they/them",
        "program": "ICM",
        "risk_tier": "moderate",
        **extra,
    }


def note_fields(narrative: str = "Synthetic visit.", start: datetime = T0, **extra: Any) -> Fields:
    fields = new_note_fields(
        author_id=AUTHOR.user_id,
        note_format=NoteFormat.DAP,
        service_start=start,
        service_end=start + timedelta(minutes=45),
        client_present=True,
    )
    fields.update(
        sections={"data": narrative, "assessment": "Stable.", "plan": "Visit next week."},
        location="Client residence (synthetic)",
        contact_type="home",
        service_code="T1017",
        goal_ids=["goal-1"],
    )
    fields.update(extra)
    return fields


def signed_note_fields(narrative: str = "Signed synthetic visit.") -> Fields:
    return sign_note(note_fields(narrative), AUTHOR, at=T0 + timedelta(hours=2))


def alert_fields(alert_type: str = "safety_flag", source_id: str | None = None) -> Fields:
    return {
        "type": alert_type,
        "severity": "urgent" if alert_type == "safety_flag" else "info",
        "message": "Synthetic alert",
        "raised_at": codec.format_datetime(T0),
        "source_id": source_id,
        "notify": "worker",
    }


def add_client(engine: Engine, name: str = "Rowan Vale", **extra: Any) -> str:
    client_id = new_id()
    with UnitOfWork(engine) as uow:
        uow.records.create("client", client_id, client_fields(name, **extra))
        uow.commit()
    return client_id


def count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
