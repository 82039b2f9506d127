"""The key file: the data key wrapped under the passphrase (SECURITY.md K2-K4, pitfalls 1, 6, 8).

``fieldcm.key`` is a small JSON document::

    {
      "format_version": 1,
      "profile_id": "<32 hex digits, random, fixed for the life of the profile>",
      "user_id": "...", "device_id": "...",
      "slots": {
        "current": {"kdf": {...}, "salt": "<b64>", "nonce": "<b64>", "wrapped_key": "<b64>"},
        "pending": {...}          # only while a key rotation is under way
      },
      "checksum": "<sha256 of everything above, canonical JSON>"
    }

A slot is the 32-byte data key encrypted with AES-256-GCM under a KEK that Argon2id derives
from the passphrase and the slot's salt. The associated data binds the wrapped key to the
format version, the profile, the user, the device, the KDF parameters and the salt, so
changing any of them (to force cheaper parameters, or to move a key file to another
profile) makes the unwrap fail.

There is no verifier: a passphrase is right exactly when the unwrap succeeds. The checksum
is not a secret and proves nothing about the passphrase; it only lets us tell a person "this
file is damaged" instead of "wrong passphrase" when bytes were changed by accident.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fieldcm.store.datakey import DATA_KEY_BYTES, DataKey
from fieldcm.store.errors import KeyFileCorrupt, WrongPassphrase
from fieldcm.store.fsutil import atomic_write_bytes
from fieldcm.store.kdf import (
    KEK_BYTES,
    SALT_BYTES,
    KdfParams,
    derive_kek_into,
    require_at_least,
    wipe,
)

FORMAT_VERSION: Final = 1
NONCE_BYTES: Final = 12
WRAPPED_BYTES: Final = DATA_KEY_BYTES + 16
MAX_KEY_FILE_BYTES: Final = 64 * 1024
MAX_ID_CHARS: Final = 200
_AAD_PURPOSE: Final = "fieldcm data key"
_TOP_KEYS: Final = frozenset(
    {"format_version", "profile_id", "user_id", "device_id", "slots", "checksum"}
)
_SLOT_KEYS: Final = frozenset({"kdf", "salt", "nonce", "wrapped_key"})


@dataclass(frozen=True)
class WrappedKey:
    """One data key sealed under one passphrase-derived KEK."""

    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped_key: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "kdf": self.kdf.to_json(),
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "wrapped_key": _b64(self.wrapped_key),
        }

    @classmethod
    def from_json(cls, data: object) -> WrappedKey:
        if not isinstance(data, dict) or set(data) != _SLOT_KEYS:
            raise ValueError("a key slot has unexpected fields")
        slot = cls(
            kdf=KdfParams.from_json(data["kdf"]),
            salt=_unb64(data["salt"]),
            nonce=_unb64(data["nonce"]),
            wrapped_key=_unb64(data["wrapped_key"]),
        )
        if (len(slot.salt), len(slot.nonce), len(slot.wrapped_key)) != (
            SALT_BYTES,
            NONCE_BYTES,
            WRAPPED_BYTES,
        ):
            raise ValueError("a key slot has a salt, nonce or wrapped key of the wrong size")
        return slot


@dataclass(frozen=True)
class KeyFile:
    """The parsed key file. Immutable: every change produces a new one to write atomically."""

    profile_id: str
    user_id: str
    device_id: str
    current: WrappedKey
    pending: WrappedKey | None = None
    format_version: int = FORMAT_VERSION

    def aad(self, slot: WrappedKey) -> bytes:
        """Associated data for ``slot``: everything an attacker must not be able to swap."""
        return _canonical(
            {
                "purpose": _AAD_PURPOSE,
                "format_version": self.format_version,
                "profile_id": self.profile_id,
                "user_id": self.user_id,
                "device_id": self.device_id,
                "kdf": slot.kdf.to_json(),
                "salt": _b64(slot.salt),
            }
        )

    def to_bytes(self) -> bytes:
        body = self._body()
        body["checksum"] = _checksum(body)
        return json.dumps(body, indent=2, sort_keys=True).encode("utf-8") + b"\n"

    def _body(self) -> dict[str, Any]:
        slots = {"current": self.current.to_json()}
        if self.pending is not None:
            slots["pending"] = self.pending.to_json()
        return {
            "format_version": self.format_version,
            "profile_id": self.profile_id,
            "user_id": self.user_id,
            "device_id": self.device_id,
            "slots": slots,
        }

    @classmethod
    def from_bytes(cls, data: bytes, *, name: str = "fieldcm.key") -> KeyFile:
        """Parse strictly; anything unexpected raises :class:`KeyFileCorrupt`."""
        try:
            return cls._parse(data)
        except _NewerFormat as exc:
            raise KeyFileCorrupt(
                f"{name} was written by a newer version of fieldcm (format {exc}). "
                "Update fieldcm; the file was not changed."
            ) from None
        except (ValueError, TypeError, KeyError, UnicodeDecodeError) as exc:
            raise KeyFileCorrupt(
                f"{name} is damaged or was tampered with ({exc}). It was not changed. "
                "Ask your administrator to re-enroll this laptop; your synced work is safe "
                "on the agency server."
            ) from None

    @classmethod
    def _parse(cls, data: bytes) -> KeyFile:
        if len(data) > MAX_KEY_FILE_BYTES:
            raise ValueError("the file is far too large to be a key file")
        document = json.loads(data.decode("utf-8"))
        if not isinstance(document, dict):
            raise ValueError("not a JSON object")
        version = document.get("format_version")
        if type(version) is int and version > FORMAT_VERSION:
            raise _NewerFormat(version)
        if version != FORMAT_VERSION or set(document) != _TOP_KEYS:
            raise ValueError("unknown format or unexpected fields")
        checksum = document.pop("checksum")
        if not isinstance(checksum, str) or not hmac.compare_digest(checksum, _checksum(document)):
            raise ValueError("its checksum does not match its contents")
        slots = document["slots"]
        if (
            not isinstance(slots, dict)
            or "current" not in slots
            or set(slots)
            - {
                "current",
                "pending",
            }
        ):
            raise ValueError("unexpected key slots")
        pending = slots.get("pending")
        return cls(
            profile_id=_hex_id(document["profile_id"]),
            user_id=_text_id(document["user_id"]),
            device_id=_text_id(document["device_id"]),
            current=WrappedKey.from_json(slots["current"]),
            pending=None if pending is None else WrappedKey.from_json(pending),
        )


class _NewerFormat(Exception):
    pass


@dataclass
class UnwrappedKeys:
    """The data keys a passphrase opened, and the KEK that opened them (for a rotation).

    The caller owns these secrets and must call :meth:`wipe` when done.
    """

    current: DataKey
    pending: DataKey | None
    kek: bytearray

    def wipe(self) -> None:
        self.current.wipe()
        if self.pending is not None:
            self.pending.wipe()
        wipe(self.kek)


def read_key_file(path: Path) -> KeyFile:
    """Read and parse ``path``; a missing file is the caller's to interpret."""
    with path.open("rb") as handle:
        data = handle.read(MAX_KEY_FILE_BYTES + 1)
    return KeyFile.from_bytes(data, name=path.name)


def write_key_file(path: Path, key_file: KeyFile) -> None:
    """Replace the key file atomically: a crash leaves the old or the new one (S6)."""
    atomic_write_bytes(path, key_file.to_bytes())


def enroll(
    data_key: DataKey,
    passphrase: bytearray,
    *,
    user_id: str,
    device_id: str,
    params: KdfParams,
    floor: KdfParams,
) -> KeyFile:
    """A new key file for ``data_key`` (fresh profile id and salt); one KDF run."""
    require_at_least(params, floor)
    draft = KeyFile(
        profile_id=secrets.token_hex(16),
        user_id=_text_id(user_id),
        device_id=_text_id(device_id),
        current=_placeholder_slot(params),
    )
    return replace(draft, current=wrap(draft, data_key, passphrase, params, floor))


def wrap(
    key_file: KeyFile,
    data_key: DataKey,
    passphrase: bytearray,
    params: KdfParams,
    floor: KdfParams,
) -> WrappedKey:
    """Seal ``data_key`` under ``passphrase`` with a fresh salt (used by enroll and rewrap)."""
    require_at_least(params, floor)
    salt = secrets.token_bytes(SALT_BYTES)
    kek = bytearray(KEK_BYTES)
    try:
        derive_kek_into(passphrase, salt, params, kek)
        return seal_with_kek(key_file, data_key, kek, params, salt)
    finally:
        wipe(kek)


def rewrap(
    key_file: KeyFile,
    current: DataKey,
    pending: DataKey | None,
    passphrase: bytearray,
    *,
    params: KdfParams,
    floor: KdfParams,
) -> KeyFile:
    """Every slot resealed under a new passphrase and/or KDF costs, with a fresh salt (K3).

    The data keys themselves do not change, so nothing encrypted with them is rewritten.
    """
    require_at_least(params, floor)
    salt = secrets.token_bytes(SALT_BYTES)
    kek = bytearray(KEK_BYTES)
    try:
        derive_kek_into(passphrase, salt, params, kek)
        return replace(
            key_file,
            current=seal_with_kek(key_file, current, kek, params, salt),
            pending=None
            if pending is None
            else seal_with_kek(key_file, pending, kek, params, salt),
        )
    finally:
        wipe(kek)


def seal_with_kek(
    key_file: KeyFile, data_key: DataKey, kek: bytearray, params: KdfParams, salt: bytes
) -> WrappedKey:
    """Seal ``data_key`` under an already-derived KEK (a rotation reuses the unlock's KEK)."""
    slot = WrappedKey(kdf=params, salt=salt, nonce=b"", wrapped_key=b"")
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(kek).encrypt(nonce, data_key.raw(), key_file.aad(slot))
    return replace(slot, nonce=nonce, wrapped_key=sealed)


def unwrap(key_file: KeyFile, passphrase: bytearray) -> UnwrappedKeys:
    """Open every slot with ``passphrase``; the only proof that it is right.

    Raises:
        WrongPassphrase: the current slot does not open (wrong passphrase, or the file's
            authenticated fields were changed: the two are indistinguishable by design).
        KeyFileCorrupt: the pending slot fails while the current one opens.
    """
    kek = bytearray(KEK_BYTES)
    try:
        derive_kek_into(passphrase, key_file.current.salt, key_file.current.kdf, kek)
        current = _open_slot(key_file, key_file.current, kek)
    except BaseException:
        wipe(kek)
        raise
    keys = UnwrappedKeys(current=current, pending=None, kek=kek)
    if key_file.pending is not None:
        try:
            keys.pending = _open_pending(key_file, key_file.pending, passphrase, kek)
        except BaseException:
            keys.wipe()
            raise
    return keys


def _open_pending(
    key_file: KeyFile, slot: WrappedKey, passphrase: bytearray, kek: bytearray
) -> DataKey:
    # A rotation seals the new key under the unlock's KEK, so one derivation opens both.
    same_kek = slot.salt == key_file.current.salt and slot.kdf == key_file.current.kdf
    pending_kek = kek if same_kek else bytearray(KEK_BYTES)
    try:
        if not same_kek:
            derive_kek_into(passphrase, slot.salt, slot.kdf, pending_kek)
        return _open_slot(key_file, slot, pending_kek)
    except WrongPassphrase:
        raise KeyFileCorrupt(
            "The key file's rotation record is damaged. It was not changed. Ask your "
            "administrator to re-enroll this laptop."
        ) from None
    finally:
        if not same_kek:
            wipe(pending_kek)


def _open_slot(key_file: KeyFile, slot: WrappedKey, kek: bytearray) -> DataKey:
    raw = bytearray(DATA_KEY_BYTES)
    try:
        AESGCM(kek).decrypt_into(slot.nonce, slot.wrapped_key, key_file.aad(slot), raw)
        return DataKey(raw)
    except InvalidTag:
        raise WrongPassphrase() from None
    finally:
        wipe(raw)


def _placeholder_slot(params: KdfParams) -> WrappedKey:
    zero_salt = bytes(SALT_BYTES)
    return WrappedKey(params, zero_salt, bytes(NONCE_BYTES), bytes(WRAPPED_BYTES))


def _canonical(value: dict[str, Any]) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _checksum(body: dict[str, Any]) -> str:
    return hashlib.sha256(_canonical(body)).hexdigest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(value: object) -> bytes:
    if not isinstance(value, str):
        raise ValueError("expected base64 text")
    try:
        return base64.b64decode(value, validate=True)
    except binascii.Error:
        raise ValueError("invalid base64") from None


def _hex_id(value: object) -> str:
    if not isinstance(value, str) or len(value) != 32 or value.strip("0123456789abcdef"):
        raise ValueError("the profile id is not 32 hex digits")
    return value


def _text_id(value: object) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_ID_CHARS:
        raise ValueError("a user or device id is missing or too long")
    return value
