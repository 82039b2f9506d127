"""S1: no plaintext client data on disk: not the database, its -wal or -shm, temp files or FTS.

A child process creates clients and notes carrying a marker, searches them (FTS5), runs big
sorts and a temp table, then starts a large transaction and is killed with SIGKILL in the
middle of it. The profile folder (database, -wal, -shm, key file, attachments), the child's
temp folder and whatever appeared in the OS temp folder are searched for the marker in
UTF-8 and UTF-16: zero hits. The same recipe on plain SQLite finds the marker, in the
database and in the WAL the kill left behind, so the search is not blind.
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

import pytest

from fieldcm.store.vault import Vault
from tests.security.helpers import (
    FAST_POLICY,
    encodings,
    files_under,
    find_in_files,
    pw,
    recent_temp_files,
    start_child,
    wait_for_file,
)


def _run_recipe_and_kill(tmp_path: Path, mode: str, marker: str) -> tuple[Path, Path]:
    profile = tmp_path / "profile"
    if mode == "encrypted":
        Vault.create(profile, pw(), "user-1", "device-1", policy=FAST_POLICY).lock()
    ready = tmp_path / "ready"
    child = start_child(
        [
            "s1",
            "--profile",
            str(profile),
            "--mode",
            mode,
            "--marker",
            marker,
            "--ready",
            str(ready),
        ],
        tmp_path / "child-tmp",
    )
    wait_for_file(ready, child, timeout=300)
    child.kill9()
    return profile, child.tmpdir


def _scan(profile: Path, child_tmp: Path, started: float, marker: str) -> list[tuple[Path, bytes]]:
    paths = {*files_under(profile, child_tmp), *recent_temp_files(started)}
    return find_in_files(sorted(paths), encodings(marker))


def test_no_marker_anywhere_after_work_and_a_kill_mid_transaction(tmp_path: Path) -> None:
    started = time.time()
    marker = "FCMS1" + secrets.token_hex(6)
    profile, child_tmp = _run_recipe_and_kill(tmp_path, "encrypted", marker)

    names = {p.name for p in profile.iterdir()}
    assert {"fieldcm.db", "fieldcm.db-wal", "fieldcm.db-shm", "fieldcm.key"} <= names
    assert (profile / "fieldcm.db-wal").stat().st_size > 0  # the kill left a hot WAL
    assert len(list((profile / "attachments").iterdir())) >= 2  # the document + usage counter
    assert _scan(profile, child_tmp, started, marker) == []

    # And after recovery by the next unlock, still nothing.
    Vault(profile, policy=FAST_POLICY).unlock(pw()).lock()
    assert _scan(profile, child_tmp, started, marker) == []


def test_the_same_recipe_on_plain_sqlite_finds_the_marker(tmp_path: Path) -> None:
    started = time.time()
    marker = "FCMS1" + secrets.token_hex(6)
    profile, child_tmp = _run_recipe_and_kill(tmp_path, "plain", marker)

    hits = _scan(profile, child_tmp, started, marker)
    assert "fieldcm.db-wal" in {path.name for path, _needle in hits}
    # The pages of the transaction the kill interrupted are there in the clear:
    unsaved = f"unsaved {marker}".encode()
    assert find_in_files([profile / "fieldcm.db-wal"], [unsaved]) != []


@pytest.mark.parametrize("needle", ["utf-8", "utf-16-le"])
def test_the_scan_finds_both_encodings(tmp_path: Path, needle: str) -> None:
    marker = "FCMS1" + secrets.token_hex(6)
    planted = tmp_path / "planted.bin"
    planted.write_bytes(b"\xff" * 5000 + marker.encode(needle) + b"\xff" * 5000)
    assert find_in_files([planted], encodings(marker)) == [(planted, marker.encode(needle))]
