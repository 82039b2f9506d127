"""KDF parameters: parsing, the floor, and the passphrase type."""

from __future__ import annotations

import pytest

from fieldcm.store.errors import KdfParamsTooWeak
from fieldcm.store.kdf import (
    FLOOR,
    KEK_BYTES,
    PRODUCTION,
    KdfParams,
    derive_kek_into,
    require_at_least,
)

TINY = KdfParams(memory_kib=1024, iterations=1, lanes=1)


def test_production_meets_the_floor_and_the_floor_meets_k2() -> None:
    assert PRODUCTION.meets(FLOOR)
    assert (FLOOR.memory_kib, FLOOR.iterations) == (64 * 1024, 3)


@pytest.mark.parametrize(
    ("params", "ok"),
    [
        (KdfParams(64 * 1024, 3, 1), True),
        (KdfParams(64 * 1024, 3, 8), True),
        (KdfParams(128 * 1024, 10, 1), True),
        (KdfParams(64 * 1024 - 1, 3, 4), False),
        (KdfParams(1024 * 1024, 2, 4), False),
    ],
)
def test_meets_compares_memory_and_passes(params: KdfParams, ok: bool) -> None:
    assert params.meets(FLOOR) is ok
    if ok:
        assert require_at_least(params, FLOOR) is params
    else:
        with pytest.raises(KdfParamsTooWeak):
            require_at_least(params, FLOOR)


@pytest.mark.parametrize(
    "stored",
    [
        {"algorithm": "argon2i", "memory_kib": 65536, "iterations": 3, "lanes": 1},
        {"algorithm": "argon2id", "memory_kib": "65536", "iterations": 3, "lanes": 1},
        {"algorithm": "argon2id", "memory_kib": 65536, "iterations": 3},
        {"algorithm": "argon2id", "memory_kib": 65536, "iterations": 3, "lanes": 1, "x": 1},
        {"algorithm": "argon2id", "memory_kib": 65536, "iterations": True, "lanes": 1},
        {"algorithm": "argon2id", "memory_kib": 0, "iterations": 3, "lanes": 1},
        ["argon2id", 65536, 3, 1],
    ],
)
def test_stored_params_are_parsed_strictly(stored: object) -> None:
    with pytest.raises(ValueError):
        KdfParams.from_json(stored)


def test_params_round_trip() -> None:
    assert KdfParams.from_json(PRODUCTION.to_json()) == PRODUCTION


def test_the_kek_depends_on_passphrase_salt_and_params() -> None:
    def kek(passphrase: bytes, salt: bytes, params: KdfParams) -> bytes:
        out = bytearray(KEK_BYTES)
        derive_kek_into(bytearray(passphrase), salt, params, out)
        return bytes(out)

    base = kek(b"synthetic", bytes(16), TINY)
    assert base == kek(b"synthetic", bytes(16), TINY)
    assert base != kek(b"synthetiC", bytes(16), TINY)
    assert base != kek(b"synthetic", bytes(15) + b"\x01", TINY)
    assert base != kek(b"synthetic", bytes(16), KdfParams(1024, 2, 1))


@pytest.mark.parametrize("passphrase", ["text", b"bytes", memoryview(b"view")])
def test_only_a_wipeable_bytearray_is_accepted(passphrase: object) -> None:
    with pytest.raises(TypeError, match="bytearray"):
        derive_kek_into(passphrase, bytes(16), TINY, bytearray(KEK_BYTES))  # type: ignore[arg-type]


def test_salt_and_output_sizes_are_checked() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        derive_kek_into(bytearray(b"x"), bytes(8), TINY, bytearray(KEK_BYTES))
    with pytest.raises(ValueError, match="32 bytes"):
        derive_kek_into(bytearray(b"x"), bytes(16), TINY, bytearray(16))
