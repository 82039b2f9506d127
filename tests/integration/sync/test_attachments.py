"""Attachments end to end (property 12): real laptops, a real server process, real faults.

One laptop scans a document; it goes up in chunks through the real endpoints, reaches the
other laptops of the caseload through the feed, and comes down encrypted. A link cut in the
middle of an upload costs only the chunks after the cut, and records sync regardless. The
server takes 16 KiB per chunk here, so a file of a few hundred KiB crosses many chunks.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fieldcm.store.repositories import AttachmentEntry
from fieldcm.sync.blobs import enqueue_upload, queued_downloads, queued_uploads
from fieldcm.sync.engine import SyncEngine, SyncResult
from fieldcm.sync.profile import ProfileTokenStore
from fieldcm.sync.transport import ServerRefused, SyncTransport

from ..server_harness import ServerProcess, running_server
from .faults import Fault, FaultProxy, Request
from .laptops import NO_WAIT, Laptop, Office, assert_matches_server

CHUNK = 16 * 1024


@pytest.fixture(scope="module")
def blob_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    env = {"FIELDCM_SERVER_BLOB_CHUNK_BYTES": str(CHUNK)}
    with running_server("sqlite", tmp_path_factory.mktemp("blob-server"), env=env) as server:
        yield server


@pytest.fixture
def office(blob_server: ServerProcess, tmp_path: Path) -> Iterator[Office]:
    made = Office(blob_server, tmp_path)
    try:
        yield made
    finally:
        made.close()


def sync(laptop: Laptop, via: str | None = None) -> SyncResult:
    """A whole sync with the attachment phase, as the app runs it (one transport for both)."""
    tokens = ProfileTokenStore(laptop.store.engine)
    with SyncTransport(via or laptop.server_url, token_store=tokens, **NO_WAIT) as transport:
        engine = SyncEngine(laptop.store, transport, tokens, clock=laptop.clock, blobs=transport)
        return engine.sync()


def attach(laptop: Laptop, client_id: str, data: bytes, record_id: str | None = None) -> str:
    """Scan a document into the laptop's encrypted store and queue it, as the app would."""
    stored = laptop.store.attachments.put(data, client_id=client_id)
    entry = AttachmentEntry(
        file_id=str(stored.file_id),
        client_id=client_id,
        record_id=record_id,
        name="id-scan-synthetic.pdf",
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


def has_file(laptop: Laptop, file_id: str) -> bool:
    return laptop.store.attachments.exists(uuid.UUID(file_id))


def test_an_attachment_goes_up_from_one_laptop_and_comes_down_encrypted_on_another(
    office: Office,
) -> None:
    worker = office.person()
    one, two = office.laptop(worker), office.laptop(worker)
    outsider = office.laptop()
    client = one.new_client()
    scan = b"%PDF synthetic consent, signed " + os.urandom(100 * 1024)
    file_id = attach(one, client, scan, record_id=client)

    first = sync(one)
    assert first.ok and first.blobs is not None
    assert (first.blobs.uploaded, first.blobs.bytes_sent) == ([file_id], len(scan))
    assert one.read(queued_uploads) == []
    twice = attach(one, client, scan)  # the same document scanned again: linked, not sent
    repeat = sync(one)
    assert repeat.blobs is not None
    assert (repeat.blobs.uploaded, repeat.blobs.bytes_sent) == ([twice], 0)

    second = sync(two)
    assert second.ok and second.blobs is not None, second.message
    assert sorted(second.blobs.downloaded) == sorted([file_id, twice])
    assert second.blobs.bytes_received == 2 * len(scan)
    assert two.store.attachments.open(uuid.UUID(file_id), client_id=client) == scan
    entry = two.read(lambda uow: uow.attachments.get(file_id))
    assert (entry.sha256, entry.record_id, entry.name) == (
        hashlib.sha256(scan).hexdigest(),
        client,
        "id-scan-synthetic.pdf",
    )
    on_disk = two.store.attachments.path_of(uuid.UUID(file_id)).read_bytes()
    assert b"%PDF synthetic consent" not in on_disk  # encrypted at rest on the second laptop
    assert two.read(queued_downloads) == []
    # The uploader receives its own attachment through the feed and keeps its file as is.
    again = sync(one)
    assert again.blobs is not None and again.blobs.downloaded == []
    assert one.read(queued_downloads) == []
    # Another caseload never hears of it, and cannot fetch it by its hash.
    assert sync(outsider).ok
    assert outsider.read(lambda uow: uow.attachments.get(file_id)) is None
    with outsider.transport() as transport, pytest.raises(ServerRefused) as refused:
        transport.download_blob(hashlib.sha256(scan).hexdigest(), 0, 10)
    assert refused.value.status == 404


def _cut_puts(first: int, count: int) -> object:
    """Drop the server's answer to PUTs number ``first`` .. ``first + count - 1``."""

    def plan(request: Request, n: int) -> Fault | None:
        if request.method == "PUT" and request.path.startswith("/v1/blobs/"):
            return Fault.DROP_ANSWER if first <= n < first + count else None
        return None

    return plan


def test_a_cut_upload_resumes_where_the_server_stopped_and_never_holds_up_records(
    office: Office,
) -> None:
    worker = office.person()
    one, two = office.laptop(worker), office.laptop(worker)
    client = one.new_client()
    scan = os.urandom(12 * CHUNK + 345)
    big = attach(one, client, scan)
    one.new_note(client, "Visit with a scanned ID (synthetic).")

    # The 3rd chunk is stored but its answer lost, and so are both resends: the run gives up.
    with FaultProxy(office.server.port, _cut_puts(2, 3)) as proxy:  # type: ignore[arg-type]
        first = sync(one, via=proxy.url)

    assert first.ok  # records synced although the attachment link died
    assert_matches_server(one)
    assert first.blobs is not None and first.blobs.problem
    assert (first.blobs.uploaded, first.blobs.waiting) == ([], [big])
    with one.transport() as transport:
        held = transport.blob_status(hashlib.sha256(scan).hexdigest())
    assert (held.size, held.received) == (None, 3 * CHUNK)
    # The other laptop has the note already; the file is not linked, so not announced yet.
    meanwhile = sync(two)
    assert meanwhile.ok and two.records().keys() == one.records().keys()
    assert two.read(lambda uow: uow.attachments.get(big)) is None

    second = sync(one)

    assert second.ok and second.blobs is not None
    assert second.blobs.uploaded == [big]
    assert second.blobs.bytes_sent == len(scan) - 3 * CHUNK  # only what the server lacked
    assert sync(two).blobs.downloaded == [big]  # type: ignore[union-attr]
    assert two.store.attachments.open(uuid.UUID(big), client_id=client) == scan
    third = sync(one)
    assert third.blobs is not None and (third.blobs.uploaded, third.blobs.bytes_sent) == ([], 0)


def test_a_laptop_leaving_the_caseload_purges_its_files_and_is_refused_the_bytes(
    office: Office,
) -> None:
    owner = office.person()
    colleague = office.person()
    mine, theirs = office.laptop(owner), office.laptop(colleague)
    client = mine.new_client()
    scan = os.urandom(3 * CHUNK)
    file_id = attach(mine, client, scan)
    assert sync(mine).ok
    office.server.assign(client, colleague)  # the client joins the colleague's caseload
    assert sync(theirs).blobs.downloaded == [file_id]  # type: ignore[union-attr]
    assert has_file(theirs, file_id)

    office.server.unassign(client, colleague)
    result = sync(theirs)

    assert result.ok and [r.client_id for r in result.pull.revoked] == [client]
    assert theirs.read(lambda uow: uow.attachments.for_client(client)) == []
    assert not has_file(theirs, file_id)
    assert theirs.store.attachments.file_ids() == []
    with theirs.transport() as transport, pytest.raises(ServerRefused) as refused:
        transport.download_blob(hashlib.sha256(scan).hexdigest(), 0, 10)
    assert refused.value.status == 404


def test_a_file_the_server_refuses_waits_with_a_reason_and_others_still_go(
    office: Office,
) -> None:
    worker = office.person()
    laptop = office.laptop(worker)
    client = laptop.new_client()
    elsewhere = str(uuid.uuid4())  # a client id nobody assigned to this worker
    stray = attach(laptop, elsewhere, b"synthetic file of a client not in this caseload")
    fine = attach(laptop, client, b"synthetic consent form")

    result = sync(laptop)

    assert result.ok and result.blobs is not None
    assert result.blobs.uploaded == [fine]
    assert set(result.blobs.refused) == {stray}
    assert "caseload" in result.blobs.refused[stray]
    assert result.blobs.waiting == [stray]  # kept, never dropped silently
