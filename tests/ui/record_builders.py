"""Contacts, releases of information and attachments for the client-record tests.

Every name is invented, every phone number is a 555 number, and the attachment markers are
made-up strings that must never show up on disk in the clear.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from fieldcm.store.repositories import AttachmentEntry
from fieldcm.store.uow import UnitOfWork
from fieldcm.store.vault import UnlockedStore
from tests.ui.builders import NOW

TEXT_MARKER = "ZQX-SYNTHETIC-TEXT-MARKER-4417"
IMAGE_MARKER = "ZQX-SYNTHETIC-IMAGE-MARKER-9023"
TODAY = NOW.date()


def release(recipient: str, **changes: Any) -> dict[str, Any]:
    """A complete, valid HIPAA release naming ``recipient`` (override any field)."""
    fields: dict[str, Any] = {
        "recipient": recipient,
        "discloser": "Northside Case Management (invented)",
        "scope_text": "Appointment dates and housing progress",
        "purpose": "Coordinating housing support",
        "sensitivities": ["general"],
        "signed_on": (TODAY - timedelta(days=60)).isoformat(),
        "expires_on": (TODAY + timedelta(days=120)).isoformat(),
        "states_right_to_revoke": True,
        "states_treatment_conditioning": True,
        "states_redisclosure": True,
    }
    fields.update(changes)
    return fields


@dataclass
class RecordExtras:
    contacts: dict[str, str] = field(default_factory=dict)
    """contact name -> record id"""
    files: dict[str, str] = field(default_factory=dict)
    """file name -> file id"""


def png_with_marker() -> bytes:
    """A small PNG whose text chunk carries :data:`IMAGE_MARKER` in the clear."""
    image = QImage(320, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#dfe7f1"))
    painter = QPainter(image)
    painter.setPen(QColor("#1d2939"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, "SYNTHETIC ID CARD")
    painter.end()
    image.setText("Comment", IMAGE_MARKER)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; it takes str
    buffer.close()
    raw = bytes(data.data())
    assert IMAGE_MARKER.encode() in raw
    return raw


def attach(store: UnlockedStore, client_id: str, name: str, mime: str, data: bytes) -> str:
    stored = store.attachments.put(data, client_id=client_id)
    entry = AttachmentEntry(
        file_id=str(stored.file_id),
        client_id=client_id,
        record_id=None,
        name=name,
        mime=mime,
        size=stored.size,
        sha256=stored.sha256,
        created_at=NOW - timedelta(days=len(name)),
    )
    with UnitOfWork(store.engine) as uow:
        uow.attachments.put(entry)
        uow.commit()
    return entry.file_id


def add_record_extras(store: UnlockedStore, client_id: str) -> RecordExtras:
    """Four contacts (valid, expired, revoked, no release) and three attachments."""
    made = RecordExtras()
    contacts = [
        ("Mara Ashgrove", "Sister", "555-0142", release("Mara Ashgrove")),
        (
            "Dale Finch",
            "Landlord",
            "555-0177",
            release("Dale Finch", expires_on=(TODAY - timedelta(days=9)).isoformat()),
        ),
        (
            "Priya Natarajan",
            "Probation officer",
            "555-0190",
            release("Priya Natarajan", revoked_on=(TODAY - timedelta(days=3)).isoformat()),
        ),
        ("Tomas Reyes", "Friend", "555-0123", None),
    ]
    with UnitOfWork(store.engine) as uow:
        for name, relationship, phone, consent in contacts:
            record = uow.records.create(
                "contact",
                client_id,
                {"name": name, "relationship": relationship, "phone": phone},
            )
            made.contacts[name] = record.id
            if consent is not None:
                uow.records.create("consent", client_id, consent)
        uow.outbox.mark_done(entry.mutation_id for entry in uow.outbox.pending(10_000))
        uow.commit()
    made.files["id-card-scan.png"] = attach(
        store, client_id, "id-card-scan.png", "image/png", png_with_marker()
    )
    made.files["visit-checklist.txt"] = attach(
        store,
        client_id,
        "visit-checklist.txt",
        "text/plain",
        f"Bring the housing form.\nAsk about the bus pass.\n{TEXT_MARKER}\n".encode(),
    )
    made.files["signed-release.pdf"] = attach(
        store, client_id, "signed-release.pdf", "application/pdf", b"%PDF-1.4 synthetic\n"
    )
    return made


def expired_on() -> date:
    return TODAY - timedelta(days=9)
