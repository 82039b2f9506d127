"""The unit of work: how transactions begin, and the invariant every local edit keeps.

Invariant: what the laptop shows of a record is the server's last version with the values
of every unsent outbox entry on top, in order. If it ever broke, a push would send one thing
while the person saw another.
"""

from __future__ import annotations

import random
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from fieldcm.domain.records import Record, new_id
from fieldcm.store import migrations
from fieldcm.store.datakey import DataKey
from fieldcm.store.engine import dispose_engine, open_engine
from fieldcm.store.uow import UnitOfWork

from .builders import add_client, client_fields, note_fields


def test_writers_begin_immediate_and_readers_deferred(tmp_path: Path) -> None:
    statements: list[str] = []
    engine = open_engine(
        tmp_path / "s.db", DataKey.generate(), create=True, trace=statements.append
    )
    try:
        migrations.upgrade(engine)
        statements.clear()
        with UnitOfWork(engine) as uow:
            uow.records.create("client", new_id(), client_fields())
            uow.commit()
        with UnitOfWork(engine, read_only=True) as uow:
            uow.outbox.pending_count()
    finally:
        dispose_engine(engine)
    begins = [s for s in statements if s.startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN DEFERRED"]


def test_two_writers_queue_instead_of_failing(engine: Engine) -> None:
    """A second writer waits for the first (busy timeout) and then sees its commit."""
    client_id = add_client(engine)
    first_holds_lock = threading.Event()
    errors: list[BaseException] = []

    def second_writer() -> None:
        try:
            first_holds_lock.wait()
            with UnitOfWork(engine) as uow:
                record = uow.records.get(client_id)
                assert record is not None
                uow.records.update(client_id, {"visits": record.fields["visits"] + 1})
                uow.commit()
        except BaseException as error:  # reported to the test thread below
            errors.append(error)

    with UnitOfWork(engine) as uow:
        uow.records.update(client_id, {"visits": 1})
        first_holds_lock.set()
        thread = threading.Thread(target=second_writer)
        thread.start()
        uow.records.update(client_id, {"notes": "still writing"})
        uow.commit()
    thread.join()
    assert errors == []
    with UnitOfWork(engine, read_only=True) as uow:
        record = uow.records.get(client_id)
    assert record is not None
    assert record.fields["visits"] == 2


def _overlay(base: dict[str, Any] | None, entries: list[Any]) -> tuple[dict[str, Any], bool]:
    fields = dict(base or {})
    deleted = False
    for entry in entries:
        deleted = deleted or entry.op == "delete"
        for name, change in entry.changes.items():
            fields[name] = change["new"]
    return fields, deleted


def test_shown_equals_server_version_plus_unsent_edits(engine: Engine) -> None:
    rng = random.Random(12)
    client_id = add_client(engine)
    ids: list[str] = []
    server: dict[str, Record] = {}
    with UnitOfWork(engine) as uow:
        for step in range(150):
            action = rng.randrange(6)
            live = [i for i in ids if uow.records.get(i) is not None]
            if action == 0 or not live:
                ids.append(uow.records.create("note", client_id, note_fields(f"n{step}")).id)
            elif action == 1:
                uow.records.update(rng.choice(live), {"location": f"place {step}"})
            elif action == 2:
                uow.records.update(rng.choice(live), {"sections": {"data": f"text {step}"}})
            elif action == 3 and rng.random() < 0.3:
                uow.records.delete(rng.choice(live))
            elif action == 4:
                # The server accepts the oldest unsent edits and echoes its version back.
                sent = uow.outbox.pending(limit=rng.randint(1, 4))
                uow.outbox.mark_in_flight([e.mutation_id for e in sent])
                for entry in sent:
                    before = server.get(entry.record_id)
                    fields, deleted = _overlay(None if before is None else before.fields, [entry])
                    server[entry.record_id] = Record(
                        "note",
                        entry.record_id,
                        client_id,
                        fields,
                        rev=(0 if before is None else before.rev) + 1,
                        deleted=deleted or (before is not None and before.deleted),
                    )
                uow.outbox.mark_done([e.mutation_id for e in sent])
                for entry in sent:
                    uow.records.apply_remote(server[entry.record_id])
            elif server:
                # Someone else edits a record on the server; the feed brings it.
                record_id = rng.choice(sorted(server))
                theirs = server[record_id]
                server[record_id] = replace(
                    theirs,
                    rev=theirs.rev + 1,
                    fields={**theirs.fields, "service_code": f"S{step}"},
                )
                uow.records.apply_remote(server[record_id])
            _check_invariant(uow, ids, server)
        uow.commit()
    assert server, "nothing was ever synced: the test proved little"


def _check_invariant(uow: UnitOfWork, ids: list[str], server: dict[str, Record]) -> None:
    for record_id in ids:
        shown = uow.records.get(record_id, include_deleted=True)
        assert shown is not None
        theirs = uow.records.server_version(record_id)
        expected_server = server.get(record_id)
        assert (theirs.fields if theirs else None) == (
            expected_server.fields if expected_server else None
        )
        fields, deleted_locally = _overlay(
            theirs.fields if theirs else None, uow.outbox.for_record(record_id)
        )
        assert shown.fields == fields
        assert shown.deleted == (deleted_locally or (theirs is not None and theirs.deleted))
        assert shown.rev == (theirs.rev if theirs else 0)
