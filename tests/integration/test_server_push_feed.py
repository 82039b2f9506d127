"""Push and the change feed, end to end against a real server (DESIGN.md sync properties).

Covers: at-most-once push (4), signed notes immutable (domain rule), deletions never
resurrect (8), unknown fields survive (13), feed paging, tombstones and revocations
(pull, 9), digest compare (11), one bad record never blocks the batch (10), and bad input
answered with a 4xx ErrorBody (14). Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest

from fieldcm.sync.protocol import (
    MAX_BATCH_SIZE,
    Change,
    FieldChange,
    Mutation,
    RecordPayload,
    record_digest,
)
from tests.integration.server_harness import (
    ApiClient,
    Person,
    ServerProcess,
    add_note,
    add_person,
    applied_record,
    expect_error,
    give_client,
    latest_by_id,
    new_client,
    parse_error,
    signing,
    unique,
)
from tests.mutations import create, delete, new_id, now, update


def records_of(device: ApiClient, client_id: str) -> dict[str, RecordPayload]:
    """The server's current records of one client, as a targeted fetch returns them."""
    return {r.id: r for r in device.fetch([client_id]).records}


def second_laptop(server: ServerProcess, person: Person) -> ApiClient:
    return server.enroll(person.username, device_name="Second laptop")


# ---- at most once ----------------------------------------------------------------------


def test_same_batch_pushed_three_times_has_one_effect_and_identical_answers(
    server: ServerProcess, worker: Person
) -> None:
    client = give_client(server, worker)
    note_id = new_id()
    created = create(
        "note",
        {"status": "draft", "narrative": "first"},
        client_id=client.id,
        record_id=note_id,
    )
    edited = Mutation(
        mutation_id=new_id(),
        kind="note",
        record_id=note_id,
        client_id=client.id,
        op="update",
        base_rev=1,
        changes={"narrative": FieldChange(base="first", new="second")},
        made_at=now(),
    )
    renamed = update(client, {"preferred_name": unique("Renamed")})
    batch = [created, edited, renamed]

    answers = [worker.device.push(batch) for _ in range(3)]

    assert answers[0] == answers[1] == answers[2]
    assert [r.status for r in answers[0].results] == ["applied", "applied", "applied"]
    current = records_of(worker.device, client.id)
    assert current[note_id].rev == 2
    assert current[note_id].fields["narrative"] == "second"
    assert current[client.id].rev == client.rev + 1


def test_retried_mutation_after_later_edits_does_not_apply_again(
    server: ServerProcess, worker: Person
) -> None:
    client = give_client(server, worker)
    first = update(client, {"program": "ACT"})
    first_answer = worker.device.push_one(first)
    applied_record(
        worker.device.push_one(update(applied_record(first_answer), {"program": "FACT"}))
    )

    retried = worker.device.push_one(first)

    assert retried == first_answer
    assert records_of(worker.device, client.id)[client.id].fields["program"] == "FACT"


def test_mutation_id_reused_for_a_different_edit_is_not_applied_twice(
    server: ServerProcess, worker: Person
) -> None:
    client = give_client(server, worker)
    first = update(client, {"program": "ACT"})
    worker.device.push_one(first)
    impostor = first.model_copy(update={"changes": {"program": FieldChange(base="ICM", new="X")}})

    worker.device.push_one(impostor)

    assert records_of(worker.device, client.id)[client.id].fields["program"] == "ACT"


# ---- signed notes ----------------------------------------------------------------------


@pytest.fixture
def signed_note(server: ServerProcess, worker: Person) -> RecordPayload:
    client = give_client(server, worker)
    draft = add_note(worker, client.id, "Client stable; follow up in two weeks.")
    signed = applied_record(worker.device.push_one(signing(draft, worker)))
    assert signed.fields["status"] == "signed"
    return signed


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param({"narrative": "rewritten after signing"}, id="free text"),
        pytest.param({"status": "draft"}, id="unsign"),
        pytest.param({"service_start": "2026-01-04T09:00:00Z"}, id="metadata"),
    ],
)
def test_signed_note_cannot_be_edited_by_its_author(
    worker: Person, signed_note: RecordPayload, edit: dict[str, str]
) -> None:
    answer = worker.device.push_one(update(signed_note, edit)).results[0]

    assert answer.status == "rejected"
    assert answer.reason_code and answer.reason
    assert records_of(worker.device, signed_note.client_id)[signed_note.id] == signed_note


def test_signed_note_cannot_be_edited_or_deleted_by_a_supervisor(
    server: ServerProcess, team: str, worker: Person, signed_note: RecordPayload
) -> None:
    supervisor = add_person(server, team=team, role="supervisor")

    edit = supervisor.device.push_one(update(signed_note, {"narrative": "supervisor text"}))
    removal = supervisor.device.push_one(delete(signed_note))

    assert [edit.results[0].status, removal.results[0].status] == ["rejected", "rejected"]
    assert records_of(worker.device, signed_note.client_id)[signed_note.id] == signed_note


def test_signed_note_cannot_be_deleted_or_recreated_by_its_author(
    worker: Person, signed_note: RecordPayload
) -> None:
    removal = worker.device.push_one(delete(signed_note)).results[0]
    recreate = worker.device.push_one(
        create(
            "note",
            {"status": "draft", "narrative": "replacement"},
            client_id=signed_note.client_id,
            record_id=signed_note.id,
        )
    ).results[0]

    assert removal.status == "rejected"
    assert recreate.status in ("rejected", "conflict")
    assert records_of(worker.device, signed_note.client_id)[signed_note.id] == signed_note


# ---- deletions and stale devices -------------------------------------------------------


def test_stale_edit_of_a_deleted_record_is_a_conflict_not_a_resurrection(
    server: ServerProcess, worker: Person
) -> None:
    client = give_client(server, worker)
    note = add_note(worker, client.id, "to be deleted")
    stale_laptop = second_laptop(server, worker)
    applied_record(worker.device.push_one(delete(note)))

    answer = stale_laptop.push_one(update(note, {"narrative": "edited offline"})).results[0]

    assert answer.status == "conflict"
    assert answer.conflicts, "the conflict must keep the stale edit visible"
    assert any(c.mine == "edited offline" for c in answer.conflicts)
    current = records_of(worker.device, client.id).get(note.id)
    assert current is None or current.deleted


def test_recreating_a_deleted_record_does_not_resurrect_it(
    server: ServerProcess, worker: Person
) -> None:
    client = give_client(server, worker)
    note = add_note(worker, client.id, "to be deleted")
    applied_record(worker.device.push_one(delete(note)))

    again = create("note", {"narrative": "again"}, client_id=client.id, record_id=note.id)
    answer = worker.device.push_one(again).results[0]

    assert answer.status in ("conflict", "rejected")
    current = records_of(worker.device, client.id).get(note.id)
    assert current is None or current.deleted


def test_concurrent_edits_of_different_fields_merge(server: ServerProcess, worker: Person) -> None:
    client = give_client(server, worker)
    laptop_b = second_laptop(server, worker)
    applied_record(worker.device.push_one(update(client, {"program": "ACT"})))

    answer = laptop_b.push_one(update(client, {"pronouns": "she/her"})).results[0]

    assert answer.status == "merged"
    assert answer.record is not None
    assert answer.record.fields["program"] == "ACT"
    assert answer.record.fields["pronouns"] == "she/her"


def test_concurrent_edits_of_the_same_field_keep_both_values(
    server: ServerProcess, worker: Person
) -> None:
    client = give_client(server, worker)
    laptop_b = second_laptop(server, worker)
    _, cursor = worker.device.pull_all()
    applied_record(worker.device.push_one(update(client, {"risk_tier": "high"})))

    answer = laptop_b.push_one(update(client, {"risk_tier": "low"})).results[0]

    assert answer.status == "conflict"
    [conflict] = answer.conflicts
    assert (conflict.field, conflict.base, conflict.mine, conflict.theirs) == (
        "risk_tier",
        "moderate",
        "low",
        "high",
    )
    assert conflict.mine_by.device_id == laptop_b.device_id
    assert conflict.theirs_by is not None
    assert conflict.theirs_by.device_id == worker.device.device_id
    feed, _ = worker.device.pull_all(cursor)
    assert conflict_ids(feed) == {conflict.id}


def conflict_ids(changes: list[Change]) -> set[str]:
    return {c.conflict.id for c in changes if c.type == "conflict" and c.conflict is not None}


def test_first_pull_of_a_new_laptop_includes_open_conflicts(
    server: ServerProcess, worker: Person
) -> None:
    """A conflict is persisted until a person resolves it, so a laptop enrolled later (or
    re-enrolled after a wipe) must receive it too (property 1: visible, persisted)."""
    client = give_client(server, worker)
    applied_record(worker.device.push_one(update(client, {"risk_tier": "high"})))
    answer = second_laptop(server, worker).push_one(update(client, {"risk_tier": "low"}))
    [conflict] = answer.results[0].conflicts

    feed, _ = second_laptop(server, worker).pull_all()

    assert conflict_ids(feed) == {conflict.id}


# ---- schema evolution ------------------------------------------------------------------


def test_unknown_fields_survive_an_edit_from_a_client_that_does_not_know_them(
    server: ServerProcess, worker: Person
) -> None:
    client_id, mutation = new_client()
    future = {"added_in_v9": {"nested": [1, "two", None]}, "x_flag": True}
    mutation = mutation.model_copy(
        update={
            "changes": {
                **mutation.changes,
                **{k: FieldChange(base=None, new=v) for k, v in future.items()},
            }
        }
    )
    server.assign(client_id, worker.username)
    created = applied_record(worker.device.push_one(mutation))
    older_laptop_view = created.model_copy(
        update={"fields": {k: v for k, v in created.fields.items() if k not in future}}
    )

    edited = applied_record(
        second_laptop(server, worker).push_one(update(older_laptop_view, {"program": "FACT"}))
    )

    assert edited.fields["program"] == "FACT"
    assert {k: edited.fields[k] for k in future} == future


# ---- the feed --------------------------------------------------------------------------


def upsert_ids(changes: list[Change]) -> list[str]:
    return [c.record.id for c in changes if c.type == "upsert" and c.record is not None]


def test_feed_pages_deliver_every_record_once_with_an_opaque_cursor(
    server: ServerProcess, worker: Person
) -> None:
    client = give_client(server, worker)
    notes = [create("note", {"narrative": f"visit {i}"}, client_id=client.id) for i in range(24)]
    assert all(r.status == "applied" for r in worker.device.push(notes).results)
    laptop = second_laptop(server, worker)

    pages = []
    cursor: str | None = None
    while True:
        page = laptop.pull(cursor, limit=10)
        pages.append(page)
        assert isinstance(page.cursor, str) and page.cursor
        assert len(page.changes) <= 10
        cursor = page.cursor
        if not page.has_more:
            break

    delivered = upsert_ids([c for page in pages for c in page.changes])
    assert Counter(delivered) == Counter([client.id] + [n.record_id for n in notes])
    assert len(pages) >= 3
    again = laptop.pull(cursor, limit=10)
    assert (again.changes, again.has_more) == ([], False)


def test_feed_after_cursor_holds_only_what_changed(server: ServerProcess, worker: Person) -> None:
    client = give_client(server, worker)
    note = add_note(worker, client.id, "first")
    # The worker's other laptop: the pushing one is not sent its own versions back.
    laptop = server.enroll(worker.username)
    _, cursor = laptop.pull_all()

    edited = applied_record(worker.device.push_one(update(note, {"narrative": "second"})))
    changes, cursor = laptop.pull_all(cursor)

    assert [(c.type, c.record) for c in changes if c.type != "settings"] == [("upsert", edited)]
    assert laptop.pull(cursor).changes == []


def test_deleted_record_arrives_as_a_tombstone(server: ServerProcess, worker: Person) -> None:
    client = give_client(server, worker)
    note = add_note(worker, client.id, "soon gone")
    laptop = server.enroll(worker.username)  # not the pushing laptop (no echo to it)
    _, cursor = laptop.pull_all()

    applied_record(worker.device.push_one(delete(note)))
    changes, _ = laptop.pull_all(cursor)

    tombstones = [c.record for c in changes if c.type == "tombstone" and c.record is not None]
    assert [(r.id, r.deleted) for r in tombstones] == [(note.id, True)]
    assert note.id not in upsert_ids(changes)


def test_unassigned_client_arrives_as_a_revocation_and_nothing_after(
    server: ServerProcess, team: str, worker: Person
) -> None:
    colleague = add_person(server, team=team)
    client = give_client(server, worker)
    _, cursor = worker.device.pull_all()

    server.assign(client.id, colleague.username)
    server.unassign(client.id, worker.username)
    revoked, cursor = worker.device.pull_all(cursor)
    add_note(colleague, client.id, "written after the handoff")
    later, _ = worker.device.pull_all(cursor)

    assert [c.client_id for c in revoked if c.type == "revoke"] == [client.id]
    assert all(c.record is None or c.record.client_id != client.id for c in later)
    expect_error(404, worker.device.get_client, client.id)


@pytest.mark.parametrize(
    "cursor",
    ["not-a-cursor", "0" * 150, "-1", "%00", "eyJzZXEiOiAtMX0="],
)
def test_garbage_cursor_is_a_clear_4xx(worker: Person, cursor: str) -> None:
    response = worker.device.raw("GET", "/v1/changes", params={"cursor": cursor})

    assert 400 <= response.status_code < 500
    parse_error(response)


@pytest.mark.parametrize("limit", [0, -5, 10**9, "ten"])
def test_out_of_range_page_size_is_refused_or_bounded(worker: Person, limit: object) -> None:
    response = worker.device.raw("GET", "/v1/changes", params={"limit": str(limit)})

    assert response.status_code < 500
    if response.status_code >= 400:
        parse_error(response)


# ---- digest ----------------------------------------------------------------------------


def digests_from_feed(changes: list[Change]) -> dict[str, str]:
    by_client: dict[str, list[tuple[str, int, bool]]] = defaultdict(list)
    for record in latest_by_id(changes).values():
        by_client[record.client_id].append((record.id, record.rev, record.deleted))
    return {client_id: record_digest(rows) for client_id, rows in by_client.items()}


def test_digest_of_a_synced_scope_matches_and_differences_are_named(
    server: ServerProcess, team: str, worker: Person
) -> None:
    clients = [give_client(server, worker) for _ in range(3)]
    note = add_note(worker, clients[0].id, "kept")
    applied_record(worker.device.push_one(delete(add_note(worker, clients[1].id, "deleted"))))
    stranger = give_client(server, add_person(server, team=team))
    changes, _ = server.enroll(worker.username).pull_all()  # the pusher gets no echo
    digests = digests_from_feed(changes)
    assert set(digests) == {c.id for c in clients}

    assert worker.device.digest(digests).model_dump() == {
        "matching": 3,
        "differing": [],
        "missing_on_device": [],
        "not_in_scope": [],
    }

    stale = dict(digests)
    stale[clients[0].id] = record_digest([(clients[0].id, clients[0].rev, False)])
    del stale[clients[2].id]
    stale[stranger.id] = digests[clients[1].id]
    answer = worker.device.digest(stale)
    assert answer.matching == 1
    assert answer.differing == [clients[0].id]
    assert answer.missing_on_device == [clients[2].id]
    assert answer.not_in_scope == [stranger.id]
    assert note.id in {r.id for r in worker.device.fetch(answer.differing).records}


# ---- one bad record never blocks the queue ---------------------------------------------


@pytest.mark.parametrize("bad_kind", ["unknown kind", "client not in caseload", "missing record"])
def test_one_invalid_mutation_among_a_hundred_is_rejected_alone(
    server: ServerProcess, team: str, worker: Person, bad_kind: str
) -> None:
    client = give_client(server, worker)
    batch = [create("note", {"narrative": f"n{i}"}, client_id=client.id) for i in range(100)]
    if bad_kind == "unknown kind":
        bad = create("no_such_kind", {"x": 1}, client_id=client.id)
    elif bad_kind == "client not in caseload":
        bad = create(
            "note",
            {"narrative": "x"},
            client_id=give_client(server, add_person(server, team=team)).id,
        )
    else:
        phantom = RecordPayload(kind="note", id=new_id(), client_id=client.id, rev=3, fields={})
        bad = update(phantom, {"narrative": "edit of nothing"})
    batch[57] = bad

    answer = worker.device.push(batch)

    assert [r.mutation_id for r in answer.results] == [m.mutation_id for m in batch]
    statuses = Counter(r.status for r in answer.results)
    assert statuses == {"applied": 99, "rejected": 1}
    rejected = answer.results[57]
    assert rejected.status == "rejected"
    assert rejected.reason_code and rejected.reason
    assert rejected.record is None
    stored = records_of(worker.device, client.id)
    assert len([r for r in stored.values() if r.kind == "note"]) == 99


# ---- bad input -------------------------------------------------------------------------


def test_batch_over_the_limit_is_refused_whole(server: ServerProcess, worker: Person) -> None:
    client = give_client(server, worker)
    batch = [
        create("note", {"narrative": "x"}, client_id=client.id).model_dump(mode="json")
        for _ in range(MAX_BATCH_SIZE + 1)
    ]

    response = worker.device.raw("POST", "/v1/push", json={"mutations": batch})

    assert 400 <= response.status_code < 500
    parse_error(response)
    assert [r for r in records_of(worker.device, client.id).values() if r.kind == "note"] == []


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        b'{"mutations": "nope"}',
        b'{"mutations": [{"mutation_id": "x"}]}',
        b'{"mutations": [], "surprise": 1}',
    ],
)
def test_malformed_push_is_a_4xx_error_body(worker: Person, body: bytes) -> None:
    response = worker.device.raw(
        "POST", "/v1/push", data=body, headers={"Content-Type": "application/json"}
    )

    assert 400 <= response.status_code < 500
    parse_error(response)


def test_requests_without_a_token_are_refused(server: ServerProcess) -> None:
    anonymous = ApiClient(server.base_url)
    for method, path in [("GET", "/v1/changes"), ("POST", "/v1/push"), ("GET", "/v1/settings")]:
        response = anonymous.raw(method, path, json={"mutations": []} if method == "POST" else None)
        assert response.status_code == 401, (method, path)
        parse_error(response)
