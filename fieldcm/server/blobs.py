"""Attachments on the server: content-addressed blobs on disk, metadata in the database.

Files (scanned IDs, signed consents) are *blobs* named by the SHA-256 of their bytes and kept
in a folder beside the database (:meth:`ServerConfig.blob_root`), never inside it, on SQLite
and PostgreSQL alike. Layout, every folder 0700 and every file 0600::

    objects/ab/abcdef...            a complete blob whose hash was checked
    incoming/<device id>/abcdef...  one device's unfinished upload of a blob

Uploading (DESIGN.md property 12): a device asks what the server holds (:func:`status`),
sends chunks at that offset (:func:`upload`) and, once the last byte is in and the bytes hash
to the blob's name, the blob moves atomically into ``objects/`` and the device is recorded as
having uploaded it (:class:`BlobUpload`). Only then may it link the blob to a client in its
caseload (:func:`link`): that writes an :class:`AttachmentRow` and a feed entry, so the other
devices of the caseload learn of the file and fetch it (:func:`open_download`, with Range).

Who may know a blob exists: a device that uploaded it, or anyone whose caseload has an
attachment with it. Everyone else is told nothing, not even that the server holds the bytes:
a status says "0 bytes received" and a download is a 404, exactly as for an unknown hash.
So deduplication never confirms to an outsider that the agency holds a given document; an
outsider who really has the file proves it by sending every byte.

Each upload is per device, so two laptops sending the same file never mix their bytes; the
partial file is truncated at the offset of each chunk, so a chunk resent after a lost answer
changes nothing. Every request is audited (one row, ids and fixed words only).

Feed entries for attachments use ``changes.type = "attachment"`` with the file id in
``record_id`` (the column holds any record-like id; readers switch on ``type``).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Final

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from fieldcm.server.audit import AuditEntry
from fieldcm.server.authz import Principal, scope_of
from fieldcm.server.clock import utcnow
from fieldcm.server.db import Database
from fieldcm.server.errors import (
    NOT_FOUND_MESSAGE,
    BadRequest,
    Conflict,
    NotFound,
    PayloadTooLarge,
    ServerError,
    Unavailable,
)
from fieldcm.server.feedlog import FeedEntry
from fieldcm.server.models import AttachmentRow, BlobUpload, RecordRow
from fieldcm.sync.protocol import (
    BLOB_INCOMPLETE,
    HASH_MISMATCH,
    WRONG_OFFSET,
    AttachmentLink,
    AttachmentPayload,
    BlobReceipt,
    BlobStatus,
    Change,
)

EMPTY_SHA256: Final = hashlib.sha256(b"").hexdigest()
"""The empty file: always complete, and knowing it reveals nothing."""
MAX_OPEN_UPLOADS: Final = 32
"""Unfinished uploads one device may hold at once (a bound on what it can park on disk)."""
FEED_TYPE: Final = "attachment"
STORAGE_MESSAGE: Final = "The server cannot store files right now; try again later."
_READ_PIECE: Final = 64 * 1024
_SHA_RE: Final = re.compile(r"^[0-9a-f]{64}$")
_DEVICE_RE: Final = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_RANGE_RE: Final = re.compile(r"^bytes=(\d*)-(\d*)$")

log = logging.getLogger("fieldcm.server")


class WrongOffset(Conflict):
    """A chunk that would leave a gap: the device must resume at ``received``."""

    def __init__(self, received: int, audit: tuple[AuditEntry, ...] = ()) -> None:
        super().__init__(
            f"The server holds {received} bytes of this file; send the next chunk from there.",
            code=WRONG_OFFSET,
            detail={"received": received},
            audit=audit,
        )


class RangeNotSatisfiable(ServerError):
    status = 416
    default_code = "range_not_satisfiable"


# ---- the files ---------------------------------------------------------------------------


class BlobStore:
    """The blob folder. Knows nothing of people: callers decide who may see what."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def object_path(self, sha256: str) -> Path:
        return self.root / "objects" / _sha(sha256)[:2] / sha256

    def partial_path(self, device_id: str, sha256: str) -> Path:
        if not _DEVICE_RE.match(device_id):
            raise ValueError("a device id is a lowercase UUID")
        return self.root / "incoming" / device_id / _sha(sha256)

    def complete_size(self, sha256: str) -> int | None:
        """The size of a complete blob, or None when the server does not hold all of it."""
        if sha256 == EMPTY_SHA256:
            return 0
        try:
            return self.object_path(sha256).stat().st_size
        except FileNotFoundError:
            return None

    def received(self, device_id: str, sha256: str) -> int:
        try:
            return self.partial_path(device_id, sha256).stat().st_size
        except FileNotFoundError:
            return 0

    def open_uploads(self, device_id: str) -> int:
        folder = self.partial_path(device_id, EMPTY_SHA256).parent
        try:
            return sum(1 for _ in folder.iterdir())
        except FileNotFoundError:
            return 0

    def write_chunk(self, device_id: str, sha256: str, offset: int, data: bytes) -> int:
        """Write ``data`` at ``offset`` of the device's upload, dropping anything after it.

        Raises :class:`WrongOffset` when ``offset`` is past what is held (a gap).
        """
        path = self.partial_path(device_id, sha256)
        held = self.received(device_id, sha256)
        if offset > held:
            raise WrongOffset(held)
        _private_dir(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            os.ftruncate(fd, offset)
            os.lseek(fd, offset, os.SEEK_SET)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        return offset + len(data)

    def finish(self, device_id: str, sha256: str) -> bool:
        """Publish the device's upload if its bytes hash to ``sha256``; drop it either way."""
        partial = self.partial_path(device_id, sha256)
        if _file_sha256(partial) != sha256:
            partial.unlink(missing_ok=True)
            return False
        target = self.object_path(sha256)
        if target.exists():  # someone else's upload of the same bytes got there first
            partial.unlink(missing_ok=True)
            return True
        _private_dir(target.parent)
        os.replace(partial, target)  # atomic: a blob is whole or absent
        _fsync_dir(target.parent)
        return True

    def read(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        """Bytes ``start`` to ``end`` (exclusive) of a complete blob, in pieces."""
        if end <= start:
            return
        with self.object_path(sha256).open("rb") as handle:
            handle.seek(start)
            left = end - start
            while left > 0:
                piece = handle.read(min(_READ_PIECE, left))
                if not piece:
                    return
                left -= len(piece)
                yield piece

    def stale_partials(self, older_than: float) -> list[Path]:
        return _old_files(self.root / "incoming", older_than)

    def stale_objects(self, older_than: float) -> list[tuple[str, Path]]:
        return [(p.name, p) for p in _old_files(self.root / "objects", older_than)]

    def copy_objects(self, target: Path) -> int:
        """Copy every complete blob into ``target`` (a new folder); returns how many.

        Blobs never change once written, so a copy taken after the database backup holds
        every blob that backup refers to.
        """
        if target.exists():
            raise FileExistsError(target)
        _private_dir(target)
        copied = 0
        source = self.root / "objects"
        for path in sorted(source.glob("*/*")) if source.exists() else []:
            if not _SHA_RE.match(path.name):
                continue
            destination = target / path.parent.name / path.name
            _private_dir(destination.parent)
            shutil.copyfile(path, destination)
            os.chmod(destination, 0o600)
            copied += 1
        return copied


def _sha(sha256: str) -> str:
    if not _SHA_RE.match(sha256):
        raise ValueError("a blob name is a lowercase hex SHA-256")
    return sha256


def _private_dir(path: Path) -> None:
    """Create ``path`` and any missing parents as 0700 (``mkdir(parents=True)`` would give
    the parents the default mode)."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=0o700)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not every platform can fsync a folder
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _file_sha256(path: Path) -> str | None:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while piece := handle.read(1024 * 1024):
                digest.update(piece)
    except FileNotFoundError:
        return None
    return digest.hexdigest()


def _old_files(folder: Path, older_than: float) -> list[Path]:
    if not folder.exists():
        return []
    cutoff = time.time() - older_than
    old = []
    for path in folder.glob("*/*"):
        with contextlib.suppress(FileNotFoundError):
            if path.is_file() and path.stat().st_mtime < cutoff:
                old.append(path)
    return old


# ---- who may see a blob ----------------------------------------------------------------


@dataclass(frozen=True)
class BlobLimits:
    chunk_size: int
    max_size: int


def _visible_client(session: Session, who: Principal, sha256: str) -> str | None:
    """A client in the caller's caseload with an attachment of this blob, if any."""
    scope = scope_of(session, who)
    if not scope:
        return None
    query = (
        select(AttachmentRow.client_id)
        .where(AttachmentRow.sha256 == sha256, AttachmentRow.client_id.in_(sorted(scope)))
        .order_by(AttachmentRow.client_id)
        .limit(1)
    )
    return session.scalar(query)


def _uploaded_by_device(session: Session, who: Principal, sha256: str) -> bool:
    if who.device_id is None:
        return False
    return session.get(BlobUpload, (sha256, who.device_id)) is not None


def _may_see(session: Session, who: Principal, sha256: str) -> tuple[bool, str | None]:
    """(visible, a client id to audit it under)."""
    client_id = _visible_client(session, who, sha256)
    if client_id is not None:
        return True, client_id
    return sha256 == EMPTY_SHA256 or _uploaded_by_device(session, who, sha256), None


def _entry(who: Principal, action: str, outcome: str, client_id: str | None) -> AuditEntry:
    return AuditEntry(
        action, outcome, user_id=who.user_id, device_id=who.device_id, client_id=client_id
    )


def _device(who: Principal) -> str:
    if who.device_id is None:  # every token belongs to a device; a guard, not a path
        raise BadRequest("Attachments travel from enrolled devices only.")
    return who.device_id


# ---- the endpoints' work -----------------------------------------------------------------


def status(
    db: Database, store: BlobStore, limits: BlobLimits, *, who: Principal, sha256: str
) -> BlobStatus:
    """What the caller may know of a blob: complete (with size), or its own upload's offset."""
    device = _device(who)
    with db.write() as uow:
        visible, client_id = _may_see(uow.session, who, sha256)
        size = store.complete_size(sha256) if visible else None
        uow.audit.append(_entry(who, "blob_status", "ok", client_id))
    received = size if size is not None else store.received(device, sha256)
    return BlobStatus(
        sha256=sha256,
        size=size,
        received=received,
        chunk_size=limits.chunk_size,
        max_size=limits.max_size,
    )


@dataclass(frozen=True)
class Chunk:
    """One PUT: ``data`` at ``offset`` of the file named ``sha256``, ``size`` bytes in all."""

    sha256: str
    offset: int
    size: int
    data: bytes

    @property
    def end(self) -> int:
        return self.offset + len(self.data)


def upload(
    db: Database, store: BlobStore, limits: BlobLimits, *, who: Principal, chunk: Chunk
) -> BlobReceipt:
    """Store one chunk; on the last one, check the hash and publish the blob."""
    device, sha256, size = _device(who), chunk.sha256, chunk.size
    refused = _upload_refusal(store, limits, who, chunk)
    if refused is not None:
        _audit_now(db, refused.audit)
        refused.audit = ()
        raise refused
    with db.read() as session:
        already = _may_see(session, who, sha256)[0] and store.complete_size(sha256) == size
    if already:  # a resend after the blob was finished: nothing to do
        _audit_now(db, [_entry(who, "blob_upload", "ok", None)])
        return BlobReceipt(sha256=sha256, received=size, complete=True)
    try:
        received = store.write_chunk(device, sha256, chunk.offset, chunk.data)
        complete = received >= size and store.finish(device, sha256)
    except WrongOffset as wrong:
        _audit_now(db, [_entry(who, "blob_upload", "wrong_offset", None)])
        raise wrong from None
    except OSError as exc:  # a full or read-only disk: the environment's fault, not ours
        log.error("cannot write an attachment file under %s: %s", store.root, exc.strerror)
        raise Unavailable(STORAGE_MESSAGE) from exc
    if received < size:
        _audit_now(db, [_entry(who, "blob_upload", "ok", None)])
        return BlobReceipt(sha256=sha256, received=received)
    if not complete:
        _audit_now(db, [_entry(who, "blob_upload", "hash_mismatch", None)])
        raise BadRequest(
            "The file's bytes do not match its SHA-256; the upload was discarded. "
            "Send it again from the start.",
            code=HASH_MISMATCH,
        )
    with db.write() as uow:
        if uow.session.get(BlobUpload, (sha256, device)) is None:
            uow.session.add(
                BlobUpload(
                    sha256=sha256,
                    device_id=device,
                    user_id=who.user_id,
                    size=size,
                    created_at=utcnow(),
                )
            )
        uow.audit.append(_entry(who, "blob_upload", "complete", None))
    return BlobReceipt(sha256=sha256, received=size, complete=True)


def _upload_refusal(
    store: BlobStore, limits: BlobLimits, who: Principal, chunk: Chunk
) -> ServerError | None:
    def refusal(kind: type[ServerError], outcome: str, message: str, code: str) -> ServerError:
        return kind(message, code=code, audit=[_entry(who, "blob_upload", outcome, None)])

    if chunk.size > limits.max_size:
        return refusal(
            PayloadTooLarge,
            "too_large",
            f"Attachments may be at most {limits.max_size} bytes; this one has {chunk.size}.",
            "attachment_too_large",
        )
    if len(chunk.data) > limits.chunk_size:
        return refusal(
            PayloadTooLarge,
            "too_large",
            f"Send at most {limits.chunk_size} bytes per request.",
            "chunk_too_large",
        )
    if chunk.end > chunk.size:
        return refusal(
            BadRequest, "bad_range", "This chunk ends past the size of the file.", "bad_range"
        )
    if not chunk.data and chunk.offset < chunk.size:
        return refusal(BadRequest, "bad_range", "The chunk is empty.", "empty_chunk")
    device = _device(who)
    if (
        chunk.offset == 0
        and store.received(device, chunk.sha256) == 0
        and store.open_uploads(device) >= MAX_OPEN_UPLOADS
    ):
        return refusal(
            Conflict,
            "too_many_uploads",
            f"This device already has {MAX_OPEN_UPLOADS} unfinished uploads; finish those first.",
            "too_many_uploads",
        )
    return None


def _audit_now(db: Database, entries: tuple[AuditEntry, ...] | list[AuditEntry]) -> None:
    with db.write() as uow:
        uow.audit.extend(entries)


@dataclass(frozen=True)
class Download:
    start: int
    end: int
    """Exclusive."""
    total: int
    partial: bool
    """Answer 206 (a Range was asked for) rather than 200."""
    body: Iterator[bytes]


def open_download(
    db: Database, store: BlobStore, *, who: Principal, sha256: str, range_header: str | None
) -> Download:
    """Bytes of a blob the caller may see (404 otherwise, as for an unknown blob)."""
    with db.write() as uow:
        visible, client_id = _may_see(uow.session, who, sha256)
        total = store.complete_size(sha256) if visible else None
        if total is None:
            raise NotFound(
                NOT_FOUND_MESSAGE, audit=[_entry(who, "blob_download", "not_found", client_id)]
            )
        try:
            start, end = _parse_range(range_header, total)
        except ServerError as bad:
            bad.audit = (_entry(who, "blob_download", "bad_range", client_id),)
            raise
        uow.audit.append(_entry(who, "blob_download", "ok", client_id))
    return Download(start, end, total, range_header is not None, store.read(sha256, start, end))


def _parse_range(header: str | None, total: int) -> tuple[int, int]:
    """``bytes=a-b``, ``bytes=a-`` or ``bytes=-n`` as [start, end); the whole blob without."""
    if header is None:
        return 0, total
    match = _RANGE_RE.match(header.strip())
    if match is None or match.groups() == ("", ""):
        raise BadRequest("Ask for one range, as Range: bytes=START-END.", code="bad_range")
    first, last = match.groups()
    if first == "":
        start, end = max(0, total - int(last)), total
    else:
        start = int(first)
        end = total if last == "" else min(int(last) + 1, total)
        if last != "" and int(last) < start:
            raise BadRequest("The range ends before it starts.", code="bad_range")
    if start >= total and not (total == 0 and start == 0):
        raise RangeNotSatisfiable(
            f"The file has {total} bytes; the range starts past its end.",
            detail={"size": total},
        )
    return start, end


def link(
    db: Database, store: BlobStore, *, who: Principal, body: AttachmentLink
) -> AttachmentPayload:
    """Link a complete blob the caller may see to a client in its caseload; publish it."""
    device = _device(who)

    def entry(outcome: str) -> list[AuditEntry]:
        return [_entry(who, "attachment_link", outcome, body.client_id)]

    with db.write() as uow:
        session = uow.session
        scope = scope_of(session, who)
        if body.client_id not in scope:
            raise NotFound(NOT_FOUND_MESSAGE, audit=entry("not_found"))
        existing = session.get(AttachmentRow, body.file_id)
        if existing is not None:
            if existing.client_id not in scope:
                raise NotFound(NOT_FOUND_MESSAGE, audit=entry("not_found"))
            if _same(existing, body):  # a resend after a lost answer
                uow.audit.extend(entry("ok"))
                return payload(existing)
            raise Conflict(
                "This attachment id already names another file.",
                code="attachment_exists",
                audit=entry("conflict"),
            )
        visible, _ = _may_see(session, who, body.sha256)
        size = store.complete_size(body.sha256) if visible else None
        if size is None:
            raise Conflict(
                "The server does not have the whole file yet; finish the upload first.",
                code=BLOB_INCOMPLETE,
                detail={"received": store.received(device, body.sha256)},
                audit=entry("incomplete"),
            )
        if size != body.size:
            raise BadRequest(
                f"The file has {size} bytes, not {body.size}.",
                code="size_mismatch",
                audit=entry("bad_request"),
            )
        if body.record_id is not None:
            record = session.get(RecordRow, body.record_id)
            if record is not None and record.client_id != body.client_id:
                raise NotFound(NOT_FOUND_MESSAGE, audit=entry("not_found"))
        row = AttachmentRow(
            file_id=body.file_id,
            client_id=body.client_id,
            record_id=body.record_id,
            name=body.name,
            mime=body.mime,
            size=body.size,
            sha256=body.sha256,
            uploaded_by=who.user_id,
            device_id=device,
            created_at=utcnow(),
        )
        session.add(row)
        uow.feed.append(
            FeedEntry(FEED_TYPE, client_id=body.client_id, record_id=body.file_id, kind=FEED_TYPE)
        )
        uow.audit.extend(entry("ok"))
    return payload(row)


def _same(row: AttachmentRow, body: AttachmentLink) -> bool:
    return (row.sha256, row.client_id, row.record_id, row.name, row.mime, row.size) == (
        body.sha256,
        body.client_id,
        body.record_id,
        body.name,
        body.mime,
        body.size,
    )


# ---- the feed --------------------------------------------------------------------------


def payload(row: AttachmentRow) -> AttachmentPayload:
    return AttachmentPayload(
        file_id=row.file_id,
        sha256=row.sha256,
        client_id=row.client_id,
        record_id=row.record_id,
        name=row.name,
        mime=row.mime,
        size=row.size,
        uploaded_by=row.uploaded_by,
        created_at=row.created_at,
    )


def change(row: AttachmentRow) -> Change:
    return Change(type="attachment", attachment=payload(row))


def load(session: Session, file_ids: list[str]) -> dict[str, AttachmentRow]:
    """The attachments named by feed rows, by file id."""
    if not file_ids:
        return {}
    rows = session.scalars(select(AttachmentRow).where(AttachmentRow.file_id.in_(file_ids)))
    return {row.file_id: row for row in rows}


def backfill_items(
    session: Session, added: list[str], partial: tuple[str, str] | None, room: int
) -> list[tuple[str, str, AttachmentRow]]:
    """A newly visible client's attachments for the feed's backfill, keyed ``a:<file id>``.

    Within one client they sort before its records (``r:``) and conflicts (``x:``), so a
    backfill stopped inside them (``partial`` kind ``a``) resumes after the last one sent,
    and one stopped later skips them.
    """
    query = select(AttachmentRow).where(AttachmentRow.client_id.in_(added))
    if partial is not None and partial[0] in added:
        kind, _, after = partial[1].partition(":")
        if kind == "a":
            query = query.where(
                or_(AttachmentRow.client_id != partial[0], AttachmentRow.file_id > after)
            )
        else:
            query = query.where(AttachmentRow.client_id != partial[0])
    query = query.order_by(AttachmentRow.client_id, AttachmentRow.file_id).limit(room + 1)
    return [(row.client_id, f"a:{row.file_id}", row) for row in session.scalars(query)]


# ---- housekeeping ----------------------------------------------------------------------


@dataclass(frozen=True)
class Cleanup:
    partials: int = 0
    objects: int = 0
    claims: int = 0


def cleanup_partials(store: BlobStore, *, older_than: float) -> int:
    """Remove unfinished uploads untouched for ``older_than`` seconds (safe at start-up)."""
    removed = 0
    for path in store.stale_partials(older_than):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed += 1
    incoming = store.root / "incoming"
    if incoming.exists():
        for folder in incoming.iterdir():
            with contextlib.suppress(OSError):
                folder.rmdir()  # only empty ones go
    return removed


def cleanup(db: Database, store: BlobStore, *, older_than: float) -> Cleanup:
    """Unfinished uploads, blobs no attachment uses, and upload records, all older than
    ``older_than`` seconds. A device that uploaded a blob and never linked it uploads again."""
    partials = cleanup_partials(store, older_than=older_than)
    with db.read() as session:
        linked = set(session.scalars(select(AttachmentRow.sha256).distinct()))
    objects = 0
    for sha256, path in store.stale_objects(older_than):
        if sha256 not in linked:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                objects += 1
    cutoff = utcnow() - timedelta(seconds=older_than)
    with db.write() as uow:
        claims = uow.session.execute(delete(BlobUpload).where(BlobUpload.created_at < cutoff))
    return Cleanup(
        partials=partials, objects=objects, claims=int(getattr(claims, "rowcount", 0) or 0)
    )
