"""Deciding a conflict: two people changed the same field or list item differently.

Both values are kept in the conflict record until a person decides (DESIGN.md property 1).
A decision made here (:func:`decide`) takes effect on this laptop at once, even offline: the
conflict leaves the list and the chosen value shows. It is queued with its own mutation id
and sent at the start of the next sync (:mod:`fieldcm.sync.resolutions`); the server then
writes the value as a new revision of the record, which the feed brings back to every
device. The resolved conflict, with both values, stays in the store as the record's history.

Each function takes an open unit of work and leaves committing to the caller.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fieldcm.domain.errors import RuleViolationError
from fieldcm.domain.records import KINDS
from fieldcm.store.repo_base import stamp
from fieldcm.store.repositories import StoredConflict
from fieldcm.store.uow import UnitOfWork
from fieldcm.sync.merge import ITEM_ID_KEY, with_item_decided
from fieldcm.sync.protocol import DELETED_FIELD


class ConflictAlreadyDecided(RuleViolationError):
    """The conflict was decided meanwhile (here, or someone else's decision arrived)."""

    code = "already_resolved"

    def __init__(self) -> None:
        super().__init__("This conflict was already decided; the list shows what is left.")


@dataclass(frozen=True)
class Person:
    """Who decides: the person enrolled on this laptop."""

    user_id: str
    name: str


@dataclass(frozen=True)
class OpenConflict:
    """One open conflict with what a person needs to decide it."""

    conflict: StoredConflict
    client_name: str
    """The client's preferred name, or ``""`` when the client is no longer on this laptop."""
    free_text: bool
    """Prose a person wrote: never merged by a program, but a person may write a merged text."""
    record_here: bool
    this_device_id: str | None
    this_user_id: str | None

    @property
    def is_item(self) -> bool:
        return self.conflict.item_id is not None

    @property
    def is_existence(self) -> bool:
        return self.conflict.field == DELETED_FIELD


def open_conflicts(uow: UnitOfWork, *, client_id: str | None = None) -> list[OpenConflict]:
    """Every open conflict (of one client, if named), oldest first."""
    state = uow.sync_state.get()
    names: dict[str, str] = {}
    out: list[OpenConflict] = []
    for conflict in uow.conflicts.find(status="open", client_id=client_id):
        if conflict.client_id not in names:
            client = uow.records.get(conflict.client_id, include_deleted=True)
            names[conflict.client_id] = (
                str(client.fields.get("preferred_name") or "") if client else ""
            )
        spec = KINDS.get(conflict.kind)
        out.append(
            OpenConflict(
                conflict=conflict,
                client_name=names[conflict.client_id],
                free_text=spec is not None
                and (conflict.field in spec.free_text or conflict.item_id is not None),
                record_here=uow.records.get(conflict.record_id) is not None,
                this_device_id=state.device_id,
                this_user_id=state.user_id,
            )
        )
    return out


def decide(
    uow: UnitOfWork, conflict_id: str, resolution: Any, *, by: Person, at: datetime
) -> StoredConflict:
    """Resolve an open conflict with ``resolution`` (the value the field or item takes).

    For a list item the resolution is the item itself (its id kept) or ``None`` to remove
    it; for the deleted-or-kept pseudo-field, ``True`` (deleted) or ``False`` (kept).

    Raises:
        ConflictAlreadyDecided: the conflict is unknown or no longer open.
        ValueError: a resolution of the wrong shape for this conflict.
    """
    conflict = uow.conflicts.get(conflict_id)
    if conflict is None or conflict.status != "open":
        raise ConflictAlreadyDecided
    check_resolution(conflict, resolution)
    resolved_by = {
        "user_id": by.user_id,
        "user_name": by.name,
        "device_id": uow.sync_state.get().device_id,
        "at": stamp(at),
    }
    decided = uow.conflicts.decide(
        conflict_id, resolution=resolution, resolved_by=resolved_by, mutation_id=str(uuid.uuid4())
    )
    if not decided:
        raise ConflictAlreadyDecided
    if conflict.field != DELETED_FIELD:
        record = uow.records.get(conflict.record_id)
        if record is not None:
            uow.records.show(record.id, resolved_fields(record.fields, conflict, resolution))
    # A deletion (or its undoing) shows once the server's revision arrives: a tombstone
    # here keeps no fields to bring back.
    resolved = uow.conflicts.get(conflict_id)
    assert resolved is not None
    return resolved


def check_resolution(conflict: StoredConflict, resolution: Any) -> None:
    """The shapes the server accepts (``fieldcm.server.conflicts``), checked before queueing."""
    if conflict.field == DELETED_FIELD:
        if not isinstance(resolution, bool):
            raise ValueError("a deleted-or-kept conflict is resolved with true or false")
    elif (
        conflict.item_id is not None
        and resolution is not None
        and not _is_item(resolution, conflict.item_id)
    ):
        raise ValueError("a list item is resolved with the item itself (same id) or null")


def _is_item(value: Any, item_id: str) -> bool:
    return isinstance(value, Mapping) and value.get(ITEM_ID_KEY) == item_id


def resolved_fields(
    fields: Mapping[str, Any], conflict: StoredConflict, resolution: Any
) -> dict[str, Any]:
    """``fields`` with the decision in place, as the server will write it."""
    out = dict(fields)
    if conflict.item_id is None:
        out[conflict.field] = resolution
        return out
    out[conflict.field] = with_item_decided(
        fields.get(conflict.field), conflict.item_id, resolution
    )
    return out


def merged_text(conflict: StoredConflict) -> str:
    """Both texts one after the other, for a person to edit into one (free text only)."""
    texts = [text_of(conflict.mine), text_of(conflict.theirs)]
    return "\n\n".join(t for t in texts if t)


def text_of(value: Any) -> str:
    """The prose of a value: a string itself, or a list item's ``text``."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return str(value.get("text") or "")
    return ""


def merged_value(conflict: StoredConflict, text: str) -> Any:
    """The resolution for a merged text a person wrote: the field's value or the item."""
    if conflict.item_id is None:
        return text
    template = conflict.mine if isinstance(conflict.mine, Mapping) else conflict.theirs
    base: dict[str, Any] = dict(template) if isinstance(template, Mapping) else {}
    return {**base, ITEM_ID_KEY: conflict.item_id, "text": text}
