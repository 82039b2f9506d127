"""Open conflicts as a Qt table model, and how a conflict reads in plain words.

A conflict names two versions: the protocol calls them ``mine`` (the edit that arrived
second) and ``theirs`` (what the server had). On this laptop that is turned around to the
person looking at it: "Mine" is always the side written on this laptop (or by this person),
"Theirs" the other, so "Keep mine" means the same thing on both laptops of a disagreement.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any, Final

from PySide6.QtCore import QCoreApplication, Qt

from fieldcm.domain.safety_plan import Section
from fieldcm.services.conflicts import OpenConflict
from fieldcm.sync.protocol import DELETED_FIELD
from fieldcm.ui.formatting import date_time
from fieldcm.ui.row_model import RowsModel
from fieldcm.ui.safety_plan_model import section_name

CONFLICT_ID_ROLE: Final = Qt.ItemDataRole.UserRole + 1


def tr(text: str) -> str:
    return QCoreApplication.translate("Conflicts", text)


def kind_label(kind: str) -> str:
    labels = {
        "client": tr("Client details"),
        "note": tr("Visit note"),
        "safety_plan": tr("Safety plan"),
        "goal": tr("Care plan goal"),
        "encounter": tr("Visit"),
        "assessment": tr("Screening"),
        "contact": tr("Contact"),
        "referral": tr("Referral"),
        "consent": tr("Consent"),
        "task": tr("Follow-up task"),
        "alert": tr("Alert"),
    }
    return labels.get(kind, kind.replace("_", " ").capitalize())


def field_label(kind: str, field: str) -> str:
    if field == DELETED_FIELD:
        return tr("Deleted or kept")
    if kind == "safety_plan" and field in {s.value for s in Section}:
        return section_name(Section(field))
    labels = {
        "safe_contact_instructions": tr("Safe-contact instructions"),
        "preferred_name": tr("Preferred name"),
        "legal_name": tr("Legal name"),
        "risk_tier": tr("Risk tier"),
        "narrative": tr("Note text"),
        "sections": tr("Note sections"),
        "statement": tr("Goal statement"),
        "notes": tr("Notes"),
    }
    return labels.get(field, field.replace("_", " ").capitalize())


def value_text(value: Any, *, existence: bool = False) -> str:
    """A value as a person reads it; nothing here is ever rich text."""
    if existence:
        return tr("Deleted") if value else tr("Kept")
    if value is None:
        return tr("(nothing: removed or empty)")
    return _plain(value)


def _plain(value: Any) -> str:
    if isinstance(value, str):
        return value or tr("(empty)")
    if isinstance(value, Mapping) and "text" in value:
        text = str(value.get("text") or "")
        phone = value.get("phone")
        return f"{text}\n{tr('Phone:')} {phone}" if phone else text
    if isinstance(value, list):
        return "\n".join("• " + value_text(v) for v in value) or tr("(empty list)")
    if isinstance(value, bool):
        return tr("Yes") if value else tr("No")
    return json.dumps(value, ensure_ascii=False, indent=1)


@dataclass(frozen=True)
class Side:
    """One of the two versions, from this laptop's point of view."""

    value: Any
    who: str
    when: str
    mine: bool


def _actor_words(
    actor: Mapping[str, Any] | None, me_user: str | None, me_device: str | None
) -> str:
    if actor is None:
        # The server names nobody when its copy was written without a person (an import).
        return tr("Another device (no person recorded)")
    if me_device is not None and actor.get("device_id") == me_device:
        return tr("You, on this laptop")
    if actor.get("user_id") == me_user:
        return tr("You, on another laptop")
    name = str(actor.get("user_name") or "") or tr("Someone")
    return tr("{name}, on another device").format(name=name)


def _when(actor: Mapping[str, Any] | None) -> str:
    if actor is None or not actor.get("at"):
        return tr("time not recorded")
    try:
        return date_time(datetime.fromisoformat(str(actor["at"]).replace("Z", "+00:00")))
    except ValueError:
        return tr("time not recorded")


def _is_me(actor: Mapping[str, Any] | None, me_user: str | None, me_device: str | None) -> int:
    """2: written on this laptop; 1: by this person elsewhere; 0: someone else."""
    if actor is None:
        return 0
    if me_device is not None and actor.get("device_id") == me_device:
        return 2
    return 1 if actor.get("user_id") == me_user else 0


@dataclass(frozen=True)
class ConflictRow:
    """One open conflict as the list and the comparison show it."""

    conflict_id: str
    client: str
    what: str
    kind: str
    field: str
    item_id: str | None
    existence: bool
    free_text: bool
    record_here: bool
    base: Any
    mine: Side
    theirs: Side
    source: OpenConflict

    @property
    def people(self) -> str:
        return f"{self.mine.who} · {self.theirs.who}"


def conflict_rows(items: Sequence[OpenConflict]) -> list[ConflictRow]:
    rows = []
    for item in items:
        c = item.conflict
        me_user, me_device = item.this_user_id, item.this_device_id
        a = Side(c.mine, _actor_words(c.mine_by, me_user, me_device), _when(c.mine_by), True)
        b = Side(c.theirs, _actor_words(c.theirs_by, me_user, me_device), _when(c.theirs_by), False)
        if _is_me(c.theirs_by, me_user, me_device) > _is_me(c.mine_by, me_user, me_device):
            a, b = b, a
        what = kind_label(c.kind) + ": " + field_label(c.kind, c.field)
        if c.item_id is not None:
            what += " " + tr("(one item)")
        rows.append(
            ConflictRow(
                conflict_id=c.id,
                client=item.client_name or tr("(client no longer on this laptop)"),
                what=what,
                kind=c.kind,
                field=c.field,
                item_id=c.item_id,
                existence=item.is_existence,
                free_text=item.free_text,
                record_here=item.record_here,
                base=c.base,
                mine=Side(a.value, a.who, a.when, True),
                theirs=Side(b.value, b.who, b.when, False),
                source=item,
            )
        )
    return rows


class Column(IntEnum):
    CLIENT = 0
    WHAT = 1


def _headers() -> dict[Column, str]:
    return {Column.CLIENT: tr("Client"), Column.WHAT: tr("What changed twice")}


class ConflictsModel(RowsModel[ConflictRow]):
    """Rows of :class:`ConflictRow` (GUI thread only)."""

    def headers(self) -> list[str]:
        return [_headers()[column] for column in Column]

    def remove(self, conflict_id: str) -> int | None:
        """Take a decided conflict out at once; returns the row it was in."""
        return self.remove_where(lambda row: row.conflict_id == conflict_id)

    def cell(self, row: ConflictRow, column: int, role: int) -> Any:
        which = Column(column)
        text = {Column.CLIENT: row.client, Column.WHAT: row.what}[which]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{_headers()[which]}: {text} ({row.people})"
        if role == CONFLICT_ID_ROLE:
            return row.conflict_id
        return None
