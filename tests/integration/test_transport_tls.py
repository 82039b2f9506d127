"""The transport against real TLS servers on 127.0.0.1 (SECURITY.md N1, N2).

Each server has certificates made here: the agency's CA, a "public" CA (standing in for one
the operating system trusts), a self-signed certificate, a certificate for another host, and
keys for SPKI pins. Every refusal is checked on the server side too: the refused server must
not have received a single HTTP request, so no token ever reached it.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from fieldcm.sync.protocol import DeviceStatus, TokenPair
from fieldcm.sync.transport import InMemoryTokenStore, SyncTransport, UntrustedServer
from tests.unit.sync_transport.loopback import (
    DEVICE_ID,
    Issued,
    LoopbackServer,
    Pki,
    Reply,
    key_pin,
    new_key,
    token_pair,
)

ACTIVE = DeviceStatus(device_id=DEVICE_ID, state="active")


@dataclass(frozen=True)
class Certs:
    pki: Pki
    agency_ca: Issued
    public_ca: Issued
    agency_bundle: Path
    system_like_bundle: Path
    """Trusts the agency CA and a public CA, as an operating system store would."""
    agency_cert: Issued
    backup_key_cert: Issued
    """The certificate an agency issues for its spare key once the live key is retired."""

    @property
    def pins(self) -> list[str]:
        return [self.agency_cert.pin, f"sha256/{self.backup_key_cert.pin}"]


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    pki = Pki(Path(tmp_path_factory.mktemp("tls-pki")))
    agency_ca = pki.authority("Agency Root CA")
    public_ca = pki.authority("Some Public CA")
    return Certs(
        pki=pki,
        agency_ca=agency_ca,
        public_ca=public_ca,
        agency_bundle=pki.bundle("agency", agency_ca),
        system_like_bundle=pki.bundle("system-like", agency_ca, public_ca),
        agency_cert=pki.server("fieldcm-live", by=agency_ca),
        backup_key_cert=pki.server("fieldcm-backup", by=agency_ca),
    )


@dataclass
class Lab:
    """TLS servers and transports for one test, all closed at its end."""

    certs: Certs
    tokens: TokenPair = field(default_factory=token_pair)
    sleeps: list[float] = field(default_factory=list)
    servers: list[LoopbackServer] = field(default_factory=list)
    transports: list[SyncTransport] = field(default_factory=list)

    def serve(self, identity: Issued) -> LoopbackServer:
        server = LoopbackServer(lambda _: Reply(body=ACTIVE), tls=identity.server_context())
        self.servers.append(server)
        return server

    def connect(
        self, server: LoopbackServer, host: str = "127.0.0.1", **options: object
    ) -> SyncTransport:
        transport = SyncTransport(
            server.url(host),
            token_store=InMemoryTokenStore(self.tokens),
            sleeper=self.sleeps.append,
            rng=random.Random(1),
            **options,  # type: ignore[arg-type]
        )
        self.transports.append(transport)
        return transport

    def refused_before_any_request(
        self, server: LoopbackServer, transport: SyncTransport
    ) -> UntrustedServer:
        with pytest.raises(UntrustedServer) as refused:
            transport.device_status()
        assert server.seen == [], "the request (and its token) must never reach this server"
        assert self.sleeps == [], "a server that cannot prove who it is is not retried"
        assert "sent nothing" in refused.value.user_message
        return refused.value

    def close(self) -> None:
        for transport in self.transports:
            transport.close()
        for server in self.servers:
            server.stop()


@pytest.fixture
def lab(certs: Certs) -> Iterator[Lab]:
    running = Lab(certs)
    yield running
    running.close()


# ---- CA verification -------------------------------------------------------------------


def test_the_agency_ca_bundle_is_accepted(lab: Lab) -> None:
    server = lab.serve(lab.certs.agency_cert)

    assert lab.connect(server, ca_bundle=lab.certs.agency_bundle).device_status() == ACTIVE
    (seen,) = server.seen
    assert seen.header("Authorization") == f"Bearer {lab.tokens.access_token}"


def test_localhost_by_name_is_verified_too(lab: Lab) -> None:
    server = lab.serve(lab.certs.agency_cert)

    transport = lab.connect(server, "localhost", ca_bundle=lab.certs.agency_bundle)

    assert transport.device_status() == ACTIVE


def test_the_default_trust_store_does_not_know_a_private_ca(lab: Lab) -> None:
    server = lab.serve(lab.certs.agency_cert)

    lab.refused_before_any_request(server, lab.connect(server))


def test_a_self_signed_certificate_is_refused(lab: Lab) -> None:
    server = lab.serve(lab.certs.pki.server("self-signed", by=None))

    transport = lab.connect(server, ca_bundle=lab.certs.agency_bundle)

    refused = lab.refused_before_any_request(server, transport)
    assert "self-signed" in refused.detail


def test_a_certificate_for_another_host_is_refused(lab: Lab) -> None:
    elsewhere = lab.certs.pki.server(
        "elsewhere", by=lab.certs.agency_ca, hosts=["fieldcm.other.example"]
    )
    server = lab.serve(elsewhere)

    transport = lab.connect(server, ca_bundle=lab.certs.agency_bundle)

    refused = lab.refused_before_any_request(server, transport)
    assert "mismatch" in refused.detail


def test_a_certificate_for_the_ip_is_not_valid_for_localhost(lab: Lab) -> None:
    ip_only = lab.certs.pki.server("ip-only", by=lab.certs.agency_ca, hosts=["127.0.0.1"])
    server = lab.serve(ip_only)

    transport = lab.connect(server, "localhost", ca_bundle=lab.certs.agency_bundle)

    lab.refused_before_any_request(server, transport)


# ---- SPKI pins -------------------------------------------------------------------------


def test_the_primary_pin_is_accepted(lab: Lab) -> None:
    server = lab.serve(lab.certs.agency_cert)

    transport = lab.connect(
        server, ca_bundle=lab.certs.system_like_bundle, spki_pins=lab.certs.pins
    )

    assert transport.device_status() == ACTIVE
    assert transport.device_status() == ACTIVE  # and again, on the kept-alive connection


def test_the_backup_pin_is_accepted(lab: Lab) -> None:
    server = lab.serve(lab.certs.backup_key_cert)

    transport = lab.connect(
        server, ca_bundle=lab.certs.system_like_bundle, spki_pins=lab.certs.pins
    )

    assert transport.device_status() == ACTIVE


def test_a_valid_certificate_from_a_trusted_but_unpinned_ca_is_refused(lab: Lab) -> None:
    # The interception case: a CA the laptop trusts issued a perfectly valid certificate for
    # the server's address, with a key that is not the agency's.
    server = lab.serve(lab.certs.pki.server("impostor", by=lab.certs.public_ca))
    unpinned = lab.connect(server, ca_bundle=lab.certs.system_like_bundle)
    assert unpinned.device_status() == ACTIVE, "without pins this certificate is fine"
    server.seen.clear()

    pinned = lab.connect(server, ca_bundle=lab.certs.system_like_bundle, spki_pins=lab.certs.pins)

    refused = lab.refused_before_any_request(server, pinned)
    assert "pinned" in refused.detail


def test_a_pin_never_replaces_verification(lab: Lab) -> None:
    # A self-signed certificate whose key *is* pinned is still refused: the chain comes first.
    key = new_key()
    server = lab.serve(lab.certs.pki.server("pinned-but-self-signed", by=None, key=key))

    pins = [key_pin(key), key_pin(new_key())]
    transport = lab.connect(server, ca_bundle=lab.certs.agency_bundle, spki_pins=pins)

    lab.refused_before_any_request(server, transport)
