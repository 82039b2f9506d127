"""The error hierarchy the sync engine and the UI rely on, and the words people read."""

from __future__ import annotations

import re

import pytest

from fieldcm.sync import transport_errors
from fieldcm.sync.transport import (
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

ALL = [
    TransportConfigError("x"),
    InsecureServerURL("x"),
    Offline("x"),
    UntrustedServer("x"),
    ServerUnavailable("x", retry_after=3),
    RateLimited("x", retry_after=30),
    AuthProblem("x", code="device_revoked", status=401),
    WipeRequired("x", code="wipe_required", status=403),
    ServerRefused("x", status=409, code="conflict", server_message="That note is signed."),
    ServerBug("x", status=500),
]
JARGON = re.compile(r"\bHTTPS?\b(?!:)|\b(TLS|SSL|JSON|40\d|50\d|exception|traceback|None)\b", re.I)


@pytest.mark.parametrize("error", ALL, ids=lambda e: type(e).__name__)
def test_every_error_speaks_plain_words(error: TransportError) -> None:
    assert error.user_message.strip().endswith((".", "!"))
    assert not JARGON.search(error.user_message), error.user_message
    assert error.detail == "x"


def test_the_hierarchy_is_the_one_the_docstring_draws() -> None:
    assert issubclass(UntrustedServer, Offline)
    assert issubclass(ServerUnavailable, Offline)
    assert issubclass(WipeRequired, AuthProblem)
    assert issubclass(InsecureServerURL, TransportConfigError)
    assert issubclass(TransportConfigError, ValueError)
    for kind in (Offline, RateLimited, AuthProblem, ServerRefused, ServerBug):
        assert issubclass(kind, TransportError)
    doc = transport_errors.__doc__ or ""
    for kind in (UntrustedServer, ServerUnavailable, RateLimited, WipeRequired, ServerBug):
        assert kind.__name__ in doc


def test_only_our_bugs_ask_for_a_report() -> None:
    bugs = {type(e).__name__ for e in ALL if e.is_bug}

    assert bugs == {"TransportConfigError", "InsecureServerURL", "ServerBug"}


def test_offline_says_work_is_safe() -> None:
    assert Offline("x").user_message == (
        "No connection to the agency server. Your work is saved on this laptop and will sync "
        "when you are back online."
    )
    assert "saved on this laptop" in UntrustedServer("x").user_message
    assert "saved on this laptop" in AuthProblem("x").user_message


def test_waits_are_kept_for_the_engine() -> None:
    assert RateLimited("x", retry_after=30).retry_after == 30
    assert ServerUnavailable("x").retry_after is None
