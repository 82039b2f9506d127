"""Rows to wire models: records, conflicts and the people named in them."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldcm.server.models import ConflictRow, RecordRow, User
from fieldcm.sync.protocol import Actor, ConflictPayload, RecordPayload

Names = dict[str, str]


def is_strict_json(value: Any) -> bool:
    """False for values JSON cannot carry (NaN, Infinity), which Python's parser lets in."""
    try:
        json.dumps(value, allow_nan=False)
    except (ValueError, TypeError):
        return False
    return True


def load_names(session: Session, user_ids: Iterable[str | None]) -> Names:
    """Display names of the given users, for the ``Actor`` of records and conflicts."""
    wanted = {u for u in user_ids if u}
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.display_name).where(User.id.in_(wanted)))
    return {user_id: name for user_id, name in rows}


def actor(
    names: Names, user_id: str | None, device_id: str | None, at: datetime | None
) -> Actor | None:
    if user_id is None or at is None:
        return None
    # Built without validation (see record_payload): every value comes from our own rows.
    return Actor.model_construct(
        user_id=user_id, user_name=names.get(user_id, ""), device_id=device_id, at=at
    )


def record_payload(row: RecordRow, names: Names) -> RecordPayload:
    """The current version; a tombstone carries no fields (the device only needs to purge).

    Built without validation: ids, kind and revision were validated when the mutation that
    wrote them was accepted, and checking three id patterns again per record was a third of
    building a first sync's feed pages (profiled at 10,000 notes). Every field is passed, so
    the model is the one validation would build.
    """
    return RecordPayload.model_construct(
        kind=row.kind,
        id=row.id,
        client_id=row.client_id,
        rev=row.rev,
        deleted=row.deleted,
        fields={} if row.deleted else dict(row.fields),
        updated_by=actor(names, row.updated_by_user_id, row.updated_by_device_id, row.updated_at),
    )


def record_user_ids(rows: Iterable[RecordRow]) -> set[str | None]:
    return {r.updated_by_user_id for r in rows}


def conflict_user_ids(rows: Iterable[ConflictRow]) -> set[str | None]:
    ids: set[str | None] = set()
    for row in rows:
        ids |= {row.mine_user_id, row.theirs_user_id, row.resolved_by_user_id}
    return ids


def conflict_payload(row: ConflictRow, names: Names) -> ConflictPayload:
    mine_by = actor(names, row.mine_user_id, row.mine_device_id, row.mine_at)
    assert mine_by is not None
    return ConflictPayload(
        id=row.id,
        kind=row.kind,
        record_id=row.record_id,
        client_id=row.client_id,
        field=row.field,
        item_id=row.item_id,
        base=row.base,
        mine=row.mine,
        theirs=row.theirs,
        mine_by=mine_by,
        theirs_by=actor(names, row.theirs_user_id, row.theirs_device_id, row.theirs_at),
        status=row.status,  # type: ignore[arg-type]  # "open" or "resolved", set only here
        resolution=row.resolution,
        resolved_by=actor(
            names, row.resolved_by_user_id, row.resolved_by_device_id, row.resolved_at
        ),
    )
