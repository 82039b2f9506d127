"""Unlock throttling (SECURITY.md U1): growing delays after wrong passphrases, then a lockout.

This protects against a person at the keyboard (a curious colleague, a thief trying a few
guesses), not against an offline attacker who copies the key file: that attacker skips this
code entirely, and only the KDF cost and the passphrase's length stop them (Bitwarden PIN
case). So the state lives in a small file of its own in the profile folder:

``fieldcm.throttle`` holds the count of consecutive failures, the wall-clock time of the last
one and whether unlock is disabled, with an HMAC keyed from the profile id. The MAC is cheap
integrity, not secrecy: it turns a hand edit, a copy from another profile, or deleting the
file into "tampered", which is answered with *more* delay, never with a reset.

Wall-clock time is used because a delay must survive a restart; a clock set backwards
restarts the wait from now rather than making it last until the clock catches up.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fieldcm.store.errors import UnlockDisabled, UnlockThrottled
from fieldcm.store.fsutil import atomic_write_bytes

FORMAT_VERSION: Final = 1
MAX_THROTTLE_FILE_BYTES: Final = 4096
_CLOCK_SKEW_TOLERANCE: Final = 1.0

Clock = Callable[[], float]


@dataclass(frozen=True)
class ThrottlePolicy:
    """Agency policy for wrong passphrases.

    After ``n`` consecutive failures the next attempt waits ``delay_after(n)``: 0, 1, 2, 4,
    8 ... seconds, capped at ``max_delay``. At ``max_failures`` (<= 100 per SP 800-63B)
    unlock is disabled until online re-authentication; with ``wipe_when_disabled`` the
    profile is erased at that moment. A tampered or missing state file counts as
    ``tamper_failures`` failures (or more, if the file said more).
    """

    max_failures: int = 20
    base_delay: float = 1.0
    max_delay: float = 900.0
    wipe_when_disabled: bool = False
    tamper_failures: int = 5

    def __post_init__(self) -> None:
        if not 1 <= self.max_failures <= 100:
            raise ValueError("max_failures must be between 1 and 100")
        if self.base_delay <= 0 or self.max_delay < self.base_delay:
            raise ValueError("delays must be positive and the cap at least the base")

    def delay_after(self, failures: int) -> float:
        if failures <= 0:
            return 0.0
        exponent = min(failures - 1, 64)  # beyond this the cap applies anyway
        return min(self.max_delay, self.base_delay * math.ldexp(1.0, exponent))


@dataclass(frozen=True)
class ThrottleState:
    failures: int = 0
    last_failure_at: float | None = None
    disabled: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "failures": self.failures,
            "last_failure_at": self.last_failure_at,
            "disabled": self.disabled,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ThrottleState:
        failures, last, disabled = data["failures"], data["last_failure_at"], data["disabled"]
        if type(failures) is not int or failures < 0 or type(disabled) is not bool:
            raise ValueError("malformed throttle state")
        if last is not None and not isinstance(last, int | float):
            raise ValueError("malformed throttle time")
        return cls(failures, None if last is None else float(last), disabled)


class UnlockThrottle:
    """The persisted failure counter of one profile."""

    def __init__(self, path: Path, profile_id: str, policy: ThrottlePolicy, clock: Clock) -> None:
        self._path = path
        self._policy = policy
        self._clock = clock
        self._mac_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=b"fieldcm throttle v1"
        ).derive(bytes.fromhex(profile_id))

    @property
    def policy(self) -> ThrottlePolicy:
        return self._policy

    def initialize(self) -> None:
        """Write the zero state of a new profile (its absence later means tampering)."""
        self._save(ThrottleState())

    def state(self) -> ThrottleState:
        """The stored state, or a penalized one if the file was removed or changed."""
        trusted = self._load()
        if trusted is not None:
            return trusted
        tampered = self._load_untrusted()
        failures = max(self._policy.tamper_failures, tampered.failures)
        penalized = ThrottleState(
            failures=failures,
            last_failure_at=self._clock(),
            disabled=tampered.disabled or failures >= self._policy.max_failures,
        )
        self._save(penalized)
        return penalized

    def retry_after(self) -> float:
        """Seconds until the next attempt is accepted (0 when it may run now)."""
        state = self.state()
        if state.failures == 0 or state.last_failure_at is None:
            return 0.0
        now = self._clock()
        if now < state.last_failure_at - _CLOCK_SKEW_TOLERANCE:
            self._save(replace(state, last_failure_at=now))
            return self._policy.delay_after(state.failures)
        elapsed = max(0.0, now - state.last_failure_at)
        return max(0.0, self._policy.delay_after(state.failures) - elapsed)

    def check(self) -> None:
        """Raise unless an attempt may run now.

        Raises:
            UnlockDisabled: the failure limit was reached.
            UnlockThrottled: the delay after the last failure has not passed yet.
        """
        if self.state().disabled:
            raise UnlockDisabled()
        wait = self.retry_after()
        if wait > 0:
            raise UnlockThrottled(wait)

    def record_failure(self) -> ThrottleState:
        state = self.state()
        failures = state.failures + 1
        new = ThrottleState(
            failures=failures,
            last_failure_at=self._clock(),
            disabled=state.disabled or failures >= self._policy.max_failures,
        )
        self._save(new)
        return new

    def attempts_left(self, state: ThrottleState) -> int:
        return max(0, self._policy.max_failures - state.failures)

    def record_success(self) -> None:
        if self.state() != ThrottleState():
            self._save(ThrottleState())

    def reenable(self) -> None:
        """Clear the lockout after the person re-authenticated with the agency server."""
        self._save(ThrottleState())

    def _save(self, state: ThrottleState) -> None:
        body = state.to_json()
        body["mac"] = self._mac(body)
        atomic_write_bytes(self._path, json.dumps(body, sort_keys=True).encode("utf-8"))

    def _mac(self, body: dict[str, Any]) -> str:
        message = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")
        return hmac.new(self._mac_key, message, hashlib.sha256).hexdigest()

    def _read_document(self) -> dict[str, Any] | None:
        try:
            with self._path.open("rb") as handle:
                document = json.loads(handle.read(MAX_THROTTLE_FILE_BYTES + 1))
        except (OSError, ValueError):
            return None
        return document if isinstance(document, dict) else None

    def _load(self) -> ThrottleState | None:
        document = self._read_document()
        if document is None or document.get("format_version") != FORMAT_VERSION:
            return None
        mac = document.pop("mac", None)
        if not isinstance(mac, str) or not hmac.compare_digest(mac, self._mac(document)):
            return None
        try:
            return ThrottleState.from_json(document)
        except (KeyError, ValueError):
            return None

    def _load_untrusted(self) -> ThrottleState:
        """What a tampered file claims, used only to make things stricter, never laxer."""
        document = self._read_document() or {}
        try:
            return ThrottleState.from_json(document)
        except (KeyError, ValueError):
            return ThrottleState()
