"""Resolving a conflict: a person's decision, applied as an ordinary edit that syncs.

The resolution is the value the field (or the list item, or ``DELETED_FIELD``) takes. It is
written as a new revision of the record with a feed entry, and the conflict is marked
resolved with a feed entry of its own, so it disappears on every device of the people
involved. The request's ``mutation_id`` makes a retried resolution answer the same.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from fieldcm.domain.changes import check_delete, check_update
from fieldcm.domain.errors import DomainError
from fieldcm.server.audit import AuditEntry
from fieldcm.server.authz import Principal, scope_of
from fieldcm.server.clock import utcnow
from fieldcm.server.db import Database
from fieldcm.server.errors import NOT_FOUND_MESSAGE, BadRequest, Conflict, NotFound
from fieldcm.server.feedlog import FeedEntry
from fieldcm.server.models import AppliedMutation, ConflictRow, RecordRow
from fieldcm.server.payloads import (
    conflict_payload,
    conflict_user_ids,
    is_strict_json,
    load_names,
)
from fieldcm.server.uow import UnitOfWork
from fieldcm.sync.merge import ITEM_ID_KEY, json_equal, with_item_decided
from fieldcm.sync.protocol import DELETED_FIELD, ConflictPayload, ResolveConflict


def resolve(
    db: Database, *, who: Principal, conflict_id: str, request: ResolveConflict
) -> ConflictPayload:
    with db.write() as uow:
        return _resolve(uow, who=who, conflict_id=conflict_id, request=request)


def _resolve(
    uow: UnitOfWork, *, who: Principal, conflict_id: str, request: ResolveConflict
) -> ConflictPayload:
    session = uow.session
    ids = {"user_id": who.user_id, "device_id": who.device_id}
    row = session.scalar(
        select(ConflictRow)
        .where(ConflictRow.id == conflict_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if row is None or row.client_id not in scope_of(session, who):
        raise NotFound(
            NOT_FOUND_MESSAGE,
            audit=[
                AuditEntry(
                    "conflict_resolve", "denied", client_id=row.client_id if row else None, **ids
                )
            ],
        )
    audit_ids = {**ids, "client_id": row.client_id}
    prior = session.get(AppliedMutation, request.mutation_id)
    if prior is not None:
        if prior.user_id == who.user_id and row.resolve_mutation_id == request.mutation_id:
            uow.audit.append(AuditEntry("conflict_resolve", "replayed", **audit_ids))
            return ConflictPayload.model_validate(prior.result)
        raise Conflict(
            "This change id was already used for another change.",
            code="duplicate_mutation_id",
            audit=[AuditEntry("conflict_resolve", "denied", **audit_ids)],
        )
    if row.status == "resolved":
        raise Conflict(
            "Someone already resolved this conflict; sync to see their decision.",
            code="already_resolved",
            audit=[AuditEntry("conflict_resolve", "already_resolved", **audit_ids)],
        )
    record = session.scalar(
        select(RecordRow)
        .where(RecordRow.id == row.record_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert record is not None, "a conflict always names an existing record"
    _apply_resolution(uow, who=who, row=row, record=record, resolution=request.resolution)
    now = utcnow()
    row.status = "resolved"
    row.resolution = request.resolution
    row.resolved_by_user_id = who.user_id
    row.resolved_by_device_id = who.device_id
    row.resolved_at = now
    row.resolve_mutation_id = request.mutation_id
    session.flush()
    payload = conflict_payload(row, load_names(session, conflict_user_ids([row])))
    session.add(
        AppliedMutation(
            mutation_id=request.mutation_id,
            user_id=who.user_id,
            device_id=who.device_id,
            result=payload.model_dump(mode="json"),
            created_at=now,
        )
    )
    uow.feed.append(
        FeedEntry("conflict", client_id=row.client_id, conflict_id=row.id, kind=row.kind)
    )
    uow.audit.append(AuditEntry("conflict_resolve", "ok", **audit_ids))
    return payload


def _apply_resolution(
    uow: UnitOfWork, *, who: Principal, row: ConflictRow, record: RecordRow, resolution: Any
) -> None:
    if not is_strict_json(resolution):
        raise BadRequest(
            "Numbers must be finite: NaN and Infinity are not stored.", code="invalid_resolution"
        )
    fields = dict(record.fields)
    deleted = record.deleted
    if row.field == DELETED_FIELD:
        if not isinstance(resolution, bool):
            raise BadRequest(
                "Resolve a deleted-or-kept conflict with true (delete) or false (keep).",
                code="invalid_resolution",
            )
        deleted = resolution
    elif row.item_id is None:
        fields[row.field] = resolution
    else:
        fields[row.field] = _resolve_item(fields.get(row.field), row.item_id, resolution)
    if json_equal(fields, record.fields) and deleted == record.deleted:
        return
    try:
        if deleted and not record.deleted:
            check_delete(record.kind, record.fields)
        else:
            check_update(record.kind, record.fields, fields)
    except DomainError as error:
        raise Conflict(
            str(error),
            code=str(getattr(error, "code", "") or "invalid"),
            audit=[
                AuditEntry(
                    "conflict_resolve",
                    "rejected",
                    user_id=who.user_id,
                    device_id=who.device_id,
                    client_id=row.client_id,
                )
            ],
        ) from error
    record.fields = fields
    record.deleted = deleted
    record.rev += 1
    record.updated_at = utcnow()
    record.updated_by_user_id = who.user_id
    record.updated_by_device_id = who.device_id
    uow.feed.append(
        FeedEntry("record", client_id=record.client_id, record_id=record.id, kind=record.kind)
    )


def _resolve_item(current: Any, item_id: str, resolution: Any) -> list[Any]:
    """Put the chosen item in place (``None`` removes it; a new one is appended)."""
    if resolution is not None and (
        not isinstance(resolution, dict) or resolution.get(ITEM_ID_KEY) != item_id
    ):
        raise BadRequest(
            f"Resolve a list item with the item itself (its id must be {item_id!r}) or null.",
            code="invalid_resolution",
        )
    return with_item_decided(current, item_id, resolution)
