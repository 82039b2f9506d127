"""File-system primitives for the profile folder: private modes, atomic writes, secure unlink.

Every file fieldcm keeps is readable by its user only (SECURITY.md S6): folders 0700, files
0600, created with those modes rather than chmod-ed afterwards, so no other account can open
them in the window between creation and chmod. A file that must change is written next to
itself, flushed to disk and renamed over the old one, so a crash or kill -9 at any instant
leaves the old or the new content, never a mixture.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from pathlib import Path

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
TMP_SUFFIX = ".tmp"
_OVERWRITE_BLOCK = 1 << 20


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) as 0700, and tighten it if it already exists."""
    path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=True)
    if os.name == "posix" and (path.stat().st_mode & 0o777) != PRIVATE_DIR_MODE:
        os.chmod(path, PRIVATE_DIR_MODE)


def fsync_dir(path: Path) -> None:
    """Make a rename or unlink inside ``path`` durable (a no-op where directories can't sync)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_private_file(path: Path) -> int:
    """Create a new, empty 0600 file and return a writable descriptor; refuse if it exists."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    return os.open(path, flags, PRIVATE_FILE_MODE)


def temp_path_for(path: Path) -> Path:
    """A unique sibling name for writing ``path`` atomically (same directory, same device)."""
    return path.with_name(f".{path.name}.{secrets.token_hex(8)}{TMP_SUFFIX}")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers only ever see the old or the new file."""
    tmp = temp_path_for(path)
    fd = create_private_file(tmp)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def remove_stale_temp_files(directory: Path, stem: str) -> None:
    """Delete leftovers of atomic writes of ``stem`` that a crash interrupted."""
    for leftover in directory.glob(f".{stem}.*{TMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def secure_unlink(path: Path) -> None:
    """Overwrite ``path`` with zeros, flush, then unlink it; missing files are ignored.

    On SSDs and copy-on-write file systems the old blocks may survive the overwrite; what
    makes deleted data unreadable is that it was only ever written encrypted. The overwrite
    is a cheap extra for spinning disks and simple file systems.
    """
    try:
        fd = os.open(path, os.O_WRONLY | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return
    try:
        remaining = os.fstat(fd).st_size
        zeros = bytes(min(remaining, _OVERWRITE_BLOCK))
        while remaining > 0:
            remaining -= os.write(fd, zeros[: min(remaining, len(zeros))])
        os.fsync(fd)
    finally:
        os.close(fd)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes (tests compare these across operations)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_OVERWRITE_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()
