"""Argon2id: the key-encryption key (KEK) from the passphrase (SECURITY.md K2, M1).

The KDF is the real defence of a stolen laptop: an attacker with the key file can guess
passphrases offline at the speed of this function, whatever the app's unlock throttle says.

Parameters and how they were chosen
-----------------------------------
The KEK is ``Argon2id(salt, HKDF-SHA256(passphrase, info="fieldcm passphrase prehash v1"))``:
the passphrase passes through HKDF first only so that no copy of its text is left behind
(see :func:`derive_kek_into`); the Argon2id costs below are what an attacker pays per guess.

``FLOOR``: memory 64 MiB, 3 passes (SECURITY.md K2). Nothing below it is ever written, and a
key file below it is rewrapped at the next successful unlock (pitfall 8).

``PRODUCTION``: 192 MiB, 3 passes, 4 lanes. Measured on the reference 2-core machine with
``python -m fieldcm.store.kdf`` (median of 3 derivations, machine otherwise idle, 2026-11):

    =========  ======  =====  ========
    memory     passes  lanes  seconds
    =========  ======  =====  ========
     64 MiB      3       4     0.17
    128 MiB      3       4     0.35
    192 MiB      3       4     0.45
    256 MiB      3       4     0.65
    =========  ======  =====  ========

192 MiB sits in the middle of the 0.3-0.8 s target, leaving room for a slower laptop and for
the second derivation of an unlock that also rewraps. Memory is the cost that hurts GPU
attackers most, so passes stay at the floor and memory carries the budget. The
``cryptography`` binding runs Argon2 on one thread whatever the lane count (CPU time equals
wall time for 1 and 4 lanes), so lanes neither speed up unlock nor cut an attacker's cost;
4 is RFC 9106's recommendation. Under heavy load from other processes the same derivation
measured 0.8 s of CPU and up to 2 s of wall time: re-run the command on the agency's
slowest laptop before changing ``PRODUCTION``.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass
from typing import Any, Final

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fieldcm.store.errors import KdfParamsTooWeak

KEK_BYTES: Final = 32
SALT_BYTES: Final = 16
PREHASH_BYTES: Final = 32
PREHASH_INFO: Final = b"fieldcm passphrase prehash v1"
ALGORITHM: Final = "argon2id"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost parameters, stored in the key file next to the wrapped key."""

    memory_kib: int
    iterations: int
    lanes: int

    def __post_init__(self) -> None:
        if min(self.memory_kib, self.iterations, self.lanes) < 1:
            raise ValueError("KDF parameters must be positive")
        if self.memory_kib < 8 * self.lanes:
            raise ValueError("Argon2 needs at least 8 KiB of memory per lane")

    def meets(self, floor: KdfParams) -> bool:
        """True when every cost is at least the floor's (lanes add no cost to an attacker)."""
        return self.memory_kib >= floor.memory_kib and self.iterations >= floor.iterations

    def to_json(self) -> dict[str, Any]:
        return {"algorithm": ALGORITHM, **asdict(self)}

    @classmethod
    def from_json(cls, data: object) -> KdfParams:
        """Parse the stored form; raises ``ValueError`` for anything unexpected."""
        if not isinstance(data, dict) or data.get("algorithm") != ALGORITHM:
            raise ValueError("unknown key-derivation algorithm")
        values = {name: data.get(name) for name in ("memory_kib", "iterations", "lanes")}
        if set(data) != {"algorithm", *values} or not all(
            type(value) is int for value in values.values()
        ):
            raise ValueError("malformed key-derivation parameters")
        return cls(**values)  # type: ignore[arg-type]


FLOOR: Final = KdfParams(memory_kib=64 * 1024, iterations=3, lanes=1)
PRODUCTION: Final = KdfParams(memory_kib=192 * 1024, iterations=3, lanes=4)


def require_at_least(params: KdfParams, floor: KdfParams) -> KdfParams:
    """Refuse to write a new key file whose KDF is cheaper than the floor (SECURITY.md K2)."""
    if not params.meets(floor):
        raise KdfParamsTooWeak(
            f"KDF parameters {params} are below the floor {floor}; refusing to wrap a key with them"
        )
    return params


def derive_kek_into(passphrase: bytearray, salt: bytes, params: KdfParams, out: bytearray) -> None:
    """Derive the KEK into ``out`` (a buffer the caller zeroes when done).

    The passphrase is taken as a ``bytearray`` (NFKC-normalized UTF-8, see
    :mod:`fieldcm.store.passphrase`) so it can be zeroed; this function does not zero it,
    because an unlock that upgrades the parameters derives twice from one passphrase.
    """
    if not isinstance(passphrase, bytearray):
        raise TypeError("pass the passphrase as a bytearray so it can be wiped after use")
    if len(salt) != SALT_BYTES:
        raise ValueError("the KDF salt must be 16 bytes")
    if len(out) != KEK_BYTES:
        raise ValueError("the KEK buffer must be 32 bytes")
    prehash = bytearray(PREHASH_BYTES)
    try:
        # OpenSSL's Argon2 frees its copy of the password without clearing it; measured: the
        # passphrase text stayed in a core dump. HKDF leaves no copy, so Argon2 only ever
        # sees this fixed-length digest (M1). It adds nothing to the cost of a guess.
        prehasher = HKDF(
            algorithm=hashes.SHA256(), length=PREHASH_BYTES, salt=None, info=PREHASH_INFO
        )
        prehasher.derive_into(passphrase, prehash)
        kdf = Argon2id(
            salt=salt,
            length=KEK_BYTES,
            iterations=params.iterations,
            lanes=params.lanes,
            memory_cost=params.memory_kib,
        )
        kdf.derive_into(prehash, out)  # type: ignore[arg-type]  # any buffer is accepted
    finally:
        wipe(prehash)


def wipe(buffer: bytearray) -> None:
    """Overwrite a secret buffer with zeros in place."""
    buffer[:] = bytes(len(buffer))


def measure_seconds(params: KdfParams, repeats: int = 3) -> float:
    """Median wall time of one derivation with ``params`` on this machine."""
    samples = []
    for _ in range(repeats):
        out = bytearray(KEK_BYTES)
        start = time.perf_counter()
        derive_kek_into(bytearray(b"calibration passphrase"), bytes(SALT_BYTES), params, out)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def calibrate(target_seconds: float = 0.5, lanes: int = 4) -> KdfParams:
    """The largest memory (in 32 MiB steps from the floor) whose derivation fits the target."""
    best = KdfParams(FLOOR.memory_kib, FLOOR.iterations, lanes)
    candidate = best
    while measure_seconds(candidate) <= target_seconds:
        best = candidate
        candidate = KdfParams(candidate.memory_kib + 32 * 1024, candidate.iterations, lanes)
    return best


def _main() -> None:
    for memory_mib in (64, 128, 192, 256):
        params = KdfParams(memory_mib * 1024, PRODUCTION.iterations, PRODUCTION.lanes)
        print(
            f"{memory_mib:4d} MiB  t={params.iterations}  p={params.lanes}  "
            f"{measure_seconds(params):.3f} s"
        )
    print(f"calibrated for 0.5 s: {calibrate()}")


if __name__ == "__main__":
    _main()
