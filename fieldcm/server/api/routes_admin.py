"""Admin endpoints (everything else an admin does is in the CLI)."""

from __future__ import annotations

from fastapi import APIRouter

from fieldcm.server import settings
from fieldcm.server.api import responses
from fieldcm.server.api.deps import CurrentAdmin, StateDep
from fieldcm.sync.protocol import AgencySettings

router = APIRouter(prefix="/v1/admin", tags=["admin"])


@router.put("/settings", response_model=AgencySettings, responses=responses.AUTHED)
def put_settings(body: AgencySettings, state: StateDep, who: CurrentAdmin) -> AgencySettings:
    """Replace the agency settings; every device receives them through the feed."""
    with state.db.write() as uow:
        return settings.replace(uow, new=body, user_id=who.user_id)
