"""Edits the server refused: correct and send again, or discard (DESIGN.md property 10).

A refused edit waits in the outbox as "needs attention" with the server's reason, and the
record's later edits wait behind it (the server must see one record's edits in order). The
person chooses:

* **correct and send again** (:func:`resend`): every unsent edit of the record is replaced by
  one new edit holding the values as corrected, made against the server's current copy, so a
  stale base or a refused value does not come back. The domain's rules run here first, so
  an edit the server would refuse again is refused now, with nothing lost.
* **discard** (:func:`discard`): the record's unsent edits are dropped and the laptop shows
  the server's copy again; a record the server never had is removed. :func:`what_is_lost`
  says exactly what goes, for the confirmation.

Outbox entries are immutable (``fieldcm.store.outbox``): resending a refused entry as it is
would send the refused content again, which is why a resend writes a new one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fieldcm.domain.errors import RuleViolationError
from fieldcm.store.outbox import OutboxEntry
from fieldcm.store.uow import UnitOfWork


class NothingToDo(RuleViolationError):
    """The edit is no longer waiting (sent, discarded or resent meanwhile)."""

    code = "not_waiting"

    def __init__(self) -> None:
        super().__init__("This edit is no longer waiting; the list shows what is left.")


@dataclass(frozen=True)
class FieldLoss:
    field: str
    unsent: Any
    """The value this laptop has and the server does not."""
    server: Any
    """The server's value the record goes back to (``None`` when it has none)."""


@dataclass(frozen=True)
class Loss:
    """Everything a discard drops, for a confirmation in plain words."""

    edits: int
    """Unsent edits of the record (the refused one and those waiting behind it)."""
    fields: tuple[FieldLoss, ...]
    record_removed: bool
    """The server never had the record: it disappears from this laptop."""
    undeletes: bool
    """A deletion is among the edits: the record comes back."""


@dataclass(frozen=True)
class RefusedEdit:
    """One refused edit as the needs-attention list shows it."""

    entry: OutboxEntry
    client_name: str
    record_title: str
    waiting_behind: int
    """Later edits of the same record that wait for this one."""
    values: Mapping[str, Any]
    """The values the record's unsent edits wrote: what a correction starts from."""


def refused_edits(uow: UnitOfWork) -> list[RefusedEdit]:
    """Every refused edit, oldest first, with what a person needs to act on it."""
    out: list[RefusedEdit] = []
    for entry in uow.outbox.attention():
        client = uow.records.get(entry.client_id, include_deleted=True)
        record = uow.records.get(entry.record_id, include_deleted=True)
        later = [e for e in uow.outbox.for_record(entry.record_id) if e.seq > entry.seq]
        out.append(
            RefusedEdit(
                entry=entry,
                client_name=str(client.fields.get("preferred_name") or "") if client else "",
                record_title=_title(record.fields) if record else "",
                waiting_behind=len(later),
                values=uow.outbox.overlay(entry.record_id).values,
            )
        )
    return out


def what_is_lost(uow: UnitOfWork, mutation_id: str) -> Loss:
    """What :func:`discard` of this refused edit would drop.

    Raises:
        NothingToDo: the edit is no longer waiting.
    """
    entry = _refused(uow, mutation_id)
    entries = uow.outbox.for_record(entry.record_id)
    overlay = uow.outbox.overlay(entry.record_id)
    server = uow.records.server_version(entry.record_id)
    server_fields = server.fields if server is not None else {}
    return Loss(
        edits=len(entries),
        fields=tuple(
            FieldLoss(name, value, server_fields.get(name))
            for name, value in sorted(overlay.values.items())
            if server is None or name not in server_fields or server_fields[name] != value
        ),
        record_removed=server is None,
        undeletes=overlay.deleted and server is not None,
    )


def discard(uow: UnitOfWork, mutation_id: str) -> None:
    """Drop the record's unsent edits and show the server's copy again.

    Raises:
        NothingToDo: the edit is no longer waiting.
    """
    entry = _refused(uow, mutation_id)
    _drop_unsent(uow, entry.record_id)
    uow.records.show_server_version(entry.record_id)


def resend(uow: UnitOfWork, mutation_id: str, corrected: Mapping[str, Any]) -> None:
    """Replace the record's unsent edits by one edit with the corrected values.

    ``corrected`` holds the fields the person changed; the other values the unsent edits
    wrote are kept as they are. A refused deletion is tried again as a deletion.

    Raises:
        NothingToDo: the edit is no longer waiting.
        DomainError, RecordLocked: the corrected edit still breaks a rule (nothing changed,
            once the caller's unit of work rolls back).
    """
    entry = _refused(uow, mutation_id)
    overlay = uow.outbox.overlay(entry.record_id)
    values = {**overlay.values, **corrected}
    never_synced = uow.records.server_version(entry.record_id) is None
    _drop_unsent(uow, entry.record_id)
    shown = uow.records.show_server_version(entry.record_id)
    if never_synced:
        uow.records.create(entry.kind, entry.client_id, values, entry.record_id)
    elif overlay.deleted:
        uow.records.delete(entry.record_id)
    elif shown is not None:
        uow.records.update(entry.record_id, values)


def _refused(uow: UnitOfWork, mutation_id: str) -> OutboxEntry:
    entry = uow.outbox.get(mutation_id)
    if entry is None or entry.state != "needs_attention":
        raise NothingToDo
    return entry


def _drop_unsent(uow: UnitOfWork, record_id: str) -> None:
    # ``mark_done`` removes entries by id: here because a person chose to drop them.
    uow.outbox.mark_done(e.mutation_id for e in uow.outbox.for_record(record_id))


def _title(fields: Mapping[str, Any]) -> str:
    for name in ("title", "statement", "preferred_name", "purpose", "instrument", "type"):
        value = fields.get(name)
        if isinstance(value, str) and value:
            return value
    return ""
