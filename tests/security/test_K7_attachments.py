"""K7: attachments are AEAD-encrypted with unique nonces, bound to file and client, chunked."""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldcm.store.attachments import (
    DEFAULT_CHUNK_SIZE,
    NONCE_BYTES,
    TAG_BYTES,
    AttachmentPolicy,
    AttachmentStore,
)
from fieldcm.store.datakey import DataKey
from fieldcm.store.errors import (
    AttachmentCorrupt,
    AttachmentNotFound,
    KeyUsageExhausted,
    StoreLocked,
)
from fieldcm.store.vault import UnlockedStore

HEADER_BYTES = 4 + 2 + 4 + 8 + 16
CLIENT = "3f0c5f5e-9d7b-4c47-b0a4-2b1f6f3c9a11"
OTHER_CLIENT = "b2a1c0de-0000-4000-8000-000000000002"


def _layout(path: Path) -> tuple[bytes, bytes, list[bytes]]:
    """(header, meta record, chunk records) of an attachment file."""
    data = path.read_bytes()
    header = data[:HEADER_BYTES]
    (chunk_size,) = struct.unpack(">I", header[6:10])
    (meta_length,) = struct.unpack(">H", data[HEADER_BYTES : HEADER_BYTES + 2])
    meta_end = HEADER_BYTES + 2 + meta_length
    record = NONCE_BYTES + chunk_size + TAG_BYTES
    body = data[meta_end:]
    chunks = [body[i : i + record] for i in range(0, len(body), record)]
    return header, data[HEADER_BYTES + 2 : meta_end], chunks


def _nonces(path: Path) -> list[bytes]:
    _header, meta, chunks = _layout(path)
    return [meta[:NONCE_BYTES]] + [chunk[:NONCE_BYTES] for chunk in chunks]


@pytest.fixture
def small_chunks(tmp_path: Path) -> AttachmentStore:
    return AttachmentStore(
        tmp_path / "att", DataKey.generate(), policy=AttachmentPolicy(chunk_size=64)
    )


def test_the_same_content_twice_gives_different_files_and_ciphertexts(store: UnlockedStore) -> None:
    content = b"synthetic ID scan " * 100
    first = store.attachments.put(content, client_id=CLIENT)
    second = store.attachments.put(content, client_id=CLIENT)
    assert first.file_id != second.file_id
    a = store.attachments.path_of(first.file_id).read_bytes()
    b = store.attachments.path_of(second.file_id).read_bytes()
    assert len(a) == len(b)
    assert a[HEADER_BYTES:] != b[HEADER_BYTES:]
    assert content not in a
    assert first.sha256 == second.sha256 == hashlib.sha256(content).hexdigest()


def test_file_names_are_random_uuids_that_reveal_nothing(store: UnlockedStore) -> None:
    stored = [store.attachments.put(b"x", client_id=CLIENT) for _ in range(5)]
    names = {p.name for p in store.attachments.directory.iterdir()} - {"key-usage.json"}
    assert names == {str(s.file_id) for s in stored}
    assert all(uuid.UUID(name).version == 4 for name in names)
    assert not any(CLIENT in name for name in names)


def test_swapping_two_files_makes_both_fail(store: UnlockedStore) -> None:
    first = store.attachments.put(b"consent for A " * 50, client_id=CLIENT)
    second = store.attachments.put(b"consent for B " * 50, client_id=CLIENT)
    a, b = (store.attachments.path_of(s.file_id) for s in (first, second))
    swap = a.with_name("swap")
    os.replace(a, swap)
    os.replace(b, a)
    os.replace(swap, b)
    for stored in (first, second):
        with pytest.raises(AttachmentCorrupt):
            store.attachments.open(stored.file_id, client_id=CLIENT)


def test_a_swap_with_the_header_rewritten_still_fails(store: UnlockedStore) -> None:
    """The attacker fixes up the file id in the header: the AAD still does not match."""
    first = store.attachments.put(b"consent for A", client_id=CLIENT)
    second = store.attachments.put(b"consent for B", client_id=CLIENT)
    a, b = (store.attachments.path_of(s.file_id) for s in (first, second))
    forged = bytearray(a.read_bytes())
    forged[HEADER_BYTES - 16 : HEADER_BYTES] = second.file_id.bytes
    b.write_bytes(bytes(forged))
    with pytest.raises(AttachmentCorrupt, match="do not authenticate"):
        store.attachments.open(second.file_id, client_id=CLIENT)


def test_a_file_opened_for_another_client_fails(store: UnlockedStore) -> None:
    stored = store.attachments.put(b"scan", client_id=CLIENT)
    with pytest.raises(AttachmentCorrupt, match="another record"):
        store.attachments.open(stored.file_id, client_id=OTHER_CLIENT)


def test_every_single_bit_flip_is_detected(small_chunks: AttachmentStore) -> None:
    content = bytes(range(200))
    stored = small_chunks.put(content, client_id=CLIENT)
    path = small_chunks.path_of(stored.file_id)
    original = path.read_bytes()
    for offset in range(len(original)):
        damaged = bytearray(original)
        damaged[offset] ^= 0x01 << (offset % 8)
        path.write_bytes(bytes(damaged))
        with pytest.raises(AttachmentCorrupt):
            small_chunks.open(stored.file_id, client_id=CLIENT)
    path.write_bytes(original)
    assert small_chunks.open(stored.file_id, client_id=CLIENT) == content


@pytest.mark.parametrize("change", ["drop-last", "drop-middle", "swap", "duplicate", "extend"])
def test_chunks_cannot_be_dropped_reordered_or_added(
    small_chunks: AttachmentStore, change: str
) -> None:
    stored = small_chunks.put(os.urandom(64 * 4 + 10), client_id=CLIENT)
    path = small_chunks.path_of(stored.file_id)
    header, meta, chunks = _layout(path)
    if change == "drop-last":
        chunks = chunks[:-1]
    elif change == "drop-middle":
        del chunks[1]
    elif change == "swap":
        chunks[0], chunks[1] = chunks[1], chunks[0]
    elif change == "duplicate":
        chunks.insert(1, chunks[0])
    else:
        chunks.append(chunks[-1])
    path.write_bytes(header + struct.pack(">H", len(meta)) + meta + b"".join(chunks))
    with pytest.raises(AttachmentCorrupt):
        small_chunks.open(stored.file_id, client_id=CLIENT)


def test_nonces_never_repeat_over_100k_encryptions(tmp_path: Path) -> None:
    store = AttachmentStore(
        tmp_path / "att", DataKey.generate(), policy=AttachmentPolicy(chunk_size=1)
    )
    nonces: list[bytes] = []
    for _ in range(4):
        stored = store.put(bytes(25_000), client_id=CLIENT)
        nonces += _nonces(store.path_of(stored.file_id))
    assert len(nonces) >= 100_000
    assert len(set(nonces)) == len(nonces)
    assert store.encryptions_used() == len(nonces)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=700), min_size=1, max_size=6),
    chunk_size=st.integers(min_value=1, max_value=128),
    seed=st.binary(min_size=1, max_size=16),
)
def test_property_round_trip_chunk_count_and_unique_nonces(
    tmp_path_factory: pytest.TempPathFactory, sizes: list[int], chunk_size: int, seed: bytes
) -> None:
    directory = tmp_path_factory.mktemp("prop")
    store = AttachmentStore(
        directory, DataKey.generate(), policy=AttachmentPolicy(chunk_size=chunk_size)
    )
    nonces: list[bytes] = []
    for size in sizes:
        content = (hashlib.sha256(seed).digest() * (size // 32 + 1))[:size]
        stored = store.put(content, client_id=CLIENT)
        assert store.open(stored.file_id, client_id=CLIENT) == content
        _header, _meta, chunks = _layout(store.path_of(stored.file_id))
        assert len(chunks) == max(1, -(-size // chunk_size))  # an empty file is one final chunk
        nonces += _nonces(store.path_of(stored.file_id))
    assert len(set(nonces)) == len(nonces)
    shutil.rmtree(directory)


def test_the_invocation_counter_refuses_beyond_policy(tmp_path: Path) -> None:
    key = DataKey.generate()
    policy = AttachmentPolicy(chunk_size=16, max_encryptions_per_key=10)
    store = AttachmentStore(tmp_path / "att", key, policy=policy)
    for _ in range(5):
        store.put(b"tiny", client_id=CLIENT)  # meta + one chunk = 2 encryptions
    assert store.encryptions_used() == 10
    with pytest.raises(KeyUsageExhausted, match="Rotate"):
        store.put(b"tiny", client_id=CLIENT)
    assert len(store.file_ids()) == 5  # the refused file left nothing behind
    # The count is persisted: a restarted store with the same key is still refused.
    with pytest.raises(KeyUsageExhausted):
        AttachmentStore(tmp_path / "att", key, policy=policy).put(b"tiny", client_id=CLIENT)
    # A new key (rotation) starts a new count.
    AttachmentStore(tmp_path / "att", DataKey.generate(), policy=policy).put(
        b"ok", client_id=CLIENT
    )


def test_a_large_file_is_streamed_in_chunks(store: UnlockedStore, tmp_path: Path) -> None:
    """Bounded variant of the > 2 GiB test: 5 MiB + 123 bytes through the default chunking."""
    size = 5 * DEFAULT_CHUNK_SIZE + 123
    source = tmp_path / "scan.bin"
    source.write_bytes(os.urandom(size))
    stored = store.attachments.put_file(source, client_id=CLIENT)
    path = store.attachments.path_of(stored.file_id)
    _header, meta, chunks = _layout(path)
    assert len(chunks) == 6
    assert [len(c) - NONCE_BYTES - TAG_BYTES for c in chunks] == [DEFAULT_CHUNK_SIZE] * 5 + [123]
    assert path.stat().st_size == HEADER_BYTES + 2 + len(meta) + size + 6 * (
        NONCE_BYTES + TAG_BYTES
    )
    pieces = list(store.attachments.iter_plaintext(stored.file_id, client_id=CLIENT))
    assert [len(p) for p in pieces] == [DEFAULT_CHUNK_SIZE] * 5 + [123]
    assert hashlib.sha256(b"".join(pieces)).hexdigest() == stored.sha256
    assert b"".join(pieces) == source.read_bytes()


class _Generated:
    """A deterministic stream of ``size`` bytes that is never held in memory at once."""

    def __init__(self, size: int) -> None:
        self.remaining = size
        self.block = hashlib.sha256(b"fieldcm large file").digest() * (1 << 15)  # 1 MiB

    def read(self, size: int = -1, /) -> bytes:
        size = self.remaining if size < 0 else min(size, self.remaining)
        out = (self.block * (size // len(self.block) + 1))[:size]
        self.remaining -= size
        return out


def _generated_chunks(size: int) -> Iterator[bytes]:
    stream = _Generated(size)
    while piece := stream.read(DEFAULT_CHUNK_SIZE):
        yield piece


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("FIELDCM_STRESS"), reason="set FIELDCM_STRESS=1")
def test_a_file_larger_than_2_gib_round_trips(tmp_path: Path) -> None:
    size = (1 << 31) + DEFAULT_CHUNK_SIZE + 7  # past the one-shot AES-GCM limit of 2^31 - 1
    store = AttachmentStore(tmp_path / "att", DataKey.generate())
    expected = hashlib.sha256()
    for piece in _generated_chunks(size):
        expected.update(piece)
    stored = store.put_stream(_Generated(size), client_id=CLIENT)
    assert stored.size == size
    assert stored.sha256 == expected.hexdigest()
    actual, total = hashlib.sha256(), 0
    for piece in store.iter_plaintext(stored.file_id, client_id=CLIENT):
        actual.update(piece)
        total += len(piece)
    assert (total, actual.hexdigest()) == (size, expected.hexdigest())


def test_delete_overwrites_and_removes_the_file(store: UnlockedStore) -> None:
    stored = store.attachments.put(b"scan", client_id=CLIENT)
    path = store.attachments.path_of(stored.file_id)
    twin = path.with_name("hardlink-to-the-same-inode")
    os.link(path, twin)
    store.attachments.delete(stored.file_id)
    assert not path.exists()
    assert twin.read_bytes() == bytes(len(twin.read_bytes()))  # the blocks were zeroed
    twin.unlink()
    with pytest.raises(AttachmentNotFound):
        store.attachments.open(stored.file_id, client_id=CLIENT)


def test_after_lock_attachments_cannot_be_read(store: UnlockedStore) -> None:
    attachments = store.attachments
    stored = attachments.put(b"scan", client_id=CLIENT)
    store.lock()
    with pytest.raises(StoreLocked):
        attachments.open(stored.file_id, client_id=CLIENT)
    with pytest.raises(StoreLocked):
        _ = store.attachments
