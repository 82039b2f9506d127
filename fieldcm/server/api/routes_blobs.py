"""The attachment endpoints: blob status, chunked upload, ranged download, link to a client.

The work (and who may see what) is in :mod:`fieldcm.server.blobs`; this module only turns
HTTP into calls. Chunks travel as raw ``application/octet-stream`` bodies, at most the
server's chunk size each, so the body limit of every other endpoint applies unchanged.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from starlette.responses import Response, StreamingResponse

from fieldcm.server import blobs
from fieldcm.server.api import responses
from fieldcm.server.api.deps import CurrentDevice, ServerState, StateDep
from fieldcm.server.errors import NOT_FOUND_MESSAGE, NotFound, Unsupported
from fieldcm.sync.protocol import (
    BLOB_OCTETS,
    AttachmentLink,
    AttachmentPayload,
    BlobReceipt,
    BlobStatus,
    ErrorBody,
)

router = APIRouter(prefix="/v1", tags=["attachments"])

ShaPath = Annotated[
    str,
    Path(
        pattern=r"^[0-9a-f]{64}$",
        min_length=64,
        max_length=64,
        description="Lowercase hex SHA-256 of the file's bytes",
    ),
]
_BINARY: dict[str, Any] = {BLOB_OCTETS: {"schema": {"type": "string", "format": "binary"}}}
_ERROR = {"model": ErrorBody}


def _limits(state: ServerState) -> blobs.BlobLimits:
    return blobs.BlobLimits(
        chunk_size=state.config.blob_chunk_bytes, max_size=state.config.max_attachment_bytes
    )


def _store(state: ServerState) -> blobs.BlobStore:
    return blobs.BlobStore(state.config.blob_root())


async def _chunk(request: Request) -> bytes:
    """The raw chunk (already size-checked, and inflated if gzip, by BodyLimitMiddleware)."""
    content_type = request.headers.get("content-type", BLOB_OCTETS)
    if content_type.split(";")[0].strip().lower() != BLOB_OCTETS:
        raise Unsupported(f"Send file chunks as {BLOB_OCTETS}.", code="unsupported_media")
    return await request.body()


ChunkBody = Annotated[bytes, Depends(_chunk)]


@router.get("/blobs/{sha256}/status", response_model=BlobStatus, responses=responses.AUTHED)
def blob_status(sha256: ShaPath, state: StateDep, who: CurrentDevice) -> BlobStatus:
    """How much of a file the server holds for the caller: the offset to resume an upload."""
    return blobs.status(state.db, _store(state), _limits(state), who=who, sha256=sha256)


@router.put(
    "/blobs/{sha256}",
    response_model=BlobReceipt,
    responses={**responses.AUTHED_CONFLICT, 415: _ERROR},
    openapi_extra={"requestBody": {"required": True, "content": _BINARY}},
)
def upload_chunk(
    sha256: ShaPath,
    *,
    state: StateDep,
    who: CurrentDevice,
    data: ChunkBody,
    offset: Annotated[int, Query(ge=0, le=2**53, description="Where this chunk starts")],
    size: Annotated[int, Query(ge=0, le=2**53, description="The whole file's size")],
) -> BlobReceipt:
    """Store one chunk at ``offset``; 409 ``wrong_offset`` (with the server's offset) for a gap.

    The chunk that completes the file is checked against its SHA-256 before the file
    becomes visible (400 ``hash_mismatch`` discards it otherwise).
    """
    chunk = blobs.Chunk(sha256=sha256, offset=offset, size=size, data=data)
    return blobs.upload(state.db, _store(state), _limits(state), who=who, chunk=chunk)


@router.get(
    "/blobs/{sha256}",
    response_class=Response,
    responses={
        200: {"content": _BINARY, "description": "The whole file"},
        206: {"content": _BINARY, "description": "The range asked for"},
        **responses.AUTHED_ITEM,
        416: _ERROR,
    },
)
def download_blob(
    sha256: ShaPath,
    state: StateDep,
    who: CurrentDevice,
    range_header: Annotated[str | None, Header(alias="Range", max_length=100)] = None,
) -> Response:
    """A file in the caller's caseload (404 otherwise), whole or one ``Range: bytes=a-b``."""
    download = blobs.open_download(
        state.db, _store(state), who=who, sha256=sha256, range_header=range_header
    )
    headers = {
        "Accept-Ranges": "bytes",
        "Content-Length": str(download.end - download.start),
        "Cache-Control": "no-store",
        "ETag": f'"{sha256}"',
    }
    if download.partial:
        last = max(download.start, download.end - 1)
        headers["Content-Range"] = f"bytes {download.start}-{last}/{download.total}"
    code = 206 if download.partial else 200
    if download.end - download.start <= state.config.max_body_bytes:
        # The usual answer (one chunk of a ranged download): in one piece.
        try:
            content = b"".join(download.body)
        except FileNotFoundError:  # removed by a cleanup in the meantime
            raise NotFound(NOT_FOUND_MESSAGE) from None
        return Response(content, status_code=code, media_type=BLOB_OCTETS, headers=headers)
    # A whole large file: streamed from disk, so memory stays flat.
    return StreamingResponse(
        download.body, status_code=code, media_type=BLOB_OCTETS, headers=headers
    )


@router.post(
    "/attachments",
    response_model=AttachmentPayload,
    responses=responses.AUTHED_CONFLICT,
)
def link_attachment(body: AttachmentLink, state: StateDep, who: CurrentDevice) -> AttachmentPayload:
    """Attach a complete file to a client in the caller's caseload; other devices of the
    caseload receive it through the feed."""
    return blobs.link(state.db, _store(state), who=who, body=body)
