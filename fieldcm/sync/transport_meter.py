"""What one transport has moved: requests, and bytes on the wire each way.

Counted per HTTP exchange that got an answer (retries included): the request line, headers
and body as sent (gzipped when it was), and the status line, headers and body as received
(still compressed). Headers are counted as ``requests`` and ``http.client`` write them, minus
the few bytes ``http.client`` adds itself (``Host``): close to the wire, within a few bytes
per request. Bodies are exact. The sync benchmark's relay counts every byte; these counters
are what the app itself can show (the progress shown during a sync is built on them).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import requests

_CRLF = 2
_HEADER_GLUE = 4
"""": " between name and value, and the line's CRLF."""


@dataclass(frozen=True)
class WireCount:
    requests: int = 0
    bytes_up: int = 0
    bytes_down: int = 0

    def __sub__(self, other: WireCount) -> WireCount:
        return WireCount(
            self.requests - other.requests,
            self.bytes_up - other.bytes_up,
            self.bytes_down - other.bytes_down,
        )


class WireMeter:
    """Running totals; read :meth:`count` from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = WireCount()

    def count(self) -> WireCount:
        with self._lock:
            return self._count

    def add(self, response: requests.Response, body_read: int) -> None:
        """One answered exchange; ``body_read``: the answer's body bytes as received."""
        up, down = _request_bytes(response.request), _response_head_bytes(response) + body_read
        with self._lock:
            c = self._count
            self._count = WireCount(c.requests + 1, c.bytes_up + up, c.bytes_down + down)


def _request_bytes(request: requests.PreparedRequest) -> int:
    line = len(f"{request.method} {request.path_url} HTTP/1.1") + _CRLF
    headers = sum(len(name) + len(value) + _HEADER_GLUE for name, value in request.headers.items())
    body = request.body
    size = len(body) if isinstance(body, bytes | str) else 0
    return line + headers + _CRLF + size


def _response_head_bytes(response: requests.Response) -> int:
    line = len(f"HTTP/1.1 {response.status_code} {response.reason or ''}") + _CRLF
    headers = sum(len(name) + len(value) + _HEADER_GLUE for name, value in response.headers.items())
    return line + headers + _CRLF
