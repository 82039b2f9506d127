"""Fixtures for the sync engine's end-to-end tests: one real server per module, laptops per test.

The server runs on SQLite and is shared by the whole session (start-up costs seconds on a
2-core machine); every test makes its own team, people and laptops.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.server_harness import ServerProcess, running_server

from .laptops import Office


@pytest.fixture(scope="session")
def sync_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One server for every sync test module: tests keep apart by their own users."""
    with running_server("sqlite", tmp_path_factory.mktemp("sync-server")) as server:
        yield server


@pytest.fixture
def office(sync_server: ServerProcess, tmp_path: Path) -> Iterator[Office]:
    made = Office(sync_server, tmp_path)
    try:
        yield made
    finally:
        made.close()
