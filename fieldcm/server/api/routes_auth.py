"""Enrollment, tokens, online re-authentication, device status and health."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from fieldcm.server import devices, ratelimit
from fieldcm.server.api import responses
from fieldcm.server.api.deps import BearerToken, ClientAddress, StateDep
from fieldcm.sync.protocol import (
    MIN_CLIENT_PROTOCOL,
    PROTOCOL_VERSION,
    DeviceStatus,
    EnrollRequest,
    LoginRequest,
    LoginResponse,
    RefreshRequest,
    TokenPair,
)

router = APIRouter(prefix="/v1")


class Health(BaseModel):
    """The server answers and which protocol versions it speaks."""

    status: str = "ok"
    protocol_version: int = PROTOCOL_VERSION
    min_client_protocol: int = MIN_CLIENT_PROTOCOL


@router.get("/health", response_model=Health, responses=responses.PUBLIC, tags=["server"])
def health() -> Health:
    return Health()


@router.post(
    "/enroll", response_model=TokenPair, responses=responses.PUBLIC_LIMITED, tags=["devices"]
)
def enroll(body: EnrollRequest, state: StateDep, address: ClientAddress) -> TokenPair:
    """Trade a one-time enrollment code for the device's first token pair."""
    ratelimit.hit(
        state.db,
        endpoint="enroll",
        callers=[f"ip:{address}"],
        limit=state.config.rate_limits["enroll"],
    )
    with state.db.write() as uow:
        return devices.enroll(
            uow,
            code=body.code,
            device_name=body.device_name,
            protocol_version=body.protocol_version,
            lifetimes=state.lifetimes,
        )


@router.post(
    "/token/refresh",
    response_model=TokenPair,
    responses={**responses.PUBLIC_LIMITED, **responses.AUTHED},
    tags=["devices"],
)
def refresh(body: RefreshRequest, state: StateDep, address: ClientAddress) -> TokenPair:
    """Rotate the token pair; a spent refresh token revokes the device's whole family."""
    ratelimit.hit(
        state.db,
        endpoint="refresh",
        callers=[f"ip:{address}"],
        limit=state.config.rate_limits["refresh"],
    )
    with state.db.write() as uow:
        return devices.refresh(uow, refresh_token=body.refresh_token, lifetimes=state.lifetimes)


@router.post(
    "/login", response_model=LoginResponse, responses=responses.PUBLIC_LIMITED, tags=["devices"]
)
def login(body: LoginRequest, state: StateDep, address: ClientAddress) -> LoginResponse:
    """Check a user's password (online re-authentication); issues no token."""
    ratelimit.hit(
        state.db,
        endpoint="login",
        callers=[f"ip:{address}", f"user:{body.username}"],
        limit=state.config.rate_limits["login"],
    )
    with state.db.write() as uow:
        who = devices.login(
            uow, username=body.username, password=body.password, passwords=state.passwords
        )
    return LoginResponse(user=who.user_info)


@router.get(
    "/device/status", response_model=DeviceStatus, responses=responses.AUTHED, tags=["devices"]
)
def device_status(state: StateDep, token: BearerToken) -> DeviceStatus:
    """The wipe check: accepts any token ever issued to the device, even an expired one."""
    with state.db.read() as session:
        return devices.device_status(session, token=token)


@router.post(
    "/device/wiped",
    response_model=DeviceStatus,
    responses=responses.AUTHED_CONFLICT,
    tags=["devices"],
)
def device_wiped(state: StateDep, token: BearerToken) -> DeviceStatus:
    """The device confirms it erased its data; it is refused from then on."""
    with state.db.write() as uow:
        return devices.confirm_wiped(uow, token=token)
