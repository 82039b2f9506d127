"""K3: changing the passphrase rewraps the key and re-encrypts nothing."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from sqlalchemy import text

from fieldcm.store.errors import WrongPassphrase
from fieldcm.store.vault import UnlockedStore, Vault
from tests.security.helpers import FAST_POLICY, OTHER_PASSPHRASE, PASSPHRASE, hashes, pw
from tests.security.store_child import add_clients_and_notes


def _checkpoint(store: UnlockedStore) -> None:
    with store.engine.connect() as conn:
        conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def _data_files(profile: Path) -> list[Path]:
    """The database (+ its WAL) and every encrypted attachment: what must not change.

    The -shm file is SQLite's shared-memory index of the WAL (read marks, checkpoint
    counters), not data; it changes whenever a checkpoint runs.
    """
    database = [p for p in sorted(profile.glob("fieldcm.db*")) if p.name != "fieldcm.db-shm"]
    attachments = [p for p in (profile / "attachments").iterdir() if p.name != "key-usage.json"]
    return database + sorted(attachments)


def test_a_passphrase_change_leaves_database_and_attachments_byte_identical(
    store: UnlockedStore, profile_dir: Path
) -> None:
    add_clients_and_notes(store.engine, "k3", clients=3, notes=5)
    files = [store.attachments.put(bytes([i]) * (3000 + i), client_id="c") for i in range(3)]
    _checkpoint(store)
    before = hashes(_data_files(profile_dir))
    key_before = (profile_dir / "fieldcm.key").read_bytes()

    store.change_passphrase(pw(PASSPHRASE), pw(OTHER_PASSPHRASE))
    _checkpoint(store)
    assert hashes(_data_files(profile_dir)) == before
    assert (profile_dir / "fieldcm.key").read_bytes() != key_before
    store.lock()

    clock = itertools.count(0, 3600).__next__
    vault = Vault(profile_dir, policy=FAST_POLICY, clock=clock)
    with pytest.raises(WrongPassphrase):
        vault.unlock(pw(PASSPHRASE))
    reopened = vault.unlock(pw(OTHER_PASSPHRASE))
    try:
        assert reopened.attachments.open(files[2].file_id, client_id="c") == bytes([2]) * 3002
        with reopened.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM records")).scalar() == 3 + 3 * 5
    finally:
        reopened.lock()


def test_db_and_attachments_hash_the_same_after_lock_across_a_change(
    store: UnlockedStore, profile_dir: Path
) -> None:
    add_clients_and_notes(store.engine, "k3", clients=2, notes=2)
    store.attachments.put(b"consent form", client_id="c")
    store.lock()
    before = hashes(_data_files(profile_dir))

    reopened = Vault(profile_dir, policy=FAST_POLICY).unlock(pw(PASSPHRASE))
    reopened.change_passphrase(pw(PASSPHRASE), pw(OTHER_PASSPHRASE))
    reopened.lock()
    assert hashes(_data_files(profile_dir)) == before


def test_a_wrong_old_passphrase_changes_nothing(store: UnlockedStore, profile_dir: Path) -> None:
    key_before = (profile_dir / "fieldcm.key").read_bytes()
    with pytest.raises(WrongPassphrase):
        store.change_passphrase(pw("not the passphrase at all"), pw(OTHER_PASSPHRASE))
    assert (profile_dir / "fieldcm.key").read_bytes() == key_before
    assert Vault(profile_dir, policy=FAST_POLICY).failed_attempts() == 1
