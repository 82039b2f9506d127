"""The transport against the real fieldcm server process on 127.0.0.1.

The loopback stubs of tests/unit/sync_transport pin down each behaviour; this module checks
the two sides agree: the server's error codes (``token_expired``, ``wipe_required``...),
its Retry-After, its gzip handling, and that every answer validates against the protocol.
The access-token lifetime is cut to a few seconds so expiry and refresh really happen.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

import pytest
import requests

from fieldcm.sync.protocol import (
    DigestRequest,
    FetchRequest,
    PushBatch,
    TokenPair,
    record_digest,
)
from fieldcm.sync.transport import (
    AuthProblem,
    InMemoryTokenStore,
    RateLimited,
    ServerRefused,
    SyncTransport,
    WipeRequired,
)
from tests.integration.server_harness import (
    ServerProcess,
    add_team,
    new_client,
    running_server,
    unique,
)
from tests.mutations import create

ACCESS_TTL_SECONDS = 2
SERVER_ENV = {
    "FIELDCM_ACCESS_TOKEN_TTL_SECONDS": str(ACCESS_TTL_SECONDS),
    "FIELDCM_SERVER_RATE_LIMITS": "login=2/60,refresh=100000/60,enroll=100000/60",
}


class Laptop:
    """One enrolled laptop: its transport, token store and recorded backoff waits."""

    def __init__(self, server: ServerProcess, username: str) -> None:
        self.username = username
        self.store = InMemoryTokenStore()
        self.waits: list[float] = []
        self.transport = SyncTransport(
            server.base_url,
            token_store=self.store,
            sleeper=self.waits.append,
            rng=random.Random(5),
        )

    @property
    def tokens(self) -> TokenPair:
        pair = self.store.get()
        assert pair is not None
        return pair


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    workdir = Path(tmp_path_factory.mktemp("transport-server"))
    with running_server("sqlite", workdir, env=SERVER_ENV) as running:
        yield running


class Enroll(Protocol):
    def __call__(self, username: str | None = None) -> Laptop:
        """A laptop enrolled for ``username``, or for a new worker when not given."""
        ...


@pytest.fixture
def enroll(server: ServerProcess) -> Iterator[Enroll]:
    laptops: list[Laptop] = []
    team = add_team(server)

    def make(username: str | None = None) -> Laptop:
        if username is None:
            username = unique("worker")
            server.add_user(username, role="worker", team=team)
        laptop = Laptop(server, username)
        laptop.transport.enroll(server.enroll_code(username), "Transport test laptop")
        laptops.append(laptop)
        return laptop

    yield make
    for laptop in laptops:
        laptop.transport.close()


def wait_for_expiry(server: ServerProcess, token: str) -> None:
    """Poll (outside the transport, which would refresh) until the server says expired."""
    deadline = time.monotonic() + ACCESS_TTL_SECONDS + 15
    while time.monotonic() < deadline:
        answer = requests.get(
            f"{server.base_url}/v1/changes",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        if answer.status_code == 401:
            assert answer.json()["code"] == "token_expired"
            return
        time.sleep(0.2)
    raise AssertionError("the access token never expired")


def test_enroll_push_pull_digest_fetch_round_trip(server: ServerProcess, enroll: Enroll) -> None:
    laptop = enroll()
    client_id, created = new_client()
    server.assign(client_id, laptop.username)
    note = create("note", {"narrative": "n" * 30_000, "format": "free", "status": "draft"},
                  client_id=client_id)  # fmt: skip

    pushed = laptop.transport.push(PushBatch(mutations=[created, note]))
    own_pull = laptop.transport.pull(None, 50)
    other = enroll(laptop.username)  # the same worker's second laptop
    pulled = other.transport.pull(None, 50)

    # Protocol 2: an applied answer is the new revision alone; the laptop rebuilds the record
    # from what it sent, and its feed does not send that version back (no echo).
    assert [(r.status, r.rev, r.record) for r in pushed.results] == [("applied", 1, None)] * 2
    assert [c.record for c in own_pull.changes if c.record is not None] == []
    pulled_records = {c.record.id: c.record for c in pulled.changes if c.record is not None}
    assert set(pulled_records) == {client_id, note.record_id}
    assert pulled_records[note.record_id].rev == 1
    assert pulled_records[note.record_id].fields["narrative"] == "n" * 30_000
    records = laptop.transport.fetch(FetchRequest(client_ids=[client_id])).records
    assert {r.id for r in records} == {client_id, note.record_id}
    digest = record_digest([(r.id, r.rev, r.deleted) for r in records])
    answer = laptop.transport.digest(DigestRequest(clients={client_id: digest}))
    assert (answer.matching, answer.differing) == (1, [])
    assert laptop.transport.get_client(client_id).id == client_id
    assert laptop.transport.settings().auto_lock_minutes >= 1
    assert laptop.transport.device_status().state == "active"


def test_an_expired_access_token_is_refreshed_transparently(
    server: ServerProcess, enroll: Enroll
) -> None:
    laptop = enroll()
    before = laptop.tokens
    wait_for_expiry(server, before.access_token)

    laptop.transport.pull()

    after = laptop.tokens
    assert after.access_token != before.access_token
    assert after.refresh_token != before.refresh_token, "rotation persisted in the store"
    assert after.device_id == before.device_id


def test_a_wipe_order_reaches_the_engine_as_wipe_required(
    server: ServerProcess, enroll: Enroll
) -> None:
    laptop = enroll()
    server.wipe_device(laptop.tokens.device_id)

    with pytest.raises(WipeRequired):
        laptop.transport.pull()
    assert laptop.transport.device_status().state == "wipe_pending"
    assert laptop.transport.report_wiped().state == "wiped"
    with pytest.raises(AuthProblem) as refused:
        laptop.transport.pull()
    assert refused.value.code == "device_wiped"


def test_a_revoked_laptop_is_an_auth_problem(server: ServerProcess, enroll: Enroll) -> None:
    laptop = enroll()
    server.revoke_device(laptop.tokens.device_id)

    with pytest.raises(AuthProblem) as refused:
        laptop.transport.pull()

    assert not isinstance(refused.value, WipeRequired)
    assert refused.value.code == "device_revoked"
    assert "enroll it again" in refused.value.user_message


def test_refusals_carry_the_servers_words(enroll: Enroll) -> None:
    laptop = enroll()

    with pytest.raises(ServerRefused) as bad_cursor:
        laptop.transport.pull("not-a-cursor-the-server-made")
    with pytest.raises(ServerRefused) as unknown:
        laptop.transport.get_client(str(uuid.uuid4()))

    assert bad_cursor.value.code == "bad_cursor"
    assert bad_cursor.value.server_message
    assert unknown.value.status == 404


def test_rate_limits_are_waited_out_as_the_server_says_then_reported(
    server: ServerProcess, enroll: Enroll
) -> None:
    laptop = enroll()
    username = laptop.username
    attempts = [laptop.transport.login, laptop.transport.login]
    for attempt in attempts:
        with pytest.raises(AuthProblem):
            attempt(username, "wrong password")

    with pytest.raises(RateLimited) as limited:
        laptop.transport.login(username, "wrong password")

    assert limited.value.retry_after is not None and limited.value.retry_after >= 1
    assert laptop.waits, "429 is 'not processed': even a login is resent after the wait"
    assert all(wait >= 1 for wait in laptop.waits)
