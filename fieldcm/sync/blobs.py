"""Attachments travel on their own resumable, content-addressed queue (DESIGN.md property 12).

The endpoints and their messages are in :mod:`fieldcm.sync.protocol` (``BlobStatus``,
``BlobReceipt``, ``AttachmentLink``, ``AttachmentPayload``); :class:`BlobTransport` is what
this queue needs of the transport, and :class:`~fieldcm.sync.transport.SyncTransport`
provides it.

Blobs are named by the SHA-256 of their plaintext, so a repeated upload of a file this
device already sent costs nothing, and the server checks the hash once the last byte is in.
The server says how much of this device's upload it holds, so an upload cut at any byte
resumes there, after a restart too, without the laptop storing offsets. Chunks are at most
what the server takes in one request (``BlobStatus.chunk_size``).

Uploads: a file id is queued (:func:`enqueue_upload`) in the transaction that indexes the
attachment; once the whole file is on the server, its metadata is linked to the client and
the id leaves the queue.

Downloads: attachments other laptops linked arrive through the feed; the pulled page's
transaction puts each one in the attachment index and queues its id
(:func:`note_remote_attachment`), so an index entry can exist before its file does
(:meth:`AttachmentStore.exists` tells them apart). The bytes come down by range and are
encrypted as they arrive (nothing decrypted touches the disk); their hash is checked before
the file takes its final name. A download cut mid-way resumes at the range that failed
within a run (the transport resends it) and from the first byte in a later run (the store
writes whole files only). Revoked clients need nothing here: their index entries and files
are purged with their records, and a queued id with no entry is dropped.

Never holding up records: the queue runs after records are synced, in its own phase, and
its failures are reported apart (:class:`BlobRun`), never as a failed sync; a file the
server refuses is reported in ``BlobRun.refused`` and the others carry on. Both queues are
lists of file ids in the encrypted store's ``sync_state`` JSON (no attachment-queue table
yet), so they hold no names.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final, Protocol

from sqlalchemy import Engine

from fieldcm.store.attachments import AttachmentStore
from fieldcm.store.errors import AttachmentCorrupt, AttachmentNotFound
from fieldcm.store.repositories import AttachmentEntry
from fieldcm.store.uow import UnitOfWork
from fieldcm.sync.profile import DOWNLOADS_KEY, UPLOADS_KEY
from fieldcm.sync.progress import Tracker
from fieldcm.sync.protocol import (
    WRONG_OFFSET,
    AttachmentLink,
    AttachmentPayload,
    BlobReceipt,
    BlobStatus,
)
from fieldcm.sync.transport import AuthProblem, ServerRefused, TransportError

CHUNK: Final = 1 << 20
"""Bytes per request at most (the server may ask for less)."""
MAX_BYTES_PER_RUN: Final = 256 << 20
"""Bytes one run moves before it stops and leaves the rest for the next sync."""
_ROUNDS: Final = 3
"""Times an upload re-reads the server's offset after a ``wrong_offset`` in one run."""


class BlobTransport(Protocol):
    """What the queue needs of the transport (``SyncTransport`` provides it)."""

    def blob_status(self, sha256: str) -> BlobStatus: ...

    def upload_blob(self, sha256: str, offset: int, data: bytes, *, size: int) -> BlobReceipt: ...

    def download_blob(self, sha256: str, offset: int, length: int) -> bytes: ...

    def link_attachment(self, link: AttachmentLink) -> AttachmentPayload: ...


# ---- the two queues, in the caller's transaction ------------------------------------------


def enqueue_upload(uow: UnitOfWork, file_id: str) -> None:
    """Queue an attachment for upload, in the transaction that indexed it."""
    _add(uow, UPLOADS_KEY, file_id)


def queued_uploads(uow: UnitOfWork) -> list[str]:
    return _queued(uow, UPLOADS_KEY)


def queued_downloads(uow: UnitOfWork) -> list[str]:
    return _queued(uow, DOWNLOADS_KEY)


def note_remote_attachment(
    uow: UnitOfWork, attachment: AttachmentPayload, files: AttachmentStore
) -> None:
    """An attachment from the feed: index it and, unless its file is here, queue it.

    Runs in the pulled page's transaction, so the entry and the queue move with the cursor.
    """
    if uow.attachments.get(attachment.file_id) is None:
        uow.attachments.put(
            AttachmentEntry(
                file_id=attachment.file_id,
                client_id=attachment.client_id,
                record_id=attachment.record_id,
                name=attachment.name,
                mime=attachment.mime,
                size=attachment.size,
                sha256=attachment.sha256,
                created_at=attachment.created_at,
            )
        )
    if not files.exists(uuid.UUID(attachment.file_id)):
        _add(uow, DOWNLOADS_KEY, attachment.file_id)


def _queued(uow: UnitOfWork, key: str) -> list[str]:
    return list((uow.sync_state.get().agency_settings or {}).get(key) or [])


def _add(uow: UnitOfWork, key: str, file_id: str) -> None:
    value = dict(uow.sync_state.get().agency_settings or {})
    queued = list(value.get(key) or [])
    if file_id not in queued:
        queued.append(file_id)
    value[key] = queued
    uow.sync_state.update(agency_settings=value)


def _remove(uow: UnitOfWork, key: str, file_id: str) -> None:
    value = dict(uow.sync_state.get().agency_settings or {})
    value[key] = [f for f in value.get(key) or [] if f != file_id]
    uow.sync_state.update(agency_settings=value)


# ---- one run -----------------------------------------------------------------------------


@dataclass
class BlobRun:
    uploaded: list[str] = field(default_factory=list)
    downloaded: list[str] = field(default_factory=list)
    bytes_sent: int = 0
    bytes_received: int = 0
    waiting: list[str] = field(default_factory=list)
    """Uploads still queued after this run (including refused ones)."""
    waiting_downloads: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    """File id -> why the server (or the check of its bytes) refused that one file."""
    problem: str | None = None
    """Why the queue stopped early (a person-readable sentence), if it did."""

    @property
    def moved(self) -> int:
        return self.bytes_sent + self.bytes_received


class _Skip(Exception):
    """This one file cannot move now; the others carry on (``drop``: forget it)."""

    def __init__(self, reason: str, *, drop: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.drop = drop


class AttachmentQueue:
    def __init__(
        self,
        engine: Engine,
        files: AttachmentStore,
        transport: BlobTransport,
        tracker: Tracker,
        *,
        chunk: int = CHUNK,
        max_bytes_per_run: int = MAX_BYTES_PER_RUN,
    ) -> None:
        self._engine = engine
        self._files = files
        self._transport = transport
        self._tracker = tracker
        self._chunk = chunk
        self._budget = max_bytes_per_run

    def run(self) -> BlobRun:
        """Uploads, then downloads; never raises for the link (see :class:`BlobRun`).

        Raises the transport's :class:`AuthProblem` (a revoked or wiped laptop: the sync
        engine decides) and cancellation.
        """
        run = self.upload_all()
        if run.problem is None:
            self.download_all(run)
        else:
            run.waiting_downloads = self._read(queued_downloads)
        return run

    def upload_all(self, run: BlobRun | None = None) -> BlobRun:
        """Send every queued file, resuming where the server stopped."""
        run = run or BlobRun()
        self._drain(UPLOADS_KEY, self._upload, run)
        run.waiting = self._read(queued_uploads)
        return run

    def download_all(self, run: BlobRun | None = None) -> BlobRun:
        """Fetch every file other laptops attached that is not here yet."""
        run = run or BlobRun()
        self._drain(DOWNLOADS_KEY, self._download, run)
        run.waiting_downloads = self._read(queued_downloads)
        return run

    def _drain(self, key: str, move: _Mover, run: BlobRun) -> None:
        for file_id in self._read(lambda uow: _queued(uow, key)):
            if run.moved >= self._budget:
                return  # enough for one sync; the next one carries on
            self._tracker.checkpoint()
            with UnitOfWork(self._engine, read_only=True) as uow:
                entry = uow.attachments.get(file_id)
            try:
                if entry is None:  # purged (client left the caseload) or deleted here
                    raise _Skip("", drop=True)
                move(entry, run)
            except _Skip as skip:
                if skip.reason:
                    run.refused[file_id] = skip.reason
                if skip.drop:
                    self._forget(key, file_id)
                continue
            except AuthProblem:
                raise
            except ServerRefused as refused:
                run.refused[file_id] = refused.user_message
                continue
            except TransportError as error:
                run.problem = error.user_message
                return
            self._forget(key, file_id)

    # ---- up ------------------------------------------------------------------------------

    def _upload(self, entry: AttachmentEntry, run: BlobRun) -> None:
        for _ in range(_ROUNDS):
            status = self._transport.blob_status(entry.sha256)
            if status.size is not None:
                break  # the server has it (this laptop sent it before, or its caseload has it)
            if entry.size > status.max_size:
                raise _Skip(
                    f"The file is larger than the agency server accepts "
                    f"({status.max_size // (1024 * 1024)} MB)."
                )
            chunk = max(1, min(self._chunk, status.chunk_size))
            try:
                self._send_from(entry, status.received, chunk, run)
            except ServerRefused as refused:
                if refused.code != WRONG_OFFSET:
                    raise
                continue  # someone moved the server's offset: ask again
            break
        self._transport.link_attachment(_link(entry))
        run.uploaded.append(entry.file_id)

    def _send_from(self, entry: AttachmentEntry, offset: int, chunk: int, run: BlobRun) -> None:
        for piece in self._pieces(entry, offset, chunk):
            self._tracker.checkpoint()
            receipt = self._transport.upload_blob(entry.sha256, offset, piece, size=entry.size)
            run.bytes_sent += len(piece)
            self._tracker.bytes(up=len(piece))
            offset = receipt.received

    def _pieces(self, entry: AttachmentEntry, offset: int, chunk: int) -> Iterator[bytes]:
        """The plaintext from ``offset`` on, in pieces of at most ``chunk`` bytes."""
        position = 0
        pending = bytearray()
        try:
            blocks = self._files.iter_plaintext(uuid.UUID(entry.file_id), client_id=entry.client_id)
            for block in blocks:
                start, position = position, position + len(block)
                if position <= offset:
                    continue
                pending += block[max(0, offset - start) :]
                while len(pending) >= chunk:
                    yield bytes(pending[:chunk])
                    del pending[:chunk]
        except AttachmentNotFound:
            raise _Skip("The file is missing on this laptop.", drop=True) from None
        except AttachmentCorrupt as corrupt:
            raise _Skip(str(corrupt)) from None
        if pending:
            yield bytes(pending)

    # ---- down ----------------------------------------------------------------------------

    def _download(self, entry: AttachmentEntry, run: BlobRun) -> None:
        file_id = uuid.UUID(entry.file_id)
        if self._files.exists(file_id):
            return
        source = _RangeReader(
            self._transport, self._tracker, entry=entry, run=run, chunk=self._chunk
        )
        try:
            self._files.put_stream(source, client_id=entry.client_id, file_id=file_id)
        except AttachmentCorrupt as corrupt:
            raise _Skip(str(corrupt)) from None
        except ServerRefused as refused:
            # 404: no longer in this caseload (its revocation is on its way) or gone.
            raise _Skip(refused.user_message, drop=refused.status == 404) from None
        with UnitOfWork(self._engine, read_only=True) as uow:
            still_indexed = uow.attachments.get(entry.file_id) is not None
        if not still_indexed:  # the client was purged while the bytes were on their way
            self._files.delete(file_id)
            return
        run.downloaded.append(entry.file_id)

    # ---- plumbing ------------------------------------------------------------------------

    def _read(self, action: _Reader) -> list[str]:
        with UnitOfWork(self._engine, read_only=True) as uow:
            return action(uow)

    def _forget(self, key: str, file_id: str) -> None:
        with UnitOfWork(self._engine) as uow:
            _remove(uow, key, file_id)
            uow.commit()


class _Mover(Protocol):
    def __call__(self, entry: AttachmentEntry, run: BlobRun, /) -> None: ...


class _Reader(Protocol):
    def __call__(self, uow: UnitOfWork, /) -> list[str]: ...


class _RangeReader:
    """A ``read(n)`` stream over a blob's ranges for the encrypting store.

    The hash of everything read is checked before the last bytes are handed over, so a
    file whose bytes are not what its name says fails inside the store's write and never
    takes its final name.
    """

    def __init__(
        self,
        transport: BlobTransport,
        tracker: Tracker,
        *,
        entry: AttachmentEntry,
        run: BlobRun,
        chunk: int,
    ) -> None:
        self._transport = transport
        self._tracker = tracker
        self._chunk = chunk
        self._entry = entry
        self._run = run
        self._offset = 0
        self._buffer = bytearray()
        self._digest = hashlib.sha256()
        self._checked = False

    def read(self, size: int = -1, /) -> bytes:
        wanted = self._entry.size if size < 0 else size
        while len(self._buffer) < wanted and self._offset < self._entry.size:
            self._fetch()
        piece = bytes(self._buffer[:wanted])
        del self._buffer[:wanted]
        self._digest.update(piece)
        if not self._buffer and self._offset >= self._entry.size:
            self._check()
        return piece

    def _fetch(self) -> None:
        self._tracker.checkpoint()
        length = min(self._chunk, self._entry.size - self._offset)
        data = self._transport.download_blob(self._entry.sha256, self._offset, length)
        if not data:
            raise AttachmentCorrupt(f"Attachment {self._entry.file_id} ended early on the server.")
        self._offset += len(data)
        self._buffer += data
        self._run.bytes_received += len(data)
        self._tracker.bytes(down=len(data))

    def _check(self) -> None:
        if self._checked:
            return
        self._checked = True
        if self._digest.hexdigest() != self._entry.sha256:
            raise AttachmentCorrupt(
                f"Attachment {self._entry.file_id} does not match its hash; it was not kept."
            )


def _link(entry: AttachmentEntry) -> AttachmentLink:
    return AttachmentLink(
        file_id=entry.file_id,
        sha256=entry.sha256,
        client_id=entry.client_id,
        record_id=entry.record_id,
        name=entry.name,
        mime=entry.mime,
        size=entry.size,
    )


__all__ = [
    "AttachmentQueue",
    "BlobRun",
    "BlobTransport",
    "enqueue_upload",
    "note_remote_attachment",
    "queued_downloads",
    "queued_uploads",
]
