"""Request body limits, measured again after gzip decompression (DESIGN.md property 14).

A pure ASGI middleware: it reads the body once (at most ``max_bytes`` on the wire), inflates
``Content-Encoding: gzip`` bodies with an output cap (a 10 MB "zip bomb" of zeros is refused
after ``max_bytes`` of output, not after filling memory), and hands the route the plain body.
Other encodings are refused with 415. Responses are compressed by Starlette's GZipMiddleware.
"""

from __future__ import annotations

import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from fieldcm.server.api.responses import error_response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _Refused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def inflate_gzip(data: bytes, *, max_bytes: int) -> bytes:
    """Decompress one or more gzip members, refusing output above ``max_bytes``."""
    out = bytearray()
    try:
        while data:
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out += inflater.decompress(data, max_bytes + 1 - len(out))
            if len(out) > max_bytes or inflater.unconsumed_tail:
                raise _Refused(413, "too_large", _too_large(max_bytes, "after decompression"))
            if not inflater.eof:
                raise _Refused(400, "bad_encoding", "The gzip body is truncated.")
            data = inflater.unused_data
    except zlib.error as exc:
        raise _Refused(400, "bad_encoding", "The body is not valid gzip data.") from exc
    return bytes(out)


def _too_large(max_bytes: int, when: str) -> str:
    return f"The request body is larger than the {max_bytes // (1024 * 1024)} MB limit {when}."


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            scope, body = await self._read(scope, receive)
        except _Refused as refused:
            response = error_response(refused.status, refused.code, refused.message)
            await response(scope, receive, send)
            return
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read(self, scope: Scope, receive: Receive) -> tuple[Scope, bytes]:
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        encoding = headers.get(b"content-encoding", b"identity").decode("latin-1").strip().lower()
        if encoding not in ("", "identity", "gzip"):
            raise _Refused(
                415, "unsupported_encoding", "Send the body plain or gzip-compressed only."
            )
        length = headers.get(b"content-length", b"").decode("latin-1").strip()
        if length.isdigit() and int(length) > self.max_bytes:
            raise _Refused(413, "too_large", _too_large(self.max_bytes, "as sent"))
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                raise _Refused(413, "too_large", _too_large(self.max_bytes, "as sent"))
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if encoding == "gzip":
            body = inflate_gzip(body, max_bytes=self.max_bytes)
            kept = [
                (k, v)
                for k, v in scope.get("headers", [])
                if k.lower() not in (b"content-encoding", b"content-length")
            ]
            scope = dict(scope)
            scope["headers"] = [*kept, (b"content-length", str(len(body)).encode())]
        return scope, body
