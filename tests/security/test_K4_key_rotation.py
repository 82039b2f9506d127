"""K4: rotating the data key rekeys the database and re-encrypts attachments, atomically.

A child process rotating the key is killed with SIGKILL at every stage and at seeded random
moments; each time the profile must still unlock (with the old or the new key, the
rotation then finished) and hold every row and every attachment.
"""

from __future__ import annotations

import json
import os
import random
import time
import uuid
from pathlib import Path

import pytest
import sqlcipher3
from sqlalchemy import text

from fieldcm.store.attachments import AttachmentStore
from fieldcm.store.datakey import DataKey
from fieldcm.store.errors import AttachmentCorrupt
from fieldcm.store.keyfile import read_key_file, unwrap
from fieldcm.store.vault import (
    ROTATION_ATTACHMENT_DONE,
    ROTATION_COMMITTED,
    ROTATION_DATABASE_REKEYED,
    ROTATION_PENDING_WRITTEN,
    UnlockedStore,
    Vault,
)
from tests.security.helpers import FAST_POLICY, pw, start_child, wait_for_file
from tests.security.store_child import add_clients_and_notes

CLIENT = "client-k4"
DOCUMENTS = {i: f"synthetic scan {i} ".encode() * (2000 + 500 * i) for i in range(4)}


def _current_key(profile: Path) -> DataKey:
    return unwrap(read_key_file(profile / "fieldcm.key"), pw()).current


def _opens_with(db: Path, key: DataKey) -> bool:
    conn = sqlcipher3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.sqlcipher_hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher3.DatabaseError:
        return False
    finally:
        conn.close()


def _fill(store: UnlockedStore, notes: int = 10) -> dict[int, uuid.UUID]:
    add_clients_and_notes(store.engine, "k4", clients=8, notes=notes)
    return {
        i: store.attachments.put(data, client_id=CLIENT).file_id for i, data in DOCUMENTS.items()
    }


def _row_counts(store: UnlockedStore) -> dict[str, int]:
    with store.engine.connect() as conn:
        tables = conn.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
        ).scalars()
        return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one() for t in tables}


def _integrity_problems(store: UnlockedStore) -> list[tuple[object, ...]]:
    with store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        return list(raw.execute("PRAGMA cipher_integrity_check"))


def _assert_whole(
    store: UnlockedStore, files: dict[int, uuid.UUID], counts: dict[str, int]
) -> None:
    assert _row_counts(store) == counts
    assert _integrity_problems(store) == []
    for i, file_id in files.items():
        assert store.attachments.open(file_id, client_id=CLIENT) == DOCUMENTS[i]
    key_file = json.loads((store.profile_dir / "fieldcm.key").read_bytes())
    assert "pending" not in key_file["slots"]


def test_rotation_replaces_the_key_everywhere(store: UnlockedStore, profile_dir: Path) -> None:
    files = _fill(store)
    counts = _row_counts(store)
    old = _current_key(profile_dir)
    stages: list[str] = []

    store.rotate_key(pw(), progress=stages.append)

    assert stages == [
        ROTATION_PENDING_WRITTEN,
        *[ROTATION_ATTACHMENT_DONE] * len(files),
        ROTATION_DATABASE_REKEYED,
        ROTATION_COMMITTED,
    ]
    _assert_whole(store, files, counts)  # the same engine and attachments keep working
    store.lock()
    new = _current_key(profile_dir)
    assert new.sqlcipher_hex() != old.sqlcipher_hex()
    assert not _opens_with(profile_dir / "fieldcm.db", old)
    assert _opens_with(profile_dir / "fieldcm.db", new)
    old_attachments = AttachmentStore(profile_dir / "attachments", old)
    with pytest.raises(AttachmentCorrupt, match="key this profile does not hold"):
        old_attachments.open(files[0], client_id=CLIENT)

    reopened = Vault(profile_dir, policy=FAST_POLICY).unlock(pw())
    try:
        _assert_whole(reopened, files, counts)
    finally:
        reopened.lock()


def _prepare(profile: Path, notes: int) -> tuple[dict[int, uuid.UUID], dict[str, int]]:
    store = Vault.create(profile, pw(), "user-1", "device-1", policy=FAST_POLICY)
    try:
        files = _fill(store, notes=notes)
        return files, _row_counts(store)
    finally:
        store.lock()


def _unlock_and_check(profile: Path, files: dict[int, uuid.UUID], counts: dict[str, int]) -> None:
    store = Vault(profile, policy=FAST_POLICY).unlock(pw())
    try:
        _assert_whole(store, files, counts)
    finally:
        store.lock()
    assert _opens_with(profile / "fieldcm.db", _current_key(profile))


KILL_POINTS = [
    (ROTATION_PENDING_WRITTEN, 1),
    (ROTATION_ATTACHMENT_DONE, 1),
    (ROTATION_ATTACHMENT_DONE, 3),
    (ROTATION_ATTACHMENT_DONE, 4),
    (ROTATION_DATABASE_REKEYED, 1),
    (ROTATION_COMMITTED, 1),
]


@pytest.mark.parametrize(("stage", "nth"), KILL_POINTS)
def test_kill_9_at_each_stage_of_a_rotation_leaves_a_profile_that_opens(
    tmp_path: Path, stage: str, nth: int
) -> None:
    profile = tmp_path / "profile"
    files, counts = _prepare(profile, notes=3)
    old = _current_key(profile)
    child = start_child(
        ["rotate-kill-at", "--profile", str(profile), "--stage", stage, "--nth", str(nth)],
        tmp_path / "tmp",
    )
    assert child.wait() == -9, child.output()

    _unlock_and_check(profile, files, counts)
    assert _current_key(profile).sqlcipher_hex() != old.sqlcipher_hex()  # finished, not undone


def _random_kills(tmp_path: Path, seed: int, kills: int) -> None:
    rng = random.Random(seed)
    profile = tmp_path / "profile"
    files, counts = _prepare(profile, notes=30)  # a bigger file: kills land inside the rekey
    for round_ in range(kills):
        ready = tmp_path / f"ready-{round_}"
        child = start_child(
            ["rotate-loop", "--profile", str(profile), "--ready", str(ready)], tmp_path / "tmp"
        )
        wait_for_file(ready, child)
        time.sleep(rng.uniform(0.0, 0.4))
        child.kill9()
        _unlock_and_check(profile, files, counts)


def test_kill_9_at_random_moments_of_repeated_rotations(tmp_path: Path) -> None:
    _random_kills(tmp_path, seed=4, kills=5)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("FIELDCM_STRESS"), reason="set FIELDCM_STRESS=1")
def test_kill_9_at_random_moments_of_repeated_rotations_stress(tmp_path: Path) -> None:
    _random_kills(tmp_path, seed=44, kills=60)
