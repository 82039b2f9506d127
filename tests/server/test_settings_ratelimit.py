"""Agency settings and the database-backed rate limits (SECURITY.md F1)."""

from __future__ import annotations

import pytest

from fieldcm.server import ratelimit, settings
from fieldcm.server.config import RateLimit, parse_rate_limits
from fieldcm.server.db import Database
from fieldcm.server.errors import AdminError, RateLimited
from fieldcm.sync.protocol import AgencySettings
from tests.server.helpers import Agency


def test_settings_default_until_set_then_each_change_bumps_the_revision(agency: Agency) -> None:
    with agency.db.read() as session:
        assert settings.current(session) == AgencySettings()

    with agency.db.write() as uow:
        settings.set_one(uow, key="auto_lock_minutes", value="10")
    with agency.db.write() as uow:
        settings.set_one(uow, key="crisis_line", value="988")
    with agency.db.write() as uow:
        settings.set_one(
            uow, key="payer_rules", value='[{"payer": "Medicaid", "signing_deadline_hours": 72}]'
        )

    with agency.db.read() as session:
        current = settings.current(session)
    assert (current.revision, current.auto_lock_minutes, current.crisis_line) == (3, 10, "988")
    assert current.payer_rules[0].payer == "Medicaid"


@pytest.mark.parametrize(
    ("key", "value"),
    [("auto_lock_minutes", "0"), ("auto_lock_minutes", "soon"), ("revision", "4"), ("nope", "1")],
)
def test_bad_settings_are_refused_with_the_reason(agency: Agency, key: str, value: str) -> None:
    with pytest.raises(AdminError) as caught, agency.db.write() as uow:
        settings.set_one(uow, key=key, value=value)

    assert key in caught.value.message or "setting" in caught.value.message.lower()


def test_the_limit_refuses_with_retry_after_and_counts_each_endpoint_apart(
    database_url: str,
) -> None:
    first, second = Database(database_url), Database(database_url)  # two server processes
    limit = RateLimit(attempts=3, window_seconds=3600)
    try:
        for db in (first, second, first):
            ratelimit.hit(db, endpoint="login", callers=["ip:10.0.0.1"], limit=limit)
        ratelimit.hit(second, endpoint="refresh", callers=["ip:10.0.0.1"], limit=limit)
        ratelimit.hit(second, endpoint="login", callers=["ip:10.0.0.2"], limit=limit)

        with pytest.raises(RateLimited) as caught:
            ratelimit.hit(second, endpoint="login", callers=["ip:10.0.0.1"], limit=limit)
    finally:
        first.dispose()
        second.dispose()

    assert 0 < caught.value.retry_after <= 3600


def test_rate_limit_configuration_parses_and_refuses_unknown_names() -> None:
    limits = parse_rate_limits("login=5/30, enroll=1/60")

    assert (limits["login"], limits["enroll"]) == (RateLimit(5, 30), RateLimit(1, 60))
    assert limits["refresh"] == RateLimit(30, 60)
    with pytest.raises(ValueError, match="unknown rate limit"):
        parse_rate_limits("push=1/1")
