"""The link under the transport: the HTTP session, which addresses it may use, and what a
broken link means.

:func:`new_session` builds the ``requests`` session: our TLS context (see
:mod:`fieldcm.sync.pinning`) handed to urllib3 through
``HTTPAdapter.build_connection_pool_key_attributes``, the hook requests documents for a custom
``ssl_context``; no urllib3 internals. ``trust_env`` is off, so environment proxies,
``REQUESTS_CA_BUNDLE``/``CURL_CA_BUNDLE`` and ``~/.netrc`` credentials cannot change whom we
trust or what we send; cookies are neither kept nor sent; only http and https have adapters.

:func:`check_server_url` is the gate every URL passes before a socket is opened: https
anywhere, plain http only to loopback, no credentials, queries or fragments in the address,
and the standard library and urllib3 must agree on the host (a URL two parsers read
differently is how "loopback" checks get bypassed).

:func:`classify_link_failure` turns what ``requests`` raised into our hierarchy and tells the
retry loop whether trying again is sensible and whether the request certainly never left.
"""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Iterator, Sequence
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.utils import DEFAULT_CA_BUNDLE_PATH
from urllib3.exceptions import ConnectTimeoutError, LocationParseError
from urllib3.util import parse_url

from fieldcm.sync.pinning import parse_pins, verifying_context
from fieldcm.sync.transport_errors import (
    InsecureServerURL,
    Offline,
    ServerBug,
    TransportConfigError,
    TransportError,
    UntrustedServer,
)

if TYPE_CHECKING:  # the stubs' names for what the hook below returns
    from requests.adapters import _HostParams, _PoolKwargs

LOOPBACK_NAMES = frozenset({"localhost"})


# ---- the session -----------------------------------------------------------------------


class _VerifyingAdapter(HTTPAdapter):
    """Hands urllib3 our TLS context for every https connection.

    The context already holds the trust anchors, so the CA file path is taken off the pool:
    otherwise urllib3 loads the whole bundle into the context again on every new connection
    (tens of milliseconds each, on a link that reconnects often).
    """

    def __init__(self, context: ssl.SSLContext) -> None:
        self._context = context
        super().__init__(max_retries=0)  # retries are the transport's: it knows which are safe

    def build_connection_pool_key_attributes(
        self,
        request: requests.PreparedRequest,
        verify: bool | str,
        cert: str | tuple[str, str] | None = None,
    ) -> tuple[_HostParams, _PoolKwargs]:
        host_params, pool_kwargs = super().build_connection_pool_key_attributes(
            request, verify, cert
        )
        if host_params["scheme"] == "https":
            pool_kwargs["ssl_context"] = self._context
            pool_kwargs["cert_reqs"] = "CERT_REQUIRED"
            pool_kwargs.pop("ca_certs", None)
            pool_kwargs.pop("ca_cert_dir", None)
        return host_params, pool_kwargs

    def cert_verify(
        self,
        conn: Any,
        url: str,
        verify: bool | str,
        cert: str | tuple[str, str] | None,
    ) -> None:
        super().cert_verify(conn, url, verify, cert)  # type: ignore[no-untyped-call]  # untyped stub
        if url.lower().startswith("https"):
            conn.cert_reqs = "CERT_REQUIRED"
            conn.ca_certs = None
            conn.ca_cert_dir = None


def ca_file(ca_bundle: str | Path | None) -> str:
    """The CA file to trust: the agency's, or the bundle requests ships with (certifi).

    The same file feeds our SSLContext and requests' ``verify``, so urllib3 never loads a
    different bundle into the context.
    """
    path = str(ca_bundle) if ca_bundle is not None else DEFAULT_CA_BUNDLE_PATH
    if not Path(path).is_file():
        raise TransportConfigError(f"CA bundle {path} is not a readable file")
    return path


def tls_context(base_url: str, *, cafile: str, spki_pins: Sequence[str]) -> ssl.SSLContext | None:
    """The context for ``base_url`` (None for loopback http), or :class:`TransportConfigError`."""
    try:
        pins = parse_pins(spki_pins)
    except ValueError as exc:
        raise TransportConfigError(str(exc)) from exc
    if not base_url.startswith("https://"):
        if pins:
            raise TransportConfigError("SPKI pins need an https:// server address")
        return None
    try:
        return verifying_context(cafile, pins)
    except (OSError, ssl.SSLError) as exc:
        raise TransportConfigError(f"cannot load CA bundle {cafile}: {exc}") from exc


def new_session(
    *, verify: str, context: ssl.SSLContext | None, user_agent: str
) -> requests.Session:
    """A session that speaks only to what :func:`check_server_url` allows, as configured."""
    session = requests.Session()
    session.trust_env = False
    session.max_redirects = 0
    session.verify = verify
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    session.headers.clear()
    session.headers.update(
        {"User-Agent": user_agent, "Accept": "application/json", "Accept-Encoding": "gzip"}
    )
    session.adapters.clear()
    session.mount("http://", HTTPAdapter(max_retries=0))  # loopback only, checked per request
    if context is not None:
        session.mount("https://", _VerifyingAdapter(context))
    return session


# ---- addresses -------------------------------------------------------------------------


def is_loopback_host(host: str) -> bool:
    """127.0.0.0/8, ::1 or ``localhost``; nothing that merely starts with those."""
    name = host.strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_server_url(url: str) -> str:
    """``url`` without a trailing slash if it may be used, else :class:`InsecureServerURL`."""
    if any(ch.isspace() or ord(ch) < 0x20 or ch == "\\" for ch in url):
        raise InsecureServerURL("the server address contains spaces, control characters or '\\'")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - parsing the port is what validates it
        other_host = parse_url(url).host
    except (ValueError, LocationParseError) as exc:
        raise InsecureServerURL(f"the server address is not a valid URL: {exc}") from exc
    scheme, host = parts.scheme.lower(), parts.hostname
    if scheme not in ("https", "http") or not host:
        raise InsecureServerURL("the server address must be https://host[:port][/path]")
    if parts.username is not None or parts.password is not None:
        raise InsecureServerURL("the server address must not carry a user name or password")
    if parts.query or parts.fragment:
        raise InsecureServerURL("the server address must not carry a query or fragment")
    if (other_host or "").strip("[]").lower() != host.lower():
        raise InsecureServerURL("the server address is ambiguous (parsers disagree on its host)")
    if scheme == "http" and not is_loopback_host(host):
        raise InsecureServerURL(f"plain http:// is allowed only to this computer, not to {host}")
    return url.rstrip("/")


# ---- failures --------------------------------------------------------------------------


class LinkFailure(Exception):
    """A failed attempt, classified: the error to raise and whether to try again."""

    def __init__(
        self, error: TransportError, *, cause: BaseException, retryable: bool, never_sent: bool
    ) -> None:
        super().__init__(error.detail)
        self.error = error
        self.cause = cause
        self.retryable = retryable
        self.never_sent = never_sent
        """True when the request certainly did not reach the server (no connection/TLS)."""


def classify_link_failure(where: str, exc: requests.RequestException) -> LinkFailure:
    reason = _root_reason(exc)
    if any(isinstance(link, ssl.SSLCertVerificationError) for link in _chain(exc)):
        error: TransportError = UntrustedServer(f"{where}: server identity refused: {reason}")
        return LinkFailure(error, cause=exc, retryable=False, never_sent=True)
    if isinstance(exc, requests.exceptions.ContentDecodingError):
        error = ServerBug(f"{where}: the answer's compression is broken: {reason}")
        return LinkFailure(error, cause=exc, retryable=False, never_sent=False)
    if isinstance(
        exc,
        requests.ConnectionError | requests.Timeout | requests.exceptions.ChunkedEncodingError,
    ):
        error = Offline(f"{where}: {type(exc).__name__}: {reason}")
        return LinkFailure(error, cause=exc, retryable=True, never_sent=_never_sent(exc))
    error = ServerBug(f"{where}: unexpected {type(exc).__name__}: {reason}")
    return LinkFailure(error, cause=exc, retryable=False, never_sent=False)


def _never_sent(exc: requests.RequestException) -> bool:
    # No TCP connection, or no finished TLS handshake: no request byte can have left.
    # (urllib3's NewConnectionError, for refused and DNS failures, is a ConnectTimeoutError.)
    if isinstance(exc, requests.ConnectTimeout | requests.exceptions.SSLError):
        return True
    return any(isinstance(link, ConnectTimeoutError) for link in _chain(exc))


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and what it wraps: causes, contexts, urllib3's ``reason``, exception args."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        link = todo.pop()
        if id(link) in seen:
            continue
        seen.add(id(link))
        yield link
        wrapped = [link.__cause__, link.__context__, getattr(link, "reason", None), *link.args]
        todo.extend(item for item in wrapped if isinstance(item, BaseException))


def _root_reason(exc: BaseException) -> str:
    """The innermost message: no URL with its query string, no headers."""
    link = exc
    for _ in range(12):
        wrapped = (getattr(link, "reason", None), *link.args, link.__cause__)
        inner = next((item for item in wrapped if isinstance(item, BaseException)), None)
        if inner is None:
            break
        link = inner
    return (str(link) or type(link).__name__)[:300]
