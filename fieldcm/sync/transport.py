"""The sync transport: every byte between this laptop and the agency server passes here.

Security (DESIGN.md "Security model", SECURITY.md N1, N2, D1):

* TLS is always verified: requests' CA bundle, or the agency's (``ca_bundle``), hostname
  checked, TLS >= 1.2. Optional SPKI pins with a required backup pin are checked inside the
  handshake, before the request is written (:mod:`fieldcm.sync.pinning` says how and why).
* ``http://`` only to loopback (127.0.0.0/8, ::1, ``localhost``); anything else is refused
  when the transport is built and again before each request, so no byte leaves in the clear.
  Redirects are never followed. Environment proxies, CA overrides and ``~/.netrc`` are
  ignored (``trust_env`` off) and cookies are neither kept nor sent.
* Tokens travel only in ``Authorization: Bearer``; query strings carry only the opaque
  cursor and a page size. On 401 ``token_expired`` the transport refreshes once (rotation:
  the new pair is persisted through :class:`TokenStore` before it is used) and retries once.

Errors (:mod:`fieldcm.sync.transport_errors`, re-exported here)::

    TransportError                  ``user_message`` for people, ``detail`` for the log
    ├── TransportConfigError        bad settings (a ValueError); InsecureServerURL below it
    ├── Offline                     DNS, refused, reset, timeouts, link cut mid-answer
    │   ├── UntrustedServer         certificate, hostname or pin refused; nothing sent
    │   └── ServerUnavailable       502/503/504 after the retries
    ├── RateLimited                 429 after the retries (``retry_after``)
    ├── AuthProblem                 401/403 (``code`` from the server)
    │   └── WipeRequired            ``wipe_required``: the sync engine must wipe
    ├── ServerRefused               other 4xx, with the server's message
    └── ServerBug                   5xx, redirects, non-JSON or schema-violating answers

Retries (:mod:`fieldcm.sync.transport_retry`): exponential backoff with full jitter,
honouring ``Retry-After`` on 429/503. A call is resent after the request may have reached
the server only when that is harmless: reads (pull, digest, fetch, status, settings), push
and conflict resolution (each mutation carries a mutation id the server remembers, so a
resent batch changes nothing twice), and the wipe confirmation (the server answers a repeat
with the same state). Enroll, refresh and login are resent only when the request certainly
did not arrive (no connection made) or the server said it did not act (429/503): a lost
refresh answer already spent the old refresh token, and resending it would look like token
theft and revoke the laptop.

Threads: one instance belongs to the network lane; only the token refresh is locked, so a
second caller that also saw ``token_expired`` uses the pair the first one fetched.
"""

from __future__ import annotations

import random
import re
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Protocol, TypeVar

import requests
from pydantic import BaseModel

from fieldcm.sync.protocol import (
    BLOB_OCTETS,
    PROTOCOL_VERSION,
    AgencySettings,
    AttachmentLink,
    AttachmentPayload,
    BlobReceipt,
    BlobStatus,
    ChangesPage,
    ConflictPayload,
    DeviceStatus,
    DigestRequest,
    DigestResponse,
    EnrollRequest,
    FetchRequest,
    FetchResponse,
    LoginRequest,
    LoginResponse,
    PushBatch,
    PushResponse,
    RecordPayload,
    RefreshRequest,
    ResolveConflict,
    TokenPair,
    WireModel,
)
from fieldcm.sync.transport_errors import (
    AuthProblem,
    InsecureServerURL,
    Offline,
    RateLimited,
    ServerBug,
    ServerRefused,
    ServerUnavailable,
    TransportConfigError,
    TransportError,
    UntrustedServer,
    WipeRequired,
)
from fieldcm.sync.transport_links import (
    LinkFailure,
    ca_file,
    check_server_url,
    classify_link_failure,
    is_loopback_host,
    new_session,
    tls_context,
)
from fieldcm.sync.transport_meter import WireMeter
from fieldcm.sync.transport_retry import (
    NOT_ACTED_STATUSES,
    RETRY_STATUSES,
    RetryPolicy,
    parse_retry_after,
)
from fieldcm.sync.transport_wire import (
    GZIP_THRESHOLD,
    TOKEN_EXPIRED,
    WIPE_REQUIRED,
    Answer,
    encode_body,
    parse_answer,
    read_answer,
    refusal,
    retry_after_in_body,
)

__all__ = [
    "TOKEN_EXPIRED",
    "WIPE_REQUIRED",
    "AuthProblem",
    "InMemoryTokenStore",
    "InsecureServerURL",
    "Offline",
    "RateLimited",
    "RetryPolicy",
    "ServerBug",
    "ServerRefused",
    "ServerUnavailable",
    "SyncTransport",
    "TokenStore",
    "TransportConfigError",
    "TransportError",
    "UntrustedServer",
    "WipeRequired",
    "check_server_url",
    "is_loopback_host",
]

MAX_RESPONSE_BYTES = 256 * 1024 * 1024
"""Largest decompressed answer accepted: a repair fetch of a big caseload fits, a bomb not."""
USER_AGENT = f"fieldcm-sync/{PROTOCOL_VERSION}"

ModelT = TypeVar("ModelT", bound=BaseModel)


class TokenStore(Protocol):
    """Where the device's token pair lives (the encrypted local store, in the app)."""

    def get(self) -> TokenPair | None: ...

    def set(self, pair: TokenPair) -> None:
        """Persist ``pair`` durably before returning; raise if that is not possible."""


class InMemoryTokenStore:
    """A :class:`TokenStore` for tests and scripts: nothing survives the process."""

    def __init__(self, pair: TokenPair | None = None) -> None:
        self._pair = pair

    def get(self) -> TokenPair | None:
        return self._pair

    def set(self, pair: TokenPair) -> None:
        self._pair = pair


@dataclass(frozen=True)
class _Call:
    """One endpoint call as the retry loop sees it."""

    method: str
    path: str
    body: WireModel | None = None
    params: Mapping[str, str] | None = None
    auth: bool = True
    idempotent: bool = True
    """Safe to resend after the request may have reached the server (see module docstring)."""
    raw: bytes | None = None
    """A body of raw bytes (an attachment chunk) instead of ``body``; never gzipped."""
    headers: Mapping[str, str] | None = None

    @property
    def where(self) -> str:
        # Paths hold only endpoint names and record ids: safe for logs.
        return f"{self.method} {self.path}"


class SyncTransport:
    """The client side of :mod:`fieldcm.sync.protocol`, one method per endpoint.

    Every method returns the parsed wire model or raises a :class:`TransportError`.
    ``sleeper``, ``rng`` and ``clock`` (epoch seconds, for HTTP-date ``Retry-After``) are
    injectable so backoff is testable without waiting; a sleeper that raises ends the call
    (how the sync engine cancels a wait). ``retry_policy``, when given, replaces
    ``max_retries``.
    """

    def __init__(
        self,
        base_url: str,
        *,
        token_store: TokenStore,
        ca_bundle: str | Path | None = None,
        spki_pins: Sequence[str] = (),
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        max_retries: int = 4,
        retry_policy: RetryPolicy | None = None,
        sleeper: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        clock: Callable[[], float] = time.time,
        gzip_threshold: int = GZIP_THRESHOLD,
        max_response_bytes: int = MAX_RESPONSE_BYTES,
    ) -> None:
        self._base = check_server_url(base_url)
        self._tokens = token_store
        self._timeout = (connect_timeout, read_timeout)
        self._policy = retry_policy or RetryPolicy(max_retries=max_retries)
        self._sleep = sleeper
        self._rng = rng or random.Random()
        self._clock = clock
        self._gzip_threshold = gzip_threshold
        self._max_response_bytes = max_response_bytes
        self._refresh_lock = threading.Lock()
        self._verify = ca_file(ca_bundle)
        context = tls_context(self._base, cafile=self._verify, spki_pins=spki_pins)
        self._session = new_session(verify=self._verify, context=context, user_agent=USER_AGENT)
        self.wire = WireMeter()
        """Requests and bytes on the wire so far (progress and benchmarks read it)."""

    # ---- endpoints ------------------------------------------------------------------

    def enroll(self, code: str, device_name: str) -> TokenPair:
        """Trade a one-time code for the first token pair, persisted before it is returned."""
        body = EnrollRequest(code=code, device_name=device_name)
        pair = self._call(
            _Call("POST", "/v1/enroll", body, auth=False, idempotent=False), TokenPair
        )
        self._tokens.set(pair)
        return pair

    def refresh(self) -> TokenPair:
        """Rotate the token pair; the new one is persisted before anything uses it."""
        with self._refresh_lock:
            return self._rotate()

    def login(self, username: str, password: str) -> LoginResponse:
        """Online re-authentication (SECURITY.md D3); issues no token."""
        body = LoginRequest(username=username, password=password)
        call = _Call("POST", "/v1/login", body, auth=False, idempotent=False)
        return self._call(call, LoginResponse)

    def pull(self, cursor: str | None = None, limit: int | None = None) -> ChangesPage:
        params = {"cursor": cursor, "limit": None if limit is None else str(limit)}
        query = {key: value for key, value in params.items() if value is not None}
        return self._call(_Call("GET", "/v1/changes", params=query), ChangesPage)

    def push(self, batch: PushBatch) -> PushResponse:
        # Resendable: the server remembers mutation ids (DESIGN.md sync property 4).
        return self._call(_Call("POST", "/v1/push", batch), PushResponse)

    def digest(self, request: DigestRequest) -> DigestResponse:
        return self._call(_Call("POST", "/v1/digest", request), DigestResponse)

    def fetch(self, request: FetchRequest) -> FetchResponse:
        return self._call(_Call("POST", "/v1/records/fetch", request), FetchResponse)

    def resolve_conflict(self, conflict_id: str, request: ResolveConflict) -> ConflictPayload:
        # Resendable: the resolution carries its own mutation id.
        path = f"/v1/conflicts/{_path_id(conflict_id)}/resolve"
        return self._call(_Call("POST", path, request), ConflictPayload)

    def get_client(self, client_id: str) -> RecordPayload:
        return self._call(_Call("GET", f"/v1/clients/{_path_id(client_id)}"), RecordPayload)

    def device_status(self) -> DeviceStatus:
        """The wipe check; the server accepts any token ever issued to this device."""
        return self._call(_Call("GET", "/v1/device/status"), DeviceStatus)

    def report_wiped(self) -> DeviceStatus:
        """Confirm the wipe. Call it before the token store itself is erased."""
        return self._call(_Call("POST", "/v1/device/wiped"), DeviceStatus)

    def settings(self) -> AgencySettings:
        return self._call(_Call("GET", "/v1/settings"), AgencySettings)

    # ---- attachments (fieldcm.sync.blobs): all resendable ------------------------------

    def blob_status(self, sha256: str) -> BlobStatus:
        return self._call(_Call("GET", f"/v1/blobs/{_path_sha(sha256)}/status"), BlobStatus)

    def upload_blob(self, sha256: str, offset: int, data: bytes, *, size: int) -> BlobReceipt:
        """One chunk at ``offset`` of a ``size``-byte file. Resendable: the server cuts its
        copy at ``offset`` before writing, so a chunk sent twice is stored once."""
        params = {"offset": str(offset), "size": str(size)}
        call = _Call("PUT", f"/v1/blobs/{_path_sha(sha256)}", params=params, raw=bytes(data))
        return self._call(call, BlobReceipt)

    def download_blob(self, sha256: str, offset: int, length: int) -> bytes:
        """Up to ``length`` bytes of a file from ``offset`` (fewer only at its end)."""
        headers = {"Range": f"bytes={offset}-{offset + length - 1}", "Accept-Encoding": "identity"}
        call = _Call("GET", f"/v1/blobs/{_path_sha(sha256)}", headers=headers)
        answer = self._send(call)
        retry_after = self._retry_after(answer) if answer.status in RETRY_STATUSES else None
        error = refusal(call.where, answer, retry_after=retry_after)
        if error is not None:
            raise error
        started = answer.headers.get("Content-Range", "").startswith(f"bytes {offset}-")
        if answer.status != 206 or not started or len(answer.body) > length:
            raise ServerBug(f"{call.where}: not the range asked for", status=answer.status)
        return answer.body

    def link_attachment(self, link: AttachmentLink) -> AttachmentPayload:
        # Resendable: the same link again is answered with the same attachment.
        return self._call(_Call("POST", "/v1/attachments", link), AttachmentPayload)

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> SyncTransport:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # ---- one call: auth, retries, status, parse ---------------------------------------

    def _call(self, call: _Call, model: type[ModelT]) -> ModelT:
        answer = self._send(call)
        retry_after = self._retry_after(answer) if answer.status in RETRY_STATUSES else None
        error = refusal(call.where, answer, retry_after=retry_after)
        if error is not None:
            raise error
        return parse_answer(call.where, answer, model)

    def _send(self, call: _Call) -> Answer:
        if not call.auth:
            return self._exchange(call, None)
        pair = self._current_tokens()
        answer = self._exchange(call, pair.access_token)
        if answer.status == 401 and answer.error_code() == TOKEN_EXPIRED:
            # One refresh and one retry; a second token_expired is reported as it is.
            answer = self._exchange(call, self._refresh_after_expiry(pair).access_token)
        return answer

    def _current_tokens(self) -> TokenPair:
        pair = self._tokens.get()
        if pair is None:
            raise AuthProblem(
                "no token pair stored: the device is not enrolled", code="not_enrolled"
            )
        return pair

    def _refresh_after_expiry(self, stale: TokenPair) -> TokenPair:
        with self._refresh_lock:
            current = self._current_tokens()
            if current.access_token != stale.access_token:
                return current  # another caller already rotated; a second rotation is reuse
            return self._rotate()

    def _rotate(self) -> TokenPair:
        body = RefreshRequest(refresh_token=self._current_tokens().refresh_token)
        call = _Call("POST", "/v1/token/refresh", body, auth=False, idempotent=False)
        fresh = self._call(call, TokenPair)
        # Persist before first use: the old refresh token is spent, so a crash that lost
        # the new pair would leave only a token whose reuse revokes this laptop.
        self._tokens.set(fresh)
        return fresh

    def _exchange(self, call: _Call, token: str | None) -> Answer:
        """Send ``call`` until it succeeds, fails for good, or the retries run out."""
        body, headers = self._encode(call, token)
        attempt = 0
        while True:
            try:
                answer = self._attempt(call, body, headers)
            except LinkFailure as failure:
                if attempt >= self._policy.max_retries or not (
                    failure.retryable and (call.idempotent or failure.never_sent)
                ):
                    raise failure.error from failure.cause
                wait = self._policy.backoff(attempt, self._rng)
            else:
                wait_or_none = self._retry_wait(call, answer, attempt)
                if wait_or_none is None:
                    return answer
                wait = wait_or_none
            self._sleep(wait)
            attempt += 1

    def _retry_wait(self, call: _Call, answer: Answer, attempt: int) -> float | None:
        """Seconds to wait before resending after ``answer``, or None to stop here."""
        if answer.status not in RETRY_STATUSES or attempt >= self._policy.max_retries:
            return None
        if not (call.idempotent or answer.status in NOT_ACTED_STATUSES):
            return None
        retry_after = self._retry_after(answer)
        if self._policy.waits_too_long(retry_after):
            return None  # the caller schedules the long wait; a sync must not hang on it
        return self._policy.delay(attempt, self._rng, retry_after)

    def _attempt(self, call: _Call, body: bytes | None, headers: Mapping[str, str]) -> Answer:
        url = self._base + call.path
        check_server_url(url)  # the last gate before a socket is opened
        try:
            with self._session.request(
                call.method,
                url,
                params=call.params,
                data=body,
                headers=dict(headers),
                timeout=self._timeout,
                allow_redirects=False,
                stream=True,
                verify=self._verify,
            ) as response:
                answer = read_answer(call.where, response, limit=self._max_response_bytes)
                self.wire.add(response, body_read=_raw_bytes_read(response))
                return answer
        except requests.RequestException as exc:
            raise classify_link_failure(call.where, exc) from exc

    def _encode(self, call: _Call, token: str | None) -> tuple[bytes | None, dict[str, str]]:
        extra = dict(call.headers or {})
        if token is not None:
            extra["Authorization"] = f"Bearer {token}"
        if call.raw is not None:  # attachment bytes: already compressed, if at all
            return call.raw, {"Content-Type": BLOB_OCTETS} | extra
        if call.body is None:
            return None, extra
        body, headers = encode_body(call.body, gzip_threshold=self._gzip_threshold)
        return body, headers | extra

    def _retry_after(self, answer: Answer) -> float | None:
        told = parse_retry_after(answer.headers.get("Retry-After"), now=self._clock())
        return told if told is not None else retry_after_in_body(answer)


def _path_sha(value: str) -> str:
    """A blob name safe to put in a path: 64 lowercase hex digits, nothing else."""
    if not isinstance(value, str) or re.fullmatch(r"[0-9a-f]{64}", value) is None:
        raise ValueError("expected a SHA-256 (64 lowercase hex digits)")
    return value


def _raw_bytes_read(response: requests.Response) -> int:
    """The answer's body bytes as they came off the socket (before gzip is undone)."""
    tell = getattr(response.raw, "tell", None)
    return int(tell()) if callable(tell) else 0


def _path_id(value: str) -> str:
    """A record id safe to put in a path: canonical lowercase UUID, nothing else."""
    try:
        canonical = str(uuid.UUID(value))
    except (ValueError, AttributeError, TypeError) as exc:
        raise ValueError("expected a record id (a lowercase UUID)") from exc
    if canonical != value:
        raise ValueError("expected a record id (a lowercase UUID)")
    return canonical
