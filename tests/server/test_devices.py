"""Enrollment, tokens, revoke and wipe (SECURITY.md D1, D2, D4)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from fieldcm.server import accounts, auth, devices
from fieldcm.server.auth import Passwords
from fieldcm.server.clock import utcnow
from fieldcm.server.config import PasswordCost
from fieldcm.server.errors import AdminError, Conflict, Forbidden, Unauthorized
from fieldcm.server.models import Device, DeviceToken, EnrollmentCode, User
from fieldcm.sync.protocol import TokenPair
from tests.server.helpers import CHEAP, LIFETIMES, Agency

PASSWORD = "correct horse battery staple"


def _enroll(agency: Agency, code: str) -> None:
    with agency.db.write() as uow:
        devices.enroll(uow, code=code, device_name="x", protocol_version=1, lifetimes=LIFETIMES)


def test_enrollment_codes_are_readable_random_and_stored_hashed(agency: Agency) -> None:
    ana = agency.person()
    codes = {agency.code(ana.username) for _ in range(5)}

    assert len(codes) == 5
    for code in codes:
        assert re.fullmatch(r"([23456789A-HJKMNP-Z]{4}-){2}[23456789A-HJKMNP-Z]{4}", code)
    with agency.db.read() as session:
        stored = set(session.scalars(select(EnrollmentCode.code_hash)))
    assert not codes & stored
    assert {auth.hash_code(c) for c in codes} <= stored


def test_a_code_works_once_and_is_forgiving_about_case_and_dashes(agency: Agency) -> None:
    ana = agency.person()
    code = agency.code(ana.username)

    _enroll(agency, code.lower().replace("-", " "))

    with pytest.raises(Unauthorized) as caught:
        _enroll(agency, code)
    assert caught.value.code == "invalid_code"
    assert ("enroll", "used") in {(r.action, r.outcome) for r in agency.audit_rows()}


@pytest.mark.parametrize("why", ["expired", "disabled", "unknown"])
def test_expired_unknown_or_disabled_codes_are_refused(agency: Agency, why: str) -> None:
    ana = agency.person()
    code = agency.code(
        ana.username, ttl=timedelta(seconds=-1) if why == "expired" else timedelta(hours=1)
    )
    if why == "disabled":
        with agency.db.write() as uow:
            accounts.disable_user(uow, username=ana.username)
    if why == "unknown":
        code = "ZZZZ-ZZZZ-ZZZZ"

    with pytest.raises(Unauthorized):
        _enroll(agency, code)


def test_the_database_holds_no_raw_tokens(agency: Agency) -> None:
    ana = agency.person()
    with agency.db.read() as session:
        hashes = set(session.scalars(select(DeviceToken.token_hash)))

    assert ana.tokens.access_token not in hashes
    assert auth.hash_secret(ana.tokens.access_token) in hashes
    assert len(ana.tokens.access_token) >= 40 and len(ana.tokens.refresh_token) >= 40


def _refresh(agency: Agency, token: str) -> TokenPair:
    with agency.db.write() as uow:
        return devices.refresh(uow, refresh_token=token, lifetimes=LIFETIMES)


def test_refresh_rotates_and_retires_the_old_access_token(agency: Agency) -> None:
    ana = agency.person()

    pair = _refresh(agency, ana.tokens.refresh_token)

    assert pair.device_id == ana.tokens.device_id
    assert agency.who(pair.access_token).user_id == ana.who.user_id
    with pytest.raises(Unauthorized):
        agency.who(ana.tokens.access_token)


def test_reusing_a_spent_refresh_token_revokes_the_family_and_the_device(agency: Agency) -> None:
    ana = agency.person()
    other_laptop = agency.enroll(ana.username)
    # The laptop has moved on (it exchanged the pair it got), so the old token is stolen.
    current = _refresh(agency, _refresh(agency, ana.tokens.refresh_token).refresh_token)

    with pytest.raises(Unauthorized) as caught:
        _refresh(agency, ana.tokens.refresh_token)

    assert caught.value.code == "token_reuse"
    with pytest.raises(Unauthorized):
        agency.who(current.access_token)
    with pytest.raises(Unauthorized):
        _refresh(agency, current.refresh_token)
    assert agency.who(other_laptop.tokens.access_token).device_id == other_laptop.who.device_id
    rows = agency.audit_rows()
    assert ("token_reuse", ana.who.device_id) in {(r.action, r.device_id) for r in rows}


def _rotated_long_ago(agency: Agency, by: timedelta) -> None:
    with agency.db.write() as uow:
        uow.session.execute(
            update(DeviceToken)
            .where(DeviceToken.rotated_at.is_not(None))
            .values(rotated_at=utcnow() - by)
        )


def test_a_lost_refresh_answer_is_answered_again_within_the_grace_period(agency: Agency) -> None:
    ana = agency.person()
    lost = _refresh(agency, ana.tokens.refresh_token)

    again = _refresh(agency, ana.tokens.refresh_token)

    assert agency.who(again.access_token).device_id == ana.who.device_id
    with pytest.raises(Unauthorized):
        agency.who(lost.access_token)  # one live pair per device
    assert agency.who(_refresh(agency, again.refresh_token).access_token)
    outcomes = {(r.action, r.outcome) for r in agency.audit_rows()}
    assert ("token_refresh", "reissued") in outcomes


def test_a_lost_answer_that_turns_up_later_is_reuse(agency: Agency) -> None:
    ana = agency.person()
    lost = _refresh(agency, ana.tokens.refresh_token)
    again = _refresh(agency, ana.tokens.refresh_token)

    with pytest.raises(Unauthorized) as caught:
        _refresh(agency, lost.refresh_token)  # two parties held the family after all

    assert caught.value.code == "token_reuse"
    with pytest.raises(Unauthorized):
        agency.who(again.access_token)


def test_a_spent_token_after_the_grace_period_is_reuse(agency: Agency) -> None:
    ana = agency.person()
    _refresh(agency, ana.tokens.refresh_token)
    _rotated_long_ago(agency, LIFETIMES.refresh_grace + timedelta(seconds=1))

    with pytest.raises(Unauthorized) as caught:
        _refresh(agency, ana.tokens.refresh_token)

    assert caught.value.code == "token_reuse"


def test_an_expired_access_token_is_refused_and_refresh_still_works(agency: Agency) -> None:
    ana = agency.person()
    with agency.db.write() as uow:
        uow.session.execute(
            update(DeviceToken)
            .where(DeviceToken.kind == "access")
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )

    with pytest.raises(Unauthorized) as caught:
        agency.who(ana.tokens.access_token)

    assert caught.value.code == "token_expired"
    agency.who(_refresh(agency, ana.tokens.refresh_token).access_token)


def test_a_refresh_token_is_not_an_access_token(agency: Agency) -> None:
    ana = agency.person()

    with pytest.raises(Unauthorized):
        agency.who(ana.tokens.refresh_token)
    with pytest.raises(Unauthorized):
        _refresh(agency, ana.tokens.access_token)


def test_disabling_a_user_stops_every_device_at_the_next_request(agency: Agency) -> None:
    ana = agency.person()
    second = agency.enroll(ana.username)

    with agency.db.write() as uow:
        accounts.disable_user(uow, username=ana.username)

    for person in (ana, second):
        with pytest.raises(Unauthorized) as caught:
            agency.who(person.tokens.access_token)
        assert caught.value.code == "user_disabled"
        with pytest.raises(Unauthorized):
            _refresh(agency, person.tokens.refresh_token)


def test_a_revoked_device_is_refused(agency: Agency) -> None:
    ana = agency.person()
    with agency.db.write() as uow:
        devices.revoke_device(uow, device_id=ana.tokens.device_id)

    with pytest.raises(Unauthorized):
        agency.who(ana.tokens.access_token)
    with pytest.raises(Unauthorized):
        _refresh(agency, ana.tokens.refresh_token)
    with pytest.raises(AdminError), agency.db.write() as uow:
        devices.revoke_device(uow, device_id="00000000-0000-4000-8000-000000000000")


def test_wipe_is_announced_then_confirmed_then_everything_is_refused(agency: Agency) -> None:
    ana = agency.person()
    token = ana.tokens.access_token
    with agency.db.write() as uow:
        devices.request_wipe(uow, device_id=ana.tokens.device_id)

    with pytest.raises(Forbidden) as caught:
        agency.who(token)
    assert caught.value.code == "wipe_required"
    with pytest.raises(Forbidden):
        _refresh(agency, ana.tokens.refresh_token)
    with agency.db.read() as session:
        assert (
            devices.device_status(session, token=ana.tokens.refresh_token).state == "wipe_pending"
        )
    with pytest.raises(Conflict), agency.db.write() as uow:
        devices.confirm_wiped(uow, token=agency.enroll(ana.username).tokens.access_token)

    with agency.db.write() as uow:
        assert devices.confirm_wiped(uow, token=token).state == "wiped"
    with agency.db.write() as uow:
        assert devices.confirm_wiped(uow, token=token).state == "wiped", "a retry is answered"

    with pytest.raises(Unauthorized):
        agency.who(token)
    with pytest.raises(Unauthorized), agency.db.read() as session:
        devices.device_status(session, token=token)
    outcomes = {
        (r.action, r.outcome) for r in agency.audit_rows() if r.device_id == ana.who.device_id
    }
    assert {("admin_device_wipe", "requested"), ("device_wiped", "ok")} <= outcomes


def test_login_checks_the_password_without_telling_which_part_was_wrong(agency: Agency) -> None:
    ana = agency.person(password=PASSWORD)

    with agency.db.write() as uow:
        who = devices.login(
            uow, username=ana.username, password=PASSWORD, passwords=agency.passwords
        )
    assert who.user_id == ana.who.user_id
    messages = set()
    for username, password in ((ana.username, "wrong password!!"), ("nobody", PASSWORD)):
        with pytest.raises(Unauthorized) as caught, agency.db.write() as uow:
            devices.login(uow, username=username, password=password, passwords=agency.passwords)
        messages.add(caught.value.message)
    assert len(messages) == 1


def test_login_rehashes_when_the_cost_rises(agency: Agency) -> None:
    ana = agency.person(password=PASSWORD)
    stronger = Passwords(PasswordCost(time_cost=2, memory_kib=CHEAP.memory_kib, parallelism=1))
    before = agency.user(ana.username).password_hash

    with agency.db.write() as uow:
        devices.login(uow, username=ana.username, password=PASSWORD, passwords=stronger)

    after = agency.user(ana.username).password_hash
    assert after != before and after is not None and "t=2" in after


def test_a_disabled_user_cannot_log_in(agency: Agency) -> None:
    ana = agency.person(password=PASSWORD)
    with agency.db.write() as uow:
        accounts.disable_user(uow, username=ana.username)

    with pytest.raises(Unauthorized), agency.db.write() as uow:
        devices.login(uow, username=ana.username, password=PASSWORD, passwords=agency.passwords)


def test_devices_are_listed_with_their_state(agency: Agency) -> None:
    ana = agency.person()
    with agency.db.write() as uow:
        devices.request_wipe(uow, device_id=ana.tokens.device_id)

    with agency.db.read() as session:
        listed = {(d.id, d.username, d.state) for d in devices.list_devices(session)}
        assert session.get(Device, ana.tokens.device_id) is not None
        assert session.scalar(select(User.id).where(User.username == ana.username))

    assert (ana.tokens.device_id, ana.username, "wipe_pending") in listed
