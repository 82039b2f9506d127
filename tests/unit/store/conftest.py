"""Fixtures for store tests: a fresh SQCipher file per test, upgraded to the newest schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from fieldcm.store import migrations
from fieldcm.store.datakey import DataKey
from fieldcm.store.engine import dispose_engine, open_engine

from .builders import FixedClock


@pytest.fixture
def key() -> DataKey:
    return DataKey.generate()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def engine(db_path: Path, key: DataKey) -> Iterator[Engine]:
    """An encrypted store on disk at the newest schema."""
    eng = open_engine(db_path, key, create=True)
    migrations.upgrade(eng)
    yield eng
    dispose_engine(eng)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()
