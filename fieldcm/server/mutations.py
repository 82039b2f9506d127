"""The rules for one pushed mutation: scope, domain rules, merge, conflicts, the answer.

:func:`apply_mutation` decides every refusal (:class:`Rejected`) before it changes the
session, which is what lets :mod:`fieldcm.server.push` run a batch without savepoints.

Rules, in order: the kind must be known; the record's client must be in the caller's scope
(else ``not_found``, exactly as for a missing record); a worker or supervisor creating a
brand-new client record is given that client, so clients can be registered offline; a create
of an existing id with the same values is a no-op; every new version must pass the domain's
rules (:mod:`fieldcm.domain.changes`: a signed note accepts only a valid co-signature and is
never deleted, append-only kinds never change, derived values must match their inputs); an
edit against an older revision is merged field by field with
:func:`fieldcm.sync.merge.merge_changes`, and what both sides changed differently becomes a
conflict record (the record keeps the server's value); an edit of a deleted record, or a
delete of a record edited since, is a conflict about existence (``DELETED_FIELD``), never a
resurrection or a silent loss. Only the fields a mutation names are written, so fields an
older client does not know survive its edits (property 13).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import exists, select

from fieldcm.domain.changes import check_create, check_delete, check_update
from fieldcm.domain.errors import DomainError
from fieldcm.domain.records import KindSpec, UnknownKind, spec_for
from fieldcm.server.accounts import assign_user
from fieldcm.server.authz import Principal
from fieldcm.server.clock import utcnow
from fieldcm.server.errors import NOT_FOUND_MESSAGE
from fieldcm.server.feedlog import FeedEntry
from fieldcm.server.models import AppliedMutation, Assignment, ConflictRow, RecordRow
from fieldcm.server.payloads import (
    conflict_payload,
    is_strict_json,
    load_names,
    record_payload,
)
from fieldcm.server.uow import UnitOfWork
from fieldcm.sync.merge import FieldConflict, json_equal, merge_changes
from fieldcm.sync.protocol import DELETED_FIELD, Mutation, MutationResult, MutationStatus

REGISTERING_ROLES = ("worker", "supervisor")


class Rejected(Exception):
    """A mutation the rules refuse; ``code`` for programs, ``reason`` in plain words."""

    def __init__(self, code: str, reason: str, *, outcome: str = "rejected") -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.outcome = outcome


def not_found() -> Rejected:
    """The one refusal for missing and out-of-scope records alike (no existence leak)."""
    return Rejected("not_found", NOT_FOUND_MESSAGE, outcome="denied")


@dataclass(frozen=True)
class Claim:
    """A mutation id this batch applied, with its answer (written with one INSERT at the end)."""

    user_id: str
    result: dict[str, Any]


@dataclass
class Batch:
    """What one push transaction knows while it works through the mutations."""

    uow: UnitOfWork
    who: Principal
    scope: set[str]
    records: dict[str, RecordRow | None] = field(default_factory=dict)
    """Rows of the batch's record ids, locked up front (None: no such record yet)."""
    applied: dict[str, AppliedMutation | Claim] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    compact_answers: bool = False
    """The client rebuilds "applied" versions itself (``COMPACT_ANSWERS_PROTOCOL``)."""
    bulk_ids: set[str] = field(default_factory=set)
    """Record ids a brand-new create may write as a plain row (:attr:`new_rows`), not an ORM
    object: set by push's fast path to the ids exactly one mutation of the batch names, so
    no later mutation of the batch needs the record as an object."""
    new_rows: list[dict[str, Any]] = field(default_factory=list)
    """Brand-new records applied so far, inserted with one ``executemany`` by push."""

    def prefetch(self, mutations: list[Mutation]) -> None:
        """Two queries instead of two per mutation; rows locked in id order (PostgreSQL)."""
        session = self.uow.session
        ids = sorted({m.record_id for m in mutations})
        rows = session.scalars(
            select(RecordRow).where(RecordRow.id.in_(ids)).order_by(RecordRow.id).with_for_update()
        )
        self.records = dict.fromkeys(ids) | {row.id: row for row in rows}
        mutation_ids = {m.mutation_id for m in mutations}
        self.applied = {
            a.mutation_id: a
            for a in session.scalars(
                select(AppliedMutation).where(AppliedMutation.mutation_id.in_(mutation_ids))
            )
        }

    def names_for(self, *user_ids: str | None) -> dict[str, str]:
        missing = {u for u in user_ids if u and u not in self.names}
        if missing:
            self.names.update(load_names(self.uow.session, missing))
        return self.names


@dataclass
class Effects:
    """What one mutation would change beyond the session: kept only if it is applied."""

    feed: list[FeedEntry] = field(default_factory=list)
    granted: list[str] = field(default_factory=list)
    record: RecordRow | None = None
    register: bool = False
    new_row: dict[str, Any] | None = None
    """A brand-new record as a plain row (see :attr:`Batch.bulk_ids`), inserted by push."""


# ---- one mutation ----------------------------------------------------------------------


def apply_mutation(state: Batch, m: Mutation, effects: Effects) -> MutationResult:
    """Judge and apply one mutation; raise :class:`Rejected` before touching anything."""
    try:
        spec = spec_for(m.kind)
    except UnknownKind:
        raise Rejected(
            "unknown_kind",
            f"The server does not know records of kind {m.kind!r}. "
            "Update fieldcm, or tell your administrator.",
        ) from None
    if not is_strict_json({name: (c.base, c.new) for name, c in m.changes.items()}):
        raise Rejected("invalid", "Numbers must be finite: NaN and Infinity are not stored.")
    if DELETED_FIELD in m.changes:
        raise Rejected("invalid", f"{DELETED_FIELD!r} is not a field a record may have.")
    if m.kind == "client" and m.record_id != m.client_id:
        raise Rejected("invalid", "A client record's id must be its own client id.")
    if m.record_id in state.records:
        record = state.records[m.record_id]
    else:
        record = state.uow.session.scalar(
            select(RecordRow)
            .where(RecordRow.id == m.record_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    effects.record = record
    _check_scope(state, m, record, effects)
    if m.op == "create":
        return _create(state, m, spec, record, effects)
    if record is None:
        raise Rejected(
            "not_found",
            "This record does not exist on the server; its creation may have been refused.",
        )
    if m.op == "update":
        return _update(state, m, spec, record, effects)
    return _delete(state, m, spec, record, effects)


def _check_scope(state: Batch, m: Mutation, record: RecordRow | None, effects: Effects) -> None:
    if record is not None:
        if record.client_id not in state.scope:
            raise not_found()
        if record.client_id != m.client_id or record.kind != m.kind:
            raise Rejected(
                "id_in_use",
                "This record id already belongs to another client or kind; nothing was changed.",
            )
        return
    if m.client_id in state.scope:
        return
    if _may_register(state, m):
        effects.register = True  # done by _create once the record passed its checks
        return
    raise not_found()


def _may_register(state: Batch, m: Mutation) -> bool:
    """A new client record for a client id nobody has used yet (no records, no caseload)."""
    if m.op != "create" or m.kind != "client" or state.who.role not in REGISTERING_ROLES:
        return False
    session = state.uow.session
    used = session.scalar(
        select(
            exists().where(RecordRow.client_id == m.client_id)
            | exists().where(Assignment.client_id == m.client_id)
        )
    )
    return not used


def _create(
    state: Batch, m: Mutation, spec: KindSpec, record: RecordRow | None, effects: Effects
) -> MutationResult:
    if record is None:
        fields = {name: change.new for name, change in m.changes.items()}
        _domain_rules(lambda: check_create(m.kind, fields))
        if effects.register:
            assign_user(
                state.uow,
                client_id=m.client_id,
                user_id=state.who.user_id,
                action="client_register",
            )
            effects.granted.append(m.client_id)
        now = utcnow()
        if state.compact_answers and not effects.register and m.record_id in state.bulk_ids:
            return _create_row(state, m, fields, now, effects)
        record = RecordRow(
            id=m.record_id,
            kind=m.kind,
            client_id=m.client_id,
            fields=fields,
            rev=1,
            deleted=False,
            created_at=now,
            updated_at=now,
            updated_by_user_id=state.who.user_id,
            updated_by_device_id=state.who.device_id,
            answered_device_id=state.who.device_id,
            answered_rev=1,
        )
        state.uow.session.add(record)
        effects.record = record
        effects.feed.append(_feed_entry(record))
        return _answer(state, m, "applied", record, rebuilt=True)
    if not record.deleted and all(
        json_equal(record.fields.get(name), change.new) for name, change in m.changes.items()
    ):
        return _answer(state, m, "applied", record)
    # An existing id with other values: judged as an edit made against nothing (base None),
    # so differing values become conflicts and a deleted record stays deleted.
    return _update(state, m, spec, record, effects)


def _create_row(
    state: Batch, m: Mutation, fields: dict[str, Any], now: datetime, effects: Effects
) -> MutationResult:
    """A brand-new record as a plain row: the same row, feed entry and (compact) answer as the
    ORM path, without an object per record (most of a first push's server time)."""
    effects.new_row = {
        "id": m.record_id,
        "kind": m.kind,
        "client_id": m.client_id,
        "fields": fields,
        "rev": 1,
        "deleted": False,
        "created_at": now,
        "updated_at": now,
        "updated_by_user_id": state.who.user_id,
        "updated_by_device_id": state.who.device_id,
        "answered_device_id": state.who.device_id,
        "answered_rev": 1,
    }
    effects.feed.append(
        FeedEntry("record", client_id=m.client_id, record_id=m.record_id, kind=m.kind)
    )
    return MutationResult(mutation_id=m.mutation_id, status="applied", rev=1)


def _domain_rules(check: Callable[[], None]) -> None:
    """Run a rule of :mod:`fieldcm.domain.changes`; a refusal becomes a rejected answer."""
    try:
        check()
    except DomainError as error:
        raise Rejected(str(getattr(error, "code", "") or "invalid"), str(error)) from error


def _overlay(record: RecordRow, m: Mutation) -> dict[str, Any]:
    fields = dict(record.fields)
    for name, change in m.changes.items():
        fields[name] = change.new
    return fields


def _refuse_future_base(m: Mutation, record: RecordRow) -> None:
    if m.base_rev > record.rev:
        raise Rejected(
            "invalid_base_rev",
            f"The change was made against revision {m.base_rev}, but the server only has "
            f"revision {record.rev}. Sync again before editing.",
        )


def _update(
    state: Batch, m: Mutation, spec: KindSpec, record: RecordRow, effects: Effects
) -> MutationResult:
    if record.deleted:
        return _edit_of_deleted(state, m, record, effects)
    overlay = _overlay(record, m)
    if spec.append_only or spec.is_locked(record.fields):
        # Judge the edit itself, whatever its base: a signed note only accepts a co-signature.
        _domain_rules(lambda: check_update(m.kind, record.fields, overlay))
    _refuse_future_base(m, record)
    if m.base_rev == record.rev:
        _domain_rules(lambda: check_update(m.kind, record.fields, overlay))
        if not json_equal(overlay, record.fields):
            _write(state, record, fields=overlay, effects=effects)
        return _answer(state, m, "applied", record, rebuilt=True)
    merged = merge_changes(
        spec, {name: (c.base, c.new) for name, c in m.changes.items()}, record.fields
    )
    _domain_rules(lambda: check_update(m.kind, record.fields, merged.fields))
    # Conflicts first: they name the record's last writer ("theirs") before this write.
    rows = _record_conflicts(state, m, record, list(merged.conflicts), effects)
    if merged.changed:
        _write(state, record, fields=merged.fields, effects=effects)
    return _answer(state, m, "conflict" if rows else "merged", record, rows)


def _edit_of_deleted(
    state: Batch, m: Mutation, record: RecordRow, effects: Effects
) -> MutationResult:
    """Keep the edit visible as conflicts; the record stays deleted until a person decides."""
    items = [FieldConflict(DELETED_FIELD, None, False, False, True)]
    items += [
        FieldConflict(name, None, change.base, change.new, record.fields.get(name))
        for name, change in sorted(m.changes.items())
        if not json_equal(change.new, record.fields.get(name))
    ]
    rows = _record_conflicts(state, m, record, items, effects)
    return _answer(state, m, "conflict", record, rows)


def _delete(
    state: Batch, m: Mutation, spec: KindSpec, record: RecordRow, effects: Effects
) -> MutationResult:
    if record.deleted:
        # Both sides want it gone: nothing is lost, so there is nothing for a person to decide.
        return _answer(state, m, "applied", record)
    _domain_rules(lambda: check_delete(m.kind, record.fields))
    _refuse_future_base(m, record)
    if m.base_rev == record.rev:
        _write(state, record, fields=record.fields, deleted=True, effects=effects)
        return _answer(state, m, "applied", record, rebuilt=True)
    # Edited since the device saw it: deleting now would silently drop that edit.
    rows = _record_conflicts(
        state, m, record, [FieldConflict(DELETED_FIELD, None, False, True, False)], effects
    )
    return _answer(state, m, "conflict", record, rows)


# ---- effects ---------------------------------------------------------------------------


def _feed_entry(record: RecordRow) -> FeedEntry:
    return FeedEntry("record", client_id=record.client_id, record_id=record.id, kind=record.kind)


def _write(
    state: Batch,
    record: RecordRow,
    *,
    fields: Mapping[str, Any],
    effects: Effects,
    deleted: bool = False,
) -> None:
    record.fields = dict(fields)
    record.deleted = deleted
    record.rev += 1
    record.updated_at = utcnow()
    record.updated_by_user_id = state.who.user_id
    record.updated_by_device_id = state.who.device_id
    # The answer carries this revision (or lets the device rebuild it): no echo in its feed.
    record.answered_device_id = state.who.device_id
    record.answered_rev = record.rev
    effects.feed.append(_feed_entry(record))


def _made_at(m: Mutation) -> datetime:
    at = m.made_at
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _record_conflicts(
    state: Batch,
    m: Mutation,
    record: RecordRow,
    items: list[FieldConflict],
    effects: Effects,
) -> list[ConflictRow]:
    if not items:
        return []
    now = utcnow()
    rows = [
        ConflictRow(
            id=str(uuid.uuid4()),
            record_id=record.id,
            client_id=record.client_id,
            kind=record.kind,
            field=item.field,
            item_id=item.item_id,
            base=item.base,
            mine=item.mine,
            theirs=item.theirs,
            mine_user_id=state.who.user_id,
            mine_device_id=state.who.device_id,
            mine_at=_made_at(m),
            theirs_user_id=record.updated_by_user_id,
            theirs_device_id=record.updated_by_device_id,
            theirs_at=record.updated_at,
            status="open",
            created_at=now,
        )
        for item in items
    ]
    state.uow.session.add_all(rows)
    effects.feed.extend(
        FeedEntry("conflict", client_id=row.client_id, conflict_id=row.id, kind=row.kind)
        for row in rows
    )
    return rows


def _answer(
    state: Batch,
    m: Mutation,
    status: MutationStatus,
    record: RecordRow,
    conflicts: list[ConflictRow] | None = None,
    *,
    rebuilt: bool = False,
) -> MutationResult:
    """The answer; ``rebuilt``: the version is the mutation applied to its own base revision.

    Such a version goes back as its revision alone to clients that rebuild it
    (``MutationResult.rev``), which halves what a first push moves over the wire.
    """
    conflicts = conflicts or []
    if rebuilt and state.compact_answers and not conflicts:
        return MutationResult(mutation_id=m.mutation_id, status=status, rev=record.rev)
    names = state.names_for(record.updated_by_user_id, *(c.theirs_user_id for c in conflicts))
    return MutationResult(
        mutation_id=m.mutation_id,
        status=status,
        record=record_payload(record, names),
        conflicts=[conflict_payload(c, names) for c in conflicts],
    )
