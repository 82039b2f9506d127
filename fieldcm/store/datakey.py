"""The data key: the one object that holds the database key while the store is unlocked."""

from __future__ import annotations

import hmac
import secrets

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fieldcm.store.errors import StoreLocked

DATA_KEY_BYTES = 32


class DataKey:
    """A random 256-bit key, kept in a mutable buffer so :meth:`wipe` can zero it.

    Python cannot promise no copy survives (SECURITY.md pitfall 9); we keep one owner, hand
    out short-lived derived values only, and zero the buffer on lock.
    """

    __slots__ = ("_raw",)

    def __init__(self, raw: bytes | bytearray) -> None:
        if len(raw) != DATA_KEY_BYTES:
            raise ValueError("a data key is exactly 32 bytes")
        self._raw = bytearray(raw)

    @classmethod
    def generate(cls) -> DataKey:
        return cls(secrets.token_bytes(DATA_KEY_BYTES))

    @property
    def wiped(self) -> bool:
        return not any(self._raw)

    def _bytes(self) -> bytearray:
        if self.wiped:
            raise StoreLocked()
        return self._raw

    def raw(self) -> bytes:
        """A copy of the key bytes, for wrapping it under a passphrase."""
        return bytes(self._bytes())

    def sqlcipher_hex(self) -> str:
        """The key as 64 lowercase hex digits, the form SQLCipher's raw-key PRAGMA takes."""
        return self._bytes().hex()

    def derive(self, purpose: bytes, length: int = 32) -> bytes:
        """An independent subkey for ``purpose`` (HKDF-SHA256), e.g. for attachments."""
        return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=purpose).derive(
            bytes(self._bytes())
        )

    def derive_into(self, purpose: bytes, out: bytearray) -> None:
        """Like :meth:`derive`, into a caller-owned buffer the caller can zero later."""
        HKDF(algorithm=hashes.SHA256(), length=len(out), salt=None, info=purpose).derive_into(
            self._bytes(), out
        )

    def same_as(self, other: DataKey) -> bool:
        """Constant-time comparison of two keys (a rewrap must keep the same key)."""
        return hmac.compare_digest(self._bytes(), other._bytes())

    def adopt(self, other: DataKey) -> None:
        """Take ``other``'s bytes in place, after a key rotation.

        Engines and stores hold this object, not its bytes, so they carry on with the new
        key without being rebuilt.
        """
        self._raw[:] = other._bytes()

    def wipe(self) -> None:
        """Zero the key; every later use raises :class:`StoreLocked`."""
        self._raw[:] = bytes(len(self._raw))

    def __repr__(self) -> str:
        return "DataKey(<hidden>)"
