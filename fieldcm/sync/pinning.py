"""The TLS context of the transport: CA verification, TLS >= 1.2 and SPKI pins with a backup.

How the pin is checked, and why there (SECURITY.md N2, pitfall 16): the context is a
subclass of :class:`ssl.SSLContext` whose ``sslsocket_class`` (and ``sslobject_class``) are
our subclasses; both documented, public hooks of the standard library. Their
``do_handshake`` lets OpenSSL finish the handshake — chain *and* hostname verified as usual,
nothing replaced — and then compares the SHA-256 of the leaf certificate's
SubjectPublicKeyInfo with the pins. A mismatch raises :class:`PinMismatch` (an
``ssl.SSLCertVerificationError``) inside the handshake, so the socket is closed before
urllib3 can write the request line, the Authorization header or the body.

The context reaches urllib3 through ``HTTPAdapter.build_connection_pool_key_attributes``,
the hook requests documents for a custom ``ssl_context``; no urllib3 internals are touched.
Rejected alternatives: reading the peer certificate from the response (too late: the token
was already sent), and a pre-flight ``ssl`` connection (checks a different TCP connection
than the one the request travels on).

Pins are on the leaf key, HPKP/OkHttp style: the live key plus at least one spare key kept
offline, so replacing a compromised or expiring key does not lock every laptop out. An agency
that wants to trust only its own CA uses ``ca_bundle`` instead (or as well).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ssl
from collections.abc import Iterable

from cryptography import x509
from cryptography.hazmat.primitives import serialization

PIN_PREFIX = "sha256/"
MIN_PINS = 2
"""The live key and a backup key: one pin alone would brick every laptop on a key change."""


class PinMismatch(ssl.SSLCertVerificationError):
    """The server's certificate is valid but its key is not one of the pinned keys."""

    def __str__(self) -> str:  # SSLError prints its args tuple otherwise
        return str(self.args[0]) if self.args else "certificate key not pinned"


def spki_sha256(cert_der: bytes) -> bytes:
    """SHA-256 of the DER SubjectPublicKeyInfo of a DER certificate."""
    cert = x509.load_der_x509_certificate(cert_der)
    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(spki).digest()


def spki_pin_of_certificate(cert: bytes) -> str:
    """The pin (base64) of a PEM or DER certificate; what an admin puts in the settings."""
    der = cert
    if cert.lstrip().startswith(b"-----BEGIN"):
        der = x509.load_pem_x509_certificate(cert).public_bytes(serialization.Encoding.DER)
    return base64.b64encode(spki_sha256(der)).decode()


def spki_pin_of_public_key(public_key_pem: bytes) -> str:
    """The pin (base64) of a spare key that has no certificate yet: the backup pin."""
    key = serialization.load_pem_public_key(public_key_pem)
    spki = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(hashlib.sha256(spki).digest()).decode()


def parse_pins(pins: Iterable[str]) -> frozenset[bytes]:
    """Decode pins (``base64`` or ``sha256/base64``); empty, or at least two distinct ones.

    Raises:
        ValueError: a pin is not a base64 SHA-256, or a backup pin is missing.
    """
    decoded = frozenset(_decode_pin(pin) for pin in pins)
    if decoded and len(decoded) < MIN_PINS:
        raise ValueError(
            "SPKI pinning needs a backup pin: give at least two different pins (the live "
            "key and a spare key kept offline), so a key change cannot lock laptops out."
        )
    return decoded


def _decode_pin(pin: str) -> bytes:
    text = pin.strip()
    text = text.removeprefix(PIN_PREFIX)
    try:
        digest = base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise ValueError(f"SPKI pin {pin!r} is not base64") from exc
    if len(digest) != hashlib.sha256().digest_size:
        raise ValueError(f"SPKI pin {pin!r} is not a SHA-256 digest (32 bytes)")
    return digest


def _check_peer(context: ssl.SSLContext, cert_der: bytes | None) -> None:
    """Runs right after a successful handshake, before any application byte is written."""
    if not isinstance(context, VerifyingContext):
        return
    # A pin only means something on top of a verified chain; refuse to run without one.
    if context.verify_mode != ssl.CERT_REQUIRED:
        raise PinMismatch("certificate verification was switched off; refusing to connect")
    if not context.spki_pins:
        return
    if cert_der is None or spki_sha256(cert_der) not in context.spki_pins:
        raise PinMismatch("the server's certificate key matches none of the pinned keys")


class _PinnedSSLSocket(ssl.SSLSocket):
    def do_handshake(self, block: bool = False) -> None:
        super().do_handshake(block)
        _check_peer(self.context, self.getpeercert(binary_form=True))


class _PinnedSSLObject(ssl.SSLObject):
    # Used when TLS runs over a memory BIO (HTTPS through an HTTPS proxy): same check.
    def do_handshake(self) -> None:
        super().do_handshake()
        _check_peer(self.context, self.getpeercert(binary_form=True))


class VerifyingContext(ssl.SSLContext):
    """A client context that checks ``spki_pins`` (when non-empty) after every handshake."""

    sslsocket_class = _PinnedSSLSocket
    sslobject_class = _PinnedSSLObject
    spki_pins: frozenset[bytes] = frozenset()


def verifying_context(cafile: str, pins: frozenset[bytes]) -> VerifyingContext:
    """A TLS >= 1.2 client context trusting only ``cafile``, hostname checked, pins enforced."""
    context = VerifyingContext(ssl.PROTOCOL_TLS_CLIENT)  # CERT_REQUIRED + check_hostname
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_verify_locations(cafile=cafile)
    context.spki_pins = pins
    return context
