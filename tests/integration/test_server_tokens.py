"""Device tokens against a real server (SECURITY.md D1, D2, D4, N1).

Expiry, rotation, refresh-token reuse revoking the whole family, revocation, remote wipe,
and that the database never holds a raw token or enrollment code. The database is read
directly (SQLAlchemy reflection, whatever the server's table names) to look for raw secrets
and audit rows.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.integration.server_harness import (
    ApiClient,
    Person,
    ServerProcess,
    add_person,
    add_team,
    expect_error,
    parse_error,
    running_server,
)

ACCESS_TTL_SECONDS = 2
SHORT_TTL_ENV = {"FIELDCM_ACCESS_TOKEN_TTL_SECONDS": str(ACCESS_TTL_SECONDS)}


# ---- reading the server's database -----------------------------------------------------


def database_rows(server: ServerProcess) -> Iterator[tuple[str, str]]:
    """Every row of every table as ``(table, text)``, for searching secrets and audit rows."""
    engine = sa.create_engine(server.database_url)
    try:
        metadata = sa.MetaData()
        metadata.reflect(engine)
        with engine.connect() as conn:
            for table in metadata.sorted_tables:
                for row in conn.execute(sa.select(table)):
                    yield table.name, " ".join(_as_text(value) for value in row)
    finally:
        engine.dispose()


def _as_text(value: object) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("latin-1")
    return str(value)


def audit_text(server: ServerProcess) -> str:
    return "\n".join(text for table, text in database_rows(server) if "audit" in table.lower())


def raw_database_bytes(server: ServerProcess) -> bytes:
    """The SQLite file and its WAL as bytes (empty for PostgreSQL)."""
    if not server.database_url.startswith("sqlite:///"):
        return b""
    path = Path(server.database_url.removeprefix("sqlite:///"))
    return b"".join(
        p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()
    )


def secret_found(server: ServerProcess, secret: str) -> list[str]:
    hits = [table for table, text in database_rows(server) if secret in text]
    if secret.encode() in raw_database_bytes(server):
        hits.append("<sqlite file bytes>")
    return hits


@pytest.fixture
def person(server: ServerProcess) -> Person:
    return add_person(server, team=add_team(server))


# ---- enrollment ------------------------------------------------------------------------


def test_enrollment_code_works_once(server: ServerProcess) -> None:
    team = add_team(server)
    worker = add_person(server, team=team)
    code = server.enroll_code(worker.username)
    ApiClient(server.base_url).enroll(code)

    error = expect_error((400, 401, 403, 404, 409, 410), ApiClient(server.base_url).enroll, code)

    assert error.body.code


def test_wrong_enrollment_code_is_refused(server: ServerProcess) -> None:
    expect_error((400, 401, 403, 404), ApiClient(server.base_url).enroll, "definitely-wrong-code")


def test_tokens_are_long_random_and_distinct(server: ServerProcess, person: Person) -> None:
    devices = [person.device] + [server.enroll(person.username) for _ in range(2)]
    tokens = [t for d in devices for t in (d.access_token, d.tokens.refresh_token)]  # type: ignore[union-attr]

    assert len(set(tokens)) == len(tokens)
    assert all(len(t) >= 22 for t in tokens), "tokens must carry at least 128 random bits"
    assert len({d.device_id for d in devices}) == 3


# ---- expiry and rotation ---------------------------------------------------------------


@pytest.fixture
def short_ttl_server(backend: str, tmp_path: Path) -> Iterator[ServerProcess]:
    with running_server(backend, tmp_path / "short-ttl", env=SHORT_TTL_ENV) as running:
        yield running


def test_access_token_expires_and_refresh_brings_a_working_one(
    short_ttl_server: ServerProcess,
) -> None:
    person = add_person(short_ttl_server, team=add_team(short_ttl_server))
    assert person.device.tokens is not None
    assert person.device.tokens.access_expires_in == ACCESS_TTL_SECONDS, (
        "the server must honour FIELDCM_ACCESS_TOKEN_TTL_SECONDS so expiry can be tested"
    )
    person.device.pull()

    deadline = time.monotonic() + ACCESS_TTL_SECONDS + 10
    while person.device.raw("GET", "/v1/changes").status_code == 200:
        assert time.monotonic() < deadline, "access token never expired"
        time.sleep(0.25)
    expired = person.device.raw("GET", "/v1/changes")
    assert expired.status_code == 401
    parse_error(expired)

    person.device.refresh()
    person.device.pull()


def test_refresh_rotates_both_tokens(server: ServerProcess, person: Person) -> None:
    before = person.device.tokens
    assert before is not None

    after = person.device.refresh()

    assert after.refresh_token != before.refresh_token
    assert after.access_token != before.access_token
    assert after.device_id == before.device_id
    assert after.user == before.user
    person.device.pull()


def test_reusing_a_rotated_refresh_token_revokes_the_whole_family(
    server: ServerProcess, person: Person
) -> None:
    stolen = person.device.tokens
    assert stolen is not None
    person.device.refresh()
    current = person.device.refresh()  # the laptop moved on: no lost answer to recover

    replay = ApiClient(server.base_url)
    replay.tokens = stolen
    expect_error(401, replay.refresh, stolen.refresh_token)

    expect_error(401, person.device.pull)
    expect_error(401, person.device.refresh, current.refresh_token)
    assert "reuse" in audit_text(server).lower()


def test_other_devices_of_the_same_user_survive_a_family_revocation(
    server: ServerProcess, person: Person
) -> None:
    other = server.enroll(person.username, device_name="Second laptop")
    stolen = person.device.tokens
    assert stolen is not None
    person.device.refresh()
    person.device.refresh()
    expect_error(401, person.device.refresh, stolen.refresh_token)

    other.pull()
    other.refresh()


def test_garbage_refresh_token_is_a_401(server: ServerProcess) -> None:
    response = ApiClient(server.base_url).raw(
        "POST", "/v1/token/refresh", json={"refresh_token": "x" * 40}, auth=False
    )

    assert response.status_code == 401
    parse_error(response)


def test_refresh_token_is_not_an_access_token(server: ServerProcess, person: Person) -> None:
    assert person.device.tokens is not None
    response = person.device.raw("GET", "/v1/changes", token=person.device.tokens.refresh_token)

    assert response.status_code == 401


def test_token_in_the_query_string_is_not_accepted(server: ServerProcess, person: Person) -> None:
    response = person.device.raw(
        "GET", "/v1/changes", params={"access_token": person.device.access_token}, auth=False
    )

    assert response.status_code == 401


# ---- revoke and wipe -------------------------------------------------------------------


def test_revoked_device_is_refused_on_its_next_request(
    server: ServerProcess, person: Person
) -> None:
    other = server.enroll(person.username, device_name="Second laptop")
    person.device.pull()

    server.revoke_device(person.device.device_id)

    expect_error(401, person.device.pull)
    expect_error(401, person.device.refresh)
    other.pull()


def test_wipe_is_announced_then_confirmed_then_refused(
    server: ServerProcess, person: Person
) -> None:
    person.device.pull()

    server.wipe_device(person.device.device_id)

    expect_error((401, 403), person.device.pull)
    assert person.device.device_status().state == "wipe_pending"
    assert person.device.device_wiped().state == "wiped"
    expect_error(401, person.device.device_status)
    expect_error(401, person.device.pull)
    expect_error(401, person.device.refresh)
    audit = audit_text(server).lower()
    assert "wipe" in audit
    assert person.device.device_id in audit


def test_revoking_an_unknown_device_is_an_error(server: ServerProcess) -> None:
    result = server.cli_result("devices", "revoke", "00000000-0000-4000-8000-000000000000")

    assert result.returncode != 0


def test_device_status_of_an_active_device(person: Person) -> None:
    status = person.device.device_status()

    assert (status.device_id, status.state) == (person.device.device_id, "active")


# ---- no raw secrets at rest ------------------------------------------------------------


def test_database_holds_no_raw_tokens(server: ServerProcess, person: Person) -> None:
    first = person.device.tokens
    assert first is not None
    second = person.device.refresh()

    for token in (
        first.access_token,
        first.refresh_token,
        second.access_token,
        second.refresh_token,
    ):
        assert secret_found(server, token) == [], "a raw token is stored"


def test_database_holds_no_raw_enrollment_codes(server: ServerProcess) -> None:
    team = add_team(server)
    worker = add_person(server, team=team)
    unused = server.enroll_code(worker.username)
    used = server.enroll_code(worker.username)
    ApiClient(server.base_url).enroll(used)

    assert secret_found(server, unused) == []
    assert secret_found(server, used) == []
