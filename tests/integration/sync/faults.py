"""A fault-injecting HTTP-aware TCP proxy between a laptop and the real server.

The proxy relays each request on its own upstream connection and can, per request:

    DROP_REQUEST    swallow the request and hang up: the server never sees it
    DROP_ANSWER     let the server answer (and commit), then hang up before any byte of
                    the answer reaches the laptop
    CUT_ANSWER      pass half of the answer, then hang up
    STALL           let the server answer, send nothing, hold the line until the laptop
                    gives up (its read timeout) or the test releases it
    BAD_GATEWAY     answer 502 itself, as a broken load balancer would

Which requests fail is decided by a :class:`Plan`: fixed ("the 2nd pull") or seeded random.
The proxy counts what the *server* was asked, so a test can tell how many pages were
produced more than once.
"""

from __future__ import annotations

import contextlib
import random
import socket
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from urllib.parse import parse_qs, urlsplit

from tests.integration.server_harness import LOOPBACK

IO_TIMEOUT_S = 30.0


class Fault(StrEnum):
    DROP_REQUEST = "drop_request"
    DROP_ANSWER = "drop_answer"
    CUT_ANSWER = "cut_answer"
    STALL = "stall"
    BAD_GATEWAY = "bad_gateway"


@dataclass(frozen=True)
class Request:
    method: str
    target: str
    raw: bytes

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def cursor(self) -> str | None:
        values = parse_qs(urlsplit(self.target).query).get("cursor")
        return values[0] if values else None


Plan = Callable[[Request, int], Fault | None]
"""``plan(request, n)``: the fault for the n-th request (0-based) to this path, or None."""


def at(path: str, occurrences: dict[int, Fault]) -> Plan:
    """Fail the given occurrences of requests to ``path``."""

    def plan(request: Request, n: int) -> Fault | None:
        return occurrences.get(n) if request.path == path else None

    return plan


def seeded(
    seed: int, rate: float, *, budget: int, faults: tuple[Fault, ...] = tuple(Fault)
) -> Plan:
    """Random faults on the sync endpoints, at most ``budget`` of them."""
    rng = random.Random(seed)
    left = [budget]
    paths = ("/v1/changes", "/v1/push", "/v1/digest", "/v1/records/fetch")

    def plan(request: Request, _n: int) -> Fault | None:
        if request.path not in paths or left[0] <= 0 or rng.random() >= rate:
            return None
        left[0] -= 1
        return rng.choice(faults)

    return plan


def no_faults(_request: Request, _n: int) -> Fault | None:
    return None


@dataclass
class Tally:
    """What happened, as the server saw it."""

    served: Counter[str] = field(default_factory=Counter)
    page_cursors: list[str | None] = field(default_factory=list)
    """The cursor of every pull the server answered, in order."""
    injected: list[tuple[str, Fault]] = field(default_factory=list)

    def pull_cuts(self) -> int:
        """Faults on pulls the server had already answered (the page was produced)."""
        return sum(
            1
            for path, f in self.injected
            if path == "/v1/changes" and f not in (Fault.DROP_REQUEST, Fault.BAD_GATEWAY)
        )

    def pages_served_again(self) -> int:
        counts = Counter(self.page_cursors)
        return sum(n - 1 for n in counts.values())


class FaultProxy:
    """``with FaultProxy(upstream_port, plan) as proxy: ... proxy.url``"""

    def __init__(self, upstream_port: int, plan: Plan = no_faults) -> None:
        self.upstream_port = upstream_port
        self.plan = plan
        self.tally = Tally()
        self.stalling = threading.Event()
        """Set while a STALL holds a line (tests wait for it)."""
        self.release = threading.Event()
        """Set to let every held STALL hang up."""
        self._seen: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._listener = socket.create_server((LOOPBACK, 0))
        self.port = self._listener.getsockname()[1]
        self._closed = False
        self._threads: list[threading.Thread] = []

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def __enter__(self) -> FaultProxy:
        thread = threading.Thread(target=self._accept, daemon=True)
        thread.start()
        self._threads.append(thread)
        return self

    def __exit__(self, *_: object) -> None:
        self._closed = True
        self.release.set()
        with contextlib.suppress(OSError):
            self._listener.close()

    # ---- relaying -----------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            thread.start()

    def _serve(self, client: socket.socket) -> None:
        client.settimeout(IO_TIMEOUT_S)
        with client:
            reader = _Reader(client)
            while not self._closed:
                try:
                    request = reader.request()
                except (OSError, EOFError):
                    return
                if request is None or not self._one(client, request):
                    return

    def _one(self, client: socket.socket, request: Request) -> bool:
        """Relay one exchange; False when the line to the laptop was hung up."""
        with self._lock:
            n = self._seen[request.path]
            self._seen[request.path] += 1
            fault = self.plan(request, n)
            if fault is not None:
                self.tally.injected.append((request.path, fault))
        if fault is Fault.DROP_REQUEST:
            return False
        if fault is Fault.BAD_GATEWAY:
            client.sendall(_BAD_GATEWAY)
            return True
        answer = self._upstream(request)
        if answer is None:
            return False
        if fault is None:
            client.sendall(answer)
            return True
        if fault is Fault.CUT_ANSWER:
            client.sendall(answer[: len(answer) // 2])
        elif fault is Fault.STALL:
            self.stalling.set()
            with contextlib.suppress(OSError):
                client.settimeout(IO_TIMEOUT_S)
                # Held until the laptop hangs up (read timeout) or the test releases it.
                while not self.release.is_set():
                    client.settimeout(0.2)
                    try:
                        if client.recv(1) == b"":
                            break
                    except TimeoutError:
                        continue
            self.stalling.clear()
        return False

    def _upstream(self, request: Request) -> bytes | None:
        try:
            with socket.create_connection(
                (LOOPBACK, self.upstream_port), timeout=IO_TIMEOUT_S
            ) as up:
                up.sendall(request.raw)
                answer = _Reader(up).response()
        except (OSError, EOFError):
            return None
        with self._lock:
            self.tally.served[request.path] += 1
            if request.path == "/v1/changes":
                self.tally.page_cursors.append(request.cursor)
        return answer


_BAD_GATEWAY = (
    b"HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nBad Gateway"
)


class _Reader:
    """Reads whole HTTP/1.1 messages (Content-Length or chunked bodies) off a socket."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._buffer = b""

    def request(self) -> Request | None:
        head = self._head()
        if head is None:
            return None
        method, target, _ = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
        raw = head + self._body(head)
        # One request per upstream connection: ask the server to close it afterwards.
        raw = _force_close(raw)
        return Request(method, target, raw)

    def response(self) -> bytes:
        head = self._head()
        if head is None:
            raise EOFError("no response")
        return head + self._body(head)

    def _head(self) -> bytes | None:
        while b"\r\n\r\n" not in self._buffer:
            chunk = self._sock.recv(65536)
            if not chunk:
                if self._buffer:
                    raise EOFError("connection closed mid-headers")
                return None
            self._buffer += chunk
        head, self._buffer = self._buffer.split(b"\r\n\r\n", 1)
        return head + b"\r\n\r\n"

    def _body(self, head: bytes) -> bytes:
        headers = _headers(head)
        if "content-length" in headers:
            return self._exactly(int(headers["content-length"]))
        if headers.get("transfer-encoding", "").lower() == "chunked":
            return self._chunked()
        return b""

    def _exactly(self, size: int) -> bytes:
        while len(self._buffer) < size:
            chunk = self._sock.recv(65536)
            if not chunk:
                raise EOFError("connection closed mid-body")
            self._buffer += chunk
        body, self._buffer = self._buffer[:size], self._buffer[size:]
        return body

    def _chunked(self) -> bytes:
        out = b""
        while True:
            while b"\r\n" not in self._buffer:
                chunk = self._sock.recv(65536)
                if not chunk:
                    raise EOFError("connection closed mid-chunk")
                self._buffer += chunk
            line, rest = self._buffer.split(b"\r\n", 1)
            size = int(line.split(b";")[0], 16)
            self._buffer = rest
            data = self._exactly(size + 2)
            out += line + b"\r\n" + data
            if size == 0:
                return out


def _headers(head: bytes) -> dict[str, str]:
    lines = head.decode("latin-1").split("\r\n")[1:]
    out: dict[str, str] = {}
    for line in lines:
        if ":" in line:
            name, value = line.split(":", 1)
            out[name.strip().lower()] = value.strip()
    return out


def _force_close(raw: bytes) -> bytes:
    head, body = raw.split(b"\r\n\r\n", 1)
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"connection:")]
    return b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body
