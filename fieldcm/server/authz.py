"""Who is asking, and the one caseload policy deciding which clients they may see.

Deny by default: a client id is visible only if :func:`visible_client_ids` names it.

* worker: the clients assigned to them;
* supervisor: the clients assigned to anyone on their team, and their own;
* admin: none (admins run the agency's server, they do not read client records).

The policy reads the database on every request, so a role or team change applies to the
next request. Callers answer an out-of-scope id exactly as a missing one (404, no data).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldcm.server.models import Assignment, User
from fieldcm.sync.protocol import UserInfo

ROLES = ("worker", "supervisor", "admin")


@dataclass(frozen=True)
class Principal:
    """The authenticated user and device of one request, read fresh from the database."""

    user_id: str
    username: str
    display_name: str
    role: str
    team_id: str | None
    credentials: str
    device_id: str | None

    @classmethod
    def of(cls, user: User, device_id: str | None) -> Principal:
        return cls(
            user_id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=user.role,
            team_id=user.team_id,
            credentials=user.credentials,
            device_id=device_id,
        )

    @property
    def user_info(self) -> UserInfo:
        return UserInfo(
            id=self.user_id,
            username=self.username,
            display_name=self.display_name,
            role=self.role,  # type: ignore[arg-type]  # one of ROLES, checked on write
            credentials=self.credentials,
            team_id=self.team_id,
        )


def visible_client_ids(
    session: Session, *, role: str, user_id: str, team_id: str | None
) -> set[str]:
    """The client ids this user may see now (the whole policy lives here)."""
    if role == "worker":
        query = select(Assignment.client_id).where(Assignment.user_id == user_id)
    elif role == "supervisor":
        members = select(User.id).where(User.team_id == team_id) if team_id else None
        condition = Assignment.user_id == user_id
        if members is not None:
            condition = condition | Assignment.user_id.in_(members)
        query = select(Assignment.client_id).where(condition).distinct()
    else:
        return set()
    return set(session.scalars(query))


def scope_of(session: Session, who: Principal) -> set[str]:
    return visible_client_ids(session, role=who.role, user_id=who.user_id, team_id=who.team_id)


def may_see(session: Session, who: Principal, client_id: str) -> bool:
    return client_id in scope_of(session, who)
