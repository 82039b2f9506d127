"""Server versions of many records at once: what a pulled page or a push's answers bring in.

``RecordRepository.apply_remote`` writes one record with its search row and its client's
caseload summary, a few statements each; a first sync of 10,000 notes paid that 10,000
times (measured at ~1.7 ms a record, most of a 25 s initial pull). Here a batch is read
with one query per 500 ids, written with one ``executemany`` per kind of statement (insert,
update, search rows), and each touched client's summary is recomputed once. The outcome is
the same as calling ``apply_remote`` for each version in turn (the tests compare the two).

This module holds the SQL of the batch; :class:`~fieldcm.store.records_repo.RecordRepository`
is its public face (``apply_remote_many``, ``held_versions``, ``adopt_server_versions``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import and_, bindparam, case, func, insert, select, type_coerce, update

from fieldcm.domain.records import KINDS, Record
from fieldcm.store.caseload import CLIENT_KINDS, CONTACT_KINDS, refresh_clients, refresh_contacts_of
from fieldcm.store.outbox import LocalOverlay, OutboxRepository
from fieldcm.store.repo_base import StoreContext, occurred_stamp
from fieldcm.store.search import Indexed, SearchRepository
from fieldcm.store.tables import JsonText, records

CHUNK: Final = 500
"""Ids per ``IN (...)`` query: well below SQLite's bound-parameter limit."""

Remember = Callable[[Record, Mapping[str, Any] | None], None]
"""Keeps a version in the record's history when its kind keeps one (the repository's hook)."""

_INSERT = insert(records)
_UPDATE_BY_PK = update(records).where(records.c.pk == bindparam("b_pk"))
_ADOPT = (
    update(records)
    .where(records.c.id == bindparam("b_id"))
    .values(rev=bindparam("rev"), server_fields=None)
)


def stored_server_copy(rev: int, server_fields: Any, *, shown_is_copy: bool) -> Any:
    """What goes in ``records.server_fields`` for the server's version ``server_fields``.

    NULL with ``rev > 0`` stands for "the server's copy is exactly the shown ``fields``",
    which is what nearly every record holds after a pull or an applied push answer: writing
    the same 1-2 KB of JSON twice into every row was a third of a first sync's store writes.
    NULL with ``rev == 0`` still means "the server never sent a version" (revisions start at
    1). Every writer of ``fields`` keeps this true (``RecordRepository._write_fields`` copies
    the shown fields into ``server_fields`` first); readers go through :func:`server_copy_of`.
    """
    return None if shown_is_copy and rev > 0 else server_fields


def server_copy_of(rev: int, fields: Any, server_fields: Any) -> Any:
    """The server's copy of a row (``None``: never sent); see :func:`stored_server_copy`."""
    if server_fields is not None:
        return server_fields
    return fields if rev > 0 else None


SERVER_COPY_SQL: Final = case(
    (and_(records.c.server_fields.is_(None), records.c.rev > 0), records.c.fields),
    else_=records.c.server_fields,
)
""":func:`server_copy_of` in SQL (NULL: never sent)."""
_SERVER_COPY = type_coerce(SERVER_COPY_SQL, JsonText).label("server_copy")
"""Reads only the one JSON text that is the copy (a created record's shown fields are not)."""


@dataclass(frozen=True)
class HeldVersion:
    """What this laptop holds of a record: its revision, whether deleted, the fields shown."""

    rev: int
    deleted: bool
    fields: dict[str, Any]


@dataclass(frozen=True)
class _Held:
    pk: int
    kind: str
    client_id: str
    rev: int


def chunks(ids: Iterable[str]) -> Iterable[list[str]]:
    wanted = list(ids)
    for start in range(0, len(wanted), CHUNK):
        yield wanted[start : start + CHUNK]


def held_versions(ctx: StoreContext, ids: Iterable[str]) -> dict[str, HeldVersion]:
    out: dict[str, HeldVersion] = {}
    for part in chunks(ids):
        rows = ctx.conn.execute(
            select(records.c.id, records.c.rev, records.c.deleted, records.c.fields).where(
                records.c.id.in_(part)
            )
        )
        for row in rows:
            out[row.id] = HeldVersion(int(row.rev), bool(row.deleted), row.fields)
    return out


@dataclass(frozen=True)
class ServerCopy:
    """The server's version this laptop holds of a record: its revision and fields (``None``
    until the server sent one)."""

    rev: int
    fields: dict[str, Any] | None


def server_copies(ctx: StoreContext, ids: Iterable[str]) -> dict[str, ServerCopy]:
    out: dict[str, ServerCopy] = {}
    for part in chunks(ids):
        rows = ctx.conn.execute(
            select(records.c.id, records.c.rev, _SERVER_COPY).where(records.c.id.in_(part))
        )
        for row in rows:
            out[row.id] = ServerCopy(int(row.rev), row.server_copy)
    return out


def adopt_server_versions(ctx: StoreContext, versions: Sequence[tuple[str, int, Any]]) -> None:
    """``(record_id, rev, server_fields)``: only the revision and the server copy change.

    The caller promises the rows already show exactly ``server_fields``, so the copy is kept
    as "the shown fields" (:func:`stored_server_copy`) instead of being written again.
    """
    if versions:
        ctx.conn.execute(_ADOPT, [{"b_id": i, "rev": rev} for i, rev, _fields in versions])


def _held(ctx: StoreContext, ids: Iterable[str]) -> dict[str, _Held]:
    out: dict[str, _Held] = {}
    for part in chunks(ids):
        rows = ctx.conn.execute(
            select(
                records.c.pk, records.c.id, records.c.kind, records.c.client_id, records.c.rev
            ).where(records.c.id.in_(part))
        )
        for row in rows:
            out[row.id] = _Held(int(row.pk), row.kind, row.client_id, int(row.rev))
    return out


def _derived(kind: str, fields: Mapping[str, Any]) -> tuple[str | None, bool]:
    spec = KINDS.get(kind)
    if spec is None:
        return None, False
    occurred = fields.get(spec.occurred_field) if spec.occurred_field else None
    return occurred_stamp(occurred), spec.counts_as_contact


def _latest(remotes: Sequence[Record]) -> dict[str, Record]:
    latest: dict[str, Record] = {}
    for remote in remotes:
        known = latest.get(remote.id)
        if known is None or remote.rev >= known.rev:
            latest[remote.id] = remote
    return latest


class _Summaries:
    """Which clients' caseload rows to recompute, and how much of each."""

    def __init__(self) -> None:
        self.whole: set[str] = set()
        self.contacts: set[str] = set()

    def touch(self, kind: str, client_id: str) -> None:
        if kind in CLIENT_KINDS:
            self.whole.add(client_id)
        elif kind in CONTACT_KINDS:
            self.contacts.add(client_id)

    def write(self, ctx: StoreContext) -> None:
        # A whole-row refresh recomputes the contacts too.
        refresh_clients(ctx, sorted(self.whole))
        refresh_contacts_of(ctx, sorted(self.contacts - self.whole))


def apply_many(
    ctx: StoreContext,
    outbox: OutboxRepository,
    search: SearchRepository,
    remotes: Sequence[Record],
    *,
    actors: Mapping[str, Mapping[str, Any] | None],
    remember: Remember,
) -> None:
    """``apply_remote`` for every version in ``remotes`` (see the module docstring)."""
    latest = _latest(remotes)
    if not latest:
        return
    held = _held(ctx, latest)
    overlays = outbox.overlays(latest)
    now = ctx.now_stamp()
    next_pk = int(ctx.conn.scalar(select(func.coalesce(func.max(records.c.pk), 0))) or 0) + 1
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    unindex: list[int] = []
    index: list[Indexed] = []
    summaries = _Summaries()
    for remote in latest.values():
        row = held.get(remote.id)
        if row is not None and remote.rev < row.rev:
            continue
        overlay = overlays.get(remote.id, _NO_OVERLAY)
        # No deep copy (``apply_remote`` detaches): these fields came off the wire as JSON
        # and are only serialised from here on.
        server_fields = remote.fields
        shown = {**server_fields, **overlay.values} if overlay.values else server_fields
        deleted = remote.deleted or overlay.deleted
        occurred_at, is_contact = _derived(remote.kind, shown)
        values = {
            "kind": remote.kind,
            "client_id": remote.client_id,
            "fields": shown,
            "rev": remote.rev,
            "deleted": deleted,
            "server_fields": stored_server_copy(
                remote.rev, server_fields, shown_is_copy=shown is server_fields
            ),
            "local_updated_at": now,
            "occurred_at": occurred_at,
            "is_contact": is_contact,
        }
        if row is None:
            pk, next_pk = next_pk, next_pk + 1
            inserts.append({"pk": pk, "id": remote.id, **values})
        else:
            pk = row.pk
            updates.append({"b_pk": pk, **values})
            unindex.append(pk)
            summaries.touch(row.kind, row.client_id)
        if not deleted:
            index.append(Indexed(pk, remote.id, remote.client_id, remote.kind, shown))
        summaries.touch(remote.kind, remote.client_id)
        shown_record = Record(
            kind=remote.kind,
            id=remote.id,
            client_id=remote.client_id,
            fields=shown,
            rev=remote.rev,
            deleted=deleted,
        )
        remember(shown_record, actors.get(remote.id))
    if inserts:
        ctx.conn.execute(_INSERT, inserts)
    if updates:
        ctx.conn.execute(_UPDATE_BY_PK, updates)
    search.remove_many(unindex)
    search.put_many(index)
    summaries.write(ctx)


_NO_OVERLAY: Final = LocalOverlay(values={}, deleted=False)
