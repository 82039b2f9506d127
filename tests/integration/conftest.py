"""Fixtures for end-to-end server tests: a real server process per backend.

``server`` runs once per test session and backend (SQLite file, fresh PostgreSQL database),
so every contract test runs against both; tests stay independent by creating their own
teams, people and clients with unique names (a server start costs seconds, a person 0.2 s).
``fresh_server`` gives a test a server of its own when it needs one (a clock setting, or a
database nobody else has written to).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.server_harness import (
    Person,
    ServerProcess,
    add_person,
    add_team,
    require_postgres,
    running_server,
)

BACKEND_PARAMS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session", params=BACKEND_PARAMS)
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    if name == "postgres":
        require_postgres()
    return name


@pytest.fixture(scope="session")
def server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A running server over a fresh database of ``backend``, shared by the whole session."""
    with running_server(backend, tmp_path_factory.mktemp(f"server-{backend}")) as running:
        yield running


@pytest.fixture
def fresh_server(backend: str, tmp_path: Path) -> Iterator[ServerProcess]:
    """A running server over a database no other test touches."""
    with running_server(backend, tmp_path / "server") as running:
        yield running


@pytest.fixture(scope="session")
def postgres_backend() -> str:
    """For suites that only make sense on PostgreSQL (several processes, real concurrency)."""
    require_postgres()
    return "postgres"


@pytest.fixture
def team(server: ServerProcess) -> str:
    return add_team(server)


@pytest.fixture
def worker(server: ServerProcess, team: str) -> Person:
    return add_person(server, team=team, role="worker")


@pytest.fixture
def other_worker(server: ServerProcess, team: str) -> Person:
    """A colleague on the same team with a caseload of their own."""
    return add_person(server, team=team, role="worker")


@pytest.fixture
def supervisor(server: ServerProcess, team: str) -> Person:
    return add_person(server, team=team, role="supervisor")
