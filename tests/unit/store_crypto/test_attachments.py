"""Attachment store details: re-encryption for rotation, the usage counter, edge sizes."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from fieldcm.store.attachments import USAGE_FILE, AttachmentPolicy, AttachmentStore
from fieldcm.store.datakey import DataKey
from fieldcm.store.errors import AttachmentCorrupt, KeyUsageExhausted

CLIENT = "client-1"


def test_reencryption_moves_every_file_to_the_new_key_once(tmp_path: Path) -> None:
    old, new = DataKey.generate(), DataKey.generate()
    before = AttachmentStore(tmp_path, old, policy=AttachmentPolicy(chunk_size=7))
    contents = {before.put(os.urandom(n), client_id=f"c{n}").file_id: n for n in (0, 7, 50)}
    originals = {fid: before.open(fid, client_id=f"c{n}") for fid, n in contents.items()}

    rotating = AttachmentStore(
        tmp_path, new, read_keys=[old], policy=AttachmentPolicy(chunk_size=5)
    )
    moved: list[uuid.UUID] = []
    assert rotating.reencrypt_under_current_key(moved.append) == 3
    assert sorted(moved) == sorted(contents)
    assert rotating.reencrypt_under_current_key(None) == 0  # idempotent: resumable

    after = AttachmentStore(tmp_path, new)
    for fid, n in contents.items():
        assert after.open(fid, client_id=f"c{n}") == originals[fid]
        with pytest.raises(AttachmentCorrupt):
            before.open(fid, client_id=f"c{n}")


def test_a_damaged_usage_counter_refuses_new_files(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path, DataKey.generate())
    store.put(b"x", client_id=CLIENT)
    (tmp_path / USAGE_FILE).write_text("{not json")
    with pytest.raises(KeyUsageExhausted, match="damaged"):
        store.put(b"y", client_id=CLIENT)


def test_unused_reservations_are_given_back(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path, DataKey.generate(), policy=AttachmentPolicy(chunk_size=10))
    store.put(bytes(95), client_id=CLIENT)  # meta + 10 chunks
    assert store.encryptions_used() == 11


def test_a_stream_with_short_reads_is_chunked_the_same(tmp_path: Path) -> None:
    class Trickle:
        def __init__(self, data: bytes) -> None:
            self.data = data

        def read(self, size: int = -1, /) -> bytes:
            cut = min(3, size) if size >= 0 else 3
            piece, self.data = self.data[:cut], self.data[cut:]
            return piece

    store = AttachmentStore(tmp_path, DataKey.generate(), policy=AttachmentPolicy(chunk_size=16))
    content = os.urandom(100)
    stored = store.put_stream(Trickle(content), client_id=CLIENT)
    assert [len(p) for p in store.iter_plaintext(stored.file_id, client_id=CLIENT)] == [16] * 6 + [
        4
    ]


def test_a_truncated_header_is_reported(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path, DataKey.generate())
    stored = store.put(b"scan", client_id=CLIENT)
    path = store.path_of(stored.file_id)
    for size in (0, 10, 34, 36):
        path.write_bytes(path.read_bytes()[:size] if size else b"")
        with pytest.raises(AttachmentCorrupt):
            store.open(stored.file_id, client_id=CLIENT)


def test_put_refuses_to_overwrite_an_existing_id(tmp_path: Path) -> None:
    store = AttachmentStore(tmp_path, DataKey.generate())
    stored = store.put(b"scan", client_id=CLIENT)
    with pytest.raises(FileExistsError):
        store.put_stream(open(os.devnull, "rb"), client_id=CLIENT, file_id=stored.file_id)  # noqa: SIM115


def test_stale_temp_files_from_a_crash_are_cleaned_on_open(tmp_path: Path) -> None:
    (tmp_path / f".{uuid.uuid4()}.abcd.tmp").write_bytes(b"half a file")
    store = AttachmentStore(tmp_path, DataKey.generate())
    assert [p.name for p in tmp_path.iterdir()] == []
    assert store.file_ids() == []


@pytest.mark.parametrize(
    "settings",
    [{"chunk_size": 0}, {"chunk_size": (64 << 20) + 1}, {"max_encryptions_per_key": (1 << 32) + 1}],
)
def test_policies_outside_the_limits_are_refused(settings: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        AttachmentPolicy(**settings)
