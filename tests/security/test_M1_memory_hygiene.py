"""M1: best-effort memory hygiene. cipher_memory_security is on for every connection, every
passphrase buffer handed to the store is zeroed, the data key is zeroed on lock, and a core
dump of a process that unlocked and locked holds no copy of the passphrase."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from fieldcm.store.errors import StoreLocked, WrongPassphrase
from fieldcm.store.vault import UnlockedStore, Vault
from tests.security.helpers import (
    FAST_POLICY,
    OTHER_PASSPHRASE,
    PASSPHRASE,
    encodings,
    find_in_files,
    pw,
    start_child,
    wait_for_file,
)


def test_cipher_memory_security_is_on_for_every_pooled_connection(store: UnlockedStore) -> None:
    held = [store.engine.connect() for _ in range(4)]
    try:
        for conn in held:
            value = conn.execute(text("PRAGMA cipher_memory_security")).scalar()
            assert str(value) == "1"
    finally:
        for conn in held:
            conn.close()


def _zeroed(buffer: bytearray) -> bool:
    return len(buffer) > 0 and buffer == bytearray(len(buffer))


def test_every_passphrase_buffer_is_zeroed(profile_dir: Path) -> None:
    created = pw()
    store = Vault.create(profile_dir, created, "user-1", "device-1", policy=FAST_POLICY)
    assert _zeroed(created)

    old, new = pw(PASSPHRASE), pw(OTHER_PASSPHRASE)
    store.change_passphrase(old, new)
    assert _zeroed(old) and _zeroed(new)

    rotation = pw(OTHER_PASSPHRASE)
    store.rotate_key(rotation)
    assert _zeroed(rotation)
    store.lock()

    wrong = pw("a wrong synthetic passphrase")
    with pytest.raises(WrongPassphrase):
        Vault(profile_dir, policy=FAST_POLICY).unlock(wrong)
    assert _zeroed(wrong)

    right = pw(OTHER_PASSPHRASE)
    clock = iter(range(4 * 10**9, 5 * 10**9, 10**5)).__next__
    Vault(profile_dir, policy=FAST_POLICY, clock=clock).unlock(right).lock()
    assert _zeroed(right)


def test_the_store_refuses_passphrases_it_cannot_wipe(profile_dir: Path) -> None:
    bad: list[object] = [PASSPHRASE, PASSPHRASE.encode()]
    for passphrase in bad:
        with pytest.raises(TypeError, match="bytearray"):
            Vault.create(profile_dir, passphrase, "user-1", "device-1", policy=FAST_POLICY)  # type: ignore[arg-type]


def test_lock_zeroes_the_data_key_so_no_connection_can_be_made(store: UnlockedStore) -> None:
    engine = store.engine
    store.lock()
    with pytest.raises(StoreLocked):
        engine.connect()


CoreDumper = Callable[[int, Path], Path]


def _gcore(pid: int, directory: Path) -> Path:
    prefix = directory / "core"
    subprocess.run(
        ["gcore", "-o", str(prefix), str(pid)], check=True, capture_output=True, timeout=120
    )
    return prefix.with_name(f"core.{pid}")


def _core_after_unlock_and_lock(tmp_path: Path, command: str, *extra: str) -> Path:
    profile = tmp_path / "profile"
    Vault.create(profile, pw(), "user-1", "device-1", policy=FAST_POLICY).lock()
    ready = tmp_path / "ready"
    child = start_child(
        [command, "--profile", str(profile), "--ready", str(ready), *extra],
        tmp_path / "tmp",
        stdin=PASSPHRASE.encode(),
    )
    try:
        wait_for_file(ready, child)
        return _gcore(child.process.pid, tmp_path)
    finally:
        child.kill9()


needs_gcore = pytest.mark.skipif(shutil.which("gcore") is None, reason="gcore (gdb) not installed")


@needs_gcore
def test_a_core_dump_after_lock_holds_no_passphrase(tmp_path: Path) -> None:
    core = _core_after_unlock_and_lock(tmp_path, "hold-after-lock")
    try:
        assert find_in_files([core], encodings(PASSPHRASE)) == []
    finally:
        core.unlink()


@needs_gcore
def test_the_core_dump_search_finds_a_passphrase_kept_as_a_string(tmp_path: Path) -> None:
    """Control: the same child keeping its passphrase in a Python str is caught."""
    core = _core_after_unlock_and_lock(tmp_path, "hold-after-lock-keeping-str")
    try:
        assert find_in_files([core], encodings(PASSPHRASE)[:1]) != []
    finally:
        core.unlink()


@needs_gcore
def test_the_kdf_leaves_no_copy_of_the_passphrase(tmp_path: Path) -> None:
    core = _core_after_unlock_and_lock(tmp_path, "kdf-only")
    try:
        assert find_in_files([core], encodings(PASSPHRASE)) == []
    finally:
        core.unlink()


@needs_gcore
def test_argon2_on_the_raw_passphrase_would_leave_a_copy(tmp_path: Path) -> None:
    """Why kdf.py prehashes: OpenSSL's Argon2 frees its password copy without clearing it.

    If this starts failing, a newer cryptography/OpenSSL clears it and the prehash could go.
    """
    core = _core_after_unlock_and_lock(tmp_path, "kdf-only", "--mode", "plain")
    try:
        assert find_in_files([core], encodings(PASSPHRASE)[:1]) != []
    finally:
        core.unlink()
