"""The same alert created by two laptops (DOMAIN.md D11): one record, no refusal.

A missed field-visit check-in is raised independently by the worker's and the supervisor's
laptop under one deterministic id (``fieldcm.services.field_visits.alert_id``). The server
must answer the second, identical create "applied" without a second effect.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from fieldcm.domain.field_visit import check_out, escalation, escalation_alert
from fieldcm.server.models import RecordRow
from fieldcm.services.field_visits import alert_id
from tests.mutations import create
from tests.server.helpers import Agency

OUT = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def _overdue_alert(visit_id: str) -> dict[str, object]:
    visit = check_out(
        worker_id="worker-1", address="12 Example Lane", at=OUT, expected_return_at=OUT
        + timedelta(minutes=30),
    )  # fmt: skip
    step = escalation(visit, OUT + timedelta(minutes=45))
    assert step is not None
    return escalation_alert(visit_id, visit, step).to_fields()


def test_an_identical_alert_from_two_devices_is_one_record_and_never_refused(
    agency: Agency,
) -> None:
    team = agency.team()
    worker = agency.person(team=team)
    supervisor = agency.person(role="supervisor", team=team)
    client = agency.client(worker)
    visit = agency.record(worker, "field_visit", client.id, address="12 Example Lane")
    fields = _overdue_alert(visit.id)
    record_id = alert_id(visit.id, 0, fields)

    [first] = agency.push(worker, create("alert", fields, client_id=client.id, record_id=record_id))
    [second] = agency.push(
        supervisor, create("alert", fields, client_id=client.id, record_id=record_id)
    )

    assert (first.status, second.status) == ("applied", "applied")
    assert first.record is not None and second.record is not None
    assert second.record.rev == first.record.rev == 1
    assert second.record.fields == fields
    with agency.db.read() as session:
        count = session.scalar(
            select(func.count()).select_from(RecordRow).where(RecordRow.id == record_id)
        )
    assert count == 1


def test_the_same_id_with_other_content_is_refused_so_ids_hash_the_content(
    agency: Agency,
) -> None:
    """Why ``alert_id`` hashes the content: an append-only record never changes."""
    team = agency.team()
    worker = agency.person(team=team)
    supervisor = agency.person(role="supervisor", team=team)
    client = agency.client(worker)
    fields = _overdue_alert("visit-1")
    record_id = alert_id("visit-1", 0, fields)
    agency.push(worker, create("alert", fields, client_id=client.id, record_id=record_id))

    other = {**fields, "message": "A different message"}
    [answer] = agency.push(
        supervisor, create("alert", other, client_id=client.id, record_id=record_id)
    )

    assert answer.status == "rejected"
    assert alert_id("visit-1", 0, other) != record_id
