"""Attachments travel on their own resumable, content-addressed queue (DESIGN.md property 12).

The server has no attachment endpoints yet, so this is the client side of the interface
proposed here (:class:`BlobTransport`), for the transport and the server to implement:

    GET  /v1/blobs/{sha256}/status                 -> {"size": n | null, "received": n}
    PUT  /v1/blobs/{sha256}?offset=N   (bytes)     -> {"received": n}   (idempotent per range)
    GET  /v1/blobs/{sha256}  Range: bytes=N-M      -> bytes
    POST /v1/attachments    AttachmentLink         -> 204   (links a complete blob to a client)

Blobs are named by the SHA-256 of their plaintext, so a retried or repeated upload costs
nothing, a file the server already has is only linked, and the server checks the hash once
the last byte arrives. The server says how much it holds, so an upload cut at any byte
resumes there, after a restart too, without the laptop storing offsets.

Never holding up records: the queue runs after records are synced, in its own phase, and
its failures are reported apart (:class:`BlobRun`), never as a failed sync. The queue itself
(file ids waiting to go up) lives in the encrypted store's ``sync_state`` JSON (there is no
attachment-queue table yet), added in the same transaction as the attachment's index entry.
Downloads (files other laptops attached) need the metadata to arrive with records, which
the protocol does not define yet: :meth:`AttachmentQueue.download` takes an index entry and
restarts a cut download from its first byte (the store writes whole files only).
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final, Protocol

from sqlalchemy import Engine

from fieldcm.store.attachments import AttachmentStore
from fieldcm.store.errors import AttachmentCorrupt, AttachmentNotFound
from fieldcm.store.repositories import AttachmentEntry
from fieldcm.store.uow import UnitOfWork
from fieldcm.sync.profile import UPLOADS_KEY
from fieldcm.sync.progress import Tracker
from fieldcm.sync.transport import TransportError

CHUNK: Final = 1 << 20


@dataclass(frozen=True)
class BlobStatus:
    size: int | None
    """The blob's size once complete (and its hash checked); None while incomplete."""
    received: int


@dataclass(frozen=True)
class AttachmentLink:
    file_id: str
    sha256: str
    client_id: str
    record_id: str | None
    name: str
    mime: str
    size: int


class BlobTransport(Protocol):
    """What the sync transport should offer for attachments (see the module docstring)."""

    def blob_status(self, sha256: str) -> BlobStatus: ...

    def upload_blob(self, sha256: str, offset: int, data: bytes) -> int:
        """Send ``data`` at ``offset``; returns the bytes the server now holds in a row."""

    def download_blob(self, sha256: str, offset: int, length: int) -> bytes: ...

    def link_attachment(self, link: AttachmentLink) -> None: ...


def enqueue_upload(uow: UnitOfWork, file_id: str) -> None:
    """Queue an attachment for upload, in the transaction that indexed it."""
    value = dict(uow.sync_state.get().agency_settings or {})
    queued = list(value.get(UPLOADS_KEY) or [])
    if file_id not in queued:
        queued.append(file_id)
    value[UPLOADS_KEY] = queued
    uow.sync_state.update(agency_settings=value)


def queued_uploads(uow: UnitOfWork) -> list[str]:
    return list((uow.sync_state.get().agency_settings or {}).get(UPLOADS_KEY) or [])


def _dequeue(uow: UnitOfWork, file_id: str) -> None:
    value = dict(uow.sync_state.get().agency_settings or {})
    value[UPLOADS_KEY] = [f for f in value.get(UPLOADS_KEY) or [] if f != file_id]
    uow.sync_state.update(agency_settings=value)


@dataclass
class BlobRun:
    uploaded: list[str] = field(default_factory=list)
    bytes_sent: int = 0
    waiting: list[str] = field(default_factory=list)
    problem: str | None = None
    """Why the queue stopped early (a person-readable sentence), if it did."""


class AttachmentQueue:
    def __init__(
        self,
        engine: Engine,
        files: AttachmentStore,
        transport: BlobTransport,
        tracker: Tracker,
        *,
        chunk: int = CHUNK,
    ) -> None:
        self._engine = engine
        self._files = files
        self._transport = transport
        self._tracker = tracker
        self._chunk = chunk

    def upload_all(self) -> BlobRun:
        """Send every queued file, resuming where the server stopped; never raises for the link."""
        run = BlobRun()
        with UnitOfWork(self._engine, read_only=True) as uow:
            queued = queued_uploads(uow)
        for position, file_id in enumerate(queued):
            try:
                self._tracker.checkpoint()
                self._upload(file_id, run)
            except TransportError as error:
                run.problem = error.user_message
                run.waiting = queued[position:]
                return run
        return run

    def _upload(self, file_id: str, run: BlobRun) -> None:
        with UnitOfWork(self._engine, read_only=True) as uow:
            entry = uow.attachments.get(file_id)
        if entry is None:  # removed locally (purged client, deleted attachment)
            self._forget(file_id)
            return
        status = self._transport.blob_status(entry.sha256)
        offset = status.received
        if status.size is None:
            for piece in self._pieces(entry, offset):
                offset = self._transport.upload_blob(entry.sha256, offset, piece)
                run.bytes_sent += len(piece)
                self._tracker.bytes(up=len(piece))
        self._transport.link_attachment(_link(entry))
        self._forget(file_id)
        run.uploaded.append(file_id)

    def _pieces(self, entry: AttachmentEntry, offset: int) -> Iterator[bytes]:
        """The plaintext from ``offset`` on, in pieces of at most ``chunk`` bytes."""
        position = 0
        for block in self._files.iter_plaintext(
            uuid.UUID(entry.file_id), client_id=entry.client_id
        ):
            start, position = position, position + len(block)
            if position <= offset:
                continue
            rest = block[max(0, offset - start) :]
            for at in range(0, len(rest), self._chunk):
                yield rest[at : at + self._chunk]

    def _forget(self, file_id: str) -> None:
        with UnitOfWork(self._engine) as uow:
            _dequeue(uow, file_id)
            uow.commit()

    def download(self, entry: AttachmentEntry) -> None:
        """Fetch a file another laptop attached, encrypt it here, index it.

        Raises the transport's errors; a cut download starts again from the first byte.
        """
        received = bytearray()
        while len(received) < entry.size:
            self._tracker.checkpoint()
            piece = self._transport.download_blob(
                entry.sha256, len(received), min(self._chunk, entry.size - len(received))
            )
            if not piece:
                raise AttachmentCorrupt(f"attachment {entry.file_id} ended early on the server")
            received += piece
            self._tracker.bytes(down=len(piece))
        stored = self._files.put_stream(
            io.BytesIO(received), client_id=entry.client_id, file_id=uuid.UUID(entry.file_id)
        )
        if stored.sha256 != entry.sha256:
            self._files.delete(stored.file_id)
            raise AttachmentCorrupt(f"attachment {entry.file_id} does not match its hash")
        with UnitOfWork(self._engine) as uow:
            uow.attachments.put(
                AttachmentEntry(
                    file_id=str(stored.file_id),
                    client_id=entry.client_id,
                    record_id=entry.record_id,
                    name=entry.name,
                    mime=entry.mime,
                    size=entry.size,
                    sha256=entry.sha256,
                    created_at=entry.created_at,
                    version=entry.version,
                )
            )
            uow.commit()


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
    "AttachmentLink",
    "AttachmentNotFound",
    "AttachmentQueue",
    "BlobRun",
    "BlobStatus",
    "BlobTransport",
    "enqueue_upload",
    "queued_uploads",
]
