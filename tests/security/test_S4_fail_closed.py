"""S4: fail closed. A wrong passphrase, a damaged key file, a truncated or missing database or
a plain SQLite file in its place gives an error naming the problem, changes no file, and
never creates a new (let alone unencrypted) database (Signal #5097)."""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from fieldcm.store.engine import SQLITE_MAGIC
from fieldcm.store.errors import (
    DatabaseCorrupt,
    DatabaseTooNew,
    KeyFileCorrupt,
    NoProfile,
    PlaintextDatabase,
    ProfileExists,
    StoreError,
    WrongPassphrase,
)
from fieldcm.store.vault import Vault
from tests.security.helpers import FAST_POLICY, files_under, profile_hashes, pw
from tests.security.store_child import add_clients_and_notes

THROTTLE = "fieldcm.throttle"  # the wrong-passphrase counter is the one file allowed to change


def _make_profile(profile: Path) -> None:
    store = Vault.create(profile, pw(), "user-1", "device-1", policy=FAST_POLICY)
    add_clients_and_notes(store.engine, "s4", clients=4, notes=4)
    store.attachments.put(b"synthetic consent", client_id="c")
    store.lock()


def _unlock(profile: Path) -> None:
    clock = itertools.count(0, 3600).__next__  # an hour between attempts: never throttled
    Vault(profile, policy=FAST_POLICY, clock=clock).unlock(pw()).lock()


def _without_throttle(hashes: dict[str, str]) -> dict[str, str]:
    return {path: digest for path, digest in hashes.items() if not path.endswith(THROTTLE)}


def _assert_fails_closed(
    profile: Path, error: type[StoreError], names: str, attempt: Callable[[], object]
) -> StoreError:
    before = profile_hashes(profile)
    with pytest.raises(error, match=names) as caught:
        attempt()
    after = profile_hashes(profile)
    assert _without_throttle(after) == _without_throttle(before)
    assert set(after) == set(before)  # nothing created, nothing removed
    for path in files_under(profile):
        with path.open("rb") as handle:
            assert handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC or error is PlaintextDatabase
    return caught.value


def test_a_wrong_passphrase(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    _make_profile(profile)
    vault = Vault(profile, policy=FAST_POLICY)
    _assert_fails_closed(
        profile, WrongPassphrase, "passphrase is not right", lambda: vault.unlock(pw("nope"))
    )


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: os.urandom(len(data)), id="random-bytes"),
        pytest.param(lambda data: data.replace(b'"salt"', b'"sAlt"'), id="renamed-field"),
        pytest.param(
            lambda data: data.replace(b'"format_version": 1', b'"format_version": 0'),
            id="unknown-version",
        ),
        pytest.param(lambda data: data[:200] + bytes([data[200] ^ 1]) + data[201:], id="one-bit"),
    ],
)
def test_a_damaged_key_file(tmp_path: Path, damage: Callable[[bytes], bytes]) -> None:
    profile = tmp_path / "profile"
    _make_profile(profile)
    key = profile / "fieldcm.key"
    key.write_bytes(damage(key.read_bytes()))
    _assert_fails_closed(profile, KeyFileCorrupt, r"fieldcm\.key", lambda: _unlock(profile))


def test_a_key_file_from_a_newer_fieldcm(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    _make_profile(profile)
    key = profile / "fieldcm.key"
    key.write_bytes(key.read_bytes().replace(b'"format_version": 1', b'"format_version": 9'))
    _assert_fails_closed(profile, KeyFileCorrupt, "newer version", lambda: _unlock(profile))


def test_a_missing_key_file(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    _make_profile(profile)
    (profile / "fieldcm.key").unlink()
    _assert_fails_closed(
        profile, KeyFileCorrupt, r"fieldcm\.key is missing", lambda: _unlock(profile)
    )


@pytest.mark.parametrize(
    ("cut", "why"),
    [
        pytest.param(lambda size: size - 100, "not whole pages", id="mid-page"),
        pytest.param(lambda size: size - 4096, "truncated", id="one-page-short"),
        pytest.param(lambda size: size // 8192 * 4096, "truncated", id="half-at-page-boundary"),
        pytest.param(lambda size: 4096, "truncated", id="only-page-one"),
        pytest.param(lambda size: 0, "not whole pages", id="empty"),
    ],
)
def test_a_truncated_database(tmp_path: Path, cut: Callable[[int], int], why: str) -> None:
    profile = tmp_path / "profile"
    _make_profile(profile)
    db = profile / "fieldcm.db"
    assert not (profile / "fieldcm.db-wal").exists()
    os.truncate(db, cut(db.stat().st_size))
    _assert_fails_closed(profile, DatabaseCorrupt, why, lambda: _unlock(profile))


def test_a_missing_database_is_not_recreated(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    _make_profile(profile)
    (profile / "fieldcm.db").unlink()
    _assert_fails_closed(
        profile, DatabaseCorrupt, r"fieldcm\.db is missing", lambda: _unlock(profile)
    )
    assert not (profile / "fieldcm.db").exists()


def test_a_plain_sqlite_file_in_place_of_the_database(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    _make_profile(profile)
    db = profile / "fieldcm.db"
    db.unlink()
    plain = sqlite3.connect(db)
    plain.execute("CREATE TABLE records(id TEXT, fields TEXT)")
    plain.execute("INSERT INTO records VALUES ('x', 'planted')")
    plain.commit()
    plain.close()
    error = _assert_fails_closed(
        profile,
        PlaintextDatabase,
        r"fieldcm\.db is an unencrypted SQLite file",
        lambda: _unlock(profile),
    )
    assert "was not opened" in str(error)


def test_another_profiles_database(tmp_path: Path) -> None:
    profile, other = tmp_path / "profile", tmp_path / "other"
    _make_profile(profile)
    _make_profile(other)
    shutil.copyfile(other / "fieldcm.db", profile / "fieldcm.db")
    _assert_fails_closed(
        profile, DatabaseCorrupt, "does not open with this profile's key", lambda: _unlock(profile)
    )


def test_a_database_from_a_newer_fieldcm(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    store = Vault.create(profile, pw(), "user-1", "device-1", policy=FAST_POLICY)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    store.lock()
    _assert_fails_closed(profile, DatabaseTooNew, "newer version", lambda: _unlock(profile))


def test_an_empty_folder_is_no_profile_and_stays_empty(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    profile.mkdir()
    with pytest.raises(NoProfile):
        Vault(profile, policy=FAST_POLICY).unlock(pw())
    assert list(profile.iterdir()) == []


def test_create_never_overwrites_a_profile_or_its_remains(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    _make_profile(profile)
    attempt = lambda: Vault.create(profile, pw(), "user-1", "device-1", policy=FAST_POLICY)  # noqa: E731
    _assert_fails_closed(profile, ProfileExists, "already holds", attempt)
    (profile / "fieldcm.key").unlink()
    _assert_fails_closed(profile, ProfileExists, "remains of a profile", attempt)


def test_the_passphrase_buffer_is_wiped_even_when_unlock_fails(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    _make_profile(profile)
    os.truncate(profile / "fieldcm.db", 4096)
    secret = pw()
    with pytest.raises(DatabaseCorrupt):
        Vault(profile, policy=FAST_POLICY).unlock(secret)
    assert secret == bytearray(len(secret))
