"""Fixtures for the transport's tests: loopback servers, certificates, a token store."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from fieldcm.sync.protocol import TokenPair
from fieldcm.sync.transport import InMemoryTokenStore, SyncTransport
from tests.unit.sync_transport.loopback import Handler, LoopbackServer, Pki, token_pair

ServerFactory = Callable[..., LoopbackServer]


class Sleeps:
    """The injected sleeper: records every wait instead of waiting."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def serve() -> Iterator[ServerFactory]:
    """Start loopback servers: ``serve(handler, tls=context)``; all stopped afterwards."""
    started: list[LoopbackServer] = []

    def start(handler: Handler, **kwargs: object) -> LoopbackServer:
        server = LoopbackServer(handler, **kwargs)  # type: ignore[arg-type]
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return Pki(Path(tmp_path_factory.mktemp("pki")))


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def tokens() -> TokenPair:
    return token_pair()


@pytest.fixture
def store(tokens: TokenPair) -> InMemoryTokenStore:
    return InMemoryTokenStore(tokens)


@pytest.fixture
def transport_for(
    store: InMemoryTokenStore, sleeps: Sleeps
) -> Iterator[Callable[..., SyncTransport]]:
    """``transport_for(server, **options)``: a transport to that server, sleeper recorded."""
    made: list[SyncTransport] = []

    def make(server: LoopbackServer, **options: object) -> SyncTransport:
        settings: dict[str, object] = {
            "token_store": store,
            "sleeper": sleeps,
            "rng": random.Random(7),
            "connect_timeout": 2.0,
            "read_timeout": 5.0,
        }
        settings.update(options)
        transport = SyncTransport(server.url(), **settings)  # type: ignore[arg-type]
        made.append(transport)
        return transport

    yield make
    for transport in made:
        transport.close()
