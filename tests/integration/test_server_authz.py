"""Authorization matrix against a real server (SECURITY.md A1-A3, D4).

Every operation the server publishes in /openapi.json is enumerated: an operation taking a
record, client, conflict id or blob hash in its path is probed with ids from someone else's
caseload (and must answer 404, exactly as for an id nobody holds), except the blob operations
that answer anyone without revealing anything, which have a probe each below; the ones
carrying ids in their body (push, fetch, digest, the feed, attachment links) have a probe each
below; the rest must be listed as taking no caseload ids at all. A new route that is none of
these fails :func:`test_every_operation_is_covered_by_the_matrix` until someone classifies it,
so no route can escape the matrix.

The feed is read from a laptop that wrote nothing: a laptop is not sent back the versions its
own push answers gave it (no echo, fieldcm/server/feed.py), so a writer's feed alone could
look empty and prove nothing.
"""

from __future__ import annotations

import random
import re
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
import requests

from fieldcm.sync.protocol import (
    AgencySettings,
    AttachmentLink,
    AttachmentPayload,
    BlobReceipt,
    Change,
    RecordPayload,
    ResolveConflict,
)
from tests.integration.server_harness import (
    ApiClient,
    ApiError,
    Person,
    ServerError,
    ServerProcess,
    add_note,
    add_person,
    add_team,
    applied_record,
    expect_error,
    give_client,
    other_laptop,
    parse_error,
    unique,
)
from tests.mutations import create, delete, new_id, update

# Operations that take no caseload id: their answer depends on the caller alone.
NO_CASELOAD_IDS = {
    ("POST", "/v1/enroll"),
    ("POST", "/v1/token/refresh"),
    ("POST", "/v1/login"),
    ("GET", "/v1/device/status"),
    ("POST", "/v1/device/wiped"),
    ("GET", "/v1/settings"),
    ("GET", "/v1/health"),
}
# Operations carrying caseload ids in the query or body; each has its own probe below.
BODY_SCOPED = {
    ("GET", "/v1/changes"),
    ("POST", "/v1/push"),
    ("POST", "/v1/digest"),
    ("POST", "/v1/records/fetch"),
    ("POST", "/v1/attachments"),
}
# Operations naming a blob that answer any device, revealing nothing (fieldcm/server/blobs.py):
# the status of a blob the caller may not see reads "0 bytes received" and chunks go to the
# caller's own upload, exactly as for a hash nobody uploaded. Each has its own probe below;
# every other operation with a path id must answer a foreign id 404.
ANSWER_ANYONE_UNREVEALING = {
    ("GET", "/v1/blobs/{sha256}/status"),
    ("PUT", "/v1/blobs/{sha256}"),
}
# Valid request bodies for path-id operations, by the schema the operation declares.
EXAMPLE_BODIES: dict[str, Any] = {
    "ResolveConflict": ResolveConflict(resolution="low", mutation_id=new_id()).model_dump(
        mode="json"
    ),
    "AgencySettings": AgencySettings(crisis_line="call or text 988").model_dump(mode="json"),
}
ADMIN_PATH = re.compile(r"(^|/)admin(/|$)")
HTTP_METHODS = ("get", "put", "post", "delete", "patch")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    spec: dict[str, Any]

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"{([^}]+)}", self.path)

    @property
    def body_schema_name(self) -> str | None:
        content = self.spec.get("requestBody", {}).get("content", {})
        ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
        return ref.rsplit("/", 1)[-1] or None

    @property
    def is_admin(self) -> bool:
        return bool(ADMIN_PATH.search(self.path))

    def param_pattern(self, name: str) -> str | None:
        """The regular expression the path parameter ``name`` must match, if any."""
        for param in self.spec.get("parameters", []):
            if param.get("in") == "path" and param.get("name") == name:
                pattern: str | None = param.get("schema", {}).get("pattern")
                return pattern
        return None

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def served_operations(server: ServerProcess) -> list[Operation]:
    paths: dict[str, dict[str, Any]] = server.openapi()["paths"]
    return [
        Operation(method.upper(), path, spec)
        for path, item in sorted(paths.items())
        for method, spec in sorted(item.items())
        if method in HTTP_METHODS
    ]


# ---- the scenario ----------------------------------------------------------------------


@dataclass
class Caseloads:
    """Team 1: workers A and B and supervisor S1; team 2: worker C and supervisor S2.

    B's client carries marker text that must never reach anyone outside B's team.
    """

    a: Person
    b: Person
    c: Person
    s1: Person
    s2: Person
    client_a: RecordPayload
    client_b: RecordPayload
    client_c: RecordPayload
    note_b: RecordPayload
    conflict_b: str
    file_b: AttachmentPayload
    """A file B's laptop uploaded and attached to B's client."""
    file_b_bytes: bytes
    markers: tuple[str, ...]

    def foreign_ids(self) -> dict[str, str]:
        """B's ids, by the kind of id a path parameter may name."""
        return {
            "client": self.client_b.id,
            "record": self.note_b.id,
            "conflict": self.conflict_b,
            "device": self.b.device.device_id,
            "user": self.b.user_id,
            "sha256": self.file_b.sha256,
        }


@pytest.fixture(scope="module")
def caseloads(server: ServerProcess) -> Caseloads:
    team1, team2 = add_team(server), add_team(server)
    a, b = add_person(server, team=team1), add_person(server, team=team1)
    s1 = add_person(server, team=team1, role="supervisor")
    c = add_person(server, team=team2)
    s2 = add_person(server, team=team2, role="supervisor")
    b_name, b_text = unique("Bmarkername"), unique("Bmarkernote")
    b_file_name = f"{unique('Bmarkerfile')}.pdf"
    client_b = give_client(server, b, b_name)
    note_b = add_note(b, client_b.id, b_text)
    conflict_b = _make_conflict(server, b, client_b)
    file_b_bytes = f"%PDF synthetic consent {uuid.uuid4()}".encode()
    file_b = b.device.link_attachment(
        AttachmentLink(
            file_id=new_id(),
            sha256=b.device.upload_blob(file_b_bytes),
            client_id=client_b.id,
            record_id=note_b.id,
            name=b_file_name,
            mime="application/pdf",
            size=len(file_b_bytes),
        )
    )
    return Caseloads(
        a=a,
        b=b,
        c=c,
        s1=s1,
        s2=s2,
        client_a=give_client(server, a),
        client_b=client_b,
        client_c=give_client(server, c),
        note_b=note_b,
        conflict_b=conflict_b,
        file_b=file_b,
        file_b_bytes=file_b_bytes,
        markers=(b_name, b_text, b_file_name),
    )


def _make_conflict(server: ServerProcess, owner: Person, client: RecordPayload) -> str:
    other_laptop = server.enroll(owner.username, device_name="Second laptop")
    applied_record(owner.device.push_one(update(client, {"risk_tier": "high"})))
    answer = other_laptop.push_one(update(client, {"risk_tier": "low"})).results[0]
    assert answer.status == "conflict" and answer.conflicts, answer
    return answer.conflicts[0].id


PROBERS = ["same-team worker", "other-team supervisor", "other-team worker"]


def prober(caseloads: Caseloads, who: str) -> Person:
    return {
        "same-team worker": caseloads.a,
        "other-team supervisor": caseloads.s2,
        "other-team worker": caseloads.c,
    }[who]


def own_client(caseloads: Caseloads, who: str) -> RecordPayload:
    """A client the prober may see (a probe that sees nothing at all proves nothing)."""
    return {
        "same-team worker": caseloads.client_a,
        "other-team supervisor": caseloads.client_c,
        "other-team worker": caseloads.client_c,
    }[who]


def assert_no_foreign_data(caseloads: Caseloads, text: str) -> None:
    for marker in caseloads.markers:
        assert marker not in text


def random_sha256() -> str:
    """A well-formed blob name nobody uploaded."""
    return secrets.token_hex(32)


# ---- the matrix ------------------------------------------------------------------------


def test_every_operation_is_covered_by_the_matrix(server: ServerProcess) -> None:
    unclassified = [
        str(op)
        for op in served_operations(server)
        if not op.path_params
        and not op.is_admin
        and (op.method, op.path) not in NO_CASELOAD_IDS | BODY_SCOPED
    ]
    assert unclassified == [], "classify these operations in the authorization matrix"


def test_the_protocol_operations_are_all_served(server: ServerProcess) -> None:
    served = {(op.method, op.path) for op in served_operations(server)}
    expected = (
        NO_CASELOAD_IDS
        | BODY_SCOPED
        | ANSWER_ANYONE_UNREVEALING
        | {
            ("POST", "/v1/conflicts/{id}/resolve"),
            ("GET", "/v1/clients/{client_id}"),
            ("GET", "/v1/blobs/{sha256}"),
        }
    )
    normalized = {(m, re.sub(r"{[^}]+}", "{id}", p)) for m, p in served}
    assert {(m, re.sub(r"{[^}]+}", "{id}", p)) for m, p in expected} <= normalized


def id_for(op: Operation, param: str, ids: dict[str, str]) -> list[str]:
    """The foreign ids a path parameter may mean (every kind of its shape when the name does
    not say)."""
    named = [value for kind, value in ids.items() if kind in param]
    pattern = op.param_pattern(param)
    return named or [v for v in ids.values() if pattern is None or re.search(pattern, v)]


def unknown_id(op: Operation, param: str) -> str:
    """An id nobody holds, shaped as the parameter's schema asks (a UUID, or a blob's
    SHA-256), so that the probe reaches the handler instead of being refused as malformed."""
    pattern = op.param_pattern(param)
    for candidate in (str(uuid.uuid4()), random_sha256()):
        if pattern is None or re.search(pattern, candidate):
            return candidate
    raise AssertionError(f"{op}: teach unknown_id the shape of {param!r} ({pattern})")


def call_path_operation(device: ApiClient, op: Operation, values: dict[str, str]) -> Any:
    path = op.path
    for name, value in values.items():
        path = path.replace(f"{{{name}}}", value)
    schema = op.body_schema_name
    body = None
    if op.method in ("POST", "PUT", "PATCH") and schema is not None:
        assert schema in EXAMPLE_BODIES, f"add a valid example body for {schema} ({op})"
        body = EXAMPLE_BODIES[schema]
    return device.raw(op.method, path, json=body)


@pytest.mark.parametrize("who", PROBERS)
def test_path_ids_from_another_caseload_are_not_found(
    server: ServerProcess, caseloads: Caseloads, who: str
) -> None:
    device = prober(caseloads, who).device
    probed = 0
    for op in served_operations(server):
        if (op.method, op.path) in ANSWER_ANYONE_UNREVEALING:
            continue
        for param in op.path_params:
            for foreign in id_for(op, param, caseloads.foreign_ids()):
                values = {p: foreign if p == param else unknown_id(op, p) for p in op.path_params}
                response = call_path_operation(device, op, values)
                allowed = (401, 403, 404) if op.is_admin else (404,)
                assert response.status_code in allowed, f"{op} {values} -> {response.status_code}"
                parse_error(response)
                assert_no_foreign_data(caseloads, response.text)
                unknown = call_path_operation(device, op, {p: unknown_id(op, p) for p in values})
                assert unknown.status_code == response.status_code, f"{op}: existence leaks"
                probed += 1
    assert probed >= 3, "the server should publish the client, conflict and blob routes"


def test_own_ids_are_found_so_the_matrix_can_fail(caseloads: Caseloads) -> None:
    assert caseloads.a.device.get_client(caseloads.client_a.id).id == caseloads.client_a.id
    assert caseloads.b.device.get_client(caseloads.client_b.id).id == caseloads.client_b.id
    # The file: for the laptop that uploaded it, and for the team's supervisor through the
    # caseload (their laptop never uploaded it).
    sha256, size = caseloads.file_b.sha256, len(caseloads.file_b_bytes)
    for device in (caseloads.b.device, caseloads.s1.device):
        download = device.download_blob(sha256)
        assert (download.status_code, download.content) == (200, caseloads.file_b_bytes)
        status = device.blob_status(sha256)
        assert (status.size, status.received) == (size, size)


@pytest.mark.parametrize("who", PROBERS)
def test_foreign_conflict_cannot_be_resolved(caseloads: Caseloads, who: str) -> None:
    device = prober(caseloads, who).device

    expect_error(404, device.resolve, caseloads.conflict_b, "low", new_id())

    assert caseloads.b.device.get_client(caseloads.client_b.id).fields["risk_tier"] == "high"


def client_ids_in(changes: list[Change]) -> set[str]:
    """Every client a feed's records, conflicts and attachments belong to."""
    return (
        {c.record.client_id for c in changes if c.record}
        | {c.conflict.client_id for c in changes if c.conflict}
        | {c.attachment.client_id for c in changes if c.attachment}
    )


@pytest.mark.parametrize("who", PROBERS)
def test_feed_holds_nothing_from_another_caseload(
    server: ServerProcess, caseloads: Caseloads, who: str
) -> None:
    person = prober(caseloads, who)
    reader = other_laptop(server, person)  # wrote nothing: the feed holds nothing back

    for device in (reader, person.device):
        response = device.raw("GET", "/v1/changes")
        changes, _ = device.pull_all()

        assert response.status_code == 200
        assert_no_foreign_data(caseloads, response.text)
        seen = client_ids_in(changes)
        assert caseloads.client_b.id not in seen
        if device is reader:
            assert own_client(caseloads, who).id in seen, "the probe must see its own caseload"


@pytest.mark.parametrize("who", PROBERS)
def test_fetch_returns_nothing_from_another_caseload(caseloads: Caseloads, who: str) -> None:
    person = prober(caseloads, who)
    own = own_client(caseloads, who)

    response = person.device.raw(
        "POST", "/v1/records/fetch", json={"client_ids": [caseloads.client_b.id, own.id]}
    )

    assert response.status_code in (200, 404)
    assert_no_foreign_data(caseloads, response.text)
    if response.status_code == 200:
        records = person.device.fetch([caseloads.client_b.id, own.id]).records
        assert {r.client_id for r in records} == {own.id}


@pytest.mark.parametrize("who", PROBERS)
def test_digest_says_not_in_scope_without_telling_whether_it_exists(
    caseloads: Caseloads, who: str
) -> None:
    device = prober(caseloads, who).device
    unknown = new_id()

    answer = device.digest({caseloads.client_b.id: "0" * 64, unknown: "0" * 64})

    assert sorted(answer.not_in_scope) == sorted([caseloads.client_b.id, unknown])
    assert (answer.matching, answer.differing) == (0, [])


@pytest.mark.parametrize("who", PROBERS)
def test_blob_status_tells_nothing_of_another_caseloads_file(
    caseloads: Caseloads, who: str
) -> None:
    device = prober(caseloads, who).device

    foreign = device.blob_status(caseloads.file_b.sha256)
    unknown = device.blob_status(random_sha256())

    assert (foreign.size, foreign.received) == (None, 0)
    assert foreign.model_copy(update={"sha256": unknown.sha256}) == unknown


def chunk_answers(device: ApiClient, sha256: str, size: int) -> tuple[int, bool, int, str]:
    """Send a guessed first chunk, then wrong bytes up to ``size``: what the server says."""
    first = device.put_chunk(sha256, b"guess", offset=0, size=size)
    assert first.status_code == 200, first.text
    receipt = BlobReceipt.model_validate_json(first.content)
    last = device.put_chunk(sha256, b"x" * (size - 5), offset=5, size=size)
    return receipt.received, receipt.complete, last.status_code, parse_error(last).body.code


@pytest.mark.parametrize("who", PROBERS)
def test_chunks_for_another_caseloads_file_neither_reveal_nor_unlock_it(
    caseloads: Caseloads, who: str
) -> None:
    device = prober(caseloads, who).device
    sha256, size = caseloads.file_b.sha256, len(caseloads.file_b_bytes)

    foreign = chunk_answers(device, sha256, size)
    unknown = chunk_answers(device, random_sha256(), size)

    assert foreign == unknown == (5, False, 400, "hash_mismatch")
    assert device.download_blob(sha256).status_code == 404
    assert device.blob_status(sha256).size is None
    owner_copy = caseloads.b.device.download_blob(sha256)
    assert (owner_copy.status_code, owner_copy.content) == (200, caseloads.file_b_bytes)


@pytest.mark.parametrize("who", PROBERS)
def test_attachments_cannot_be_linked_into_or_out_of_another_caseload(
    caseloads: Caseloads, who: str
) -> None:
    person = prober(caseloads, who)
    own = own_client(caseloads, who)
    file_b = caseloads.file_b
    own_bytes = f"synthetic scan {who} {uuid.uuid4()}".encode()
    own_sha256 = person.device.upload_blob(own_bytes)

    def link(**values: object) -> requests.Response:
        body = AttachmentLink(
            file_id=new_id(),
            sha256=file_b.sha256,
            client_id=own.id,
            name="probe.pdf",
            mime="application/pdf",
            size=file_b.size,
        ).model_copy(update=values)
        response = person.device.raw("POST", "/v1/attachments", json=body.model_dump(mode="json"))
        assert_no_foreign_data(caseloads, response.text)
        return response

    into_foreign = link(client_id=caseloads.client_b.id, sha256=own_sha256, size=len(own_bytes))
    into_unknown = link(client_id=new_id(), sha256=own_sha256, size=len(own_bytes))
    foreign_file = link()  # B's file, into the prober's own client
    unknown_file = link(sha256=random_sha256())
    foreign_file_id = link(file_id=file_b.file_id, sha256=own_sha256, size=len(own_bytes))
    allowed = link(sha256=own_sha256, size=len(own_bytes))

    assert (into_foreign.status_code, into_unknown.status_code) == (404, 404)
    assert (foreign_file.status_code, unknown_file.status_code) == (409, 409)
    assert parse_error(foreign_file).body == parse_error(unknown_file).body
    assert parse_error(foreign_file).body.code == "blob_incomplete"
    assert foreign_file_id.status_code == 404
    assert allowed.status_code == 200, allowed.text
    supervisor_feed, _ = caseloads.s1.device.pull_all()
    b_files = [c.attachment for c in supervisor_feed if c.attachment]
    assert [f for f in b_files if f.client_id == caseloads.client_b.id] == [file_b]


@pytest.mark.parametrize("who", PROBERS)
def test_pushes_into_another_caseload_are_rejected_and_change_nothing(
    caseloads: Caseloads, who: str
) -> None:
    device = prober(caseloads, who).device
    note_before = caseloads.b.device.fetch([caseloads.client_b.id]).records
    attempts = [
        update(caseloads.note_b, {"narrative": "overwritten"}),
        delete(caseloads.note_b),
        create("note", {"narrative": "planted"}, client_id=caseloads.client_b.id),
        update(caseloads.client_b, {"preferred_name": "renamed"}),
    ]

    answers = device.push(attempts).results

    for answer in answers:
        assert answer.status == "rejected", answer
        assert answer.record is None and answer.conflicts == []
        assert_no_foreign_data(caseloads, answer.model_dump_json())
    assert caseloads.b.device.fetch([caseloads.client_b.id]).records == note_before


def test_create_cannot_claim_an_existing_foreign_record_id(caseloads: Caseloads) -> None:
    hijack = create(
        "note",
        {"narrative": "mine now"},
        client_id=caseloads.client_a.id,
        record_id=caseloads.note_b.id,
    )

    answer = caseloads.a.device.push_one(hijack).results[0]

    assert answer.status in ("rejected", "conflict")
    assert answer.record is None or answer.record.client_id != caseloads.client_b.id
    assert_no_foreign_data(caseloads, answer.model_dump_json())
    after = {r.id: r for r in caseloads.b.device.fetch([caseloads.client_b.id]).records}
    assert after[caseloads.note_b.id].client_id == caseloads.client_b.id


def test_only_admins_use_admin_operations(server: ServerProcess, caseloads: Caseloads) -> None:
    admin = add_person(server, team=add_team(server), role="admin")
    admin_ops = [op for op in served_operations(server) if op.is_admin]
    for op in admin_ops:
        values = {p: caseloads.b.user_id for p in op.path_params}
        for person in (caseloads.a, caseloads.s1):
            response = call_path_operation(person.device, op, values)
            assert response.status_code in (401, 403, 404), f"{op} -> {response.status_code}"
            parse_error(response)
        if not op.path_params:
            accepted = call_path_operation(admin.device, op, values)
            assert accepted.status_code < 300, f"admin refused {op}: {accepted.text[:200]}"


# ---- supervisors -----------------------------------------------------------------------


def feed_client_ids(device: ApiClient) -> set[str]:
    changes, _ = device.pull_all()
    return {c.record.client_id for c in changes if c.record and not c.record.deleted}


def test_supervisor_sees_the_union_of_the_team_and_nothing_else(caseloads: Caseloads) -> None:
    seen = feed_client_ids(caseloads.s1.device)

    assert {caseloads.client_a.id, caseloads.client_b.id} <= seen
    assert caseloads.client_c.id not in seen
    assert caseloads.s1.device.get_client(caseloads.client_b.id).id == caseloads.client_b.id
    expect_error(404, caseloads.s1.device.get_client, caseloads.client_c.id)


def test_worker_sees_only_their_own_caseload(server: ServerProcess, caseloads: Caseloads) -> None:
    reader = other_laptop(server, caseloads.a)

    assert feed_client_ids(reader) == {caseloads.client_a.id}
    # A's laptop wrote client A's record and has it from its push answer: no echo.
    assert feed_client_ids(caseloads.a.device) == set()


def test_moving_a_worker_out_of_the_team_changes_the_supervisor_view_at_once(
    server: ServerProcess,
) -> None:
    old_team, new_team = add_team(server), add_team(server)
    supervisor = add_person(server, team=old_team, role="supervisor")
    new_supervisor = add_person(server, team=new_team, role="supervisor")
    mover = add_person(server, team=old_team)
    client = give_client(server, mover)
    _, cursor = supervisor.device.pull_all()
    assert supervisor.device.get_client(client.id).id == client.id

    server.cli("users", "set-team", mover.username, new_team)

    expect_error(404, supervisor.device.get_client, client.id)
    changes, _ = supervisor.device.pull_all(cursor)
    assert client.id in {c.client_id for c in changes if c.type == "revoke"}
    assert new_supervisor.device.get_client(client.id).id == client.id


def test_unassigning_takes_effect_on_the_next_request(server: ServerProcess) -> None:
    team = add_team(server)
    worker = add_person(server, team=team)
    client = give_client(server, worker)

    server.unassign(client.id, worker.username)

    expect_error(404, worker.device.get_client, client.id)
    answer = worker.device.push_one(update(client, {"program": "after unassign"})).results[0]
    assert answer.status == "rejected"


# ---- disabled users (D4) ---------------------------------------------------------------


def test_disabled_user_is_refused_on_the_next_request_from_every_device(
    server: ServerProcess,
) -> None:
    team = add_team(server)
    worker = add_person(server, team=team)
    second = server.enroll(worker.username, device_name="Second laptop")
    worker.device.pull()
    second.pull()

    server.disable_user(worker.username)

    for device in (worker.device, second):
        expect_error(401, device.pull)
        expect_error(401, device.push, [])
        expect_error(401, device.refresh)
    anonymous = ApiClient(server.base_url)
    expect_error((401, 403), anonymous.login, worker.username, worker.password)
    with pytest.raises((ServerError, ApiError)):
        server.enroll(worker.username)


# ---- random assignments ----------------------------------------------------------------


def test_random_assignments_give_everyone_exactly_their_scope(server: ServerProcess) -> None:
    """Seeded rounds of random assign/unassign: after each, every person's feed and every
    client read match the policy (worker: own caseload; supervisor: the team's union)."""
    rng = random.Random(20260105)
    teams = [add_team(server), add_team(server)]
    workers = [add_person(server, team=teams[i % 2]) for i in range(4)]
    supervisors = [add_person(server, team=team, role="supervisor") for team in teams]
    caseload: dict[str, set[str]] = {w.username: set() for w in workers}
    created: dict[str, set[str]] = {p.username: set() for p in workers + supervisors}
    clients = []
    for _ in range(6):
        owner = rng.choice(workers)
        clients.append(give_client(server, owner).id)
        caseload[owner.username].add(clients[-1])
        created[owner.username].add(clients[-1])
    # Laptops that wrote nothing see the whole scope; the writing laptops all of it but the
    # client records their own pushes created (no echo, whatever the scope did since).
    readers = {p.username: other_laptop(server, p) for p in workers + supervisors}

    for _round in range(2):
        for _ in range(4):
            person, client_id = rng.choice(workers), rng.choice(clients)
            if client_id in caseload[person.username]:
                server.unassign(client_id, person.username)
                caseload[person.username].discard(client_id)
            else:
                server.assign(client_id, person.username)
                caseload[person.username].add(client_id)
        expected = {w.username: set(caseload[w.username]) for w in workers}
        for supervisor in supervisors:
            expected[supervisor.username] = set().union(
                *(caseload[w.username] for w in workers if w.team == supervisor.team)
            )
        for person in workers + supervisors:
            scope = expected[person.username]
            assert feed_client_ids(readers[person.username]) == scope, person.username
            own_echo = created[person.username]
            assert feed_client_ids(person.device) == scope - own_echo, person.username
            for client_id in clients:
                status = person.device.raw("GET", f"/v1/clients/{client_id}").status_code
                assert status == (200 if client_id in expected[person.username] else 404)
