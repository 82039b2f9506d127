"""Two stateless server processes over one PostgreSQL serve the same laptops correctly.

DESIGN.md: "several stateless server processes over one PostgreSQL". Nothing a device
depends on may live in one process's memory: tokens, rotation, the refresh grace and reuse
detection, applied mutation ids, which push answer gave a device which version (no echo),
cursors, revocation and merges must all hold whichever process answers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.server_harness import (
    ApiClient,
    Person,
    ServerProcess,
    add_note,
    add_person,
    add_team,
    applied_record,
    expect_error,
    fresh_database,
    give_client,
    latest_by_id,
    other_laptop,
    own_blob_folder,
)
from tests.mutations import create, update

pytestmark = pytest.mark.postgres


class Pair:
    """Two server processes over one database; ``on(device, other)`` re-points a laptop."""

    def __init__(self, first: ServerProcess, second: ServerProcess) -> None:
        self.first = first
        self.second = second

    def on(self, device: ApiClient, server: ServerProcess) -> ApiClient:
        twin = ApiClient(server.base_url)
        twin.tokens = device.tokens
        return twin


@pytest.fixture(scope="module")
def pair(postgres_backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    workdir: Path = tmp_path_factory.mktemp("two-processes")
    with fresh_database(postgres_backend, workdir) as url:
        shared = own_blob_folder(postgres_backend, workdir)
        first = ServerProcess(url, workdir / "a", env=shared, backend=postgres_backend)
        second = ServerProcess(url, workdir / "b", env=shared, backend=postgres_backend)
        first.init()
        first.start()
        try:
            second.start()
            try:
                yield Pair(first, second)
            finally:
                second.stop()
        finally:
            first.stop()


@pytest.fixture
def person(pair: Pair) -> Person:
    return add_person(pair.first, team=add_team(pair.first))


def test_a_push_through_one_process_is_pulled_through_the_other(pair: Pair, person: Person) -> None:
    laptop = other_laptop(pair.first, person)
    client = give_client(pair.first, person)
    note = add_note(person, client.id, "written via the first process")

    changes, _ = pair.on(laptop, pair.second).pull_all()
    own_echo, _ = pair.on(person.device, pair.second).pull_all()

    assert latest_by_id(changes)[note.id] == note
    assert latest_by_id(changes)[client.id] == client
    # The writer's push answers (given by the first process) are known to the second too.
    assert latest_by_id(own_echo).keys().isdisjoint({client.id, note.id})


def test_a_write_through_one_process_ends_the_writers_no_echo_on_the_other(
    pair: Pair, person: Person
) -> None:
    laptop = other_laptop(pair.first, person)
    client = give_client(pair.first, person)
    _, cursor = pair.on(person.device, pair.second).pull_all()

    edited = applied_record(laptop.push_one(update(client, {"program": "FACT"})))
    changes, _ = pair.on(person.device, pair.second).pull_all(cursor)

    assert [c.record for c in changes if c.type == "upsert"] == [edited]


def test_cursor_from_one_process_continues_on_the_other(pair: Pair, person: Person) -> None:
    laptop = other_laptop(pair.first, person)
    client = give_client(pair.first, person)
    via_second = pair.on(laptop, pair.second)
    _, cursor = laptop.pull_all()

    note = add_note(person, client.id, "after the cursor")
    changes, cursor = via_second.pull_all(cursor)

    assert [c.record for c in changes if c.type == "upsert"] == [note]
    assert laptop.pull(cursor).changes == []


def test_token_rotation_and_reuse_detection_hold_across_processes(
    pair: Pair, person: Person
) -> None:
    stolen = person.device.tokens
    assert stolen is not None
    person.device.refresh()  # through the first process
    via_second = pair.on(person.device, pair.second)
    current = via_second.refresh()  # and on through the second: no lost answer to recover
    via_second.pull()
    person.device.tokens = current

    error = expect_error(401, pair.on(person.device, pair.first).refresh, stolen.refresh_token)

    assert error.body.code == "token_reuse"
    expect_error(401, person.device.pull)
    expect_error(401, pair.on(person.device, pair.second).pull)
    expect_error(401, pair.on(person.device, pair.second).refresh, current.refresh_token)


def test_a_lost_refresh_answer_is_recovered_through_the_other_process(
    pair: Pair, person: Person
) -> None:
    """RFC 9700 4.14.2 grace: the same token again, its successor never used, is a retry."""
    sent = person.device.tokens
    assert sent is not None
    lost = person.device.refresh()  # through the first process; the answer never arrives
    retry = pair.on(person.device, pair.second)
    retry.tokens = sent

    recovered = retry.refresh(sent.refresh_token)

    assert recovered.refresh_token != lost.refresh_token
    assert recovered.device_id == sent.device_id
    retry.pull()
    pair.on(retry, pair.first).pull()
    person.device.tokens = lost  # the unused pair ended with the retry
    expect_error(401, person.device.pull)
    error = expect_error(401, pair.on(person.device, pair.first).refresh, lost.refresh_token)
    assert error.body.code == "token_reuse"
    expect_error(401, retry.pull)


def test_a_batch_retried_on_the_other_process_has_one_effect(pair: Pair, person: Person) -> None:
    client = give_client(pair.first, person)
    batch = [create("note", {"narrative": f"n{i}"}, client_id=client.id) for i in range(5)]
    batch.append(update(client, {"program": "FACT"}))

    first_answer = person.device.push(batch)
    second_answer = pair.on(person.device, pair.second).push(batch)

    assert first_answer == second_answer
    records = {r.id: r for r in person.device.fetch([client.id]).records}
    assert records[client.id].rev == client.rev + 1
    assert len([r for r in records.values() if r.kind == "note"]) == 5


def test_revocation_is_seen_by_both_processes_at_once(pair: Pair, person: Person) -> None:
    via_second = pair.on(person.device, pair.second)
    via_second.pull()

    pair.first.revoke_device(person.device.device_id)

    expect_error(401, person.device.pull)
    expect_error(401, via_second.pull)


def test_concurrent_edits_through_both_processes_lose_nothing(pair: Pair, person: Person) -> None:
    """Each thread edits its own field from the same stale base, half through each process."""
    client = give_client(pair.first, person)
    devices = [pair.first.enroll(person.username, f"Laptop {i}") for i in range(8)]
    routed = [pair.on(d, pair.second) if i % 2 else d for i, d in enumerate(devices)]
    answers: dict[int, str] = {}
    errors: list[BaseException] = []
    start = threading.Barrier(len(routed))

    def edit(index: int, device: ApiClient) -> None:
        try:
            start.wait()
            result = device.push_one(update(client, {f"extra_{index}": index})).results[0]
            answers[index] = result.status
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=edit, args=(i, d)) for i, d in enumerate(routed)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert set(answers.values()) <= {"applied", "merged"}
    final = person.device.get_client(client.id)
    assert {f"extra_{i}": i for i in range(len(routed))}.items() <= final.fields.items()
    assert final.rev == client.rev + len(routed)


def test_enrollment_code_works_once_across_processes(pair: Pair, person: Person) -> None:
    code = pair.first.enroll_code(person.username)
    ApiClient(pair.second.base_url).enroll(code)

    expect_error((400, 401, 403, 404, 409, 410), ApiClient(pair.first.base_url).enroll, code)


def test_wipe_flow_spans_processes(pair: Pair, person: Person) -> None:
    applied_record(
        person.device.push_one(update(give_client(pair.first, person), {"program": "x"}))
    )
    pair.second.wipe_device(person.device.device_id)

    assert pair.on(person.device, pair.second).device_status().state == "wipe_pending"
    assert person.device.device_wiped().state == "wiped"
    expect_error(401, pair.on(person.device, pair.second).pull)
