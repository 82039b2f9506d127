"""Safety alerts reach the supervisor's laptop through a real server (DOMAIN.md D1-D4, D11).

A missed field-visit check-in is raised on the worker's laptop, on the supervisor's, or on
both at once: the supervisor ends up with exactly one alert, and no laptop has anything
refused or waiting. A high C-SSRS screen's supervisor notification arrives the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fieldcm.domain import cssrs
from fieldcm.services import field_visits, screenings
from fieldcm.store.uow import UnitOfWork

from .laptops import Laptop, Office, assert_matches_server

OUT = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
LATE = OUT + timedelta(minutes=45)  # 30 min visit + 10 min grace: overdue


def _team(office: Office) -> tuple[Laptop, Laptop, str, str]:
    worker = office.laptop(office.person())
    supervisor = office.laptop(office.person("supervisor"))
    client_id = worker.new_client()
    visit = worker.write(
        lambda uow: field_visits.start_visit(
            uow, client_id=client_id, worker_id="worker", address="12 Example Lane",
            at=OUT, expected_return_at=OUT + timedelta(minutes=30),
        )
    )  # fmt: skip
    assert worker.sync().ok
    assert supervisor.sync().ok
    assert supervisor.get(visit.id) is not None  # the team's visit reached the supervisor
    return worker, supervisor, client_id, visit.id


def _raise(laptop: Laptop) -> list[Any]:
    return laptop.write(lambda uow: field_visits.raise_due_alerts(uow, now=LATE))  # type: ignore[no-any-return]


def _overdue_alerts(laptop: Laptop, client_id: str) -> list[Any]:
    def read(uow: UnitOfWork) -> list[Any]:
        return [
            r for r in uow.records.for_client(client_id, kinds=("alert",))
            if r.fields["type"] == "field_visit_overdue"
        ]  # fmt: skip

    return laptop.read(read)  # type: ignore[no-any-return]


def test_a_missed_check_in_raised_on_the_worker_laptop_reaches_the_supervisor(
    office: Office,
) -> None:
    worker, supervisor, client_id, visit_id = _team(office)
    [raised] = _raise(worker)
    assert worker.sync().ok
    assert supervisor.sync().ok
    [received] = _overdue_alerts(supervisor, client_id)
    assert received.id == raised.id and received.fields == raised.fields
    assert received.fields["notify"] == "supervisor" and received.fields["source_id"] == visit_id
    assert _raise(supervisor) == []  # already held: the supervisor's check adds nothing


def test_both_laptops_raising_the_same_missed_check_in_make_one_alert(office: Office) -> None:
    worker, supervisor, client_id, _visit_id = _team(office)
    [mine] = _raise(worker)
    [theirs] = _raise(supervisor)  # independently, before either syncs
    assert mine.id == theirs.id

    assert worker.sync().ok
    assert supervisor.sync().ok  # pushes the same create: answered "applied", not refused
    assert worker.sync().ok
    for laptop in (worker, supervisor):
        assert laptop.attention() == []
        assert [a.id for a in _overdue_alerts(laptop, client_id)] == [mine.id]
        assert_matches_server(laptop)
    assert supervisor.conflicts() == [] and worker.conflicts() == []


def test_a_high_cssrs_notifies_the_supervisor_through_the_feed(office: Office) -> None:
    worker, supervisor, client_id, _visit_id = _team(office)
    high = cssrs.Answers.of({1: True, 2: True, 3: True, 4: True, 5: False, 6: False})
    recorded = worker.write(
        lambda uow: screenings.record_cssrs(
            uow, client_id=client_id, answers=high, administered_by="worker", at=OUT,
            review_days=90,
        )
    )  # fmt: skip
    assert worker.sync().ok
    assert supervisor.sync().ok

    def notifications(uow: UnitOfWork) -> list[Any]:
        return [
            r for r in uow.records.for_client(client_id, kinds=("alert",))
            if r.fields["type"] == "supervisor_notification"
        ]  # fmt: skip

    [notice] = supervisor.read(notifications)
    assert notice.fields["source_id"] == recorded.record.id
    assert notice.fields["notify"] == "supervisor"
