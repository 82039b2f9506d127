"""Which server addresses the transport accepts: https anywhere, plain http only to loopback,
refused before any byte leaves (SECURITY.md N1); and settings it refuses to start with."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fieldcm.sync.protocol import DeviceStatus
from fieldcm.sync.transport import (
    InMemoryTokenStore,
    InsecureServerURL,
    Offline,
    SyncTransport,
    TransportConfigError,
    is_loopback_host,
)
from tests.unit.sync_transport.conftest import ServerFactory
from tests.unit.sync_transport.loopback import (
    DEVICE_ID,
    LoopbackServer,
    Reply,
    closed_port,
    scripted,
    token_pair,
)

REFUSED = [
    "http://10.0.0.5:8443",
    "http://192.168.1.10:8000",
    "http://agency.example/fieldcm",
    "http://127.0.0.1.nip.io",
    "http://localhost.agency.example",
    "http://0.0.0.0:8000",
    "http://[::ffff:127.0.0.1]:8000",
    "http://127.1",
    "HTTP://agency.example",
    "ftp://127.0.0.1/",
    "file:///etc/passwd",
    "https://worker:secret@agency.example",
    "https://agency.example/?access_token=abc",
    "https://agency.example/#fragment",
    "http://127.0.0.1\\@agency.example/",
    "https://agency.example:99999",
    "https:///v1",
    "https://agency .example",
]

# ---- a record of every socket operation, from the interpreter's own audit events --------

_recorders: list[list[tuple[str, Any]]] = []
_hook: dict[str, bool] = {"installed": False}


def _audit(event: str, args: Any) -> None:
    if _recorders and event.startswith("socket."):
        _recorders[-1].append((event, args))


@pytest.fixture
def socket_events() -> Iterator[list[tuple[str, Any]]]:
    """Every ``socket.*`` audit event (connect, getaddrinfo...) raised during the test."""
    if not _hook["installed"]:
        sys.addaudithook(_audit)  # hooks cannot be removed; it records only when asked
        _hook["installed"] = True
    events: list[tuple[str, Any]] = []
    _recorders.append(events)
    yield events
    _recorders.remove(events)


def test_the_socket_recorder_sees_a_real_connection_attempt(
    socket_events: list[tuple[str, Any]],
) -> None:
    # Without this, the "no network activity" assertions below could pass vacuously.
    dead = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(Offline):
        SyncTransport(dead, token_store=InMemoryTokenStore(token_pair()), max_retries=0).pull()
    assert any(event == "socket.connect" for event, _ in socket_events)


@pytest.mark.parametrize("url", REFUSED)
def test_unsafe_addresses_are_refused_before_any_network_activity(
    url: str, socket_events: list[tuple[str, Any]]
) -> None:
    with pytest.raises(InsecureServerURL) as refused:
        SyncTransport(url, token_store=InMemoryTokenStore())

    assert socket_events == []
    assert "https://" in refused.value.user_message
    assert isinstance(refused.value, ValueError), "a settings error, not a network one"


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000", "http://127.5.6.7", "http://[::1]:8000", "http://LOCALHOST:8000/"],
)
def test_plain_http_to_loopback_is_allowed(url: str) -> None:
    SyncTransport(url, token_store=InMemoryTokenStore()).close()


def test_https_to_any_host_is_allowed_without_a_connection(
    socket_events: list[tuple[str, Any]],
) -> None:
    SyncTransport("https://agency.example/fieldcm/", token_store=InMemoryTokenStore()).close()

    assert socket_events == []


def test_plain_http_to_loopback_really_talks(
    serve: ServerFactory, transport_for: Callable[..., SyncTransport]
) -> None:
    server: LoopbackServer = serve(
        scripted(Reply(body=DeviceStatus(device_id=DEVICE_ID, state="active")))
    )

    assert transport_for(server).device_status().state == "active"
    assert [seen.path for seen in server.seen] == ["/v1/device/status"]


def test_a_path_prefix_in_the_server_address_is_kept(
    serve: ServerFactory, store: InMemoryTokenStore
) -> None:
    server = serve(scripted(Reply(body=DeviceStatus(device_id=DEVICE_ID, state="active"))))

    with SyncTransport(server.url() + "/agency/fieldcm/", token_store=store) as transport:
        transport.device_status()

    assert [seen.path for seen in server.seen] == ["/agency/fieldcm/v1/device/status"]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.255.0.9", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LocalHost", True),
        ("128.0.0.1", False),
        ("localhost.example", False),
        ("127.0.0.1.example", False),
        ("0.0.0.0", False),
        ("", False),
    ],
)
def test_is_loopback_host(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


# ---- settings refused at construction --------------------------------------------------


@pytest.mark.parametrize(
    ("pins", "says"),
    [
        (["x" * 10], "base64"),
        (["YWJj"], "32 bytes"),
        (["sha256/" + "A" * 43 + "="], "backup pin"),
        (["A" * 43 + "=", "sha256/" + "A" * 43 + "="], "backup pin"),
    ],
)
def test_bad_or_lonely_pins_are_refused(pins: list[str], says: str) -> None:
    with pytest.raises(TransportConfigError, match=says):
        SyncTransport("https://agency.example", token_store=InMemoryTokenStore(), spki_pins=pins)


def test_pins_over_plain_http_are_refused() -> None:
    pins = ["A" * 43 + "=", "B" * 43 + "="]
    with pytest.raises(TransportConfigError, match="https"):
        SyncTransport("http://127.0.0.1:8000", token_store=InMemoryTokenStore(), spki_pins=pins)


def test_a_missing_ca_bundle_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TransportConfigError, match="CA bundle"):
        SyncTransport(
            "https://agency.example",
            token_store=InMemoryTokenStore(),
            ca_bundle=tmp_path / "nope.pem",
        )


def test_a_ca_bundle_that_is_not_pem_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    with pytest.raises(TransportConfigError, match="CA bundle"):
        SyncTransport("https://agency.example", token_store=InMemoryTokenStore(), ca_bundle=junk)
