"""U4 (store side): lock closes every connection, drops the keys, and unlock opens again."""

from __future__ import annotations

from pathlib import Path

import psutil
import pytest
from sqlalchemy import exc, text

from fieldcm.store.errors import StoreLocked
from fieldcm.store.vault import UnlockedStore, Vault
from tests.security.helpers import FAST_POLICY, pw
from tests.security.store_child import add_clients_and_notes


def _open_profile_files(profile: Path) -> list[str]:
    root = str(profile.resolve())
    return [f.path for f in psutil.Process().open_files() if f.path.startswith(root)]


def test_after_lock_no_handle_on_the_database_remains(
    store: UnlockedStore, profile_dir: Path
) -> None:
    add_clients_and_notes(store.engine, "u4", clients=2, notes=2)
    held = [store.engine.connect() for _ in range(3)]  # some checked out, as workers would
    for conn in held:
        conn.execute(text("SELECT count(*) FROM records")).scalar()
    engine = store.engine
    assert any("fieldcm.db" in path for path in _open_profile_files(profile_dir))

    store.lock()

    assert _open_profile_files(profile_dir) == []
    assert engine.pool.checkedin() == 0  # type: ignore[attr-defined]
    for conn in held:  # a worker that kept its connection cannot go on reading
        with pytest.raises(exc.SQLAlchemyError):
            conn.execute(text("SELECT count(*) FROM records")).scalar()
    with pytest.raises(StoreLocked):
        _ = store.engine
    assert store.locked


def test_lock_is_idempotent_and_unlock_opens_again(store: UnlockedStore, profile_dir: Path) -> None:
    add_clients_and_notes(store.engine, "u4", clients=1, notes=1)
    store.lock()
    store.lock()
    reopened = Vault(profile_dir, policy=FAST_POLICY).unlock(pw())
    with reopened, reopened.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM records")).scalar() == 2
    assert reopened.locked
    assert _open_profile_files(profile_dir) == []


def test_wipe_leaves_nothing_of_fieldcm(store: UnlockedStore, profile_dir: Path) -> None:
    add_clients_and_notes(store.engine, "u4", clients=1, notes=1)
    store.attachments.put(b"synthetic scan", client_id="c")
    store.wipe()
    assert store.locked
    assert profile_dir.exists()
    assert list(profile_dir.iterdir()) == []
    assert _open_profile_files(profile_dir) == []
    assert not Vault(profile_dir).exists()
