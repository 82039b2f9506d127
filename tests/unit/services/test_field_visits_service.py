"""Field-visit check-out, check-ins and overdue alerts on a real SQLCipher store (D11)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from fieldcm.domain.errors import InvalidFieldError, RuleViolationError
from fieldcm.domain.field_visit import VisitState
from fieldcm.domain.records import new_id
from fieldcm.services import field_visits
from fieldcm.store.datakey import DataKey
from fieldcm.store.engine import dispose_engine, open_engine
from fieldcm.store.migrations import upgrade
from fieldcm.store.repo_base import RecordNotFound
from fieldcm.store.uow import UnitOfWork

OUT = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
WORKER = "11111111-1111-4111-8111-111111111111"
ADDRESS = "12 Example Lane, Apt 3"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = open_engine(tmp_path / "store.db", DataKey.generate(), create=True)
    upgrade(eng)
    yield eng
    dispose_engine(eng)


@pytest.fixture
def visit_id(engine: Engine) -> str:
    client_id = new_id()
    with UnitOfWork(engine) as uow:
        uow.records.create("client", client_id, {"preferred_name": "Demo Client 0009"})
        visit = field_visits.start_visit(
            uow, client_id=client_id, worker_id=WORKER, address=ADDRESS, at=OUT,
            expected_return_at=OUT + timedelta(minutes=45),
        )  # fmt: skip
        uow.commit()
    return visit.id


def _write(engine: Engine, action):  # type: ignore[no-untyped-def]
    with UnitOfWork(engine) as uow:
        result = action(uow)
        uow.commit()
    return result


def _open(engine: Engine, now: datetime) -> list[field_visits.OpenVisit]:
    with UnitOfWork(engine, read_only=True) as uow:
        return field_visits.open_visits(uow, now=now)


def test_checking_out_records_the_visit_and_it_is_due_at_the_expected_return(
    engine: Engine, visit_id: str
) -> None:
    [visit] = _open(engine, OUT + timedelta(minutes=5))
    assert visit.id == visit_id and visit.state is VisitState.ON_VISIT
    assert visit.next_check_due == OUT + timedelta(minutes=45)
    assert visit.overdue_at == OUT + timedelta(minutes=55)
    with UnitOfWork(engine, read_only=True) as uow:
        assert "field_visit" in {e.kind for e in uow.outbox.pending(10)}


@pytest.mark.parametrize(("address", "minutes"), [("   ", 30), (ADDRESS, 0), (ADDRESS, 25 * 60)])
def test_a_check_out_without_address_or_a_sensible_return_is_refused(
    engine: Engine, address: str, minutes: int
) -> None:
    with UnitOfWork(engine) as uow, pytest.raises(InvalidFieldError):
        field_visits.start_visit(
            uow, client_id=new_id(), worker_id=WORKER, address=address, at=OUT,
            expected_return_at=OUT + timedelta(minutes=minutes),
        )  # fmt: skip


def test_safe_extend_and_check_in(engine: Engine, visit_id: str) -> None:
    _write(
        engine, lambda uow: field_visits.mark_safe(uow, visit_id, at=OUT + timedelta(minutes=44))
    )
    [visit] = _open(engine, OUT + timedelta(minutes=50))
    assert visit.state is VisitState.CHECK_DUE  # the expected return still stands
    _write(
        engine,
        lambda uow: field_visits.extend_visit(
            uow, visit_id, at=OUT + timedelta(minutes=50),
            expected_return_at=OUT + timedelta(minutes=90),
        ),
    )  # fmt: skip
    [visit] = _open(engine, OUT + timedelta(minutes=60))
    assert visit.state is VisitState.ON_VISIT
    _write(
        engine, lambda uow: field_visits.finish_visit(uow, visit_id, at=OUT + timedelta(minutes=70))
    )
    assert _open(engine, OUT + timedelta(minutes=75)) == []
    with pytest.raises(RuleViolationError, match="already checked in"):
        _write(
            engine,
            lambda uow: field_visits.mark_safe(uow, visit_id, at=OUT + timedelta(minutes=80)),
        )


def test_an_unknown_visit_is_refused(engine: Engine) -> None:
    with UnitOfWork(engine) as uow, pytest.raises(RecordNotFound):
        field_visits.mark_safe(uow, new_id(), at=OUT)


def test_nothing_is_raised_before_the_grace_period_ends(engine: Engine, visit_id: str) -> None:
    raised = _write(
        engine, lambda uow: field_visits.raise_due_alerts(uow, now=OUT + timedelta(minutes=54))
    )
    assert raised == []


def test_a_missed_check_in_raises_one_supervisor_alert_however_often_it_is_checked(
    engine: Engine, visit_id: str
) -> None:
    now = OUT + timedelta(minutes=56)
    [alert] = _write(engine, lambda uow: field_visits.raise_due_alerts(uow, now=now))
    assert alert.fields["type"] == "field_visit_overdue"
    assert alert.fields["notify"] == "supervisor" and alert.fields["source_id"] == visit_id
    assert alert.fields["raised_at"] == "2026-03-10T15:55:00Z"
    assert ADDRESS in alert.fields["message"]
    again = _write(engine, lambda uow: field_visits.raise_due_alerts(uow, now=now))
    assert again == []


def test_the_alert_id_is_the_same_on_every_laptop(engine: Engine, visit_id: str) -> None:
    now = OUT + timedelta(minutes=56)
    [alert] = _write(engine, lambda uow: field_visits.raise_due_alerts(uow, now=now))
    with UnitOfWork(engine, read_only=True) as uow:
        [visit] = field_visits.open_visits(uow, now=now)
    # Computed again from the visit alone, a minute later, as the other laptop would:
    [(same_id, same_fields)] = field_visits.due_alerts(
        visit_id, visit.visit, now + timedelta(minutes=1)
    )
    assert (same_id, same_fields) == (alert.id, alert.fields)


def test_the_ladder_climbs_while_nobody_acknowledges(engine: Engine, visit_id: str) -> None:
    late = OUT + timedelta(minutes=55 + 25)  # past the supervisor's and the contact's timeouts
    raised = _write(engine, lambda uow: field_visits.raise_due_alerts(uow, now=late))
    assert [a.fields["notify"] for a in raised] == ["supervisor", "emergency_contact", "team"]
    assert len({a.id for a in raised}) == 3


def test_a_checked_in_visit_raises_nothing(engine: Engine, visit_id: str) -> None:
    _write(
        engine, lambda uow: field_visits.finish_visit(uow, visit_id, at=OUT + timedelta(minutes=40))
    )
    raised = _write(
        engine, lambda uow: field_visits.raise_due_alerts(uow, now=OUT + timedelta(hours=3))
    )
    assert raised == []
