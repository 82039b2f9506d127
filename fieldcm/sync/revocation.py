"""A client left this user's scope: keep every unsent word, then remove the client's data.

The engine pushes the client's pending edits before the page that revokes it is applied
(DESIGN.md property 9). Edits the server would not take (it no longer lets this user write
to the client, so it answers ``not_found``), and edits made while that push was running,
become local conflict records naming the field, the value written, this person and this
laptop: visible in the conflicts list, never silently dropped. Then the client's records,
search rows, attachment entries and encrypted files go.

Files are deleted before the transaction commits: if the process dies in between, the page
comes again (its cursor was not stored) and the purge runs again; the reverse order could
leave unreadable-but-present files with nothing pointing at them.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass
from typing import Any

from fieldcm.store.attachments import AttachmentStore
from fieldcm.store.errors import AttachmentNotFound
from fieldcm.store.outbox import OutboxEntry
from fieldcm.store.repo_base import stamp
from fieldcm.store.repositories import StoredConflict
from fieldcm.store.uow import UnitOfWork
from fieldcm.sync.protocol import DELETED_FIELD


@dataclass(frozen=True)
class Identity:
    """Who this laptop works for: named in the conflicts it records itself."""

    user_id: str
    user_name: str
    device_id: str


@dataclass(frozen=True)
class Revoked:
    client_id: str
    records: int
    kept_as_conflicts: int


def unsent_for_client(uow: UnitOfWork, client_id: str) -> list[OutboxEntry]:
    """Every outbox entry of the client, whatever its state, in local order."""
    entries: list[OutboxEntry] = []
    for record in uow.records.for_client(client_id, include_deleted=True):
        entries.extend(uow.outbox.for_record(record.id))
    return sorted(entries, key=lambda e: e.seq)


def revoke_client(
    uow: UnitOfWork, client_id: str, *, me: Identity, files: AttachmentStore
) -> Revoked:
    """Keep what is left unsent as conflicts, then purge the client (in the caller's tx)."""
    leftovers = unsent_for_client(uow, client_id)
    kept = 0
    for entry in leftovers:
        for conflict in _as_conflicts(entry, me):
            uow.conflicts.put(conflict)
            kept += 1
    uow.outbox.mark_done(e.mutation_id for e in leftovers)
    purged = uow.records.purge_client(client_id)
    for file_id in purged.attachment_file_ids:
        with contextlib.suppress(AttachmentNotFound, ValueError):
            files.delete(uuid.UUID(file_id))
    return Revoked(client_id, purged.records, kept)


def _as_conflicts(entry: OutboxEntry, me: Identity) -> list[StoredConflict]:
    mine_by: dict[str, Any] = {
        "user_id": me.user_id,
        "user_name": me.user_name,
        "device_id": me.device_id,
        "at": stamp(entry.made_at),
    }
    common: dict[str, Any] = {
        "kind": entry.kind,
        "record_id": entry.record_id,
        "client_id": entry.client_id,
        "mine_by": mine_by,
    }
    if entry.op == "delete":
        return [StoredConflict(id=_new_id(), field=DELETED_FIELD, base=False, mine=True, **common)]
    return [
        StoredConflict(
            id=_new_id(), field=name, base=change.get("base"), mine=change.get("new"), **common
        )
        for name, change in sorted(entry.changes.items())
    ]


def _new_id() -> str:
    return str(uuid.uuid4())
