"""K2: the data key is wrapped under an Argon2id KEK (real floor parameters in this file).

Flipping any byte of the wrapped key, its nonce, its salt or its associated data makes the
unwrap fail; the file keeps no verifier; a new key file below the floor is refused; a key
file below a raised floor is rewrapped on the next unlock (pitfall 8).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from fieldcm.store.datakey import DataKey
from fieldcm.store.errors import KdfParamsTooWeak, KeyFileCorrupt, WrongPassphrase
from fieldcm.store.fsutil import sha256_file
from fieldcm.store.kdf import FLOOR, PRODUCTION, KdfParams
from fieldcm.store.keyfile import KeyFile, enroll, unwrap
from fieldcm.store.vault import DEFAULT_POLICY, Vault, VaultPolicy
from tests.security.helpers import FAST_POLICY, pw

FLOOR_POLICY = VaultPolicy(kdf_params=FLOOR, kdf_floor=FLOOR)


@pytest.fixture(scope="module")
def floor_key_file() -> tuple[bytes, str]:
    """A key file enrolled at the real floor, and the hex of the key it wraps."""
    key = DataKey.generate()
    key_file = enroll(key, pw(), user_id="user-1", device_id="device-1", params=FLOOR, floor=FLOOR)
    return key_file.to_bytes(), key.sqlcipher_hex()


def _document(data: bytes) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(data)
    return document


def _with_valid_checksum(document: dict[str, Any]) -> bytes:
    """Re-seal the (non-secret) checksum, as an attacker who knows the format would."""
    body = {k: v for k, v in document.items() if k != "checksum"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    body["checksum"] = hashlib.sha256(canonical).hexdigest()
    return json.dumps(body).encode()


def _flip_b64(value: str, index: int) -> str:
    raw = bytearray(base64.b64decode(value))
    raw[index % len(raw)] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def test_the_key_file_has_a_16_byte_salt_and_params_at_least_the_floor(
    floor_key_file: tuple[bytes, str],
) -> None:
    document = _document(floor_key_file[0])
    assert document["format_version"] == 1
    slot = document["slots"]["current"]
    assert len(base64.b64decode(slot["salt"])) == 16
    assert len(base64.b64decode(slot["nonce"])) == 12
    assert len(base64.b64decode(slot["wrapped_key"])) == 32 + 16  # AES-GCM: key + tag
    kdf = slot["kdf"]
    assert kdf["algorithm"] == "argon2id"
    assert kdf["memory_kib"] >= 64 * 1024
    assert kdf["iterations"] >= 3
    # Nothing that could verify a guess faster than the KDF (pitfall 6): no hash, no verifier.
    assert set(document) == {
        "format_version",
        "profile_id",
        "user_id",
        "device_id",
        "slots",
        "checksum",
    }
    assert set(slot) == {"kdf", "salt", "nonce", "wrapped_key"}


def test_the_production_parameters_are_above_the_floor() -> None:
    assert PRODUCTION.meets(FLOOR)
    assert DEFAULT_POLICY.kdf_params == PRODUCTION
    assert DEFAULT_POLICY.kdf_floor == FLOOR
    assert FLOOR.memory_kib >= 64 * 1024 and FLOOR.iterations >= 3


def test_the_right_passphrase_unwraps_the_key(floor_key_file: tuple[bytes, str]) -> None:
    data, key_hex = floor_key_file
    keys = unwrap(KeyFile.from_bytes(data), pw())
    assert keys.current.sqlcipher_hex() == key_hex


def _tampered(data: bytes, change: str) -> bytes:
    document = _document(data)
    slot = document["slots"]["current"]
    if change in ("wrapped_key", "nonce", "salt"):
        slot[change] = _flip_b64(slot[change], 5)
    elif change == "wrapped_key_tag":
        slot["wrapped_key"] = _flip_b64(slot["wrapped_key"], -1)
    elif change in ("user_id", "device_id"):
        document[change] += "x"
    elif change == "profile_id":
        document["profile_id"] = "f" * 32
    elif change == "kdf_memory":
        slot["kdf"]["memory_kib"] += 1024
    elif change == "kdf_lanes":
        slot["kdf"]["lanes"] += 1
    return _with_valid_checksum(document)


TAMPERS = [
    "wrapped_key",
    "wrapped_key_tag",
    "nonce",
    "salt",
    "user_id",
    "device_id",
    "profile_id",
    "kdf_memory",
    "kdf_lanes",
]


@pytest.mark.parametrize("change", TAMPERS)
def test_one_changed_byte_of_blob_aad_or_salt_makes_the_unwrap_fail(
    floor_key_file: tuple[bytes, str], change: str
) -> None:
    tampered = KeyFile.from_bytes(_tampered(floor_key_file[0], change))
    with pytest.raises(WrongPassphrase):
        unwrap(tampered, pw())


@pytest.mark.parametrize("offset", [40, 120, 200, 300])
def test_a_flipped_byte_without_a_fixed_checksum_reads_as_a_damaged_file(
    floor_key_file: tuple[bytes, str], offset: int
) -> None:
    data = bytearray(floor_key_file[0])
    data[offset] ^= 0x01
    with pytest.raises(KeyFileCorrupt, match=r"fieldcm\.key"):
        KeyFile.from_bytes(bytes(data))


def test_a_tampered_key_file_fails_through_the_vault(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    Vault.create(profile, pw(), "user-1", "device-1", policy=FLOOR_POLICY).lock()
    key_path = profile / "fieldcm.key"
    key_path.write_bytes(_tampered(key_path.read_bytes(), "salt"))
    clock = itertools.count(0, 3600).__next__  # an hour between attempts: never throttled
    with pytest.raises(WrongPassphrase):
        Vault(profile, policy=FLOOR_POLICY, clock=clock).unlock(pw())


def test_two_enrollments_with_one_passphrase_give_different_blobs() -> None:
    key = DataKey.generate()
    files = [
        _document(
            enroll(
                key, pw(), user_id="user-1", device_id="device-1", params=FLOOR, floor=FLOOR
            ).to_bytes()
        )
        for _ in range(2)
    ]
    first, second = (f["slots"]["current"] for f in files)
    assert first["salt"] != second["salt"]
    assert first["nonce"] != second["nonce"]
    assert first["wrapped_key"] != second["wrapped_key"]
    assert files[0]["profile_id"] != files[1]["profile_id"]


BELOW_FLOOR = [
    KdfParams(memory_kib=64 * 1024 - 1, iterations=3, lanes=1),
    KdfParams(memory_kib=64 * 1024, iterations=2, lanes=1),
    KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1),
]


@pytest.mark.parametrize("weak", BELOW_FLOOR)
def test_params_below_the_floor_are_refused_for_a_new_key_file(
    tmp_path: Path, weak: KdfParams
) -> None:
    with pytest.raises(KdfParamsTooWeak):
        enroll(DataKey.generate(), pw(), user_id="u", device_id="d", params=weak, floor=FLOOR)
    profile = tmp_path / "profile"
    with pytest.raises(KdfParamsTooWeak):
        Vault.create(profile, pw(), "user-1", "device-1", kdf_params=weak)
    assert not profile.exists() or list(profile.iterdir()) == []
    with pytest.raises(KdfParamsTooWeak):
        VaultPolicy(kdf_params=weak)


def test_a_key_file_below_a_raised_floor_is_rewrapped_on_the_next_unlock(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    store = Vault.create(profile, pw(), "user-1", "device-1", policy=FAST_POLICY)
    document = store.attachments.put(b"synthetic scan", client_id="client-1")
    store.lock()
    key_path, db_path = profile / "fieldcm.key", profile / "fieldcm.db"
    before = _document(key_path.read_bytes())
    db_hash = sha256_file(db_path)
    assert before["slots"]["current"]["kdf"]["memory_kib"] < FLOOR.memory_kib

    store = Vault(profile, policy=FLOOR_POLICY).unlock(pw())
    assert store.attachments.open(document.file_id, client_id="client-1") == b"synthetic scan"
    store.lock()

    after = _document(key_path.read_bytes())
    kdf = KdfParams.from_json(after["slots"]["current"]["kdf"])
    assert kdf == FLOOR
    assert after["slots"]["current"]["salt"] != before["slots"]["current"]["salt"]
    assert after["profile_id"] == before["profile_id"]
    assert sha256_file(db_path) == db_hash  # rewrap only: the data key did not change
    Vault(profile, policy=FLOOR_POLICY).unlock(pw()).lock()


def test_a_key_file_at_the_floor_is_left_alone_by_unlock(tmp_path: Path) -> None:
    profile = tmp_path / "profile"
    Vault.create(profile, pw(), "user-1", "device-1", policy=FLOOR_POLICY).lock()
    key_hash = sha256_file(profile / "fieldcm.key")
    Vault(profile, policy=FLOOR_POLICY).unlock(pw()).lock()
    assert sha256_file(profile / "fieldcm.key") == key_hash
