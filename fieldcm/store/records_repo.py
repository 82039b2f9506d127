"""Records on this laptop: local edits (each with its outbox entry) and what sync brings in.

Local edits (``create``, ``update``, ``delete``) run the domain's rules
(``fieldcm.domain.changes``) and write the record, its outbox entry and its search row in the
caller's transaction. Sync-side calls (``apply_remote``, ``purge_client``) write no outbox
entry: they bring the server's state in.

A record row keeps two versions: ``fields``, what the laptop shows (the server's version with
unsent local edits on top), and ``server_fields``, the server's version as last received,
which a three-way merge of the unsent edits needs as the other side. ``server_fields`` is
NULL when the server's version is exactly the shown fields (see
``records_batch.stored_server_copy``): read it only through ``server_version``,
``server_copies`` and ``show_server_version``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update

from fieldcm.domain import changes as rules
from fieldcm.domain.errors import RecordLockedError
from fieldcm.domain.records import KINDS, Fields, Record, new_id, spec_for
from fieldcm.store.caseload import CLIENT_KINDS, CONTACT_KINDS, refresh_client, refresh_contacts
from fieldcm.store.errors import RecordLocked
from fieldcm.store.history import HistoryRepository, Source
from fieldcm.store.outbox import FieldChanges, OutboxRepository
from fieldcm.store.records_batch import (
    SERVER_COPY_SQL,
    HeldVersion,
    ServerCopy,
    adopt_server_versions,
    apply_many,
    held_versions,
    server_copies,
    server_copy_of,
    stored_server_copy,
)
from fieldcm.store.repo_base import (
    AnyRow,
    RecordNotFound,
    StoreContext,
    UnsyncedChanges,
    detached,
    json_equal,
    occurred_stamp,
)
from fieldcm.store.search import SearchRepository, search_text
from fieldcm.store.tables import attachments_index, records

_ROW = (
    records.c.pk,
    records.c.id,
    records.c.kind,
    records.c.client_id,
    records.c.fields,
    records.c.rev,
    records.c.deleted,
)

# Built once: statements whose values come as parameters reuse SQLAlchemy's compiled form,
# which matters when sync or an import writes thousands of records.
_INSERT = insert(records)
_UPDATE_BY_PK = update(records).where(records.c.pk == bindparam("b_pk"))
_SELECT_BY_ID = select(*_ROW).where(records.c.id == bindparam("b_id"))
# New shown fields: a server copy kept as "the shown fields" (NULL, rev > 0) is first written
# out as the old shown fields (SQLite evaluates the SET expressions on the row as it was).
_WRITE_FIELDS = _UPDATE_BY_PK.values(server_fields=SERVER_COPY_SQL)


@dataclass(frozen=True)
class PurgeResult:
    records: int
    attachment_file_ids: list[str]
    """Encrypted files the caller must now delete from the attachments folder."""


def _record(row: AnyRow) -> Record:
    m = row._mapping
    return Record(
        kind=m["kind"],
        id=m["id"],
        client_id=m["client_id"],
        fields=m["fields"],
        rev=m["rev"],
        deleted=bool(m["deleted"]),
    )


def _derived(kind: str, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Columns copied out of ``fields`` for indexes; unknown kinds store without them."""
    spec = KINDS.get(kind)
    if spec is None:
        return {"occurred_at": None, "is_contact": False}
    occurred = fields.get(spec.occurred_field) if spec.occurred_field else None
    return {"occurred_at": occurred_stamp(occurred), "is_contact": spec.counts_as_contact}


def _locked(error: RecordLockedError) -> RecordLocked:
    locked = RecordLocked(str(error))
    locked.__cause__ = error
    return locked


class RecordRepository:
    def __init__(
        self,
        ctx: StoreContext,
        outbox: OutboxRepository,
        search: SearchRepository,
        history: HistoryRepository | None = None,
    ) -> None:
        self._ctx = ctx
        self._outbox = outbox
        self._search = search
        self._history = history or HistoryRepository(ctx)

    # ---- reads -------------------------------------------------------------------------

    def get(self, record_id: str, *, include_deleted: bool = False) -> Record | None:
        row = self._row(record_id)
        if row is None or (row.deleted and not include_deleted):
            return None
        return _record(row)

    def for_client(
        self,
        client_id: str,
        *,
        kinds: Iterable[str] | None = None,
        include_deleted: bool = False,
    ) -> list[Record]:
        """A client's records, newest ``occurred_at`` first (undated ones last)."""
        query = select(*_ROW, records.c.occurred_at).where(records.c.client_id == client_id)
        if kinds is not None:
            query = query.where(records.c.kind.in_(list(kinds)))
        if not include_deleted:
            query = query.where(records.c.deleted.is_(False))
        rows = list(self._ctx.conn.execute(query))
        # Sorted here, not by SQLite: its sorter would copy every row's JSON through SQLite's
        # allocator, which cipher_memory_security makes several times dearer.
        rows.sort(key=lambda row: row.pk)
        rows.sort(key=lambda row: row.occurred_at or "", reverse=True)
        return [_record(row) for row in rows]

    def of_kind(self, kind: str, *, include_deleted: bool = False) -> list[Record]:
        """Every record of one kind across all clients, newest ``occurred_at`` first.

        One indexed query (``ix_records_kind_client``) where a loop over the caseload would
        run one per client: open field visits at unlock, for example.
        """
        query = select(*_ROW, records.c.occurred_at).where(records.c.kind == kind)
        if not include_deleted:
            query = query.where(records.c.deleted.is_(False))
        rows = list(self._ctx.conn.execute(query))
        rows.sort(key=lambda row: row.pk)
        rows.sort(key=lambda row: row.occurred_at or "", reverse=True)
        return [_record(row) for row in rows]

    def server_version(self, record_id: str) -> Record | None:
        """The record as the server last sent it (``None`` if it never did)."""
        row = self._ctx.conn.execute(
            select(*_ROW, records.c.server_fields).where(records.c.id == record_id)
        ).first()
        copy = None if row is None else server_copy_of(row.rev, row.fields, row.server_fields)
        if row is None or copy is None:
            return None
        return Record(
            kind=row.kind,
            id=row.id,
            client_id=row.client_id,
            fields=copy,
            rev=row.rev,
            deleted=bool(row.deleted),
        )

    # ---- local edits: record, outbox entry and search row in one transaction ---------

    def create(
        self,
        kind: str,
        client_id: str,
        fields: Mapping[str, Any],
        record_id: str | None = None,
    ) -> Record:
        """Create a record offline; its outbox entry carries every field (base ``None``).

        A client record is its own client: its id is ``client_id``.

        Raises:
            UnknownKind, DomainError: the kind or the content breaks the domain's rules.
            ValueError: a client record with an id other than its client id.
            sqlalchemy.exc.IntegrityError: ``record_id`` is already used.
        """
        self._ctx.require_writable()
        spec = spec_for(kind)
        if kind == "client":
            record_id = record_id or client_id
            if record_id != client_id:
                raise ValueError("a client record's id must be its own client id")
        record = Record(
            kind=kind,
            id=record_id or new_id(),
            client_id=client_id,
            fields=detached(fields),
        )
        rules.check_create(spec.kind, record.fields)
        pk = self._insert(record, server_fields=None)
        self._search.put(
            pk, record_id=record.id, client_id=client_id, kind=kind, fields=record.fields, new=True
        )
        self._summarise(kind, client_id)
        self._outbox.add(
            record_id=record.id,
            kind=kind,
            client_id=client_id,
            op="create",
            base_rev=0,
            changes={name: {"base": None, "new": value} for name, value in record.fields.items()},
            made_at=self._ctx.clock(),
        )
        self._remember_version(record, source="local", actor=None)
        return record

    def update(self, record_id: str, changed: Mapping[str, Any]) -> Record:
        """Set the fields in ``changed``; an edit that changes nothing writes nothing.

        Raises:
            RecordNotFound: no live record with that id.
            RecordLocked: a signed note or an append-only record (only the domain's
                co-signature step may change a signed note).
            DomainError: the new content breaks the kind's rules.
        """
        self._ctx.require_writable()
        row = self._live_row(record_id)
        before: Fields = row.fields
        new_values: Fields = detached(changed)
        field_changes: FieldChanges = {
            name: {"base": before.get(name), "new": value}
            for name, value in new_values.items()
            if name not in before or not json_equal(before[name], value)
        }
        if not field_changes:
            return _record(row)
        after = {**before, **new_values}
        try:
            rules.check_update(row.kind, before, after)
        except RecordLockedError as error:
            raise _locked(error) from error
        self._write_fields(row.pk, row.kind, after)
        if search_text(row.kind, before) != search_text(row.kind, after):
            self._search.put(
                row.pk, record_id=row.id, client_id=row.client_id, kind=row.kind, fields=after
            )
        self._summarise(row.kind, row.client_id)
        self._outbox.add(
            record_id=row.id,
            kind=row.kind,
            client_id=row.client_id,
            op="update",
            base_rev=row.rev,
            changes=field_changes,
            made_at=self._ctx.clock(),
        )
        updated = Record(
            kind=row.kind, id=row.id, client_id=row.client_id, fields=after, rev=row.rev
        )
        self._remember_version(updated, source="local", actor=None)
        return updated

    def delete(self, record_id: str) -> None:
        """Tombstone a record: it leaves every list and search, and the deletion syncs.

        Raises:
            RecordNotFound: no live record with that id.
            RecordLocked: a signed note or an append-only record is kept permanently.
        """
        self._ctx.require_writable()
        row = self._live_row(record_id)
        try:
            rules.check_delete(row.kind, row.fields)
        except RecordLockedError as error:
            raise _locked(error) from error
        self._ctx.conn.execute(
            _UPDATE_BY_PK,
            {"b_pk": row.pk, "deleted": True, "local_updated_at": self._ctx.now_stamp()},
        )
        self._search.remove(row.pk)
        self._summarise(row.kind, row.client_id)
        self._outbox.add(
            record_id=row.id,
            kind=row.kind,
            client_id=row.client_id,
            op="delete",
            base_rev=row.rev,
            changes={},
            made_at=self._ctx.clock(),
        )
        self._remember_version(
            Record(row.kind, row.id, row.client_id, row.fields, row.rev, deleted=True),
            source="local",
            actor=None,
        )

    # ---- sync side: no outbox entries ---------------------------------------------------

    def apply_remote(self, remote: Record, *, actor: Mapping[str, Any] | None = None) -> Record:
        """Store the server's version of a record; returns what the laptop now shows.

        Unsent local edits stay on top of it (their values win, a pending delete keeps the
        record deleted) and the server's version becomes their new base (``server_fields``,
        ``rev``); the sync client's three-way merge refines this. A version older than the
        one held is ignored, so a page applied twice changes nothing. ``actor`` (the
        protocol's ``updated_by`` as JSON) says who made the version, for the record's history.
        """
        self._ctx.require_writable()
        row = self._row(remote.id)
        if row is not None and remote.rev < row.rev:
            return _record(row)
        server_fields: Fields = detached(remote.fields)
        overlay = self._outbox.overlay(remote.id)
        shown = {**server_fields, **overlay.values}
        deleted = remote.deleted or overlay.deleted
        local = Record(
            kind=remote.kind,
            id=remote.id,
            client_id=remote.client_id,
            fields=shown,
            rev=remote.rev,
            deleted=deleted,
        )
        stored = stored_server_copy(remote.rev, server_fields, shown_is_copy=not overlay.values)
        if row is None:
            pk = self._insert(local, server_fields=stored)
        else:
            pk = row.pk
            self._ctx.conn.execute(
                _UPDATE_BY_PK,
                {
                    "b_pk": pk,
                    "kind": local.kind,
                    "client_id": local.client_id,
                    "fields": shown,
                    "rev": local.rev,
                    "deleted": deleted,
                    "server_fields": stored,
                    "local_updated_at": self._ctx.now_stamp(),
                    **_derived(local.kind, shown),
                },
            )
        if deleted:
            self._search.remove(pk)
        else:
            self._search.put(
                pk, record_id=local.id, client_id=local.client_id, kind=local.kind, fields=shown
            )
        self._summarise(local.kind, local.client_id)
        if row is not None and (row.kind, row.client_id) != (local.kind, local.client_id):
            self._summarise(row.kind, row.client_id)
        self._remember_version(local, source="server", actor=actor)
        return local

    def apply_remote_many(
        self,
        remotes: Sequence[Record],
        *,
        actors: Mapping[str, Mapping[str, Any] | None] | None = None,
    ) -> None:
        """:meth:`apply_remote` for a batch (a pulled page, a push's answers), batched.

        Same outcome as applying each version in turn (the latest of one id wins), with one
        statement per kind of write for the whole batch and one caseload recompute per
        client: see :mod:`fieldcm.store.records_batch`. ``actors`` maps record ids to who
        made their version, for the history of kinds that keep one.
        """
        self._ctx.require_writable()
        who = actors or {}
        apply_many(
            self._ctx,
            self._outbox,
            self._search,
            remotes,
            actors=who,
            remember=lambda record, actor: self._remember_version(
                record, source="server", actor=actor
            ),
        )

    def held_versions(self, record_ids: Iterable[str]) -> dict[str, HeldVersion]:
        """Revision, deletion and shown fields of the records held among ``record_ids``."""
        return held_versions(self._ctx, record_ids)

    def server_copies(self, record_ids: Iterable[str]) -> dict[str, ServerCopy]:
        """Revision and server fields of the records held among ``record_ids``."""
        return server_copies(self._ctx, record_ids)

    def adopt_server_versions(self, versions: Sequence[tuple[str, int, Any]]) -> None:
        """Take ``(record_id, rev, server_fields)`` as the server's copies, nothing else.

        For records that already show exactly those fields with nothing unsent (the usual
        "applied" push answer): the shown fields, search rows and caseload are unchanged.
        """
        self._ctx.require_writable()
        adopt_server_versions(self._ctx, versions)

    def purge_client(self, client_id: str) -> PurgeResult:
        """Remove every record, search row and attachment entry of a client that left scope.

        Raises:
            UnsyncedChanges: the outbox still holds edits to this client's records; push
                them (or keep them as conflicts) first, so the purge loses nothing.
        """
        self._ctx.require_writable()
        waiting = self._outbox.count_for_client(client_id)
        if waiting:
            raise UnsyncedChanges(
                f"{waiting} unsent edits to client {client_id} must be pushed before its "
                "records are removed from this laptop"
            )
        conn = self._ctx.conn
        file_ids = list(
            conn.scalars(
                select(attachments_index.c.file_id).where(
                    attachments_index.c.client_id == client_id
                )
            )
        )
        self._search.remove_client(client_id)
        self._history.purge_client(client_id)
        conn.execute(delete(attachments_index).where(attachments_index.c.client_id == client_id))
        removed = conn.execute(delete(records).where(records.c.client_id == client_id))
        refresh_client(self._ctx, client_id)
        return PurgeResult(records=removed.rowcount, attachment_file_ids=file_ids)

    def show(self, record_id: str, fields: Mapping[str, Any]) -> Record | None:
        """Set what this laptop shows of a live record, with no outbox entry.

        For a value the server writes itself: a conflict decision made here is sent as its
        own request, the server writes the revision, and the feed brings it back. The
        server copy and revision stay as they were. ``None`` for no live record.
        """
        self._ctx.require_writable()
        row = self._row(record_id)
        if row is None or row.deleted:
            return None
        shown: Fields = detached(fields)
        self._write_fields(row.pk, row.kind, shown)
        self._search.put(
            row.pk, record_id=row.id, client_id=row.client_id, kind=row.kind, fields=shown
        )
        self._summarise(row.kind, row.client_id)
        return Record(row.kind, row.id, row.client_id, shown, row.rev)

    def show_server_version(self, record_id: str) -> Record | None:
        """Show the server's copy again, with the edits still in the outbox on top.

        Call after unsent edits were dropped (or a decision made here was refused). A record
        the server never had and nothing unsent still creates is removed from this laptop;
        returns what the laptop now shows (``None`` when nothing).
        """
        self._ctx.require_writable()
        row = self._ctx.conn.execute(
            select(*_ROW, records.c.server_fields).where(records.c.id == record_id)
        ).first()
        if row is None:
            return None
        overlay = self._outbox.overlay(record_id)
        copy = server_copy_of(row.rev, row.fields, row.server_fields)
        if copy is None:
            if self._outbox.for_record(record_id):
                return _record(row)
            self._search.remove(row.pk)
            self._ctx.conn.execute(delete(records).where(records.c.pk == row.pk))
            self._summarise(row.kind, row.client_id)
            return None
        shown: Fields = {**copy, **overlay.values}
        # Tombstones travel without fields: an empty server copy of a deleted row is the
        # server's own deletion, anything else was deleted only here.
        deleted = overlay.deleted or (bool(row.deleted) and not copy)
        self._ctx.conn.execute(
            _UPDATE_BY_PK,
            {
                "b_pk": row.pk,
                "fields": shown,
                "server_fields": stored_server_copy(
                    row.rev, copy, shown_is_copy=not overlay.values
                ),
                "deleted": deleted,
                "local_updated_at": self._ctx.now_stamp(),
                **_derived(row.kind, shown),
            },
        )
        if deleted:
            self._search.remove(row.pk)
        else:
            self._search.put(
                row.pk, record_id=row.id, client_id=row.client_id, kind=row.kind, fields=shown
            )
        self._summarise(row.kind, row.client_id)
        return Record(row.kind, row.id, row.client_id, shown, row.rev, deleted)

    # ---- helpers ------------------------------------------------------------------------

    def _remember_version(
        self, record: Record, *, source: Source, actor: Mapping[str, Any] | None
    ) -> None:
        """Keep this version in the record's history if its kind keeps one.

        A local edit is by whoever this laptop is enrolled as; a server version names
        the actor the server sent (or nobody, if it did not say).
        """
        spec = KINDS.get(record.kind)
        if spec is None or not spec.keeps_history:
            return
        if source == "local" and actor is None:
            actor = self._history.local_actor()
        self._history.append(record, source=source, actor=actor)

    def _summarise(self, kind: str, client_id: str) -> None:
        """Keep ``client_summary`` (the caseload's cache) current after a write."""
        if kind in CLIENT_KINDS:
            refresh_client(self._ctx, client_id)
        elif kind in CONTACT_KINDS:
            refresh_contacts(self._ctx, client_id)

    def _row(self, record_id: str) -> AnyRow | None:
        return self._ctx.conn.execute(_SELECT_BY_ID, {"b_id": record_id}).first()

    def _live_row(self, record_id: str) -> AnyRow:
        row = self._row(record_id)
        if row is None or row.deleted:
            raise RecordNotFound(record_id)
        return row

    def _insert(self, record: Record, *, server_fields: Fields | None) -> int:
        result = self._ctx.conn.execute(
            _INSERT,
            {
                "id": record.id,
                "kind": record.kind,
                "client_id": record.client_id,
                "fields": record.fields,
                "rev": record.rev,
                "deleted": record.deleted,
                "server_fields": server_fields,
                "local_updated_at": self._ctx.now_stamp(),
                **_derived(record.kind, record.fields),
            },
        )
        pk = result.inserted_primary_key
        assert pk is not None
        return int(pk[0])

    def _write_fields(self, pk: int, kind: str, fields: Fields) -> None:
        self._ctx.conn.execute(
            _WRITE_FIELDS,
            {
                "b_pk": pk,
                "fields": fields,
                "local_updated_at": self._ctx.now_stamp(),
                **_derived(kind, fields),
            },
        )
