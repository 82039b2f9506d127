"""The sync endpoints: feed, push, digest, targeted fetch, conflicts, one client, settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from fieldcm.server import conflicts, feed, push, repair, settings
from fieldcm.server.api import responses
from fieldcm.server.api.deps import CurrentDevice, StateDep
from fieldcm.sync.protocol import (
    MAX_PAGE_SIZE,
    AgencySettings,
    ChangesPage,
    ConflictPayload,
    DigestRequest,
    DigestResponse,
    FetchRequest,
    FetchResponse,
    PushBatch,
    PushResponse,
    RecordPayload,
    ResolveConflict,
)

router = APIRouter(prefix="/v1", tags=["sync"])

UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
IdPath = Annotated[str, Path(pattern=UUID_PATTERN, min_length=36, max_length=36)]


@router.get("/changes", response_model=ChangesPage, responses=responses.AUTHED)
def changes(
    state: StateDep,
    who: CurrentDevice,
    cursor: Annotated[
        str | None, Query(max_length=4096, description="Opaque; from the last page")
    ] = None,
    limit: Annotated[int | None, Query(ge=1, le=MAX_PAGE_SIZE)] = None,
) -> ChangesPage:
    """Changes in the caller's scope after ``cursor``, in server order, one page."""
    return feed.pull(
        state.db,
        who=who,
        cursor=cursor,
        limit=limit or state.config.default_page_size,
        cursor_key=state.cursor_key,
    )


@router.post("/push", response_model=PushResponse, responses=responses.AUTHED)
def push_batch(body: PushBatch, state: StateDep, who: CurrentDevice) -> PushResponse:
    """Apply outbox mutations; each is answered applied, merged, conflict or rejected."""
    return push.push(state.db, who=who, batch=body)


@router.post("/digest", response_model=DigestResponse, responses=responses.AUTHED)
def digest(body: DigestRequest, state: StateDep, who: CurrentDevice) -> DigestResponse:
    """Compare the device's per-client digests with the server's."""
    return repair.digest(state.db, who=who, request=body)


@router.post("/records/fetch", response_model=FetchResponse, responses=responses.AUTHED)
def fetch(body: FetchRequest, state: StateDep, who: CurrentDevice) -> FetchResponse:
    """Current records of the named clients in scope (targeted repair)."""
    return repair.fetch(state.db, who=who, request=body)


@router.post(
    "/conflicts/{conflict_id}/resolve",
    response_model=ConflictPayload,
    responses=responses.AUTHED_CONFLICT,
)
def resolve_conflict(
    conflict_id: IdPath, body: ResolveConflict, state: StateDep, who: CurrentDevice
) -> ConflictPayload:
    """Apply a person's decision as an edit and close the conflict everywhere."""
    return conflicts.resolve(state.db, who=who, conflict_id=conflict_id, request=body)


@router.get("/clients/{client_id}", response_model=RecordPayload, responses=responses.AUTHED_ITEM)
def get_client(client_id: IdPath, state: StateDep, who: CurrentDevice) -> RecordPayload:
    """One client record, if it is in the caller's scope (else 404, like a missing one)."""
    return repair.get_client(state.db, who=who, client_id=client_id)


@router.get("/settings", response_model=AgencySettings, responses=responses.AUTHED)
def get_settings(state: StateDep, who: CurrentDevice) -> AgencySettings:
    """The agency settings (also delivered through the feed)."""
    del who  # authenticated callers only
    with state.db.read() as session:
        return settings.current(session)
