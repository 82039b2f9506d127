"""Verification and targeted repair: digest comparison, fetching named clients, one client.

Out-of-scope ids are treated exactly like unknown ones (digest: ``not_in_scope``; fetch:
left out; a client: 404), and every denied id is audited.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select

from fieldcm.server.audit import AuditEntry
from fieldcm.server.authz import Principal, scope_of
from fieldcm.server.db import Database
from fieldcm.server.errors import NOT_FOUND_MESSAGE, NotFound
from fieldcm.server.models import RecordRow
from fieldcm.server.payloads import load_names, record_payload, record_user_ids
from fieldcm.sync.protocol import (
    DigestRequest,
    DigestResponse,
    FetchRequest,
    FetchResponse,
    RecordPayload,
    record_digest,
)


def _ids(who: Principal) -> dict[str, str | None]:
    return {"user_id": who.user_id, "device_id": who.device_id}


def digest(db: Database, *, who: Principal, request: DigestRequest) -> DigestResponse:
    """Compare the device's per-client digests with the server's, tombstones included."""
    with db.read() as session:
        scope = scope_of(session, who)
        rows = (
            session.execute(
                select(RecordRow.client_id, RecordRow.id, RecordRow.rev, RecordRow.deleted).where(
                    RecordRow.client_id.in_(sorted(scope))
                )
            ).all()
            if scope
            else []
        )
    by_client: dict[str, list[tuple[str, int, bool]]] = defaultdict(list)
    for client_id, record_id, rev, deleted in rows:
        by_client[client_id].append((record_id, rev, deleted))
    matching, differing, not_in_scope = 0, [], []
    for client_id, theirs in sorted(request.clients.items()):
        if client_id not in scope:
            not_in_scope.append(client_id)
        elif record_digest(by_client.get(client_id, [])) == theirs:
            matching += 1
        else:
            differing.append(client_id)
    missing = sorted(scope - request.clients.keys())
    entries = [AuditEntry("digest", "denied", client_id=c, **_ids(who)) for c in not_in_scope]
    entries.append(AuditEntry("digest", "ok", **_ids(who)))
    with db.write() as uow:
        uow.audit.extend(entries)
    return DigestResponse(
        matching=matching,
        differing=differing,
        missing_on_device=missing,
        not_in_scope=not_in_scope,
    )


def fetch(db: Database, *, who: Principal, request: FetchRequest) -> FetchResponse:
    """Current records (tombstones included) of the named clients that are in scope."""
    wanted = sorted(set(request.client_ids))
    with db.read() as session:
        scope = scope_of(session, who)
        allowed = [c for c in wanted if c in scope]
        rows = (
            list(
                session.scalars(
                    select(RecordRow)
                    .where(RecordRow.client_id.in_(allowed))
                    .order_by(RecordRow.client_id, RecordRow.id)
                )
            )
            if allowed
            else []
        )
        names = load_names(session, record_user_ids(rows))
        records = [record_payload(row, names) for row in rows]
    entries = [
        AuditEntry("fetch", "ok" if c in scope else "denied", client_id=c, **_ids(who))
        for c in wanted
    ]
    if entries:
        with db.write() as uow:
            uow.audit.extend(entries)
    return FetchResponse(records=records)


def get_client(db: Database, *, who: Principal, client_id: str) -> RecordPayload:
    """The client record itself; 404 when missing, deleted or out of scope alike."""
    ids = {**_ids(who), "client_id": client_id}
    with db.read() as session:
        row = None
        if client_id in scope_of(session, who):
            row = session.get(RecordRow, client_id)
        if row is None or row.kind != "client" or row.deleted:
            raise NotFound(NOT_FOUND_MESSAGE, audit=[AuditEntry("client_read", "denied", **ids)])
        payload = record_payload(row, load_names(session, [row.updated_by_user_id]))
    with db.write() as uow:
        uow.audit.append(AuditEntry("client_read", "ok", **ids))
    return payload
