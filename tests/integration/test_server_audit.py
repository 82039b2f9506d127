"""The audit log as seen end to end over HTTP (SECURITY.md L1, L2).

Every call that reads or writes client data leaves exactly one row naming who, which device,
which client and the outcome, denied attempts too; rows hold ids and fixed words, never names
or note text; and the hash chain verifies after concurrent activity (``audit verify``).
The log is read straight from the server's database by reflection.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from tests.integration.server_harness import (
    ApiClient,
    Person,
    ServerProcess,
    add_note,
    add_person,
    add_team,
    give_client,
    other_laptop,
    unique,
)
from tests.mutations import create, delete, update


def audit_rows(server: ServerProcess, *, after: int = 0) -> list[dict[str, Any]]:
    engine = sa.create_engine(server.database_url)
    try:
        table = sa.Table("audit", sa.MetaData(), autoload_with=engine)
        query = sa.select(table).where(table.c.seq > after).order_by(table.c.seq)
        with engine.connect() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]
    finally:
        engine.dispose()


def last_seq(server: ServerProcess) -> int:
    rows = audit_rows(server)
    return int(rows[-1]["seq"]) if rows else 0


def rows_by(server: ServerProcess, person: Person, after: int) -> list[tuple[str, str, str | None]]:
    """What ``person`` did since ``after``: ``(action, outcome, client_id)`` per row."""
    return [
        (row["action"], row["outcome"], row["client_id"])
        for row in audit_rows(server, after=after)
        if row["user_id"] == person.user_id
    ]


@pytest.fixture
def pair(server: ServerProcess) -> tuple[Person, Person]:
    """Two workers on different teams, each with one client."""
    return add_person(server, team=add_team(server)), add_person(server, team=add_team(server))


def test_each_read_and_write_of_client_data_leaves_one_row(
    server: ServerProcess, worker: Person
) -> None:
    client = give_client(server, worker)
    writer = worker.device
    # The notes reach the worker's other laptop through the feed; the writing laptop is not
    # sent back what its push answers gave it (no echo), so its pull reads nothing (below).
    reader = other_laptop(server, worker)
    _, cursor = reader.pull_all()
    _, writer_cursor = writer.pull_all()
    note = add_note(worker, client.id, "visit")
    doomed = add_note(worker, client.id, "written in error")
    calls: list[tuple[str, str, ApiClient, Callable[[], object]]] = [
        ("client_read", "ok", writer, lambda: writer.get_client(client.id)),
        ("fetch", "ok", writer, lambda: writer.fetch([client.id])),
        ("pull", "ok", reader, lambda: reader.pull_all(cursor)),
        (
            "push_update",
            "applied",
            writer,
            lambda: writer.push_one(update(note, {"narrative": "e"})),
        ),
        (
            "push_create",
            "applied",
            writer,
            lambda: writer.push_one(create("note", {"narrative": "x"}, client_id=client.id)),
        ),
        ("push_delete", "applied", writer, lambda: writer.push_one(delete(doomed))),
    ]

    for action, outcome, device, call in calls:
        before = last_seq(server)
        call()
        assert rows_by(server, worker, before) == [(action, outcome, client.id)], action
        row = audit_rows(server, after=before)[-1]
        assert row["device_id"] == device.device_id

    before = last_seq(server)
    echo, _ = writer.pull_all(writer_cursor)
    assert [c for c in echo if c.record is not None] == []
    assert rows_by(server, worker, before) == [], "a pull that read no client data is audited"


def test_denied_attempts_are_audited(server: ServerProcess, pair: tuple[Person, Person]) -> None:
    prober, owner = pair
    foreign = give_client(server, owner)
    note = add_note(owner, foreign.id, "not yours")
    attempts: list[tuple[str, Callable[[], object]]] = [
        ("client_read", lambda: prober.device.raw("GET", f"/v1/clients/{foreign.id}")),
        ("fetch", lambda: prober.device.fetch([foreign.id])),
        ("push_update", lambda: prober.device.push_one(update(note, {"narrative": "x"}))),
    ]

    for action, call in attempts:
        before = last_seq(server)
        call()
        rows = rows_by(server, prober, before)
        assert [(a, c) for a, _, c in rows] == [(action, foreign.id)], action
        assert rows[0][1] not in ("ok", "applied"), f"{action} by a stranger audited as allowed"


def test_audit_rows_carry_no_names_or_text(server: ServerProcess, worker: Person) -> None:
    name, text = unique("Auditmarkername"), unique("Auditmarkernote")
    client = give_client(server, worker, name)
    add_note(worker, client.id, text)
    worker.device.pull_all()
    worker.device.get_client(client.id)

    dumped = repr(audit_rows(server))

    assert name not in dumped
    assert text not in dumped


def test_chain_verifies_after_concurrent_activity(server: ServerProcess, team: str) -> None:
    people = [add_person(server, team=team) for _ in range(3)]
    clients = [give_client(server, person) for person in people]
    errors: list[BaseException] = []

    def work(person: Person, client_id: str) -> None:
        try:
            for i in range(5):
                person.device.push_one(create("note", {"narrative": f"n{i}"}, client_id=client_id))
                person.device.pull_all()
        except BaseException as exc:
            errors.append(exc)

    threads = [
        threading.Thread(target=work, args=(p, c.id)) for p, c in zip(people, clients, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    result = server.audit_verify()
    assert result.returncode == 0, result.stdout + result.stderr
    rows = audit_rows(server)
    assert [row["seq"] for row in rows] == list(range(1, len(rows) + 1))
    assert all(b["prev_hash"] == a["hash"] for a, b in itertools.pairwise(rows))
