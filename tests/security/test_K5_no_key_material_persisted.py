"""K5: no unwrapped key material or passphrase is ever persisted.

After enroll + unlock + work + lock, the profile folder, the temp folders and the logs hold
neither the data key (raw, hex in both cases, base64) nor the passphrase (UTF-8, UTF-16).
The same search finds the wrapped-key bytes it should, so it is not blind.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import time
from pathlib import Path

import pytest

from fieldcm.store.keyfile import read_key_file, unwrap
from fieldcm.store.vault import Vault
from tests.security.helpers import (
    FAST_POLICY,
    OTHER_PASSPHRASE,
    PASSPHRASE,
    encodings,
    files_under,
    find_in_files,
    pw,
    recent_temp_files,
)
from tests.security.store_child import add_clients_and_notes


def _key_forms(raw: bytes) -> list[bytes]:
    return [
        raw,
        raw.hex().encode(),
        raw.hex().upper().encode(),
        base64.b64encode(raw),
        base64.urlsafe_b64encode(raw),
        raw.hex().encode("utf-16-le"),
    ]


def test_neither_key_nor_passphrase_reaches_disk_env_or_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    started = time.time()
    profile = tmp_path / "profile"
    store = Vault.create(profile, pw(), "user-1", "device-1", policy=FAST_POLICY)
    first_key = unwrap(read_key_file(profile / "fieldcm.key"), pw()).current.raw()
    add_clients_and_notes(store.engine, "k5", clients=3, notes=3)
    store.attachments.put(b"synthetic consent form", client_id="c")
    store.lock()

    store = Vault(profile, policy=FAST_POLICY).unlock(pw())
    add_clients_and_notes(store.engine, "k5b", clients=2, notes=2)
    store.change_passphrase(pw(PASSPHRASE), pw(OTHER_PASSPHRASE))
    store.rotate_key(pw(OTHER_PASSPHRASE))
    store.lock()
    store = Vault(profile, policy=FAST_POLICY).unlock(pw(OTHER_PASSPHRASE))
    store.lock()

    # Every data key this profile has had (the first one was rotated away), and both
    # passphrases it has had.
    current = unwrap(read_key_file(profile / "fieldcm.key"), pw(OTHER_PASSPHRASE)).current.raw()
    assert current != first_key
    secrets = [
        *_key_forms(first_key),
        *_key_forms(current),
        *encodings(PASSPHRASE),
        *encodings(OTHER_PASSPHRASE),
    ]

    scanned = [*files_under(profile), *recent_temp_files(started)]
    assert any(p.name == "fieldcm.key" for p in scanned)
    assert find_in_files(scanned, secrets) == []
    environment = "\n".join(f"{k}={v}" for k, v in os.environ.items()).encode()
    assert not any(secret in environment for secret in secrets)
    logged = "\n".join(r.getMessage() for r in caplog.records).encode()
    assert not any(secret in logged for secret in secrets)


def test_the_rotated_away_key_is_not_left_behind_either(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    store = Vault.create(profile, pw(), "user-1", "device-1", policy=FAST_POLICY)
    old = unwrap(read_key_file(profile / "fieldcm.key"), pw()).current.raw()
    store.attachments.put(b"synthetic scan", client_id="c")
    store.rotate_key(pw())
    store.lock()
    assert find_in_files(files_under(profile), _key_forms(old)) == []


def test_the_search_would_find_a_persisted_secret(tmp_path: Path) -> None:
    """Control: the scan finds what is on disk (the wrapped key, as stored in base64)."""
    profile = tmp_path / "profile"
    Vault.create(profile, pw(), "user-1", "device-1", policy=FAST_POLICY).lock()
    slot = json.loads((profile / "fieldcm.key").read_bytes())["slots"]["current"]
    wrapped = slot["wrapped_key"].encode()
    assert find_in_files(files_under(profile), [wrapped]) != []
