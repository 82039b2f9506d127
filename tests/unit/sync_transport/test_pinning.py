"""SPKI pins: computed from the key, parsed strictly, enforced inside the TLS handshake.

The sockets path is proved end to end in tests/integration/test_transport_tls.py; here the
memory-BIO path (TLS through an HTTPS proxy) is driven by hand, server and client in-process.
"""

from __future__ import annotations

import base64
import hashlib
import ssl

import pytest
from cryptography.hazmat.primitives import serialization

from fieldcm.sync.pinning import (
    PinMismatch,
    VerifyingContext,
    parse_pins,
    spki_pin_of_certificate,
    spki_pin_of_public_key,
    spki_sha256,
    verifying_context,
)
from tests.unit.sync_transport.loopback import Issued, Pki, key_pin, new_key


@pytest.fixture(scope="module")
def agency(pki: Pki) -> Issued:
    return pki.authority("Agency Test CA")


@pytest.fixture(scope="module")
def leaf(pki: Pki, agency: Issued) -> Issued:
    return pki.server("fieldcm.agency.test", by=agency, hosts=["fieldcm.agency.test"])


def test_the_pin_is_the_sha256_of_the_subject_public_key_info(leaf: Issued) -> None:
    spki = leaf.key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    expected = base64.b64encode(hashlib.sha256(spki).digest()).decode()
    der = leaf.cert.public_bytes(serialization.Encoding.DER)

    assert spki_sha256(der) == hashlib.sha256(spki).digest()
    assert spki_pin_of_certificate(der) == expected
    assert spki_pin_of_certificate(leaf.cert_path.read_bytes()) == expected
    assert leaf.pin == expected


def test_a_backup_pin_can_be_made_from_a_spare_key_alone() -> None:
    spare = new_key()
    public = spare.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )

    assert spki_pin_of_public_key(public) == key_pin(spare)
    assert len(base64.b64decode(key_pin(spare))) == 32


def test_parse_pins_accepts_both_spellings_and_needs_two_distinct() -> None:
    one, two = key_pin(new_key()), key_pin(new_key())

    assert parse_pins([]) == frozenset()
    assert parse_pins([one, f"sha256/{two}"]) == {base64.b64decode(one), base64.b64decode(two)}
    with pytest.raises(ValueError, match="backup pin"):
        parse_pins([one])
    with pytest.raises(ValueError, match="backup pin"):
        parse_pins([one, f"sha256/{one}"])
    with pytest.raises(ValueError, match="base64"):
        parse_pins([one, "not base64!"])


def test_the_context_verifies_chain_hostname_and_modern_tls(agency: Issued) -> None:
    context = verifying_context(str(agency.cert_path), frozenset())

    assert isinstance(context, VerifyingContext)
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2


def _handshake_in_memory(client: ssl.SSLContext, server_identity: Issued) -> None:
    """A full TLS handshake between two SSLObjects over memory BIOs; raises what it raises."""
    server_context = server_identity.server_context()
    c_in, c_out, s_in, s_out = (ssl.MemoryBIO() for _ in range(4))
    client_side = client.wrap_bio(c_in, c_out, server_hostname="fieldcm.agency.test")
    server_side = server_context.wrap_bio(s_in, s_out, server_side=True)
    client_done = server_done = False
    for _ in range(20):
        if not client_done:
            try:
                client_side.do_handshake()
                client_done = True
            except ssl.SSLWantReadError:
                pass
        s_in.write(c_out.read())
        if not server_done:
            try:
                server_side.do_handshake()
                server_done = True
            except ssl.SSLWantReadError:
                pass
        c_in.write(s_out.read())
        if client_done and server_done:
            return
    raise AssertionError("handshake did not finish")


def test_the_memory_bio_path_accepts_a_pinned_key(agency: Issued, leaf: Issued) -> None:
    pins = parse_pins([leaf.pin, key_pin(new_key())])

    _handshake_in_memory(verifying_context(str(agency.cert_path), pins), leaf)


def test_the_memory_bio_path_refuses_an_unpinned_key(agency: Issued, leaf: Issued) -> None:
    pins = parse_pins([key_pin(new_key()), key_pin(new_key())])

    with pytest.raises(PinMismatch, match="none of the pinned keys"):
        _handshake_in_memory(verifying_context(str(agency.cert_path), pins), leaf)


def test_pins_refuse_to_run_on_an_unverified_chain(agency: Issued, leaf: Issued) -> None:
    context = verifying_context(str(agency.cert_path), parse_pins([leaf.pin, key_pin(new_key())]))
    context.check_hostname = False
    context.verify_mode = ssl.CERT_OPTIONAL  # a pin must never stand in for verification

    with pytest.raises(PinMismatch, match="verification was switched off"):
        _handshake_in_memory(context, leaf)
