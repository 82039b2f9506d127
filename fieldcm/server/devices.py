"""Devices and their tokens: enrollment, refresh rotation with reuse detection, revoke, wipe.

Each device has one token family: its access tokens (short-lived) and refresh tokens
(rotating). Exchanging a refresh token marks it ``rotated``; presenting a rotated one again
means two parties hold the family (RFC 9700 §4.14), so the whole family is revoked, the
device too, and the event is audited as ``token_reuse``.

One exception keeps a weak link from stranding a laptop: a refresh answer lost on the way
back. When the rotated token comes back within ``TokenLifetimes.refresh_grace`` and the pair
its exchange issued was never exchanged itself, a new pair is issued and the unused one is
``superseded``: if that one ever shows up, two parties held the family after all, and it is
treated as reuse. An attacker replaying a stolen token inside the window therefore gets a
pair only until the laptop's next refresh, which revokes both.

Device states: ``active`` → ``revoked`` (admin or token reuse), or ``active`` →
``wipe_pending`` (admin) → ``wiped`` (the device confirms). A wipe-pending device is refused
everywhere with ``wipe_required`` except the status and wiped endpoints, which accept any
token ever issued to it, even an expired one, so a laptop that was offline for weeks can
still learn it must wipe.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fieldcm.server import auth
from fieldcm.server.accounts import find_user
from fieldcm.server.audit import AuditEntry
from fieldcm.server.authz import Principal
from fieldcm.server.clock import utcnow
from fieldcm.server.errors import AdminError, BadRequest, Conflict, Forbidden, Unauthorized
from fieldcm.server.models import Device, DeviceToken, EnrollmentCode, User
from fieldcm.server.uow import UnitOfWork
from fieldcm.sync.protocol import MIN_CLIENT_PROTOCOL, DeviceStatus, TokenPair

NO_CREDENTIAL_MESSAGE = "This request needs the device's access token in the Authorization header."
BAD_CREDENTIAL_MESSAGE = "This device token is not valid; refresh it or enroll the device again."


@dataclass(frozen=True)
class TokenLifetimes:
    access: timedelta
    refresh: timedelta
    refresh_grace: timedelta = timedelta(minutes=15)
    """How long after its exchange a refresh token may be presented again (lost answer)."""


@dataclass(frozen=True)
class DeviceView:
    id: str
    username: str
    name: str
    state: str
    created_at: datetime
    last_seen_at: datetime | None


# ---- enrollment ------------------------------------------------------------------------


def issue_enrollment_code(uow: UnitOfWork, *, username: str, ttl: timedelta) -> str:
    """A one-time code for ``username``'s next laptop; only its hash is stored."""
    user = find_user(uow.session, username=username)
    if user.disabled:
        raise AdminError(f"{username} is disabled; enable the account before enrolling devices.")
    code = auth.new_enrollment_code()
    now = utcnow()
    uow.session.add(
        EnrollmentCode(
            id=str(uuid.uuid4()),
            user_id=user.id,
            code_hash=auth.hash_code(code),
            expires_at=now + ttl,
            created_at=now,
        )
    )
    uow.audit.append(AuditEntry("enroll_code_issue", "ok", user_id=user.id))
    return code


def enroll(
    uow: UnitOfWork,
    *,
    code: str,
    device_name: str,
    protocol_version: int,
    lifetimes: TokenLifetimes,
) -> TokenPair:
    """Trade a one-time code for a new device and its first token pair."""
    if protocol_version < MIN_CLIENT_PROTOCOL:
        raise BadRequest(
            "This version of fieldcm is too old for the server; update the app.",
            code="protocol_too_old",
        )
    session = uow.session
    now = utcnow()
    row = session.scalar(
        select(EnrollmentCode)
        .where(EnrollmentCode.code_hash == auth.hash_code(code))
        .with_for_update()
    )
    refused = "This enrollment code is not valid. Ask your administrator for a new one."
    if row is None:
        raise Unauthorized(refused, code="invalid_code", audit=[AuditEntry("enroll", "denied")])
    user = session.get(User, row.user_id)
    assert user is not None
    why = None
    if row.used_at is not None:
        why = "used"
    elif row.expires_at <= now:
        why = "expired"
    elif user.disabled:
        why = "user_disabled"
    if why:
        raise Unauthorized(
            refused, code="invalid_code", audit=[AuditEntry("enroll", why, user_id=user.id)]
        )
    device = Device(
        id=str(uuid.uuid4()),
        user_id=user.id,
        name=device_name,
        state="active",
        protocol_version=protocol_version,
        created_at=now,
        last_seen_at=now,
    )
    session.add(device)
    session.flush()
    row.used_at = now
    row.device_id = device.id
    uow.audit.append(AuditEntry("enroll", "ok", user_id=user.id, device_id=device.id))
    return _issue_pair(session, device=device, user=user, lifetimes=lifetimes, now=now)


def _issue_pair(
    session: Session,
    *,
    device: Device,
    user: User,
    lifetimes: TokenLifetimes,
    now: datetime,
    parent_id: str | None = None,
) -> TokenPair:
    access = auth.new_token(auth.ACCESS_PREFIX)
    refresh = auth.new_token(auth.REFRESH_PREFIX)
    for kind, token, ttl in (
        ("access", access, lifetimes.access),
        ("refresh", refresh, lifetimes.refresh),
    ):
        session.add(
            DeviceToken(
                id=str(uuid.uuid4()),
                device_id=device.id,
                kind=kind,
                token_hash=auth.hash_secret(token),
                state="active",
                expires_at=now + ttl,
                created_at=now,
                parent_id=parent_id,
            )
        )
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        access_expires_in=int(lifetimes.access.total_seconds()),
        device_id=device.id,
        user=Principal.of(user, device.id).user_info,
    )


# ---- refresh ---------------------------------------------------------------------------


def _revoke_family(session: Session, device_id: str) -> None:
    session.execute(
        update(DeviceToken)
        .where(DeviceToken.device_id == device_id, DeviceToken.state != "revoked")
        .values(state="revoked")
    )


def refresh(uow: UnitOfWork, *, refresh_token: str, lifetimes: TokenLifetimes) -> TokenPair:
    """Rotate: the presented refresh token is spent and a new pair issued.

    Raises:
        Unauthorized: unknown, expired or revoked token (``token_reuse`` when a spent one
            comes back: the family and the device are revoked and that is committed).
        Forbidden: the device must wipe (``wipe_required``).
    """
    session = uow.session
    now = utcnow()
    found = session.execute(
        select(DeviceToken, Device, User)
        .join(Device, Device.id == DeviceToken.device_id)
        .join(User, User.id == Device.user_id)
        .where(DeviceToken.token_hash == auth.hash_secret(refresh_token))
        .with_for_update(of=DeviceToken)
    ).first()
    if found is None or found[0].kind != "refresh":
        raise Unauthorized(
            BAD_CREDENTIAL_MESSAGE,
            code="invalid_token",
            audit=[AuditEntry("token_refresh", "denied")],
        )
    token, device, user = found
    ids = {"user_id": user.id, "device_id": device.id}
    _refuse_inactive(device, user, action="token_refresh")
    if token.state == "rotated" and _unused_successor(session, token, lifetimes, now):
        # The answer to the first exchange was lost: issue again (see the module docstring).
        uow.audit.append(AuditEntry("token_refresh", "reissued", **ids))
        return _rotate(session, token, device=device, user=user, lifetimes=lifetimes, now=now)
    if token.state in ("rotated", "superseded"):
        _revoke_family(session, device.id)
        device.state = "revoked"
        uow.audit.append(AuditEntry("token_reuse", "revoked", **ids))
        uow.commit()
        raise Unauthorized(
            "This refresh token was already used, so the device's tokens have been revoked "
            "for safety. Enroll the device again with a new code.",
            code="token_reuse",
        )
    if token.state != "active" or token.expires_at <= now:
        raise Unauthorized(
            BAD_CREDENTIAL_MESSAGE,
            code="token_expired" if token.state == "active" else "invalid_token",
            audit=[AuditEntry("token_refresh", "denied", **ids)],
        )
    token.state = "rotated"
    token.rotated_at = now
    uow.audit.append(AuditEntry("token_refresh", "ok", **ids))
    return _rotate(session, token, device=device, user=user, lifetimes=lifetimes, now=now)


def _unused_successor(
    session: Session, token: DeviceToken, lifetimes: TokenLifetimes, now: datetime
) -> DeviceToken | None:
    """The refresh token ``token``'s exchange issued, if recent and never exchanged itself."""
    if token.rotated_at is None or now - token.rotated_at > lifetimes.refresh_grace:
        return None
    return session.scalar(
        select(DeviceToken)
        .where(
            DeviceToken.parent_id == token.id,
            DeviceToken.kind == "refresh",
            DeviceToken.state == "active",
        )
        .with_for_update()
    )


def _rotate(
    session: Session,
    token: DeviceToken,
    *,
    device: Device,
    user: User,
    lifetimes: TokenLifetimes,
    now: datetime,
) -> TokenPair:
    """End the device's live pair and issue the next one, as ``token``'s successor."""
    # One live pair per device: the older access token, and an unused refresh token issued
    # by an earlier exchange of ``token`` (a lost answer), end here.
    session.execute(
        update(DeviceToken)
        .where(
            DeviceToken.device_id == device.id,
            DeviceToken.kind == "access",
            DeviceToken.state == "active",
        )
        .values(state="revoked")
    )
    session.execute(
        update(DeviceToken)
        .where(DeviceToken.parent_id == token.id, DeviceToken.state == "active")
        .values(state="superseded")
    )
    device.last_seen_at = now
    return _issue_pair(
        session, device=device, user=user, lifetimes=lifetimes, now=now, parent_id=token.id
    )


# ---- every request ---------------------------------------------------------------------


def _refuse_inactive(device: Device, user: User, *, action: str) -> None:
    ids = {"user_id": user.id, "device_id": device.id}
    if device.state == "wipe_pending":
        raise Forbidden(
            "This laptop must erase its fieldcm data now, as the administrator asked.",
            code="wipe_required",
            audit=[AuditEntry(action, "wipe_required", **ids)],
        )
    if device.state in ("revoked", "wiped"):
        raise Unauthorized(
            "This laptop's access was withdrawn. Ask your administrator to enroll it again.",
            code=f"device_{device.state}",
            audit=[AuditEntry(action, f"device_{device.state}", **ids)],
        )
    if user.disabled:
        raise Unauthorized(
            "This account is disabled. Contact your administrator.",
            code="user_disabled",
            audit=[AuditEntry(action, "user_disabled", **ids)],
        )


def authenticate(session: Session, *, token: str | None) -> Principal:
    """The user and device behind an access token, read fresh (role, team, state)."""
    if not token:
        raise Unauthorized(NO_CREDENTIAL_MESSAGE, code="missing_token")
    found = session.execute(
        select(DeviceToken, Device, User)
        .join(Device, Device.id == DeviceToken.device_id)
        .join(User, User.id == Device.user_id)
        .where(DeviceToken.token_hash == auth.hash_secret(token))
    ).first()
    if found is None or found[0].kind != "access":
        raise Unauthorized(
            BAD_CREDENTIAL_MESSAGE,
            code="invalid_token",
            audit=[AuditEntry("authenticate", "denied")],
        )
    row, device, user = found
    _refuse_inactive(device, user, action="authenticate")
    if row.state != "active" or row.expires_at <= utcnow():
        # A retired access token of an active device (a rotation ended it, perhaps one
        # whose answer was lost) is "expired": the laptop refreshes, and the grace period
        # of ``refresh`` decides. Revoked families were refused above with the device.
        audit = [AuditEntry("authenticate", "expired", user_id=user.id, device_id=device.id)]
        raise Unauthorized(
            "The access token expired; refresh it.",
            code="token_expired",
            audit=audit if row.state != "active" else [],
        )
    return Principal.of(user, device.id)


def _device_by_any_token(session: Session, token: str | None) -> tuple[Device, User]:
    if not token:
        raise Unauthorized(NO_CREDENTIAL_MESSAGE, code="missing_token")
    found = session.execute(
        select(Device, User)
        .join(DeviceToken, DeviceToken.device_id == Device.id)
        .join(User, User.id == Device.user_id)
        .where(DeviceToken.token_hash == auth.hash_secret(token))
    ).first()
    if found is None:
        raise Unauthorized(
            BAD_CREDENTIAL_MESSAGE,
            code="invalid_token",
            audit=[AuditEntry("device_status", "denied")],
        )
    return found[0], found[1]


def device_status(session: Session, *, token: str | None) -> DeviceStatus:
    """The device's state for any token ever issued to it (the wipe check).

    A wiped device is refused like everywhere else; only :func:`confirm_wiped` still answers
    it (idempotently), so a laptop whose confirmation reply was lost can send it again.
    """
    device, user = _device_by_any_token(session, token)
    if device.state == "wiped":
        raise Unauthorized(
            "This laptop was wiped and may no longer connect. Enroll it again to use it.",
            code="device_wiped",
        )
    if device.state == "active" and user.disabled:
        raise Unauthorized(
            "This account is disabled. Contact your administrator.", code="user_disabled"
        )
    return DeviceStatus(device_id=device.id, state=device.state)  # type: ignore[arg-type]


def confirm_wiped(uow: UnitOfWork, *, token: str | None) -> DeviceStatus:
    """The device reports its data erased; from now on it is refused everywhere."""
    device, user = _device_by_any_token(uow.session, token)
    ids = {"user_id": user.id, "device_id": device.id}
    if device.state == "wiped":
        return DeviceStatus(device_id=device.id, state="wiped")
    if device.state != "wipe_pending":
        raise Conflict(
            "No wipe was requested for this laptop.",
            code="wipe_not_requested",
            audit=[AuditEntry("device_wiped", "denied", **ids)],
        )
    device.state = "wiped"
    device.wiped_at = utcnow()
    _revoke_family(uow.session, device.id)
    uow.audit.append(AuditEntry("device_wiped", "ok", **ids))
    return DeviceStatus(device_id=device.id, state="wiped")


# ---- admin -----------------------------------------------------------------------------


def _find_device(session: Session, device_id: str) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise AdminError(f"No device with id {device_id!r} (see `fieldcm-server devices list`).")
    return device


def revoke_device(uow: UnitOfWork, *, device_id: str) -> None:
    device = _find_device(uow.session, device_id)
    device.state = "revoked"
    _revoke_family(uow.session, device.id)
    uow.audit.append(
        AuditEntry("admin_device_revoke", "ok", user_id=device.user_id, device_id=device.id)
    )


def request_wipe(uow: UnitOfWork, *, device_id: str) -> None:
    device = _find_device(uow.session, device_id)
    if device.state == "wiped":
        raise AdminError("That device already confirmed its wipe.")
    device.state = "wipe_pending"
    device.wipe_requested_at = utcnow()
    uow.audit.append(
        AuditEntry("admin_device_wipe", "requested", user_id=device.user_id, device_id=device.id)
    )


def list_devices(session: Session) -> list[DeviceView]:
    rows = session.execute(
        select(Device, User.username)
        .join(User, User.id == Device.user_id)
        .order_by(User.username, Device.created_at)
    )
    return [
        DeviceView(d.id, username, d.name, d.state, d.created_at, d.last_seen_at)
        for d, username in rows
    ]


# ---- online re-authentication ----------------------------------------------------------


def login(uow: UnitOfWork, *, username: str, password: str, passwords: auth.Passwords) -> Principal:
    """Check a user's password (online re-authentication); rehash if the cost rose.

    Unknown users, wrong passwords and disabled accounts get the same answer, after the
    same Argon2 work, so the answer does not tell which usernames exist.
    """
    user = uow.session.scalar(select(User).where(User.username == username))
    ok = passwords.verify(user.password_hash if user else None, password)
    if user is None or not ok or user.disabled:
        outcome = "denied" if user is None or not ok else "user_disabled"
        raise Unauthorized(
            "The username or password is wrong, or the account is disabled.",
            code="invalid_credentials",
            audit=[AuditEntry("login", outcome, user_id=user.id if user else None)],
        )
    assert user.password_hash is not None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash(password)
    uow.audit.append(AuditEntry("login", "ok", user_id=user.id))
    return Principal.of(user, None)
