"""Agency settings: stored once on the server, set by an admin, delivered through the feed."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from fieldcm.server.audit import AuditEntry
from fieldcm.server.clock import utcnow
from fieldcm.server.errors import AdminError
from fieldcm.server.feedlog import FeedEntry
from fieldcm.server.models import AgencySettingsRow
from fieldcm.server.uow import UnitOfWork
from fieldcm.sync.protocol import AgencySettings

_ROW_ID = 1


def current(session: Session) -> AgencySettings:
    """The agency's settings (defaults until an admin sets any)."""
    row = session.get(AgencySettingsRow, _ROW_ID)
    if row is None:
        return AgencySettings()
    return AgencySettings.model_validate({**row.data, "revision": row.revision})


def replace(uow: UnitOfWork, *, new: AgencySettings, user_id: str | None = None) -> AgencySettings:
    """Store ``new`` (its ``revision`` is ignored and bumped) and publish it to every device."""
    session = uow.session
    row = session.get(AgencySettingsRow, _ROW_ID, with_for_update=True)
    revision = (row.revision if row else 0) + 1
    data = new.model_dump(mode="json", exclude={"revision"})
    if row is None:
        session.add(
            AgencySettingsRow(id=_ROW_ID, revision=revision, data=data, updated_at=utcnow())
        )
    else:
        row.revision, row.data, row.updated_at = revision, data, utcnow()
    uow.feed.append(FeedEntry("settings"))
    uow.audit.append(AuditEntry("settings_update", "ok", user_id=user_id))
    return new.model_copy(update={"revision": revision})


def parse_value(text: str) -> Any:
    """A CLI value: JSON when it parses (numbers, lists, objects), else the text itself."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def set_one(uow: UnitOfWork, *, key: str, value: str) -> AgencySettings:
    """``settings set KEY VALUE`` from the CLI, validated like the API's PUT."""
    if key == "revision" or key not in AgencySettings.model_fields:
        known = ", ".join(k for k in AgencySettings.model_fields if k != "revision")
        raise AdminError(f"Unknown setting {key!r}. Settings: {known}.")
    old = current(uow.session).model_dump(mode="json")
    parsed = parse_value(value)
    if isinstance(AgencySettings.model_fields[key].default, str) and not isinstance(parsed, str):
        parsed = value  # a text setting keeps the text exactly as typed (e.g. "988")
    try:
        new = AgencySettings.model_validate({**old, key: parsed})
    except ValidationError as exc:
        problems = "; ".join(error["msg"] for error in exc.errors())
        raise AdminError(f"Invalid value for {key}: {problems}.") from exc
    return replace(uow, new=new)
