"""``apply_remote_many`` must leave exactly what ``apply_remote`` one by one leaves.

Two stores receive the same history of server versions (new records, newer versions under
unsent edits, an older version, a deletion, a record moving client, a kind with history);
one applies each version with ``apply_remote``, the other the same versions as batches.
Rows, search rows, caseload summaries and history must then be the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from fieldcm.domain.records import Record, new_id
from fieldcm.store import migrations
from fieldcm.store.datakey import DataKey
from fieldcm.store.engine import dispose_engine, open_engine
from fieldcm.store.uow import UnitOfWork

from .builders import T0, FixedClock, alert_fields, client_fields, note_fields

ACTOR = {"user_id": new_id(), "user_name": "Sam Okafor", "device_id": None, "at": "2026-01-05"}


@pytest.fixture
def twin(tmp_path: Path, key: DataKey) -> Iterator[Engine]:
    eng = open_engine(tmp_path / "twin.db", key, create=True)
    migrations.upgrade(eng)
    yield eng
    dispose_engine(eng)


def _history() -> tuple[list[Record], list[Record], str, str]:
    """Two rounds of server versions; returns them and the ids the test edits locally."""
    a, b = new_id(), new_id()
    clients = [Record("client", c, c, client_fields(f"Client {c[:4]}"), rev=1) for c in (a, b)]
    notes = [
        Record("note", new_id(), a, note_fields(f"Visit number {i}", T0), rev=1) for i in range(6)
    ]
    plan = Record("safety_plan", new_id(), a, {"warning_signs": [], "reviewed_at": "2026-01-05"}, 1)
    alert = Record("alert", new_id(), b, alert_fields(), rev=1)
    first = [*clients, *notes, plan, alert]
    second = [
        replace(clients[0], rev=2, fields={**clients[0].fields, "program": "Housing"}),
        replace(notes[0], rev=3, fields={**notes[0].fields, "location": "Library"}),
        replace(notes[0], rev=2, fields={**notes[0].fields, "location": "Older"}),  # older
        replace(notes[1], rev=2, deleted=True, fields={}),
        replace(notes[2], rev=2, client_id=b),  # moved to another client
        replace(notes[3], rev=0),  # older than held: ignored
        replace(plan, rev=2, fields={**plan.fields, "warning_signs": [{"id": "w1", "text": "x"}]}),
        replace(alert, rev=2, deleted=True, fields={}),
        Record("note", new_id(), b, note_fields("A brand new visit", T0), rev=1),
    ]
    return first, second, notes[0].id, clients[0].id


def _run(engine: Engine, rounds: list[list[Record]], edit: tuple[str, str], *, batch: bool) -> None:
    clock = FixedClock()
    for number, versions in enumerate(rounds):
        with UnitOfWork(engine, clock=clock) as uow:
            if batch:
                uow.records.apply_remote_many(versions, actors={v.id: ACTOR for v in versions})
            else:
                for version in versions:
                    uow.records.apply_remote(version, actor=ACTOR)
            if number == 0:  # unsent edits that must stay on top of the next round
                uow.records.update(edit[0], {"location": "Mine"})
                uow.records.update(edit[1], {"risk_tier": "high"})
            uow.commit()


def _state(engine: Engine) -> dict[str, Any]:
    queries = {
        "records": "SELECT pk, id, kind, client_id, fields, rev, deleted, occurred_at, "
        "server_fields, is_contact FROM records ORDER BY id",
        "search": "SELECT rowid, record_id, client_id, kind, title, body FROM search_index "
        "ORDER BY rowid",
        "titles": "SELECT rowid, record_id, title FROM search_titles ORDER BY rowid",
        "summary": "SELECT * FROM client_summary ORDER BY client_id",
        "history": "SELECT record_id, rev, deleted, fields, actor, source FROM record_history "
        "ORDER BY seq",
    }
    with engine.connect() as conn:
        return {
            name: [tuple(_parsed(v) for v in row) for row in conn.execute(text(sql))]
            for name, sql in queries.items()
        }


def _lines_sorted(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Search bodies list a record's texts in its fields' key order, which the batch keeps
    as the server sent it (``apply_remote`` sorts keys): the same words either way."""
    return [tuple(sorted(v.split("\n")) if isinstance(v, str) else v for v in r) for r in rows]


def _parsed(value: Any) -> Any:
    """JSON columns as values: key order in the stored text is not part of the outcome."""
    if isinstance(value, str) and value[:1] in ("{", "["):
        return json.loads(value)
    return value


def test_a_batch_leaves_what_one_by_one_leaves(engine: Engine, twin: Engine) -> None:
    first, second, note_id, client_id = _history()
    _run(engine, [first, second], (note_id, client_id), batch=False)
    _run(twin, [first, second], (note_id, client_id), batch=True)
    one_by_one, batched = _state(engine), _state(twin)
    for table, rows in one_by_one.items():
        assert _lines_sorted(batched[table]) == _lines_sorted(rows), table
    # and the outcome is what sync needs: mine on top, theirs elsewhere, newest revision
    with UnitOfWork(twin, read_only=True) as uow:
        note = uow.records.get(note_id)
        assert note is not None and note.rev == 3
        assert note.fields["location"] == "Mine"
        held = uow.records.held_versions([note_id, client_id, new_id()])
    assert set(held) == {note_id, client_id}
    assert held[client_id].fields["risk_tier"] == "high"
    assert [row[1] for row in batched["history"]] == [1, 2]  # the plan only, both versions


def test_an_empty_batch_writes_nothing(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        uow.records.apply_remote_many([])
        uow.commit()
    assert _state(engine)["records"] == []


def test_adopting_server_versions_changes_only_revision_and_server_copy(engine: Engine) -> None:
    client_id = new_id()
    with UnitOfWork(engine) as uow:
        created = uow.records.create("client", client_id, client_fields("Ada Brook"))
        uow.outbox.mark_done(e.mutation_id for e in uow.outbox.for_record(client_id))
        uow.records.adopt_server_versions([(client_id, 1, created.fields)])
        uow.commit()
        server = uow.records.server_version(client_id)
        assert server is not None and server.rev == 1 and server.fields == created.fields
        assert [h.record_id for h in uow.search.query("brook")] == [client_id]


def test_a_read_only_unit_of_work_refuses_a_batch(engine: Engine) -> None:
    from fieldcm.store.repo_base import ReadOnlyWork

    with UnitOfWork(engine, read_only=True) as uow, pytest.raises(ReadOnlyWork):
        uow.records.apply_remote_many([Record("client", (c := new_id()), c, {}, rev=1)])
