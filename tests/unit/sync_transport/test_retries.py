"""Retries: full-jitter backoff, Retry-After honoured, and only calls that are safe to resend.

The sleeper is injected (``sleeps.waits`` records what the transport would have waited), so
nothing here waits for real and nothing asserts on time.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from fieldcm.sync.protocol import (
    AgencySettings,
    ChangesPage,
    FieldChange,
    Mutation,
    MutationResult,
    PushBatch,
    PushResponse,
)
from fieldcm.sync.transport import (
    InMemoryTokenStore,
    Offline,
    RateLimited,
    RetryPolicy,
    ServerBug,
    ServerUnavailable,
    SyncTransport,
)
from fieldcm.sync.transport_retry import parse_retry_after
from tests.unit.sync_transport.conftest import ServerFactory, Sleeps
from tests.unit.sync_transport.loopback import (
    Reply,
    closed_port,
    error,
    scripted,
    token_pair,
)

Make = Callable[..., SyncTransport]
PAGE = ChangesPage(changes=[], cursor="c-1", has_more=False)
BASE = RetryPolicy().base_delay


class Highest(random.Random):
    """Jitter always at the top of its range: the waits are exactly the bounds."""

    def uniform(self, a: float, b: float) -> float:
        return b


# ---- Retry-After -----------------------------------------------------------------------


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_in_seconds_is_honoured(
    status: int, serve: ServerFactory, transport_for: Make, sleeps: Sleeps
) -> None:
    server = serve(scripted(error(status, "busy", **{"Retry-After": "7"}), Reply(body=PAGE)))

    assert transport_for(server).pull("c-0") == PAGE

    assert len(server.seen) == 2
    assert len(sleeps.waits) == 1
    assert 7 <= sleeps.waits[0] <= 7 + BASE


def test_retry_after_as_an_http_date_is_honoured(
    serve: ServerFactory, transport_for: Make, sleeps: Sleeps
) -> None:
    now = datetime(2031, 3, 4, 5, 6, 7, tzinfo=UTC)
    later = format_datetime(now.replace(second=19), usegmt=True)  # 12 s after "now"
    server = serve(scripted(error(503, "busy", **{"Retry-After": later}), Reply(body=PAGE)))

    transport_for(server, clock=now.timestamp).pull()

    assert len(sleeps.waits) == 1
    assert 12 <= sleeps.waits[0] <= 12 + BASE


def test_retry_after_in_the_error_body_is_used_when_the_header_is_missing(
    serve: ServerFactory, transport_for: Make, sleeps: Sleeps
) -> None:
    limited = Reply(429, {"code": "rate_limited", "message": "Wait.", "detail": {"retry_after": 5}})
    server = serve(scripted(limited, Reply(body=PAGE)))

    transport_for(server).pull()

    assert 5 <= sleeps.waits[0] <= 5 + BASE


def test_a_long_retry_after_is_handed_to_the_caller_without_waiting(
    serve: ServerFactory, transport_for: Make, sleeps: Sleeps
) -> None:
    server = serve(scripted(error(429, "rate_limited", **{"Retry-After": "3600"})))

    with pytest.raises(RateLimited) as limited:
        transport_for(server).pull()

    assert limited.value.retry_after == 3600
    assert sleeps.waits == []
    assert len(server.seen) == 1
    assert "wait" in limited.value.user_message


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("0", 0.0),
        ("120", 120.0),
        (" 5 ", 5.0),
        ("Thu, 01 Jan 1970 00:01:40 GMT", 60.0),  # now = 40 s after the epoch
        ("Thursday, 01-Jan-70 00:01:40 GMT", 60.0),  # the obsolete RFC 850 form
        ("Thu Jan  1 00:01:40 1970", 60.0),  # asctime: no zone, GMT by definition
        ("Thu, 01 Jan 1970 00:00:01 GMT", 0.0),  # in the past: go now
        ("-5", None),
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(header: str | None, expected: float | None) -> None:
    assert parse_retry_after(header, now=40.0) == expected


# ---- backoff ---------------------------------------------------------------------------


def test_backoff_bounds_double_then_cap() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=8.0)

    assert [policy.backoff_bound(n) for n in range(7)] == [0.5, 1, 2, 4, 8, 8, 8]
    assert policy.backoff_bound(10_000) == 8.0


def test_backoff_is_full_jitter_within_the_bounds() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=8.0)
    rng = random.Random(1)

    for attempt in range(6):
        waits = [policy.backoff(attempt, rng) for _ in range(400)]
        bound = policy.backoff_bound(attempt)
        assert all(0 <= wait <= bound for wait in waits)
        # Full jitter spreads over the whole range, not a narrow band near the bound.
        assert min(waits) < 0.1 * bound
        assert max(waits) > 0.9 * bound


def test_backoff_over_the_wire_grows_and_stays_within_bounds(
    serve: ServerFactory, transport_for: Make, sleeps: Sleeps
) -> None:
    server = serve(scripted(*[error(502, "bad_gateway")] * 4, Reply(body=PAGE)))

    transport_for(server, rng=Highest()).pull()

    assert sleeps.waits == [0.5, 1.0, 2.0, 4.0]
    assert len(server.seen) == 5


def test_backoff_over_the_wire_is_jittered(
    serve: ServerFactory, transport_for: Make, sleeps: Sleeps
) -> None:
    server = serve(scripted(*[Reply(503, "busy", content_type="text/plain")] * 4, Reply(body=PAGE)))

    transport_for(server, rng=random.Random(3)).pull()

    policy = RetryPolicy()
    assert len(sleeps.waits) == 4
    assert all(0 <= w <= policy.backoff_bound(n) for n, w in enumerate(sleeps.waits))
    assert sleeps.waits != [policy.backoff_bound(n) for n in range(4)]


def test_retries_run_out_with_the_right_error(
    serve: ServerFactory, transport_for: Make, sleeps: Sleeps
) -> None:
    server = serve(scripted(*[error(503, "busy", **{"Retry-After": "2"})] * 3))

    with pytest.raises(ServerUnavailable) as unavailable:
        transport_for(server, max_retries=2).settings()

    assert len(server.seen) == 3
    assert len(sleeps.waits) == 2
    assert unavailable.value.retry_after == 2
    assert isinstance(unavailable.value, Offline), "the engine treats it like being offline"


def test_a_500_is_a_bug_and_is_not_retried(
    serve: ServerFactory, transport_for: Make, sleeps: Sleeps
) -> None:
    server = serve(scripted(Reply(500, "Internal Server Error", content_type="text/plain")))

    with pytest.raises(ServerBug) as bug:
        transport_for(server).settings()

    assert bug.value.is_bug
    assert len(server.seen) == 1
    assert sleeps.waits == []


# ---- link failures -----------------------------------------------------------------------


def test_connection_refused_is_offline_after_the_retries(sleeps: Sleeps) -> None:
    transport = SyncTransport(
        f"http://127.0.0.1:{closed_port()}",
        token_store=InMemoryTokenStore(token_pair()),
        sleeper=sleeps,
        max_retries=3,
    )

    with pytest.raises(Offline) as offline:
        transport.pull()

    assert len(sleeps.waits) == 3
    assert offline.value.user_message == (
        "No connection to the agency server. Your work is saved on this laptop and will sync "
        "when you are back online."
    )
    assert not offline.value.is_bug


def test_enroll_is_retried_when_the_connection_was_never_made(sleeps: Sleeps) -> None:
    transport = SyncTransport(
        f"http://127.0.0.1:{closed_port()}",
        token_store=InMemoryTokenStore(),
        sleeper=sleeps,
        max_retries=2,
    )

    with pytest.raises(Offline):
        transport.enroll("ABCD-EFGH-JKLM", "Laptop 7")

    assert len(sleeps.waits) == 2, "no request left, so resending the code is safe"


def test_a_stalled_answer_times_out_as_offline(serve: ServerFactory, transport_for: Make) -> None:
    server = serve(scripted(Reply(stall=True)))

    with pytest.raises(Offline):
        transport_for(server, read_timeout=0.3, max_retries=0).settings()

    assert len(server.seen) == 1


def test_a_read_is_retried_after_the_link_drops_mid_exchange(
    serve: ServerFactory, transport_for: Make, sleeps: Sleeps
) -> None:
    server = serve(scripted(Reply(hang_up=True), Reply(body=AgencySettings())))

    assert transport_for(server).settings() == AgencySettings()
    assert len(server.seen) == 2
    assert len(sleeps.waits) == 1


def _batch(size: int = 3) -> PushBatch:
    made = datetime(2030, 1, 1, tzinfo=UTC)
    return PushBatch(
        mutations=[
            Mutation(
                mutation_id=str(uuid.uuid4()),
                kind="progress_note",
                record_id=str(uuid.uuid4()),
                client_id=str(uuid.uuid4()),
                op="update",
                base_rev=1,
                changes={"body": FieldChange(base="old", new="x" * 600)},
                made_at=made,
            )
            for _ in range(size)
        ]
    )


def test_push_is_resent_after_a_lost_answer_because_mutation_ids_protect_it(
    serve: ServerFactory, transport_for: Make, sleeps: Sleeps
) -> None:
    batch = _batch()
    applied = PushResponse(
        results=[
            MutationResult(mutation_id=m.mutation_id, status="applied") for m in batch.mutations
        ]
    )
    server = serve(scripted(Reply(hang_up=True), Reply(body=applied)))

    assert transport_for(server).push(batch) == applied

    first, second = server.seen
    assert first.body == second.body, "the resend is the same batch, the same mutation ids"
    assert [m["mutation_id"] for m in second.json()["mutations"]] == [
        m.mutation_id for m in batch.mutations
    ]


@pytest.mark.parametrize("failure", [Reply(hang_up=True), error(502, "bad_gateway")])
def test_enroll_is_not_resent_once_the_server_may_have_acted(
    failure: Reply, serve: ServerFactory, transport_for: Make, sleeps: Sleeps
) -> None:
    server = serve(scripted(failure, Reply(body=token_pair())))

    with pytest.raises((Offline, ServerUnavailable)):
        transport_for(server, token_store=InMemoryTokenStore()).enroll("ABCD-EFGH", "Laptop 7")

    assert len(server.seen) == 1, "a one-time code must not be spent twice"
    assert sleeps.waits == []


def test_refresh_is_not_resent_after_a_lost_answer(
    serve: ServerFactory, transport_for: Make, store: InMemoryTokenStore, sleeps: Sleeps
) -> None:
    before = store.get()
    server = serve(scripted(Reply(hang_up=True), Reply(body=token_pair("2"))))

    with pytest.raises(Offline):
        transport_for(server).refresh()

    # Resending the spent refresh token would look like theft and revoke the laptop.
    assert len(server.seen) == 1
    assert store.get() == before


@pytest.mark.parametrize("status", [429, 503])
def test_enroll_is_resent_when_the_server_says_it_did_not_act(
    status: int, serve: ServerFactory, transport_for: Make, sleeps: Sleeps
) -> None:
    pair = token_pair()
    server = serve(scripted(error(status, "busy", **{"Retry-After": "1"}), Reply(body=pair)))

    assert transport_for(server, token_store=InMemoryTokenStore()).enroll("ABCD-EFGH", "L7") == pair
    assert len(server.seen) == 2
