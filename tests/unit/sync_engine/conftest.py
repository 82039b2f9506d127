"""A fresh encrypted store file per test, at the newest schema (no server needed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from fieldcm.store import migrations
from fieldcm.store.datakey import DataKey
from fieldcm.store.engine import dispose_engine, open_engine


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = open_engine(tmp_path / "store.db", DataKey.generate(), create=True)
    migrations.upgrade(eng)
    yield eng
    dispose_engine(eng)
