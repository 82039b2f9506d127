"""A scriptable HTTP(S) server on 127.0.0.1 and a small PKI, for the transport's tests.

:class:`LoopbackServer` is a real server on a real socket: it records every request exactly
as it arrived (request line, headers, raw and decoded body) and answers with what the test's
handler returns, or hangs up, or stalls. :class:`Pki` makes CAs and certificates with
``cryptography`` so TLS tests need no files from outside the test.
"""

from __future__ import annotations

import datetime as dt
import gzip
import ipaddress
import json
import secrets
import socket
import ssl
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pydantic import BaseModel

from fieldcm.sync.pinning import spki_pin_of_public_key
from fieldcm.sync.protocol import ErrorBody, TokenPair, UserInfo

LOOPBACK = "127.0.0.1"
HANDLER_TIMEOUT_S = 10.0

# ---- the server ------------------------------------------------------------------------


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    request_line: str
    method: str
    target: str
    headers: dict[str, str]
    raw_body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.target).query, keep_blank_values=True)

    @property
    def body(self) -> bytes:
        if self.header("Content-Encoding") == "gzip":
            return gzip.decompress(self.raw_body)
        return self.raw_body

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass(frozen=True)
class Reply:
    """What the server answers. ``body`` may be a wire model, a dict, text or bytes."""

    status: int = 200
    body: BaseModel | dict[str, Any] | str | bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "application/json"
    gzip: bool = False
    hang_up: bool = False
    """Close the connection without any answer (a link cut after the request arrived)."""
    stall: bool = False
    """Say nothing until the test ends (for read timeouts), then hang up."""

    def payload(self) -> bytes:
        if isinstance(self.body, BaseModel):
            return self.body.model_dump_json().encode()
        if isinstance(self.body, dict):
            return json.dumps(self.body).encode()
        if isinstance(self.body, str):
            return self.body.encode()
        return self.body


def error(status: int, code: str, message: str = "Refused.", **headers: str) -> Reply:
    """A protocol error answer (:class:`ErrorBody`)."""
    return Reply(status, ErrorBody(code=code, message=message), headers=dict(headers))


Handler = Callable[[Seen], Reply]


def scripted(*replies: Reply) -> Handler:
    """Answers in order; a request beyond the script gets a 599 the test will notice."""
    queue = list(replies)
    lock = threading.Lock()

    def handle(_: Seen) -> Reply:
        with lock:
            return queue.pop(0) if queue else Reply(599, "unexpected extra request")

    return handle


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = HANDLER_TIMEOUT_S
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without this, delayed ACKs cost 40 ms each.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if isinstance(self.request, ssl.SSLSocket):
            try:
                self.request.do_handshake()
            except (ssl.SSLError, OSError):
                self.server.owner.tls_failures += 1
                raise

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _serve(self) -> None:
        owner = self.server.owner
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        seen = Seen(
            request_line=self.requestline,
            method=self.command,
            target=self.path,
            headers={key.lower(): value for key, value in self.headers.items()},
            raw_body=raw,
        )
        owner.seen.append(seen)
        reply = owner.handler(seen)
        if reply.stall:
            owner.released.wait(HANDLER_TIMEOUT_S)
        if reply.hang_up or reply.stall:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self._answer(reply)

    def _answer(self, reply: Reply) -> None:
        payload = reply.payload()
        self.send_response(reply.status)
        if reply.content_type:
            self.send_header("Content-Type", reply.content_type)
        if reply.gzip:
            payload = gzip.compress(payload)
            self.send_header("Content-Encoding", "gzip")
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, owner: LoopbackServer, tls: ssl.SSLContext | None) -> None:
        self.owner = owner
        self.tls = tls
        super().__init__((LOOPBACK, 0), _RequestHandler)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = super().get_request()
        if self.tls is not None:
            # Handshake in the handler thread, so a refused client never blocks accept().
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that refuse our certificate are the point of several tests


class LoopbackServer:
    """A started server; ``seen`` lists every request that reached it."""

    def __init__(self, handler: Handler, *, tls: ssl.SSLContext | None = None) -> None:
        self.handler = handler
        self.seen: list[Seen] = []
        self.tls_failures = 0
        self.released = threading.Event()
        self._server = _Server(self, tls)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    @property
    def port(self) -> int:
        port: int = self._server.server_address[1]
        return port

    def url(self, host: str = LOOPBACK) -> str:
        scheme = "https" if self._server.tls is not None else "http"
        return f"{scheme}://{host}:{self.port}"

    def stop(self) -> None:
        self.released.set()
        self._server.shutdown()
        self._server.server_close()


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
    return port


# ---- certificates ----------------------------------------------------------------------


@dataclass(frozen=True)
class Issued:
    """A key and its certificate, written to files a server or a client can load."""

    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    cert_path: Path
    key_path: Path

    @property
    def pin(self) -> str:
        public = self.key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return spki_pin_of_public_key(public)

    def server_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(self.cert_path, self.key_path)
        return context


def new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def key_pin(key: ec.EllipticCurvePrivateKey) -> str:
    """The pin of a spare key that has no certificate (what an admin keeps as backup)."""
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return spki_pin_of_public_key(public)


class Pki:
    """Certificate authorities and server certificates, all under ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def authority(self, name: str) -> Issued:
        key = new_key()
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        builder = (
            _base(subject, subject, key)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(ca=True), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        )
        return self._write(name, key, builder.sign(key, hashes.SHA256()))

    def server(
        self,
        name: str,
        *,
        by: Issued | None,
        hosts: Sequence[str] = (LOOPBACK, "localhost"),
        key: ec.EllipticCurvePrivateKey | None = None,
    ) -> Issued:
        """A TLS server certificate for ``hosts``, issued by ``by`` (self-signed if None)."""
        key = key or new_key()
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        issuer = by.cert.subject if by is not None else subject
        signer = by.key if by is not None else key
        builder = (
            _base(subject, issuer, key)
            .add_extension(x509.SubjectAlternativeName(list(_names(hosts))), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(ca=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()), False
            )
        )
        return self._write(name, key, builder.sign(signer, hashes.SHA256()))

    def bundle(self, name: str, *authorities: Issued) -> Path:
        """One PEM file trusting all ``authorities`` (an agency CA bundle)."""
        path = self.folder / f"{name}.pem"
        path.write_bytes(b"".join(a.cert_path.read_bytes() for a in authorities))
        return path

    def _write(self, name: str, key: ec.EllipticCurvePrivateKey, cert: x509.Certificate) -> Issued:
        stem = f"{name}-{uuid.uuid4().hex[:8]}"
        cert_path = self.folder / f"{stem}.crt"
        key_path = self.folder / f"{stem}.key"
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        return Issued(key, cert, cert_path, key_path)


def _base(
    subject: x509.Name, issuer: x509.Name, key: ec.EllipticCurvePrivateKey
) -> x509.CertificateBuilder:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=2))
    )


def _key_usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _names(hosts: Sequence[str]) -> Iterator[x509.GeneralName]:
    for host in hosts:
        try:
            yield x509.IPAddress(ipaddress.ip_address(host))
        except ValueError:
            yield x509.DNSName(host)


# ---- tokens ----------------------------------------------------------------------------

USER = UserInfo(id=str(uuid.uuid4()), username="worker-a", display_name="Worker A", role="worker")
DEVICE_ID = str(uuid.uuid4())


def token_pair(tag: str = "") -> TokenPair:
    """A pair whose tokens are long, random and easy to search for in captured traffic."""
    return TokenPair(
        access_token=f"acc{tag}-{secrets.token_urlsafe(24)}",
        refresh_token=f"ref{tag}-{secrets.token_urlsafe(24)}",
        access_expires_in=900,
        device_id=DEVICE_ID,
        user=USER,
    )
