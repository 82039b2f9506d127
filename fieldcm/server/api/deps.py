"""FastAPI dependencies as ``Annotated`` aliases: the server state, the caller, the admin."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from fieldcm.server import devices
from fieldcm.server.auth import Passwords
from fieldcm.server.authz import Principal
from fieldcm.server.config import ServerConfig
from fieldcm.server.db import Database
from fieldcm.server.devices import TokenLifetimes
from fieldcm.server.errors import Forbidden


@dataclass(frozen=True)
class ServerState:
    """Everything a request needs that outlives it; nothing a device depends on (all of that
    is in the database, so any server process can answer any request)."""

    db: Database
    config: ServerConfig
    passwords: Passwords
    cursor_key: bytes

    @property
    def lifetimes(self) -> TokenLifetimes:
        return TokenLifetimes(
            self.config.access_token_ttl,
            self.config.refresh_token_ttl,
            self.config.refresh_grace,
        )


def _state(request: Request) -> ServerState:
    state: ServerState = request.app.state.fieldcm
    return state


StateDep = Annotated[ServerState, Depends(_state)]


def _database(state: StateDep) -> Database:
    return state.db


DatabaseDep = Annotated[Database, Depends(_database)]

_bearer = HTTPBearer(
    auto_error=False,
    description="The device's access token (tokens travel only in this header).",
)


def _token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str | None:
    return credentials.credentials if credentials else None


BearerToken = Annotated[str | None, Depends(_token)]


def _current_device(db: DatabaseDep, token: BearerToken) -> Principal:
    with db.read() as session:
        return devices.authenticate(session, token=token)


CurrentDevice = Annotated[Principal, Depends(_current_device)]


def _current_admin(who: CurrentDevice) -> Principal:
    if who.role != "admin":
        raise Forbidden("Only an administrator may do this.", code="forbidden")
    return who


CurrentAdmin = Annotated[Principal, Depends(_current_admin)]


def client_address(request: Request) -> str:
    """The peer address for rate limits (proxies' X-Forwarded-For is deliberately ignored)."""
    return request.client.host if request.client else "unknown"


ClientAddress = Annotated[str, Depends(client_address)]
