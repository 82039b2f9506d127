"""The no-skip guarantee (DESIGN.md property 5) at the service layer, on both backends.

A write transaction appends its feed entry and stays open while another push waits and a
reader pulls; the reader must not move past the open write, and must receive both changes,
in order, once they commit. No sleeps: the test waits on events, and on PostgreSQL watches
``pg_stat_activity`` to know the second writer is queued behind the lock.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import select, text

from fieldcm.server.clock import utcnow
from fieldcm.server.feedlog import FeedEntry, append_entries
from fieldcm.server.models import RecordRow
from tests.mutations import create
from tests.server.helpers import Agency

WAIT_S = 30.0


def _writers_waiting_on_a_lock(agency: Agency) -> int:
    with agency.db.engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
        )


def test_a_change_committed_during_a_pull_is_delivered_by_the_next_pull(agency: Agency) -> None:
    team = agency.team()
    reader = agency.person(role="supervisor", team=team)
    slow, busy = agency.person(team=team), agency.person(team=team)
    slow_client, busy_client = agency.client(slow), agency.client(busy)
    _, cursor = agency.pull_all(reader)
    held_open, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []
    busy_note = create("note", {"narrative": "busy"}, client_id=busy_client.id)

    def slow_write() -> None:
        try:
            with agency.db.write() as uow:
                row = uow.session.scalar(
                    select(RecordRow).where(RecordRow.id == slow_client.id).with_for_update()
                )
                assert row is not None
                row.fields = {**row.fields, "program": "held open"}
                row.rev += 1
                uow.session.flush()
                entry = FeedEntry("record", slow_client.id, slow_client.id, kind="client")
                append_entries(uow.session, [entry], is_postgres=uow.is_postgres, now=utcnow())
                held_open.set()
                assert release.wait(WAIT_S)
        except BaseException as exc:
            failures.append(exc)
            held_open.set()

    def busy_write() -> None:
        try:
            [answer] = agency.push(busy, busy_note)
            assert answer.status == "applied"
        except BaseException as exc:
            failures.append(exc)

    slow_thread = threading.Thread(target=slow_write)
    slow_thread.start()
    assert held_open.wait(WAIT_S)
    busy_thread = threading.Thread(target=busy_write)
    busy_thread.start()
    if agency.db.is_postgres:
        deadline = time.monotonic() + WAIT_S
        while _writers_waiting_on_a_lock(agency) == 0:
            assert time.monotonic() < deadline, "the second writer never queued"
            time.sleep(0.02)

    during, cursor_during = agency.pull_all(reader, cursor)
    release.set()
    slow_thread.join(WAIT_S)
    busy_thread.join(WAIT_S)
    after, _ = agency.pull_all(reader, cursor_during)

    assert failures == []
    assert during == []
    delivered = [c.record.id for c in after if c.record is not None]
    assert delivered == [slow_client.id, busy_note.record_id]
    assert after[0].record is not None and after[0].record.fields["program"] == "held open"
