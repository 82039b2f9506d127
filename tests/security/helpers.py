"""Shared by the security tests and the child processes they start and kill.

Everything here is synthetic: the passphrases and markers are made up for the tests.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from fieldcm.store.fsutil import sha256_file
from fieldcm.store.kdf import KdfParams
from fieldcm.store.passphrase import passphrase_buffer
from fieldcm.store.vault import VaultPolicy

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "synthetic test passphrase: violet kettle orbit 42"
OTHER_PASSPHRASE = "another synthetic passphrase: amber sparrow tide 17"

# TEST ONLY: far below the production floor, so tests that are not about the KDF stay fast.
# The K2 tests use the real floor; production refuses anything below it.
FAST_KDF = KdfParams(memory_kib=1024, iterations=1, lanes=1)
FAST_POLICY = VaultPolicy(kdf_params=FAST_KDF, kdf_floor=FAST_KDF)

SCAN_BLOCK = 4 << 20


def pw(text: str = PASSPHRASE) -> bytearray:
    return passphrase_buffer(text)


def encodings(marker: str) -> list[bytes]:
    """The byte forms a text marker can take on disk: UTF-8 and UTF-16 (LE and BE)."""
    return [marker.encode("utf-8"), marker.encode("utf-16-le"), marker.encode("utf-16-be")]


def files_under(*roots: Path) -> Iterator[Path]:
    for root in roots:
        if root.is_file():
            yield root
        elif root.is_dir():
            for dirpath, _dirnames, filenames in os.walk(root):
                for name in filenames:
                    yield Path(dirpath) / name


def find_in_files(paths: Iterable[Path], needles: Sequence[bytes]) -> list[tuple[Path, bytes]]:
    """Every (file, needle) where the needle occurs; reads in blocks with overlap."""
    overlap = max(len(n) for n in needles) - 1
    hits = []
    for path in paths:
        try:
            handle = path.open("rb")
        except OSError:
            continue  # vanished or unreadable (another process's temp file)
        with handle:
            tail = b""
            found: set[bytes] = set()
            while block := handle.read(SCAN_BLOCK):
                window = tail + block
                found.update(n for n in needles if n in window)
                tail = window[-overlap:] if overlap else b""
        hits += [(path, needle) for needle in needles if needle in found]
    return hits


RECENT_TEMP_MAX_BYTES = 64 << 20


def recent_temp_files(since: float) -> list[Path]:
    """Files in the OS temp folder changed since ``since``, for a leak search.

    Skipped: pytest's own temp trees (each test scans its own ``tmp_path`` explicitly;
    the others belong to concurrently running tests) and files over 64 MiB (another
    process's bulk data; SQLite temp files of the children go to their own TMPDIR, which
    is scanned in full).
    """
    root = Path(tempfile.gettempdir())
    recent = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith("pytest-of-")]
        for name in filenames:
            path = Path(dirpath) / name
            try:
                stat = path.stat()
            except OSError:
                continue
            if stat.st_mtime >= since - 1 and stat.st_size <= RECENT_TEMP_MAX_BYTES:
                recent.append(path)
    return recent


def hashes(paths: Iterable[Path]) -> dict[str, str]:
    return {str(path): sha256_file(path) for path in paths if path.is_file()}


def profile_hashes(profile: Path) -> dict[str, str]:
    return hashes(sorted(files_under(profile)))


# -- child processes ----------------------------------------------------------------------


@dataclass
class Child:
    process: subprocess.Popen[bytes]
    tmpdir: Path

    def kill9(self) -> None:
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def wait(self, timeout: float = 120) -> int:
        return self.process.wait(timeout=timeout)

    def output(self) -> str:
        return (self.tmpdir / "stderr.log").read_text("utf-8", "replace")


def start_child(args: Sequence[str], tmpdir: Path, *, stdin: bytes | None = None) -> Child:
    """Run ``python -m tests.security.store_child ARGS`` with a private temp folder."""
    tmpdir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, TMPDIR=str(tmpdir), SQLITE_TMPDIR=str(tmpdir), PYTHONHASHSEED="0")
    with (tmpdir / "stderr.log").open("ab") as log:  # a file, so a chatty child never blocks
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.security.store_child", *args],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    if stdin is not None:
        assert process.stdin is not None
        process.stdin.write(stdin)
        process.stdin.close()
    return Child(process, tmpdir)


def wait_for_file(path: Path, child: Child, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if child.process.poll() is not None:
            raise AssertionError(f"child exited ({child.process.returncode}): {child.output()}")
        if time.monotonic() > deadline:
            child.kill9()
            raise AssertionError(f"child never wrote {path.name}")
        time.sleep(0.01)
