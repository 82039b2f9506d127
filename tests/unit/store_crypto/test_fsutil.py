"""Private modes, atomic replacement and secure unlink."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from fieldcm.store.fsutil import (
    atomic_write_bytes,
    ensure_private_dir,
    remove_stale_temp_files,
    secure_unlink,
)

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")


@posix_only
def test_atomic_write_creates_0600_whatever_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        target = tmp_path / "f"
        atomic_write_bytes(target, b"one")
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        atomic_write_bytes(target, b"two")
        assert target.read_bytes() == b"two"
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    finally:
        os.umask(previous)
    assert [p.name for p in tmp_path.iterdir()] == ["f"]  # no temp file left


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "f"
    atomic_write_bytes(target, b"old")

    with pytest.raises(TypeError):
        atomic_write_bytes(target, "text is not bytes")  # type: ignore[arg-type]  # fails mid-write
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f"]


@posix_only
def test_ensure_private_dir_creates_and_tightens(tmp_path: Path) -> None:
    fresh = tmp_path / "a" / "b"
    ensure_private_dir(fresh)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700
    loose = tmp_path / "loose"
    loose.mkdir()
    os.chmod(loose, 0o777)
    ensure_private_dir(loose)
    assert stat.S_IMODE(loose.stat().st_mode) == 0o700


def test_secure_unlink_zeroes_the_blocks_then_removes(tmp_path: Path) -> None:
    target = tmp_path / "secret"
    target.write_bytes(b"synthetic secret" * 100_000)
    twin = tmp_path / "twin"
    os.link(target, twin)  # a second name for the same inode shows what was written
    secure_unlink(target)
    assert not target.exists()
    assert twin.read_bytes() == bytes(len(b"synthetic secret") * 100_000)
    secure_unlink(target)  # already gone: no error


def test_stale_temp_files_are_removed(tmp_path: Path) -> None:
    (tmp_path / ".fieldcm.key.0123.tmp").write_bytes(b"x")
    (tmp_path / ".other.0123.tmp").write_bytes(b"x")
    remove_stale_temp_files(tmp_path, "fieldcm.key")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.0123.tmp"]
