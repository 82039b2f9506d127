"""The feed never skips a change under concurrency (DESIGN.md sync property 5), on PostgreSQL.

A sequence number drawn before commit can become visible out of order: transaction A draws
seq 10, B draws 11 and commits, a reader sees 11 and moves its cursor past 10, and A's change
is never delivered. Two tests go after that:

* concurrent writers (several laptops pushing through a multi-worker server) while a reader
  pulls small pages the whole time: every record created appears exactly once;
* a write transaction held open across a pull: it updates a record and appends its feed entry
  through the server's own machinery (``Database.write`` + ``feedlog.append_entries``), then
  waits while other laptops push and a reader pulls; after it commits, the next pull from the
  reader's cursor must deliver it.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from fieldcm.server.clock import utcnow
from fieldcm.server.db import Database
from fieldcm.server.feedlog import FeedEntry, append_entries
from fieldcm.server.models import RecordRow
from fieldcm.sync.protocol import Change, PushResponse, RecordPayload
from tests.integration.server_harness import (
    ApiClient,
    Person,
    ServerProcess,
    add_person,
    add_team,
    give_client,
    postgres_dsn,
    running_server,
)
from tests.mutations import create

pytestmark = pytest.mark.postgres

SEED = 5
WRITERS = 4
BATCHES_PER_WRITER = 12
BATCH_SIZE = 5
PAGE_SIZE = 7
WAIT_LIMIT_S = 60.0


@pytest.fixture(scope="module")
def pg_server(
    postgres_backend: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    workdir: Path = tmp_path_factory.mktemp("feed-concurrency")
    with running_server(postgres_backend, workdir, workers=2) as server:
        yield server


class Reader:
    """A supervisor's laptop pulling small pages in a loop, keeping everything it received."""

    def __init__(self, device: ApiClient) -> None:
        self.device = device
        self.cursor: str | None = None
        self.received: list[Change] = []

    def pull_once(self) -> bool:
        page = self.device.pull(self.cursor, limit=PAGE_SIZE)
        self.received.extend(page.changes)
        self.cursor = page.cursor
        return page.has_more

    def drain(self) -> None:
        while self.pull_once():
            pass

    def upserts(self) -> list[RecordPayload]:
        return [c.record for c in self.received if c.type == "upsert" and c.record is not None]


def run_threads(targets: list[threading.Thread]) -> None:
    for thread in targets:
        thread.start()
    for thread in targets:
        thread.join(timeout=WAIT_LIMIT_S * 2)
        assert not thread.is_alive(), "a thread hung"


def test_concurrent_writers_never_make_a_reader_skip_or_repeat(pg_server: ServerProcess) -> None:
    check_no_skip_no_repeat(pg_server, writers=WRITERS, batches=BATCHES_PER_WRITER)


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("FIELDCM_STRESS"), reason="set FIELDCM_STRESS=1")
def test_many_concurrent_writers_never_make_a_reader_skip_or_repeat(
    pg_server: ServerProcess,
) -> None:
    check_no_skip_no_repeat(pg_server, writers=12, batches=80)


def check_no_skip_no_repeat(pg_server: ServerProcess, *, writers: int, batches: int) -> None:
    """``writers`` laptops push ``batches`` batches each while a supervisor pulls throughout."""
    team = add_team(pg_server)
    reader = Reader(add_person(pg_server, team=team, role="supervisor").device)
    laptops: list[tuple[Person, str]] = []
    for _ in range(writers):
        person = add_person(pg_server, team=team)
        laptops.append((person, give_client(pg_server, person).id))
    reader.drain()
    rng = random.Random(SEED)
    created: list[str] = []
    failures: list[BaseException] = []
    done = threading.Event()

    def write(person: Person, client_id: str, jitter: list[float]) -> None:
        try:
            for pause in jitter:
                batch = [
                    create("note", {"narrative": f"visit {i}"}, client_id=client_id)
                    for i in range(BATCH_SIZE)
                ]
                answer: PushResponse = person.device.push(batch)
                assert {r.status for r in answer.results} == {"applied"}
                created.extend(m.record_id for m in batch)
                time.sleep(pause)
        except BaseException as exc:
            failures.append(exc)

    def read() -> None:
        try:
            while not done.is_set():
                reader.pull_once()
        except BaseException as exc:
            failures.append(exc)

    plans = [[rng.uniform(0, 0.02) for _ in range(batches)] for _ in laptops]
    reading = threading.Thread(target=read)
    reading.start()
    run_threads(
        [
            threading.Thread(target=write, args=(person, client_id, plan))
            for (person, client_id), plan in zip(laptops, plans, strict=True)
        ]
    )
    done.set()
    reading.join(timeout=WAIT_LIMIT_S)
    reader.drain()

    assert failures == []
    delivered = Counter(r.id for r in reader.upserts())
    assert len(created) == writers * batches * BATCH_SIZE
    missing = [record_id for record_id in created if delivered[record_id] == 0]
    repeated = [record_id for record_id in created if delivered[record_id] > 1]
    assert (missing, repeated) == ([], [])


def versions_of(record_id: str, changes: list[Change]) -> list[RecordPayload]:
    return [
        c.record
        for c in changes
        if c.type == "upsert" and c.record is not None and c.record.id == record_id
    ]


def waiting_backends(database_url: str) -> int:
    """Sessions of this database waiting on a lock (our held transaction blocks them)."""
    name = database_url.rsplit("/", 1)[-1]
    with psycopg.connect(postgres_dsn(name)) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
            (name,),
        ).fetchone()
    return int(row[0]) if row else 0


def test_a_write_held_open_across_a_pull_is_delivered_after_it_commits(
    pg_server: ServerProcess,
) -> None:
    team = add_team(pg_server)
    reader = Reader(add_person(pg_server, team=team, role="supervisor").device)
    slow_owner, busy_owner = add_person(pg_server, team=team), add_person(pg_server, team=team)
    slow_client = give_client(pg_server, slow_owner)
    busy_client = give_client(pg_server, busy_owner).id
    reader.drain()
    database = Database(pg_server.database_url)
    held_open = threading.Event()
    release = threading.Event()
    failures: list[BaseException] = []
    pushed: list[str] = []

    def slow_write() -> None:
        """One write transaction, built the way the server builds its own, that waits."""
        try:
            with database.write() as uow:
                row = uow.session.get(RecordRow, slow_client.id, with_for_update=True)
                assert row is not None
                row.fields = {**row.fields, "program": "held open"}
                row.rev += 1
                row.updated_at = utcnow()
                uow.session.flush()
                entry = FeedEntry(
                    type="record", client_id=slow_client.id, record_id=slow_client.id, kind="client"
                )
                append_entries(uow.session, [entry], is_postgres=True, now=utcnow())
                held_open.set()
                assert release.wait(WAIT_LIMIT_S)
        except BaseException as exc:
            failures.append(exc)
            held_open.set()

    def busy_write(index: int) -> None:
        try:
            mutation = create("note", {"narrative": f"busy {index}"}, client_id=busy_client)
            answer = busy_owner.device.push_one(mutation)
            assert answer.results[0].status == "applied"
            pushed.append(mutation.record_id)
        except BaseException as exc:
            failures.append(exc)

    slow = threading.Thread(target=slow_write)
    slow.start()
    assert held_open.wait(WAIT_LIMIT_S)
    busy = [threading.Thread(target=busy_write, args=(i,)) for i in range(3)]
    for thread in busy:
        thread.start()
    deadline = time.monotonic() + WAIT_LIMIT_S
    while len(pushed) + waiting_backends(pg_server.database_url) < len(busy):
        assert time.monotonic() < deadline, "pushes neither finished nor waited"
        time.sleep(0.05)
    reader.drain()
    received_while_open = len(reader.received)
    release.set()
    slow.join(timeout=WAIT_LIMIT_S)
    for thread in busy:
        thread.join(timeout=WAIT_LIMIT_S)
    reader.drain()
    database.dispose()

    assert failures == []
    assert len(pushed) == len(busy)
    before = versions_of(slow_client.id, reader.received[:received_while_open])
    assert all(r.fields.get("program") != "held open" for r in before), "uncommitted data read"
    after = versions_of(slow_client.id, reader.received[received_while_open:])
    assert [(r.rev, r.fields.get("program")) for r in after] == [(slow_client.rev + 1, "held open")]
    counts = Counter(r.id for r in reader.upserts())
    assert {record_id: counts[record_id] for record_id in pushed} == dict.fromkeys(pushed, 1)
