"""Users, teams and caseload assignments: the admin's side of accounts (used by the CLI)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fieldcm.server.audit import AuditEntry
from fieldcm.server.authz import ROLES
from fieldcm.server.clock import utcnow
from fieldcm.server.errors import AdminError
from fieldcm.server.models import Assignment, Team, User
from fieldcm.server.uow import UnitOfWork

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_USERNAME = re.compile(r"^[A-Za-z0-9._@-]{1,200}$")


@dataclass(frozen=True)
class UserView:
    id: str
    username: str
    display_name: str
    role: str
    team: str | None
    credentials: str
    disabled: bool
    has_password: bool


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AdminError(f"Unknown role {role!r}; choose one of: {', '.join(ROLES)}.")


def check_client_id(client_id: str) -> str:
    """Client ids are the lowercase UUIDs laptops generate."""
    if not _UUID.match(client_id):
        raise AdminError(f"{client_id!r} is not a client id (a lowercase UUID).")
    return client_id


def find_user(session: Session, *, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise AdminError(f"No user named {username!r}.")
    return user


def find_team(session: Session, *, name: str) -> Team:
    team = session.scalar(select(Team).where(Team.name == name))
    if team is None:
        raise AdminError(f"No team named {name!r}; create it with `fieldcm-server teams add`.")
    return team


def add_team(uow: UnitOfWork, *, name: str) -> Team:
    name = name.strip()
    if not name or len(name) > 200:
        raise AdminError("A team name must be 1 to 200 characters.")
    if uow.session.scalar(select(Team).where(Team.name == name)) is not None:
        raise AdminError(f"A team named {name!r} already exists.")
    team = Team(id=str(uuid.uuid4()), name=name, created_at=utcnow())
    uow.session.add(team)
    uow.audit.append(AuditEntry("admin_team_add", "ok"))
    return team


def add_user(
    uow: UnitOfWork,
    *,
    username: str,
    role: str,
    team: str | None = None,
    display_name: str | None = None,
    credentials: str = "",
    password_hash: str | None = None,
) -> User:
    _check_role(role)
    if not _USERNAME.match(username):
        raise AdminError("A username is 1 to 200 letters, digits or . _ @ - (no spaces).")
    if uow.session.scalar(select(User).where(User.username == username)) is not None:
        raise AdminError(f"A user named {username!r} already exists.")
    team_row = find_team(uow.session, name=team) if team else None
    user = User(
        id=str(uuid.uuid4()),
        username=username,
        display_name=(display_name or username)[:200],
        role=role,
        credentials=credentials[:200],
        team_id=team_row.id if team_row else None,
        password_hash=password_hash,
        disabled=False,
        created_at=utcnow(),
    )
    uow.session.add(user)
    uow.session.flush()
    uow.audit.append(AuditEntry("admin_user_add", "ok", user_id=user.id))
    return user


def set_password(uow: UnitOfWork, *, username: str, password_hash: str) -> None:
    user = find_user(uow.session, username=username)
    user.password_hash = password_hash
    uow.audit.append(AuditEntry("admin_set_password", "ok", user_id=user.id))


def disable_user(uow: UnitOfWork, *, username: str) -> None:
    """Every token of the user's devices fails from the next request on (checked per request)."""
    user = find_user(uow.session, username=username)
    user.disabled = True
    uow.audit.append(AuditEntry("admin_user_disable", "ok", user_id=user.id))


def set_role(uow: UnitOfWork, *, username: str, role: str) -> None:
    _check_role(role)
    user = find_user(uow.session, username=username)
    if role == "admin" and uow.session.scalar(
        select(Assignment.client_id).where(Assignment.user_id == user.id).limit(1)
    ):
        raise AdminError(f"{username} still has clients assigned; unassign them first.")
    user.role = role
    uow.audit.append(AuditEntry("admin_set_role", "ok", user_id=user.id))


def set_team(uow: UnitOfWork, *, username: str, team: str | None) -> None:
    user = find_user(uow.session, username=username)
    user.team_id = find_team(uow.session, name=team).id if team else None
    uow.audit.append(AuditEntry("admin_set_team", "ok", user_id=user.id))


def assign(uow: UnitOfWork, *, client_id: str, username: str) -> bool:
    """Put a client on a user's caseload; False when it already was."""
    check_client_id(client_id)
    user = find_user(uow.session, username=username)
    if user.role == "admin":
        raise AdminError("Admins do not hold caseloads; assign the client to a worker.")
    return assign_user(uow, client_id=client_id, user_id=user.id, action="admin_assign")


def assign_user(uow: UnitOfWork, *, client_id: str, user_id: str, action: str) -> bool:
    session = uow.session
    if session.get(Assignment, (client_id, user_id)) is not None:
        return False
    session.add(Assignment(client_id=client_id, user_id=user_id, created_at=utcnow()))
    session.flush()
    uow.audit.append(AuditEntry(action, "ok", user_id=user_id, client_id=client_id))
    return True


def unassign(uow: UnitOfWork, *, client_id: str, username: str) -> bool:
    """Take a client off a caseload; the user's laptops receive a revocation on next pull."""
    check_client_id(client_id)
    user = find_user(uow.session, username=username)
    result = uow.session.execute(
        delete(Assignment).where(Assignment.client_id == client_id, Assignment.user_id == user.id)
    )
    removed = bool(getattr(result, "rowcount", 0))
    if removed:
        uow.audit.append(AuditEntry("admin_unassign", "ok", user_id=user.id, client_id=client_id))
    return removed


def list_users(session: Session) -> list[UserView]:
    teams = {t.id: t.name for t in session.scalars(select(Team))}
    return [
        UserView(
            id=u.id,
            username=u.username,
            display_name=u.display_name,
            role=u.role,
            team=teams.get(u.team_id) if u.team_id else None,
            credentials=u.credentials,
            disabled=u.disabled,
            has_password=bool(u.password_hash),
        )
        for u in session.scalars(select(User).order_by(User.username))
    ]


def assignments_of(session: Session, *, username: str) -> list[str]:
    user = find_user(session, username=username)
    return sorted(
        session.scalars(select(Assignment.client_id).where(Assignment.user_id == user.id))
    )
