"""Encrypted attachments: scanned IDs, signed consents, photos (SECURITY.md K7, S5, pitfall 4).

Each attachment is one file named by a random UUID (its file id; nothing about the client or
the document shows in the folder listing), encrypted with AES-256-GCM under a key derived
from the data key. Layout (big-endian)::

    header   "FCMA" | format u16 | chunk size u32 | key id 8 bytes | file id 16 bytes
    meta     length u16 | nonce 12 | AES-GCM(client id)            aad = header | "meta"
    chunk i  nonce 12 | AES-GCM(plaintext[i])                      aad = header | client id
                                                                         | i u64 | final u8

Every chunk has a fresh random nonce, so no (key, nonce) pair repeats in practice; a per-key
counter refuses to go past the NIST SP 800-38D limit of 2^32 random-nonce encryptions (or a
lower policy value). Chunking keeps memory flat for large scans and keeps each AES-GCM call
far below the 2^31-byte limit of the one-shot API (pitfall 15), so any size works.

The associated data binds every chunk to its file id, client id, format, position and
whether it is the last one: swapping two files, moving a file to another client, reordering,
dropping or appending chunks all fail authentication. The client id is also kept encrypted
in the meta record so a key rotation can re-encrypt files without asking the database.

Decrypted content only ever exists in memory: :meth:`AttachmentStore.open` returns bytes and
:meth:`AttachmentStore.iter_plaintext` yields chunks; nothing decrypted touches the disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import secrets
import struct
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from fieldcm.store.datakey import DataKey
from fieldcm.store.errors import (
    AttachmentCorrupt,
    AttachmentNotFound,
    KeyUsageExhausted,
    StoreLocked,
)
from fieldcm.store.fsutil import (
    TMP_SUFFIX,
    atomic_write_bytes,
    create_private_file,
    ensure_private_dir,
    fsync_dir,
    secure_unlink,
    temp_path_for,
)
from fieldcm.store.kdf import wipe

FORMAT_VERSION: Final = 1
MAGIC: Final = b"FCMA"
NONCE_BYTES: Final = 12
TAG_BYTES: Final = 16
DEFAULT_CHUNK_SIZE: Final = 1 << 20
MAX_CHUNK_SIZE: Final = 64 << 20
NIST_RANDOM_NONCE_LIMIT: Final = 1 << 32
KEY_PURPOSE: Final = b"fieldcm attachments v1"
KEY_ID_PURPOSE: Final = b"fieldcm attachments key id v1"
USAGE_FILE: Final = "key-usage.json"
_HEADER: Final = struct.Struct(">4sHI8s16s")
_META_LENGTH: Final = struct.Struct(">H")
_CHUNK_POSITION: Final = struct.Struct(">QB")
_CLIENT_ID_LENGTH: Final = struct.Struct(">H")
_RESERVE_BATCH: Final = 64
_MAX_RESERVE_BATCH: Final = 1 << 16


@dataclass(frozen=True)
class AttachmentPolicy:
    """``chunk_size``: plaintext bytes per chunk. ``max_encryptions_per_key``: AES-GCM calls
    one attachment key may make before it must be rotated (at most the NIST limit)."""

    chunk_size: int = DEFAULT_CHUNK_SIZE
    max_encryptions_per_key: int = NIST_RANDOM_NONCE_LIMIT

    def __post_init__(self) -> None:
        if not 1 <= self.chunk_size <= MAX_CHUNK_SIZE:
            raise ValueError("chunk size must be between 1 byte and 64 MiB")
        if not 1 <= self.max_encryptions_per_key <= NIST_RANDOM_NONCE_LIMIT:
            raise ValueError("the per-key encryption limit must be within the NIST limit")


@dataclass(frozen=True)
class StoredAttachment:
    """What the caller records in the database: the file id, plaintext size and SHA-256."""

    file_id: uuid.UUID
    size: int
    sha256: str


class _Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


class AttachmentKey:
    """The attachment subkey of one data key, and its public 8-byte id (HKDF outputs)."""

    def __init__(self, data_key: DataKey) -> None:
        secret = bytearray(32)
        try:
            data_key.derive_into(KEY_PURPOSE, secret)
            self._aead: AESGCM | None = AESGCM(secret)
        finally:
            wipe(secret)
        self.key_id = data_key.derive(KEY_ID_PURPOSE, 8)

    @property
    def aead(self) -> AESGCM:
        if self._aead is None:
            raise StoreLocked()
        return self._aead

    def close(self) -> None:
        self._aead = None


@dataclass(frozen=True)
class _Header:
    chunk_size: int
    key_id: bytes
    file_id: uuid.UUID
    raw: bytes

    @classmethod
    def parse(cls, raw: bytes) -> _Header:
        if len(raw) != _HEADER.size:
            raise ValueError("the file is too short to be an attachment")
        magic, version, chunk_size, key_id, file_id = _HEADER.unpack(raw)
        if magic != MAGIC:
            raise ValueError("not a fieldcm attachment")
        if version != FORMAT_VERSION:
            raise ValueError(f"unknown attachment format {version}")
        if not 1 <= chunk_size <= MAX_CHUNK_SIZE:
            raise ValueError("implausible chunk size")
        return cls(chunk_size, key_id, uuid.UUID(bytes=file_id), raw)

    @classmethod
    def build(cls, chunk_size: int, key_id: bytes, file_id: uuid.UUID) -> _Header:
        raw = _HEADER.pack(MAGIC, FORMAT_VERSION, chunk_size, key_id, file_id.bytes)
        return cls(chunk_size, key_id, file_id, raw)

    def meta_aad(self) -> bytes:
        return self.raw + b"meta"

    def chunk_aad(self, client_id: bytes, index: int, final: bool) -> bytes:
        return (
            self.raw
            + _CLIENT_ID_LENGTH.pack(len(client_id))
            + client_id
            + _CHUNK_POSITION.pack(index, int(final))
        )


class AttachmentStore:
    """The encrypted files of one profile, in ``directory``.

    ``key`` encrypts new files; files are readable with it or any of ``read_keys`` (the old
    key while a rotation is finishing). :meth:`close` drops the keys (lock).
    """

    def __init__(
        self,
        directory: Path,
        key: DataKey,
        *,
        read_keys: Sequence[DataKey] = (),
        policy: AttachmentPolicy | None = None,
    ) -> None:
        self._directory = directory
        self._policy = policy or AttachmentPolicy()
        self._usage_lock = threading.Lock()
        self._writer: AttachmentKey
        self._readers: dict[bytes, AttachmentKey] = {}
        self.switch_key(key, read_keys=read_keys)
        ensure_private_dir(directory)
        for leftover in directory.glob(f".*{TMP_SUFFIX}"):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()

    @property
    def directory(self) -> Path:
        return self._directory

    # -- writing --------------------------------------------------------------------------

    def put(self, data: bytes | bytearray | memoryview, *, client_id: str) -> StoredAttachment:
        """Encrypt ``data`` for ``client_id`` into a new file; returns its new random id."""
        view = memoryview(data)
        return self.put_stream(_MemoryReader(view), client_id=client_id)

    def put_file(self, source: Path, *, client_id: str) -> StoredAttachment:
        """Encrypt the file at ``source`` (e.g. a fresh scan), streaming it chunk by chunk."""
        with source.open("rb") as stream:
            return self.put_stream(stream, client_id=client_id)

    def put_stream(
        self, stream: BinaryIO | _Readable, *, client_id: str, file_id: uuid.UUID | None = None
    ) -> StoredAttachment:
        """Encrypt everything ``stream`` yields into a new file named by ``file_id``."""
        file_id = file_id or uuid.uuid4()
        target = self.path_of(file_id)
        if target.exists():
            raise FileExistsError(f"attachment {file_id} already exists")
        return self._write(target, file_id, client_id, stream)

    def _write(
        self, target: Path, file_id: uuid.UUID, client_id: str, stream: _Readable
    ) -> StoredAttachment:
        tmp, stored = self._write_temp(target, file_id, client_id, stream)
        self._commit(tmp, target)
        return stored

    def _write_temp(
        self, target: Path, file_id: uuid.UUID, client_id: str, stream: _Readable
    ) -> tuple[Path, StoredAttachment]:
        tmp = temp_path_for(target)
        try:
            with os.fdopen(create_private_file(tmp), "wb") as out:
                stored = self._encrypt_to(out, file_id, client_id, stream)
                out.flush()
                os.fsync(out.fileno())
        except BaseException:
            _discard(tmp)
            raise
        return tmp, stored

    def _commit(self, tmp: Path, target: Path) -> None:
        try:
            os.replace(tmp, target)
        except BaseException:
            _discard(tmp)
            raise
        fsync_dir(self._directory)

    def _encrypt_to(
        self, out: BinaryIO, file_id: uuid.UUID, client_id: str, stream: _Readable
    ) -> StoredAttachment:
        key = self._writer
        chunk_size = self._policy.chunk_size
        header = _Header.build(chunk_size, key.key_id, file_id)
        client = client_id.encode("utf-8")
        out.write(header.raw)
        with _Budget(self._reserve) as budget:
            budget.take()
            meta = _seal(key.aead, client, header.meta_aad())
            out.write(_META_LENGTH.pack(len(meta)) + meta)
            digest, size, index = hashlib.sha256(), 0, 0
            current = _read_exact(stream, chunk_size)
            while True:
                following = _read_exact(stream, chunk_size) if len(current) == chunk_size else b""
                final = not following
                budget.take()
                out.write(_seal(key.aead, current, header.chunk_aad(client, index, final)))
                digest.update(current)
                size += len(current)
                if final:
                    return StoredAttachment(file_id, size, digest.hexdigest())
                current, index = following, index + 1

    # -- reading --------------------------------------------------------------------------

    def open(self, file_id: uuid.UUID, *, client_id: str) -> bytes:
        """The whole plaintext, in memory, after every chunk has been authenticated."""
        return b"".join(self.iter_plaintext(file_id, client_id=client_id))

    def iter_plaintext(self, file_id: uuid.UUID, *, client_id: str) -> Iterator[bytes]:
        """Decrypted chunks in order, for content too large to hold at once.

        Each chunk is authenticated before it is yielded; a truncated or extended file
        fails at its end, so a consumer must treat the content as valid only when the
        iteration finishes without :class:`AttachmentCorrupt`.
        """
        path = self.path_of(file_id)
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            raise AttachmentNotFound(f"No attachment {file_id} is stored.") from None
        with handle:
            header, key, stored_client = self._open_header(handle, file_id)
            if not hmac.compare_digest(stored_client, client_id.encode("utf-8")):
                raise _corrupt(file_id, "it belongs to another record")
            yield from _decrypt_chunks(handle, header, key, stored_client, file_id)

    def _open_header(self, handle: BinaryIO, file_id: uuid.UUID) -> tuple[_Header, AESGCM, bytes]:
        try:
            header = _Header.parse(handle.read(_HEADER.size))
        except ValueError as exc:
            raise _corrupt(file_id, str(exc)) from None
        if header.file_id != file_id:
            raise _corrupt(file_id, "it is another attachment's file")
        reader = self._readers.get(header.key_id)
        if reader is None:
            raise _corrupt(file_id, "it was encrypted with a key this profile does not hold")
        length = _read_exact(handle, _META_LENGTH.size)
        if len(length) != _META_LENGTH.size:
            raise _corrupt(file_id, "it is truncated")
        meta = _read_exact(handle, _META_LENGTH.unpack(length)[0])
        return header, reader.aead, _unseal(reader.aead, meta, header.meta_aad(), file_id)

    # -- managing -------------------------------------------------------------------------

    def path_of(self, file_id: uuid.UUID) -> Path:
        if not isinstance(file_id, uuid.UUID):
            raise TypeError("attachment ids are UUIDs")
        return self._directory / str(file_id)

    def exists(self, file_id: uuid.UUID) -> bool:
        return self.path_of(file_id).is_file()

    def file_ids(self) -> list[uuid.UUID]:
        ids = []
        for entry in self._directory.iterdir():
            with contextlib.suppress(ValueError):
                ids.append(uuid.UUID(entry.name))
        return sorted(ids)

    def delete(self, file_id: uuid.UUID) -> None:
        """Overwrite and remove the file (a no-op if it is already gone)."""
        secure_unlink(self.path_of(file_id))
        fsync_dir(self._directory)

    def encryptions_used(self) -> int:
        """AES-GCM invocations counted against the current attachment key."""
        with self._usage_lock:
            return self._load_usage().get(self._writer.key_id.hex(), 0)

    def close(self) -> None:
        """Drop every key; later use raises :class:`StoreLocked`."""
        for reader in self._readers.values():
            reader.close()

    # -- key rotation ---------------------------------------------------------------------

    def reencrypt_under_current_key(self, progress: Callable[[uuid.UUID], None] | None) -> int:
        """Re-encrypt every file not yet under the writing key; returns how many were.

        Each file is replaced atomically, so an interruption leaves every file readable with
        the old or the new key; running it again finishes the job.
        """
        done = 0
        for file_id in self.file_ids():
            path = self.path_of(file_id)
            with path.open("rb") as handle:
                header, aead, client = self._open_header(handle, file_id)
                if header.key_id == self._writer.key_id:
                    continue
                plaintext = _ChunkReader(_decrypt_chunks(handle, header, aead, client, file_id))
                tmp, _ = self._write_temp(path, file_id, client.decode("utf-8"), plaintext)
            self._commit(tmp, path)  # after closing the old file (Windows cannot replace it)
            done += 1
            if progress is not None:
                progress(file_id)
        return done

    def switch_key(self, key: DataKey, *, read_keys: Sequence[DataKey] = ()) -> None:
        """Encrypt with ``key`` from now on and read with it or ``read_keys`` (rotation)."""
        self.close()
        self._writer = AttachmentKey(key)
        self._readers = {self._writer.key_id: self._writer}
        for extra in read_keys:
            reader = AttachmentKey(extra)
            self._readers.setdefault(reader.key_id, reader)

    # -- the invocation counter -----------------------------------------------------------

    def _reserve(self, wanted: int) -> int:
        """Count up to ``wanted`` encryptions against the key before making them (K7).

        Returns how many were granted (at least one); a negative ``wanted`` gives unused
        ones back. A crash between reserving and using only over-counts, never under.
        """
        with self._usage_lock:
            usage = self._load_usage()
            key_id = self._writer.key_id.hex()
            used = usage.get(key_id, 0)
            granted = min(wanted, self._policy.max_encryptions_per_key - used)
            if granted <= 0 < wanted:
                raise KeyUsageExhausted(
                    "The attachment key has reached its safe limit of encryptions. "
                    "Rotate the data key (Settings > Security) to keep adding files."
                )
            usage[key_id] = used + granted
            document = {"format_version": 1, "counts": usage}
            atomic_write_bytes(self._usage_path, json.dumps(document).encode("utf-8"))
            return granted

    @property
    def _usage_path(self) -> Path:
        return self._directory / USAGE_FILE

    def _load_usage(self) -> dict[str, int]:
        try:
            document = json.loads(self._usage_path.read_bytes())
        except FileNotFoundError:
            return {}
        except ValueError:
            document = None
        counts = document.get("counts") if isinstance(document, dict) else None
        if not isinstance(counts, dict) or not all(
            isinstance(value, int) for value in counts.values()
        ):
            # Refuse rather than restart from zero: rotation (a new key) is the way out.
            raise KeyUsageExhausted(
                "The attachment key's usage counter is damaged. Rotate the data key "
                "(Settings > Security) to keep adding files."
            )
        return counts


class _Budget:
    """Reserves encryptions from the persisted counter ahead of use; returns the rest.

    Batches double (64, 128, ...) so a long stream costs a logarithmic number of counter
    writes, and what was not used is given back when the file is done.
    """

    def __init__(self, reserve: Callable[[int], int]) -> None:
        self._reserve = reserve
        self._left = 0
        self._batch = _RESERVE_BATCH

    def take(self) -> None:
        if self._left == 0:
            self._left = self._reserve(self._batch)
            self._batch = min(self._batch * 2, _MAX_RESERVE_BATCH)
        self._left -= 1

    def __enter__(self) -> _Budget:
        return self

    def __exit__(self, *_: object) -> None:
        if self._left:
            self._reserve(-self._left)
            self._left = 0


class _MemoryReader:
    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._offset = 0

    def read(self, size: int = -1, /) -> bytes:
        end = len(self._view) if size < 0 else self._offset + size
        chunk = bytes(self._view[self._offset : end])
        self._offset += len(chunk)
        return chunk


class _ChunkReader:
    """A ``read(n)`` view over an iterator of byte chunks (re-chunking during rotation)."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = bytearray()

    def read(self, size: int = -1, /) -> bytes:
        while size < 0 or len(self._buffer) < size:
            following = next(self._chunks, None)
            if following is None:
                break
            self._buffer += following
        cut = len(self._buffer) if size < 0 else size
        chunk = bytes(self._buffer[:cut])
        del self._buffer[:cut]
        return chunk


def _read_exact(stream: _Readable, size: int) -> bytes:
    """Up to ``size`` bytes, fewer only at the end of the stream (short reads are retried)."""
    parts = []
    remaining = size
    while remaining > 0:
        part = stream.read(remaining)
        if not part:
            break
        parts.append(part)
        remaining -= len(part)
    return b"".join(parts)


def _seal(aead: AESGCM, plaintext: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + aead.encrypt(nonce, plaintext, aad)


def _unseal(aead: AESGCM, record: bytes, aad: bytes, file_id: uuid.UUID) -> bytes:
    if len(record) < NONCE_BYTES + TAG_BYTES:
        raise _corrupt(file_id, "it is truncated")
    try:
        return aead.decrypt(record[:NONCE_BYTES], record[NONCE_BYTES:], aad)
    except InvalidTag:
        raise _corrupt(file_id, "its contents do not authenticate") from None


def _decrypt_chunks(
    handle: BinaryIO, header: _Header, aead: AESGCM, client: bytes, file_id: uuid.UUID
) -> Iterator[bytes]:
    record_size = NONCE_BYTES + header.chunk_size + TAG_BYTES
    current = _read_exact(handle, record_size)
    index = 0
    while True:
        following = _read_exact(handle, record_size) if len(current) == record_size else b""
        final = not following
        yield _unseal(aead, current, header.chunk_aad(client, index, final), file_id)
        if final:
            return
        current, index = following, index + 1


def _discard(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _corrupt(file_id: uuid.UUID, why: str) -> AttachmentCorrupt:
    return AttachmentCorrupt(
        f"Attachment {file_id} cannot be opened: {why}. It may have been damaged or "
        "tampered with; download it again from the agency server."
    )
