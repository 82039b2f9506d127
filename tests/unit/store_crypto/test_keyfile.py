"""The key file format: strict parsing, round trip, rewrap, rotation slots."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from fieldcm.store.datakey import DataKey
from fieldcm.store.errors import KeyFileCorrupt, WrongPassphrase
from fieldcm.store.kdf import KdfParams
from fieldcm.store.keyfile import (
    MAX_KEY_FILE_BYTES,
    KeyFile,
    enroll,
    rewrap,
    seal_with_kek,
    unwrap,
)

TINY = KdfParams(memory_kib=1024, iterations=1, lanes=1)


def _enroll(key: DataKey, passphrase: bytes = b"synthetic passphrase") -> KeyFile:
    return enroll(
        key, bytearray(passphrase), user_id="user-1", device_id="device-1", params=TINY, floor=TINY
    )


def test_round_trip() -> None:
    key_file = _enroll(DataKey.generate())
    assert KeyFile.from_bytes(key_file.to_bytes()) == key_file


def test_unwrap_gives_back_the_key_and_only_for_the_right_passphrase() -> None:
    key = DataKey.generate()
    key_file = _enroll(key)
    keys = unwrap(key_file, bytearray(b"synthetic passphrase"))
    assert keys.current.same_as(key) and keys.pending is None
    keys.wipe()
    assert keys.current.wiped and keys.kek == bytearray(32)
    with pytest.raises(WrongPassphrase):
        unwrap(key_file, bytearray(b"synthetic passphrasE"))


def test_rewrap_changes_the_slot_not_the_key() -> None:
    key = DataKey.generate()
    key_file = _enroll(key)
    params = KdfParams(2048, 2, 1)
    changed = rewrap(key_file, key, None, bytearray(b"new synthetic"), params=params, floor=TINY)
    assert changed.current.kdf == params
    assert changed.current.salt != key_file.current.salt
    assert changed.profile_id == key_file.profile_id
    assert unwrap(changed, bytearray(b"new synthetic")).current.same_as(key)
    with pytest.raises(WrongPassphrase):
        unwrap(changed, bytearray(b"synthetic passphrase"))


def test_a_pending_slot_opens_with_the_same_derivation() -> None:
    key, new = DataKey.generate(), DataKey.generate()
    key_file = _enroll(key)
    keys = unwrap(key_file, bytearray(b"synthetic passphrase"))
    pending = seal_with_kek(key_file, new, keys.kek, key_file.current.kdf, key_file.current.salt)
    rotating = KeyFile.from_bytes(replace(key_file, pending=pending).to_bytes())
    opened = unwrap(rotating, bytearray(b"synthetic passphrase"))
    assert opened.current.same_as(key)
    assert opened.pending is not None and opened.pending.same_as(new)


def test_a_damaged_pending_slot_is_reported_as_a_damaged_file() -> None:
    key_file = _enroll(DataKey.generate())
    other = _enroll(DataKey.generate())
    mixed = replace(key_file, pending=other.current)  # sealed under another profile's AAD
    with pytest.raises(KeyFileCorrupt, match="rotation record"):
        unwrap(mixed, bytearray(b"synthetic passphrase"))


def _mutated(change: str) -> bytes:
    document = json.loads(_enroll(DataKey.generate()).to_bytes())
    slot = document["slots"]["current"]
    if change == "extra-top":
        document["verifier"] = "x"
    elif change == "extra-slot":
        document["slots"]["old"] = slot
    elif change == "bad-base64":
        slot["salt"] = "!!!"
    elif change == "short-salt":
        slot["salt"] = "AAAA"
    elif change == "bad-profile":
        document["profile_id"] = "XYZ"
    elif change == "empty-user":
        document["user_id"] = ""
    elif change == "not-object":
        return b"[1, 2, 3]"
    elif change == "not-json":
        return b"\xff\xfe not json"
    elif change == "huge":
        return b" " * (MAX_KEY_FILE_BYTES + 1)
    return json.dumps(document).encode()


@pytest.mark.parametrize(
    "change",
    [
        "extra-top",
        "extra-slot",
        "bad-base64",
        "short-salt",
        "bad-profile",
        "empty-user",
        "not-object",
        "not-json",
        "huge",
    ],
)
def test_anything_unexpected_is_refused_with_a_clear_message(change: str) -> None:
    with pytest.raises(KeyFileCorrupt, match="damaged or was tampered with"):
        KeyFile.from_bytes(_mutated(change))
