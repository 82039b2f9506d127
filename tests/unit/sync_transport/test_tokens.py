"""Tokens: enrollment, refresh on ``token_expired`` with rotation persisted before use, and
the auth errors the sync engine acts on (SECURITY.md D1, D2)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fieldcm.sync.protocol import ChangesPage, TokenPair
from fieldcm.sync.transport import (
    AuthProblem,
    InMemoryTokenStore,
    SyncTransport,
    WipeRequired,
)
from tests.unit.sync_transport.conftest import ServerFactory
from tests.unit.sync_transport.loopback import (
    LoopbackServer,
    Reply,
    Seen,
    error,
    scripted,
    token_pair,
)

Make = Callable[..., SyncTransport]
PAGE = ChangesPage(changes=[], cursor="c-2", has_more=False)


class RecordingStore(InMemoryTokenStore):
    """Notes how many requests the server had seen each time a pair was persisted."""

    def __init__(self, pair: TokenPair, server: LoopbackServer | None = None) -> None:
        super().__init__(pair)
        self.server = server
        self.saved_after: list[int] = []

    def set(self, pair: TokenPair) -> None:
        assert self.server is not None
        self.saved_after.append(len(self.server.seen))
        super().set(pair)


class FailingStore(InMemoryTokenStore):
    def set(self, pair: TokenPair) -> None:
        raise OSError("disk full")


def bearer(seen: Seen) -> str | None:
    return seen.header("Authorization")


def token_server(old: TokenPair, new: TokenPair) -> Callable[[Seen], Reply]:
    """A server whose access token ``old`` just expired; refresh with ``old`` gives ``new``."""

    def handle(seen: Seen) -> Reply:
        if seen.path == "/v1/token/refresh":
            if seen.json() == {"refresh_token": old.refresh_token}:
                return Reply(body=new)
            return error(401, "token_reuse")
        if bearer(seen) == f"Bearer {new.access_token}":
            return Reply(body=PAGE)
        return error(401, "token_expired", "The access token expired; refresh it.")

    return handle


def test_an_expired_access_token_is_refreshed_once_and_the_call_retried(
    serve: ServerFactory, transport_for: Make
) -> None:
    old, new = token_pair("old"), token_pair("new")
    server = serve(token_server(old, new))
    store = RecordingStore(old, server)

    assert transport_for(server, token_store=store).pull("c-1") == PAGE

    pull, refresh, retry = server.seen
    assert (pull.path, refresh.path, retry.path) == (
        "/v1/changes",
        "/v1/token/refresh",
        "/v1/changes",
    )
    assert bearer(pull) == f"Bearer {old.access_token}"
    assert bearer(refresh) is None, "the refresh token travels in the body, alone"
    assert bearer(retry) == f"Bearer {new.access_token}"
    assert retry.query == {"cursor": ["c-1"]}
    assert store.get() == new
    assert store.saved_after == [2], "the rotated pair is persisted before the retry uses it"


def test_a_second_token_expired_is_reported_not_looped_on(
    serve: ServerFactory, transport_for: Make
) -> None:
    old, new = token_pair("old"), token_pair("new")

    def handle(seen: Seen) -> Reply:
        if seen.path == "/v1/token/refresh":
            return Reply(body=new)
        return error(401, "token_expired")

    server = serve(handle)
    store = InMemoryTokenStore(old)

    with pytest.raises(AuthProblem) as refused:
        transport_for(server, token_store=store).pull()

    assert [seen.path for seen in server.seen] == [
        "/v1/changes",
        "/v1/token/refresh",
        "/v1/changes",
    ]
    assert refused.value.code == "token_expired"
    assert store.get() == new


def test_a_pair_that_cannot_be_persisted_is_never_used(
    serve: ServerFactory, transport_for: Make
) -> None:
    old, new = token_pair("old"), token_pair("new")
    server = serve(token_server(old, new))

    with pytest.raises(OSError, match="disk full"):
        transport_for(server, token_store=FailingStore(old)).pull()

    assert [seen.path for seen in server.seen] == ["/v1/changes", "/v1/token/refresh"]


def test_a_pair_rotated_meanwhile_by_another_caller_is_used_without_a_second_refresh(
    serve: ServerFactory, transport_for: Make
) -> None:
    old, rotated = token_pair("old"), token_pair("rotated")
    store = InMemoryTokenStore(old)

    def handle(seen: Seen) -> Reply:
        if bearer(seen) == f"Bearer {rotated.access_token}":
            return Reply(body=PAGE)
        # Another worker of the network lane refreshes while this request is in flight.
        store.set(rotated)
        return error(401, "token_expired")

    server = serve(handle)

    assert transport_for(server, token_store=store).pull() == PAGE
    assert [seen.path for seen in server.seen] == ["/v1/changes", "/v1/changes"], (
        "a second rotation would present a spent refresh token and revoke the laptop"
    )


def test_refresh_rotates_and_persists(
    serve: ServerFactory, transport_for: Make, store: InMemoryTokenStore
) -> None:
    new = token_pair("new")
    server = serve(scripted(Reply(body=new)))
    old = store.get()
    assert old is not None

    assert transport_for(server).refresh() == new

    assert server.seen[0].json() == {"refresh_token": old.refresh_token}
    assert store.get() == new


def test_a_refused_refresh_keeps_the_stored_pair(
    serve: ServerFactory, transport_for: Make, store: InMemoryTokenStore
) -> None:
    before = store.get()
    server = serve(scripted(error(401, "token_reuse", "Already used; enroll again.")))

    with pytest.raises(AuthProblem) as refused:
        transport_for(server).refresh()

    assert refused.value.code == "token_reuse"
    assert refused.value.server_message == "Already used; enroll again."
    assert "enroll it again" in refused.value.user_message
    assert store.get() == before


def test_enroll_persists_the_first_pair(serve: ServerFactory, transport_for: Make) -> None:
    pair = token_pair()
    server = serve(scripted(Reply(body=pair)))
    store = InMemoryTokenStore()

    assert transport_for(server, token_store=store).enroll("ABCD-EFGH-JKLM", "Laptop 7") == pair

    assert store.get() == pair
    assert bearer(server.seen[0]) is None
    assert server.seen[0].json()["code"] == "ABCD-EFGH-JKLM"


def test_an_unenrolled_laptop_sends_nothing(serve: ServerFactory, transport_for: Make) -> None:
    server = serve(scripted(Reply(body=PAGE)))

    with pytest.raises(AuthProblem) as refused:
        transport_for(server, token_store=InMemoryTokenStore()).pull()

    assert refused.value.code == "not_enrolled"
    assert "not enrolled" in refused.value.user_message
    assert server.seen == []


@pytest.mark.parametrize("status", [403, 401])
def test_wipe_required_is_its_own_error(
    status: int, serve: ServerFactory, transport_for: Make
) -> None:
    server = serve(scripted(error(status, "wipe_required", "Erase now.")))

    with pytest.raises(WipeRequired) as wipe:
        transport_for(server).pull()

    assert isinstance(wipe.value, AuthProblem)
    assert wipe.value.status == status
    assert "removed" in wipe.value.user_message
    assert len(server.seen) == 1, "no refresh, no retry"


@pytest.mark.parametrize(
    ("status", "code", "says"),
    [
        (401, "device_revoked", "enroll it again"),
        (401, "user_disabled", "disabled"),
        (401, "invalid_token", "enroll it again"),
        (403, "forbidden", "did not accept"),
        (401, "something_new", "did not accept"),
    ],
)
def test_other_auth_refusals_are_auth_problems_without_a_refresh(
    status: int, code: str, says: str, serve: ServerFactory, transport_for: Make
) -> None:
    server = serve(scripted(error(status, code)))

    with pytest.raises(AuthProblem) as refused:
        transport_for(server).settings()

    assert not isinstance(refused.value, WipeRequired)
    assert refused.value.code == code
    assert says in refused.value.user_message
    assert len(server.seen) == 1
