"""S6: the profile folder is 0700 and its files 0600 whatever the umask; key-file writes are
atomic: a SIGKILL in the middle leaves the old or the new file, never a mixture."""

from __future__ import annotations

import itertools
import os
import random
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldcm.store.datakey import DataKey
from fieldcm.store.errors import WrongPassphrase
from fieldcm.store.keyfile import KeyFile, enroll
from fieldcm.store.vault import UnlockedStore, Vault
from tests.security.helpers import (
    FAST_KDF,
    FAST_POLICY,
    OTHER_PASSPHRASE,
    PASSPHRASE,
    pw,
    start_child,
    wait_for_file,
)
from tests.security.store_child import add_clients_and_notes

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes (Windows uses ACLs)")


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _all_modes(profile: Path) -> dict[str, int]:
    modes = {profile.name: _mode(profile)}
    for dirpath, dirnames, filenames in os.walk(profile):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            modes[str(path.relative_to(profile))] = _mode(path)
    return modes


def _assert_private(profile: Path) -> None:
    for name, mode in _all_modes(profile).items():
        is_dir = (
            (profile.parent / name).is_dir() if name == profile.name else (profile / name).is_dir()
        )
        assert mode == (0o700 if is_dir else 0o600), f"{name}: {oct(mode)}"


def test_every_file_and_folder_is_private_while_open_and_after_lock(
    profile_dir: Path, permissive_umask: None
) -> None:
    store = Vault.create(profile_dir, pw(), "user-1", "device-1", policy=FAST_POLICY)
    add_clients_and_notes(store.engine, "s6", clients=2, notes=2)
    store.attachments.put(b"synthetic scan", client_id="c")
    names = set(_all_modes(profile_dir))
    assert {
        "fieldcm.db",
        "fieldcm.db-wal",
        "fieldcm.db-shm",
        "fieldcm.key",
        "fieldcm.throttle",
    } <= names
    assert "attachments/key-usage.json" in names
    _assert_private(profile_dir)
    store.rotate_key(pw())
    store.change_passphrase(pw(), pw(OTHER_PASSPHRASE))
    _assert_private(profile_dir)
    store.lock()
    _assert_private(profile_dir)


def test_an_existing_open_folder_is_tightened(profile_dir: Path, permissive_umask: None) -> None:
    profile_dir.mkdir(mode=0o755)
    os.chmod(profile_dir, 0o755)
    Vault.create(profile_dir, pw(), "user-1", "device-1", policy=FAST_POLICY).lock()
    assert _mode(profile_dir) == 0o700


def _two_key_files(tmp_path: Path) -> tuple[Path, Path]:
    paths = []
    for name in ("a", "b"):
        key_file = enroll(
            DataKey.generate(),
            pw(),
            user_id=f"user-{name}",
            device_id="device-1",
            params=FAST_KDF,
            floor=FAST_KDF,
        )
        path = tmp_path / f"{name}.key"
        path.write_bytes(key_file.to_bytes())
        paths.append(path)
    return paths[0], paths[1]


def _kill_during_key_file_writes(tmp_path: Path, seed: int, kills: int) -> None:
    rng = random.Random(seed)
    a, b = _two_key_files(tmp_path)
    allowed = {a.read_bytes(), b.read_bytes()}
    target = tmp_path / "profile" / "fieldcm.key"
    target.parent.mkdir()
    target.write_bytes(a.read_bytes())
    for round_ in range(kills):
        ready = tmp_path / f"ready-{round_}"
        child = start_child(
            [
                "keyfile-loop",
                "--path",
                str(target),
                "--a",
                str(a),
                "--b",
                str(b),
                "--ready",
                str(ready),
            ],
            tmp_path / "tmp",
        )
        wait_for_file(ready, child)
        time.sleep(rng.uniform(0.0, 0.05))
        child.kill9()
        assert target.read_bytes() in allowed  # old or new, never partial
        KeyFile.from_bytes(target.read_bytes())


def test_kill_9_during_key_file_writes_leaves_old_or_new(tmp_path: Path) -> None:
    _kill_during_key_file_writes(tmp_path, seed=6, kills=12)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("FIELDCM_STRESS"), reason="set FIELDCM_STRESS=1")
def test_kill_9_during_key_file_writes_stress(tmp_path: Path) -> None:
    _kill_during_key_file_writes(tmp_path, seed=66, kills=200)


def test_kill_9_during_passphrase_changes_leaves_one_passphrase_working(
    store: UnlockedStore, profile_dir: Path, tmp_path: Path
) -> None:
    store.lock()
    rng = random.Random(7)
    clock = itertools.count(4 * 10**9, 10**5).__next__  # later than now, hours apart
    vault = Vault(profile_dir, policy=FAST_POLICY, clock=clock)
    for round_ in range(3):
        ready = tmp_path / f"ready-{round_}"
        child = start_child(
            ["passphrase-loop", "--profile", str(profile_dir), "--ready", str(ready)],
            tmp_path / "tmp",
        )
        wait_for_file(ready, child)
        time.sleep(rng.uniform(0.0, 0.3))
        child.kill9()
        opened = []
        for passphrase in (PASSPHRASE, OTHER_PASSPHRASE):
            try:
                vault.unlock(pw(passphrase)).lock()
                opened.append(passphrase)
            except WrongPassphrase:
                pass
        assert len(opened) == 1
        # A success resets the wrong-passphrase counter the check above raised; the next
        # round starts from the first passphrase.
        again = vault.unlock(pw(opened[0]))
        if opened == [OTHER_PASSPHRASE]:
            again.change_passphrase(pw(OTHER_PASSPHRASE), pw(PASSPHRASE))
        again.lock()
