"""Fixtures of the security tests: real SQLCipher profiles on disk, fast test-only KDF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldcm.store.vault import UnlockedStore, Vault
from tests.security.helpers import FAST_POLICY, pw


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    return tmp_path / "profile"


@pytest.fixture
def store(profile_dir: Path) -> Iterator[UnlockedStore]:
    opened = Vault.create(profile_dir, pw(), "user-1", "device-1", policy=FAST_POLICY)
    yield opened
    opened.lock()


@pytest.fixture
def vault(profile_dir: Path, store: UnlockedStore) -> Vault:
    """A created profile, locked."""
    store.lock()
    return Vault(profile_dir, policy=FAST_POLICY)
