"""What goes on the wire: one request per endpoint as the protocol says, gzip both ways,
tokens only in the Authorization header, and every answer parsed with the protocol's models."""

from __future__ import annotations

import gzip
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import BaseModel

from fieldcm.sync.protocol import (
    Actor,
    AgencySettings,
    ChangesPage,
    ConflictPayload,
    DeviceStatus,
    DigestRequest,
    DigestResponse,
    FetchRequest,
    FetchResponse,
    FieldChange,
    LoginResponse,
    Mutation,
    PushBatch,
    PushResponse,
    RecordPayload,
    ResolveConflict,
    TokenPair,
)
from fieldcm.sync.transport import (
    InMemoryTokenStore,
    ServerBug,
    ServerRefused,
    SyncTransport,
)
from tests.unit.sync_transport.conftest import ServerFactory, Sleeps
from tests.unit.sync_transport.loopback import (
    DEVICE_ID,
    USER,
    Reply,
    error,
    scripted,
    token_pair,
)

Make = Callable[..., SyncTransport]
NOW = datetime(2030, 5, 6, 7, 8, 9, tzinfo=UTC)
CLIENT_ID = str(uuid.uuid4())
CONFLICT_ID = str(uuid.uuid4())
RECORD = RecordPayload(kind="client", id=CLIENT_ID, client_id=CLIENT_ID, rev=3)
CONFLICT = ConflictPayload(
    id=CONFLICT_ID,
    kind="client",
    record_id=CLIENT_ID,
    client_id=CLIENT_ID,
    field="phone",
    mine_by=Actor(user_id=USER.id, user_name=USER.display_name, at=NOW),
)


def batch(note_chars: int) -> PushBatch:
    return PushBatch(
        mutations=[
            Mutation(
                mutation_id=str(uuid.uuid4()),
                kind="progress_note",
                record_id=str(uuid.uuid4()),
                client_id=CLIENT_ID,
                op="update",
                base_rev=2,
                changes={"body": FieldChange(base="", new="n" * note_chars)},
                made_at=NOW,
            )
        ]
    )


# (method name, call, expected method, path, answer model instance)
ENDPOINTS: list[tuple[str, Callable[[SyncTransport], Any], str, str, BaseModel]] = [
    ("pull", lambda t: t.pull("opaque-cursor", 200), "GET", "/v1/changes",
     ChangesPage(changes=[], cursor="next", has_more=True)),
    ("push", lambda t: t.push(batch(40)), "POST", "/v1/push", PushResponse(results=[])),
    ("digest", lambda t: t.digest(DigestRequest(clients={CLIENT_ID: "ab" * 32})), "POST",
     "/v1/digest", DigestResponse(matching=0, differing=[CLIENT_ID], missing_on_device=[],
                                  not_in_scope=[])),
    ("fetch", lambda t: t.fetch(FetchRequest(client_ids=[CLIENT_ID])), "POST",
     "/v1/records/fetch", FetchResponse(records=[RECORD])),
    ("resolve_conflict",
     lambda t: t.resolve_conflict(CONFLICT_ID, ResolveConflict(resolution="555-0100",
                                                              mutation_id=str(uuid.uuid4()))),
     "POST", f"/v1/conflicts/{CONFLICT_ID}/resolve", CONFLICT),
    ("get_client", lambda t: t.get_client(CLIENT_ID), "GET", f"/v1/clients/{CLIENT_ID}", RECORD),
    ("device_status", lambda t: t.device_status(), "GET", "/v1/device/status",
     DeviceStatus(device_id=DEVICE_ID, state="active")),
    ("report_wiped", lambda t: t.report_wiped(), "POST", "/v1/device/wiped",
     DeviceStatus(device_id=DEVICE_ID, state="wiped")),
    ("settings", lambda t: t.settings(), "GET", "/v1/settings", AgencySettings(revision=4)),
    ("login", lambda t: t.login("worker-a", "correct horse battery"), "POST", "/v1/login",
     LoginResponse(user=USER)),
    ("enroll", lambda t: t.enroll("ABCD-EFGH-JKLM", "Laptop 7"), "POST", "/v1/enroll",
     token_pair("enrolled")),
    ("refresh", lambda t: t.refresh(), "POST", "/v1/token/refresh", token_pair("rotated")),
]  # fmt: skip


Endpoint = tuple[str, Callable[[SyncTransport], Any], str, str, BaseModel]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_each_endpoint_sends_its_request_and_parses_its_answer(
    endpoint: Endpoint, serve: ServerFactory, transport_for: Make
) -> None:
    _, call, method, path, answer = endpoint
    server = serve(scripted(Reply(body=answer)))

    assert call(transport_for(server)) == answer

    (seen,) = server.seen
    assert (seen.method, seen.path) == (method, path)
    assert seen.header("Accept") == "application/json"


def test_tokens_travel_only_in_the_authorization_header(
    serve: ServerFactory, transport_for: Make, tokens: TokenPair
) -> None:
    answers = {path: answer for _, _, _, path, answer in ENDPOINTS}
    server = serve(lambda seen: Reply(body=answers[seen.path]))
    transport = transport_for(server)
    for _, call, *_ in ENDPOINTS:
        call(transport)

    pairs = [tokens, *(answer for answer in answers.values() if isinstance(answer, TokenPair))]
    secrets = [token for pair in pairs for token in (pair.access_token, pair.refresh_token)]
    assert len(server.seen) == len(ENDPOINTS)
    for seen in server.seen:
        for secret in secrets:
            assert secret not in seen.request_line, seen.request_line
            for name, value in seen.headers.items():
                assert name == "authorization" or secret not in value, name
        assert set(seen.query) <= {"cursor", "limit"}
        authorization = seen.header("Authorization")
        if seen.path in ("/v1/enroll", "/v1/token/refresh", "/v1/login"):
            assert authorization is None
        else:
            assert authorization is not None and authorization.startswith("Bearer acc")
    pull = next(seen for seen in server.seen if seen.path == "/v1/changes")
    assert pull.query == {"cursor": ["opaque-cursor"], "limit": ["200"]}


def test_large_request_bodies_are_gzipped(serve: ServerFactory, transport_for: Make) -> None:
    big = batch(20_000)
    server = serve(scripted(Reply(body=PushResponse(results=[]))))

    transport_for(server).push(big)

    (seen,) = server.seen
    assert seen.header("Content-Encoding") == "gzip"
    assert seen.raw_body[:2] == b"\x1f\x8b"
    assert len(seen.raw_body) < len(seen.body) / 10
    assert PushBatch.model_validate_json(seen.body) == big


def test_small_request_bodies_go_plain(serve: ServerFactory, transport_for: Make) -> None:
    server = serve(
        scripted(
            Reply(
                body=DigestResponse(matching=1, differing=[], missing_on_device=[], not_in_scope=[])
            )
        )
    )

    transport_for(server).digest(DigestRequest(clients={CLIENT_ID: "cd" * 32}))

    (seen,) = server.seen
    assert seen.header("Content-Encoding") is None
    assert DigestRequest.model_validate_json(seen.raw_body).clients == {CLIENT_ID: "cd" * 32}


def test_gzipped_answers_are_decompressed(serve: ServerFactory, transport_for: Make) -> None:
    page = ChangesPage(changes=[], cursor="z" * 5000, has_more=False)
    server = serve(scripted(Reply(body=page, gzip=True)))

    assert transport_for(server).pull() == page
    assert "gzip" in (server.seen[0].header("Accept-Encoding") or "")


def test_cookies_are_neither_kept_nor_sent(serve: ServerFactory, transport_for: Make) -> None:
    settings = AgencySettings()
    cookie = {"Set-Cookie": "session=abc123; Path=/"}
    server = serve(scripted(Reply(body=settings, headers=cookie), Reply(body=settings)))
    transport = transport_for(server)

    transport.settings()
    transport.settings()

    assert server.seen[1].header("Cookie") is None


# ---- answers that break the protocol ---------------------------------------------------

MARKER = "Rosalind-Quintero-555-0199"
BROKEN = [
    pytest.param(Reply(body="<html>Welcome to Shelter WiFi</html>", content_type="text/html"),
                 "text/html", id="html"),
    pytest.param(Reply(body="{not json", content_type="application/json"), "Invalid JSON",
                 id="not-json"),
    pytest.param(Reply(body=b"", content_type="application/json"), "Invalid JSON", id="empty"),
    pytest.param(Reply(body=b"\xff\xfe\x00garbage"), "ChangesPage", id="garbage-bytes"),
    pytest.param(Reply(body={"changes": "nope", "cursor": 7}), "ChangesPage", id="wrong-types"),
    pytest.param(Reply(body={"changes": [], "cursor": "c", "has_more": False, "extra": MARKER}),
                 "extra", id="unknown-field"),
    pytest.param(Reply(body={"changes": [{"type": "upsert", "record": {
        "kind": "client", "id": MARKER, "client_id": CLIENT_ID, "rev": 1,
        "fields": {"name": MARKER}}}], "cursor": "c", "has_more": False}),
                 "changes.0.record.id", id="bad-record-id"),
    pytest.param(Reply(body=b"", content_type=None), "no content type",
                 id="no-content-type"),
    pytest.param(Reply(body=b"not gzip at all", headers={"Content-Encoding": "gzip"}),
                 "compression", id="broken-gzip"),
]  # fmt: skip


@pytest.mark.parametrize(("reply", "says"), BROKEN)
def test_answers_that_break_the_protocol_are_server_bugs(
    reply: Reply, says: str, serve: ServerFactory, transport_for: Make, sleeps: Sleeps
) -> None:
    server = serve(scripted(reply))

    with pytest.raises(ServerBug) as bug:
        transport_for(server).pull()

    assert bug.value.is_bug
    assert "GET /v1/changes" in bug.value.detail
    assert says in bug.value.detail
    assert MARKER not in str(bug.value), "client data from the answer must not reach the log"
    assert bug.value.__cause__ is None or MARKER not in str(bug.value.__cause__)
    assert "could not understand" in bug.value.user_message
    assert len(server.seen) == 1
    assert sleeps.waits == []


def test_an_oversized_answer_is_refused(serve: ServerFactory, transport_for: Make) -> None:
    server = serve(scripted(Reply(body=b"0" * 50_000, gzip=True)))

    with pytest.raises(ServerBug, match="larger than 10000 bytes"):
        transport_for(server, max_response_bytes=10_000).pull()


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_redirects_are_never_followed(
    status: int, serve: ServerFactory, transport_for: Make
) -> None:
    server = serve(scripted(Reply(status, b"", headers={"Location": "http://evil.example/v1"})))

    with pytest.raises(ServerBug, match="redirect"):
        transport_for(server).pull()

    assert len(server.seen) == 1


# ---- refusals ------------------------------------------------------------------------------


def test_a_refusal_carries_the_servers_message(serve: ServerFactory, transport_for: Make) -> None:
    server = serve(scripted(error(400, "bad_cursor", "This sync position is not valid.")))

    with pytest.raises(ServerRefused) as refused:
        transport_for(server).pull("tampered")

    assert (refused.value.status, refused.value.code) == (400, "bad_cursor")
    assert refused.value.user_message == (
        "The agency server refused: This sync position is not valid."
    )
    assert not refused.value.is_bug


def test_a_refusal_without_an_error_body_still_reads_well(
    serve: ServerFactory, transport_for: Make
) -> None:
    server = serve(scripted(Reply(413, "<h1>Too large</h1>", content_type="text/html")))

    with pytest.raises(ServerRefused) as refused:
        transport_for(server).push(batch(10))

    assert refused.value.status == 413
    assert refused.value.code is None
    assert refused.value.user_message.startswith("Sync with the agency server did not work.")


@pytest.mark.parametrize(
    "bad_id", ["../../v1/admin", CONFLICT_ID.upper(), "", "1234", f"{CONFLICT_ID}?x=1"]
)
def test_ids_in_paths_must_be_record_ids(
    bad_id: str, serve: ServerFactory, transport_for: Make
) -> None:
    server = serve(scripted(Reply(body=CONFLICT)))
    transport = transport_for(server)

    with pytest.raises(ValueError, match="record id"):
        transport.resolve_conflict(bad_id, ResolveConflict(resolution=1, mutation_id=CONFLICT_ID))
    with pytest.raises(ValueError, match="record id"):
        transport.get_client(bad_id)

    assert server.seen == []


def test_request_gzip_is_standard_and_byte_identical_on_a_resend() -> None:
    from fieldcm.sync.transport_wire import encode_body

    big = batch(5000)
    first, headers = encode_body(big, gzip_threshold=1024)
    again, _ = encode_body(big, gzip_threshold=1024)

    assert headers == {"Content-Type": "application/json", "Content-Encoding": "gzip"}
    assert first == again, "no timestamp in the gzip header: a resent batch is the same bytes"
    assert PushBatch.model_validate_json(gzip.decompress(first)) == big


def test_the_in_memory_store_round_trips() -> None:
    store = InMemoryTokenStore()
    pair = token_pair()

    assert store.get() is None
    store.set(pair)
    assert store.get() == pair


def test_the_meter_counts_requests_and_compressed_bytes_each_way(
    serve: ServerFactory, transport_for: Make
) -> None:
    big = batch(20_000)
    page = ChangesPage(changes=[], cursor="z" * 5000, has_more=False)
    server = serve(scripted(Reply(body=PushResponse(results=[])), Reply(body=page, gzip=True)))
    transport = transport_for(server)

    transport.push(big)
    after_push = transport.wire.count()
    transport.pull()
    moved = transport.wire.count()

    pushed, pulled = server.seen
    assert (after_push.requests, moved.requests) == (1, 2)
    # Bodies as they travelled (gzipped), plus the request line and headers.
    assert len(pushed.raw_body) < after_push.bytes_up < len(pushed.raw_body) + 1024
    assert after_push.bytes_up < len(big.model_dump_json()) / 10
    pulled_up = moved.bytes_up - after_push.bytes_up
    assert 0 < pulled_up < 1024 and len(pulled.raw_body) == 0
    pulled_down = moved.bytes_down - after_push.bytes_down
    assert 0 < pulled_down < len(page.model_dump_json()) / 2, "compressed, as received"
