"""The HTTP layer in process: error bodies, size limits, gzip, auth, roles, rate limits, OpenAPI."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from fastapi import FastAPI

from fieldcm.server.app import create_app
from fieldcm.server.config import RateLimit, ServerConfig
from fieldcm.sync.protocol import MAX_PAGE_SIZE, ChangesPage, ErrorBody
from tests.mutations import create, update
from tests.server.asgi import Response, call
from tests.server.helpers import CHEAP, Agency

SMALL_LIMIT = 64 * 1024


@pytest.fixture
def app(database_url: str) -> Iterator[FastAPI]:
    config = ServerConfig(
        database_url=database_url,
        password_cost=CHEAP,
        max_body_bytes=SMALL_LIMIT,
        rate_limits={
            "login": RateLimit(2, 3600),
            "refresh": RateLimit(100, 3600),
            "enroll": RateLimit(100, 3600),
        },
    )
    application = create_app(config)
    yield application
    application.state.fieldcm.db.dispose()


def error(response: Response, status: int) -> ErrorBody:
    assert response.status == status, (response.status, response.body[:300])
    body = ErrorBody.model_validate_json(response.body)
    assert body.code and body.message
    return body


def test_health_needs_no_token(app: FastAPI) -> None:
    response = call(app, "GET", "/v1/health")

    assert (response.status, response.json()["status"]) == (200, "ok")


@pytest.mark.parametrize(
    ("method", "path"), [("GET", "/v1/changes"), ("POST", "/v1/push"), ("GET", "/v1/settings")]
)
def test_requests_without_a_token_get_a_401_error_body(
    app: FastAPI, method: str, path: str
) -> None:
    error(call(app, method, path, json={"mutations": []} if method == "POST" else None), 401)


def test_a_token_in_the_query_string_is_ignored(app: FastAPI, agency: Agency) -> None:
    ana = agency.person()

    response = call(app, "GET", "/v1/changes", params={"access_token": ana.tokens.access_token})

    error(response, 401)


def test_unknown_paths_and_methods_get_error_bodies(app: FastAPI) -> None:
    assert error(call(app, "GET", "/v1/nothing"), 404).code == "not_found"
    assert error(call(app, "DELETE", "/v1/push"), 405).code == "method_not_allowed"


@pytest.mark.parametrize(
    "body", [b"{not json", b"[]", b'{"mutations": "x"}', b'{"mutations": [], "extra": 1}']
)
def test_malformed_bodies_get_a_readable_422(app: FastAPI, agency: Agency, body: bytes) -> None:
    ana = agency.person()

    response = call(
        app,
        "POST",
        "/v1/push",
        body=body,
        headers={"content-type": "application/json"},
        token=ana.tokens.access_token,
    )

    assert "not valid" in error(response, 422).message


@pytest.mark.parametrize("limit", ["0", "-1", str(MAX_PAGE_SIZE + 1), "ten"])
def test_out_of_range_page_sizes_are_refused(app: FastAPI, agency: Agency, limit: str) -> None:
    ana = agency.person()

    error(
        call(app, "GET", "/v1/changes", params={"limit": limit}, token=ana.tokens.access_token), 422
    )


def test_gzip_request_bodies_are_accepted(app: FastAPI, agency: Agency) -> None:
    ana = agency.person()

    response = call(
        app,
        "POST",
        "/v1/push",
        body=gzip.compress(b'{"mutations": []}'),
        headers={"content-type": "application/json", "content-encoding": "gzip"},
        token=ana.tokens.access_token,
    )

    assert (response.status, response.json()) == (200, {"results": []})


@pytest.mark.parametrize(
    ("body", "encoding", "status"),
    [
        (gzip.compress(b" " * (SMALL_LIMIT * 20)), "gzip", 413),  # small on the wire, a bomb
        (b" " * (SMALL_LIMIT + 1), "identity", 413),
        (b"definitely not gzip", "gzip", 400),
        (gzip.compress(b"{}")[:-6], "gzip", 400),
        (b"{}", "br", 415),
    ],
)
def test_oversized_or_undecodable_bodies_are_refused(
    app: FastAPI, agency: Agency, body: bytes, encoding: str, status: int
) -> None:
    ana = agency.person()

    response = call(
        app,
        "POST",
        "/v1/push",
        body=body,
        headers={"content-type": "application/json", "content-encoding": encoding},
        token=ana.tokens.access_token,
    )

    error(response, status)


def test_large_responses_are_gzip_compressed(app: FastAPI) -> None:
    response = call(app, "GET", "/openapi.json", headers={"accept-encoding": "gzip"})

    assert response.headers.get("content-encoding") == "gzip"
    assert gzip.decompress(response.body).startswith(b"{")


def test_a_device_enrolls_and_pulls_over_http(app: FastAPI, agency: Agency) -> None:
    ana = agency.person()
    code = agency.code(ana.username)

    pair = call(app, "POST", "/v1/enroll", json={"code": code, "device_name": "Laptop"})
    assert pair.status == 200
    page = call(app, "GET", "/v1/changes", token=pair.json()["access_token"])

    assert page.status == 200
    assert ChangesPage.model_validate_json(page.body).changes[0].type == "settings"


def test_only_an_admin_may_change_agency_settings(app: FastAPI, agency: Agency) -> None:
    ana, admin = agency.person(), agency.person(role="admin")
    body = {"auto_lock_minutes": 7, "crisis_line": "988"}

    refused = call(app, "PUT", "/v1/admin/settings", json=body, token=ana.tokens.access_token)
    accepted = call(app, "PUT", "/v1/admin/settings", json=body, token=admin.tokens.access_token)

    error(refused, 403)
    assert accepted.status == 200
    assert (accepted.json()["auto_lock_minutes"], accepted.json()["revision"]) == (7, 1)
    seen = call(app, "GET", "/v1/settings", token=ana.tokens.access_token).json()
    assert seen["auto_lock_minutes"] == 7


def test_login_is_rate_limited_with_retry_after(app: FastAPI, agency: Agency) -> None:
    ana = agency.person(password="correct horse battery staple")
    attempt = {"username": ana.username, "password": "wrong but long enough"}

    answers = [call(app, "POST", "/v1/login", json=attempt) for _ in range(3)]

    assert [a.status for a in answers] == [401, 401, 429]
    assert int(answers[2].headers["retry-after"]) > 0
    error(answers[2], 429)
    enroll = call(app, "POST", "/v1/enroll", json={"code": "ZZZZ-ZZZZ-ZZZZ", "device_name": "x"})
    assert enroll.status == 401, "enrollment keeps its own counter"


def test_wipe_over_http_answers_403_then_401(app: FastAPI, agency: Agency) -> None:
    from fieldcm.server import devices

    ana = agency.person()
    with agency.db.write() as uow:
        devices.request_wipe(uow, device_id=ana.tokens.device_id)
    token = ana.tokens.access_token

    assert error(call(app, "GET", "/v1/changes", token=token), 403).code == "wipe_required"
    assert call(app, "GET", "/v1/device/status", token=token).json()["state"] == "wipe_pending"
    assert call(app, "POST", "/v1/device/wiped", token=token).json()["state"] == "wiped"
    error(call(app, "GET", "/v1/device/status", token=token), 401)


def test_openapi_declares_models_and_error_bodies_for_every_operation(app: FastAPI) -> None:
    document = call(app, "GET", "/openapi.json").json()

    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            content = responses["200"]["content"]
            if "application/json" in content:
                assert "$ref" in content["application/json"]["schema"], (method, path)
            else:  # the one binary answer: attachment bytes (GET /v1/blobs/{sha256})
                assert list(content) == ["application/octet-stream"], (method, path)
            for status in ("422", "413"):
                assert responses[status]["content"]["application/json"]["schema"]["$ref"].endswith(
                    "/ErrorBody"
                ), (method, path, status)


def test_the_app_refuses_a_database_that_was_never_initialised(tmp_path: Path) -> None:
    from fieldcm.server.errors import SchemaError

    with pytest.raises(SchemaError):
        create_app(replace(ServerConfig(), database_url=f"sqlite:///{tmp_path / 'none.db'}"))


def _push_raw(app: FastAPI, token: str, body: bytes) -> Response:
    return call(
        app,
        "POST",
        "/v1/push",
        body=body,
        headers={"content-type": "application/json"},
        token=token,
    )


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_numbers_json_cannot_carry_are_rejected_per_mutation(
    app: FastAPI, agency: Agency, number: str
) -> None:
    ana = agency.person()
    client = agency.client(ana)
    mutation = create("note", {"score": "NUMBER"}, client_id=client.id)
    body = json.dumps({"mutations": [mutation.model_dump(mode="json")]})
    body = body.replace('"new": "NUMBER"', f'"new": {number}')  # what json.dumps refuses to write

    response = _push_raw(app, ana.tokens.access_token, body.encode())

    assert response.status == 200
    [result] = response.json()["results"]
    assert (result["status"], result["reason_code"]) == ("rejected", "invalid")


def test_text_the_database_cannot_store_is_a_4xx_never_a_500(app: FastAPI, agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana)
    other = agency.enroll(ana.username)
    agency.push(ana, update(client, {"na\u0000me" + "x" * 300: "one"}))
    [conflicting] = agency.push(other, update(client, {"na\u0000me" + "x" * 300: "two"}))
    code = agency.code(ana.username)

    login = call(app, "POST", "/v1/login", json={"username": "a\u0000b", "password": "p"})
    enroll = call(app, "POST", "/v1/enroll", json={"code": code, "device_name": "lap\u0000top"})

    assert conflicting.status in ("conflict", "rejected")
    assert login.status in (400, 401)
    assert enroll.status in (200, 400)
    for response in (login, enroll):
        if response.status >= 400:
            error(response, response.status)
