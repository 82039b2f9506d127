"""A refresh answer lost on a bad link (SECURITY.md D2; RFC 9700 §4.14.2).

The server rotated the pair, the laptop never got the new one, and the old access token was
retired by the rotation. Within the server's grace period the next sync recovers; after it,
the laptop is refused as if its token were stolen, but it keeps every unsynced edit.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.server_harness import ServerProcess, running_server

from .faults import Fault, FaultProxy, at
from .laptops import Office, assert_matches_server

ACCESS_TTL_S = 1
GRACE_S = 1


@pytest.fixture(scope="module")
def short_lived_tokens(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    env = {"FIELDCM_ACCESS_TOKEN_TTL_SECONDS": str(ACCESS_TTL_S)}
    with running_server("sqlite", tmp_path_factory.mktemp("ttl"), env=env) as server:
        yield server


@pytest.fixture(scope="module")
def short_grace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    env = {
        "FIELDCM_ACCESS_TOKEN_TTL_SECONDS": str(ACCESS_TTL_S),
        "FIELDCM_REFRESH_GRACE_SECONDS": str(GRACE_S),
    }
    with running_server("sqlite", tmp_path_factory.mktemp("grace"), env=env) as server:
        yield server


def test_a_lost_refresh_answer_is_recovered_by_the_next_sync(
    short_lived_tokens: ServerProcess, tmp_path: Path
) -> None:
    office = Office(short_lived_tokens, tmp_path)
    try:
        laptop = office.laptop(read_timeout=5.0)
        client = laptop.new_client()
        assert laptop.sync().ok
        note = laptop.new_note(client, "Unsynced when the link dropped (synthetic).")
        with FaultProxy(
            short_lived_tokens.port, at("/v1/token/refresh", {0: Fault.DROP_ANSWER})
        ) as proxy:
            time.sleep(ACCESS_TTL_S + 0.5)  # let the access token expire (server clock)
            assert laptop.sync(via=proxy.url).status in ("offline", "failed")
            assert laptop.sync(via=proxy.url).ok
        assert laptop.get(note).rev > 0  # type: ignore[union-attr]
        assert_matches_server(laptop)
    finally:
        office.close()


def test_after_the_grace_period_the_laptop_is_refused_but_keeps_its_work(
    short_grace: ServerProcess, tmp_path: Path
) -> None:
    office = Office(short_grace, tmp_path)
    try:
        laptop = office.laptop(read_timeout=5.0)
        client = laptop.new_client()
        assert laptop.sync().ok
        note = laptop.new_note(client, "Unsynced when the link dropped (synthetic).")
        with FaultProxy(short_grace.port, at("/v1/token/refresh", {0: Fault.DROP_ANSWER})) as proxy:
            time.sleep(ACCESS_TTL_S + 0.5)
            first = laptop.sync(via=proxy.url)
            assert first.status in ("offline", "failed")
            time.sleep(GRACE_S + 0.5)
            second = laptop.sync(via=proxy.url)
        assert second.status != "wiped"
        assert laptop.get(note) is not None
        assert laptop.outbox_count() == 1
        assert second.status == "failed" and "saved on this laptop" in second.message
    finally:
        office.close()
