"""Attachments on their own resumable, content-addressed queue (property 12).

The server has no attachment endpoints yet (reported), so the blob side here is an in-test
stand-in implementing the proposed :class:`~fieldcm.sync.blobs.BlobTransport`, with a link
that dies after a set number of bytes. Records go through the real server as always: the
test shows they never wait for attachments.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import UTC, datetime

from fieldcm.store.repositories import AttachmentEntry
from fieldcm.sync.blobs import AttachmentLink, AttachmentQueue, BlobStatus, enqueue_upload
from fieldcm.sync.progress import CancelToken, Tracker
from fieldcm.sync.transport import Offline

from .laptops import Laptop, Office, assert_matches_server

MB = 1 << 20


class BlobService:
    """The proposed endpoints, in memory; ``cut_after`` bytes end the link (stored, unanswered)."""

    def __init__(self) -> None:
        self.blobs: dict[str, bytearray] = {}
        self.links: dict[str, AttachmentLink] = {}
        self.cut_after: int | None = None
        self.received_total = 0

    def blob_status(self, sha256: str) -> BlobStatus:
        data = self.blobs.get(sha256, bytearray())
        complete = hashlib.sha256(data).hexdigest() == sha256
        return BlobStatus(size=len(data) if complete else None, received=len(data))

    def upload_blob(self, sha256: str, offset: int, data: bytes) -> int:
        held = self.blobs.setdefault(sha256, bytearray())
        assert offset <= len(held), "a gap: the client skipped bytes"
        del held[offset:]
        held += data
        self.received_total += len(data)
        if self.cut_after is not None and self.received_total >= self.cut_after:
            self.cut_after = None
            raise Offline("link cut after the bytes were stored")
        return len(held)

    def download_blob(self, sha256: str, offset: int, length: int) -> bytes:
        return bytes(self.blobs[sha256][offset : offset + length])

    def link_attachment(self, link: AttachmentLink) -> None:
        self.links[link.file_id] = link


def _attach(laptop: Laptop, client_id: str, data: bytes) -> str:
    stored = laptop.store.attachments.put(data, client_id=client_id)
    entry = AttachmentEntry(
        file_id=str(stored.file_id),
        client_id=client_id,
        record_id=None,
        name="scan.pdf",
        mime="application/pdf",
        size=stored.size,
        sha256=stored.sha256,
        created_at=datetime.now(UTC),
    )

    def index(uow):  # type: ignore[no-untyped-def]
        uow.attachments.put(entry)
        enqueue_upload(uow, entry.file_id)

    laptop.write(index)
    return entry.file_id


def test_a_cut_upload_resumes_where_the_server_stopped_and_never_holds_up_records(
    office: Office,
) -> None:
    service = BlobService()
    laptop = office.laptop()
    client = laptop.new_client()
    scan = os.urandom(3 * MB + 12345)
    big = _attach(laptop, client, scan)
    small = _attach(laptop, client, b"%PDF signed consent (synthetic)")
    laptop.new_note(client, "Visit with a scanned ID (synthetic).")
    service.cut_after = int(1.5 * MB)

    first = laptop.sync(blobs=service)

    assert first.ok  # records synced although the attachment link died
    assert_matches_server(laptop)
    assert first.blobs is not None and first.blobs.problem
    assert first.blobs.waiting == [big, small]
    held = service.blob_status(hashlib.sha256(scan).hexdigest()).received
    assert 0 < held < len(scan)

    second = laptop.sync(blobs=service)

    assert second.ok and second.blobs is not None
    assert second.blobs.uploaded == [big, small]
    assert second.blobs.bytes_sent == len(scan) - held + len(b"%PDF signed consent (synthetic)")
    assert bytes(service.blobs[hashlib.sha256(scan).hexdigest()]) == scan
    assert set(service.links) == {big, small}
    third = laptop.sync(blobs=service)
    assert third.blobs is not None and third.blobs.uploaded == []


def test_content_the_server_has_is_linked_not_sent_and_downloads_arrive_encrypted(
    office: Office,
) -> None:
    service = BlobService()
    worker = office.person()
    one, two = office.laptop(worker), office.laptop(worker)
    client = one.new_client()
    consent = b"%PDF consent form, signed (synthetic) " * 1000
    first = _attach(one, client, consent)
    assert one.sync(blobs=service).blobs.uploaded == [first]  # type: ignore[union-attr]
    again = _attach(one, client, consent)  # the same document scanned twice
    result = one.sync(blobs=service)
    assert result.blobs is not None and result.blobs.uploaded == [again]
    assert result.blobs.bytes_sent == 0

    assert two.sync().ok
    link = service.links[first]
    entry = AttachmentEntry(
        file_id=link.file_id,
        client_id=link.client_id,
        record_id=link.record_id,
        name=link.name,
        mime=link.mime,
        size=link.size,
        sha256=link.sha256,
        created_at=datetime.now(UTC),
    )
    queue = AttachmentQueue(
        two.store.engine,
        two.store.attachments,
        service,
        Tracker(lambda _p: None, CancelToken()),
        chunk=4096,
    )
    queue.download(entry)
    assert two.store.attachments.open(uuid.UUID(first), client_id=client) == consent
    assert two.read(lambda uow: uow.attachments.get(first)) is not None
    path = two.store.attachments.path_of(uuid.UUID(first))
    assert consent[:40] not in path.read_bytes()  # encrypted at rest on the second laptop
