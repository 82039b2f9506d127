"""Secrets: password hashing (Argon2id), device tokens and one-time enrollment codes.

Tokens are 256-bit random values; codes are 12 characters from an alphabet without look-alike
characters (0/O, 1/I/L), about 59 bits. The database keeps only SHA-256 hashes of either, so
a copy of it cannot be used to act as a device; a high-entropy random value needs no salt or
slow hash (unlike a password).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from fieldcm.server.config import PasswordCost

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12
TOKEN_BYTES = 32
ACCESS_PREFIX = "fca_"
REFRESH_PREFIX = "fcr_"


def hash_secret(value: str) -> str:
    """The stored form of a token or code: SHA-256, hex."""
    return hashlib.sha256(value.encode()).hexdigest()


def new_token(prefix: str) -> str:
    """A bearer token: a kind prefix (handy in log scrubbing) and 256 random bits."""
    return prefix + secrets.token_urlsafe(TOKEN_BYTES)


def new_enrollment_code() -> str:
    """A one-time code as people read it aloud or type it: ``XXXX-XXXX-XXXX``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(code: str) -> str:
    """Uppercase, without dashes or spaces, so ``abcd efgh-jkmn`` matches ``ABCD-EFGH-JKMN``."""
    return "".join(ch for ch in code.upper() if ch not in "- \t")


def hash_code(code: str) -> str:
    return hash_secret(normalize_code(code))


class Passwords:
    """Argon2id hashing with the configured cost; rehash when the cost rises."""

    def __init__(self, cost: PasswordCost) -> None:
        self._hasher = PasswordHasher(
            time_cost=cost.time_cost, memory_cost=cost.memory_kib, parallelism=cost.parallelism
        )
        # Verifying against this keeps "no such user" as slow as "wrong password".
        self._dummy = self._hasher.hash(secrets.token_hex(16))

    @staticmethod
    def _prepare(password: str) -> str:
        return unicodedata.normalize("NFKC", password)

    def hash(self, password: str) -> str:
        return self._hasher.hash(self._prepare(password))

    def verify(self, stored: str | None, password: str) -> bool:
        """True when ``password`` matches; a missing hash still costs one verification."""
        try:
            return self._hasher.verify(stored or self._dummy, self._prepare(password)) and bool(
                stored
            )
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        return self._hasher.check_needs_rehash(stored)


def constant_time_equal(left: str, right: str) -> bool:
    return hmac.compare_digest(left.encode(), right.encode())
