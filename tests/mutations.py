"""Mutations as a laptop would push them, for tests that talk to the server directly.

One home for the in-process server tests (``tests/server``) and the ones against a server
process (``tests/integration``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from fieldcm.sync.protocol import FieldChange, Mutation, RecordPayload


def new_id() -> str:
    return str(uuid.uuid4())


def now() -> datetime:
    return datetime.now(UTC)


def create(
    kind: str, fields: Mapping[str, Any], *, client_id: str, record_id: str | None = None
) -> Mutation:
    return Mutation(
        mutation_id=new_id(),
        kind=kind,
        record_id=record_id or new_id(),
        client_id=client_id,
        op="create",
        base_rev=0,
        changes={name: FieldChange(base=None, new=value) for name, value in fields.items()},
        made_at=now(),
    )


def update(record: RecordPayload, new_values: Mapping[str, Any]) -> Mutation:
    """An edit of ``record`` as the device last saw it (its rev and field values are the base)."""
    return Mutation(
        mutation_id=new_id(),
        kind=record.kind,
        record_id=record.id,
        client_id=record.client_id,
        op="update",
        base_rev=record.rev,
        changes={
            name: FieldChange(base=record.fields.get(name), new=value)
            for name, value in new_values.items()
        },
        made_at=now(),
    )


def delete(record: RecordPayload) -> Mutation:
    return Mutation(
        mutation_id=new_id(),
        kind=record.kind,
        record_id=record.id,
        client_id=record.client_id,
        op="delete",
        base_rev=record.rev,
        made_at=now(),
    )
