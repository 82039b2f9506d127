"""Lone-worker field visits: check-out, safe checks, overdue and the escalation ladder (D11)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from fieldcm.domain.alerts import AlertType
from fieldcm.domain.errors import InvalidFieldError, RuleViolationError
from fieldcm.domain.field_visit import (
    DEFAULT_LADDER,
    CheckInPolicy,
    FieldVisit,
    VisitState,
    acknowledge,
    check_in,
    check_out,
    escalation,
    escalation_alert,
    extend,
    next_check_due,
    raise_duress,
    read_visit,
    record_safe,
    visit_state,
)

from .conftest import T0, at

POLICY = CheckInPolicy()


def visit(return_after_minutes: int = 90) -> FieldVisit:
    return check_out(
        worker_id="worker-1",
        address="100 Synthetic St",
        at=T0,
        expected_return_at=at(return_after_minutes),
    )


@pytest.mark.parametrize(
    ("visit_factory", "now", "state"),
    [
        (visit, at(59), VisitState.ON_VISIT),
        (visit, at(60), VisitState.CHECK_DUE),  # hourly check due
        (visit, at(69), VisitState.CHECK_DUE),
        (visit, at(70), VisitState.OVERDUE),  # 10-minute grace over
        (lambda: visit(30), at(35), VisitState.CHECK_DUE),  # expected return comes first
        (lambda: visit(30), at(40), VisitState.OVERDUE),
        (lambda: record_safe(visit(), at=at(50)), at(70), VisitState.ON_VISIT),
        (lambda: record_safe(visit(), at=at(50)), at(90), VisitState.CHECK_DUE),  # return due
        (lambda: check_in(visit(), at=at(80)), at(200), VisitState.CHECKED_IN),
        (lambda: raise_duress(visit(), at=at(5)), at(6), VisitState.DURESS),
        (lambda: raise_duress(visit(), at=at(5)), at(4), VisitState.ON_VISIT),
        (
            lambda: extend(visit(30), at=at(20), expected_return_at=at(150)),
            at(75),
            VisitState.ON_VISIT,
        ),
    ],
)
def test_states(visit_factory, now: datetime, state: VisitState) -> None:  # type: ignore[no-untyped-def]
    assert visit_state(visit_factory(), now, POLICY) is state


def test_custom_interval_and_grace() -> None:
    policy = CheckInPolicy(interval=timedelta(minutes=30), grace=timedelta(minutes=5))
    assert next_check_due(visit(), policy) == at(30)
    assert visit_state(visit(), at(35), policy) is VisitState.OVERDUE


@pytest.mark.parametrize(
    ("now", "tier", "notify"),
    [
        (at(69), None, None),
        (at(70), 0, "supervisor"),
        (at(79), 0, "supervisor"),
        (at(80), 1, "emergency_contact"),
        (at(90), 2, "team"),
        (at(500), 2, "team"),  # the last tier holds: the dead-man's-switch broadcast
    ],
)
def test_ladder_climbs_while_nobody_acknowledges(
    now: datetime, tier: int | None, notify: str | None
) -> None:
    step = escalation(visit(), now)
    if tier is None:
        assert step is None
    else:
        assert step is not None and (step.tier_index, step.tier.notify) == (tier, notify)
        assert step.started_at == at(70) and not step.acknowledged and not step.duress


def test_acknowledgement_stops_the_climb() -> None:
    acked = acknowledge(visit(), at=at(75))
    step = escalation(acked, at(200))
    assert step is not None and step.acknowledged and step.tier_index == 0


def test_an_old_acknowledgement_does_not_silence_a_new_escalation() -> None:
    acked_before = acknowledge(visit(), at=at(10))
    step = escalation(acked_before, at(85))
    assert step is not None and not step.acknowledged and step.tier_index == 1


def test_duress_escalates_at_once_without_grace() -> None:
    step = escalation(raise_duress(visit(), at=at(5)), at(5))
    assert step is not None and step.duress and step.started_at == at(5) and step.tier_index == 0
    alert = escalation_alert("v-1", raise_duress(visit(), at=at(5)), step)
    assert alert.type is AlertType.FIELD_VISIT_DURESS and alert.notify == "supervisor"
    assert "100 Synthetic St" in alert.message


def test_checked_in_visit_never_escalates() -> None:
    assert escalation(check_in(visit(), at=at(60)), at(500)) is None


def test_overdue_alert() -> None:
    step = escalation(visit(), at(85))
    assert step is not None
    alert = escalation_alert("v-1", visit(), step)
    assert (alert.type, alert.notify, alert.source_id) == (
        AlertType.FIELD_VISIT_OVERDUE,
        "emergency_contact",
        "v-1",
    )


@pytest.mark.parametrize(
    ("address", "expected_return", "message"),
    [
        ("  ", at(60), "address"),
        ("1 Synthetic Rd", at(0), "expected_return_at"),
        ("1 Synthetic Rd", at(-5), "expected_return_at"),
        ("1 Synthetic Rd", at(hours=25), "within 24 hours"),
    ],
)
def test_check_out_refusals(address: str, expected_return: datetime, message: str) -> None:
    with pytest.raises(InvalidFieldError, match=message):
        check_out(worker_id="w", address=address, at=T0, expected_return_at=expected_return)


def test_naive_times_are_refused() -> None:
    with pytest.raises(InvalidFieldError, match="UTC offset"):
        check_out(worker_id="w", address="a", at=datetime(2026, 1, 6, 9), expected_return_at=at(60))


@pytest.mark.parametrize(
    ("action", "error"),
    [
        (lambda v: record_safe(check_in(v, at=at(10)), at=at(20)), RuleViolationError),
        (lambda v: check_in(check_in(v, at=at(10)), at=at(20)), RuleViolationError),
        (lambda v: record_safe(v, at=at(-1)), InvalidFieldError),
        (lambda v: extend(v, at=at(20), expected_return_at=at(10)), InvalidFieldError),
        (lambda v: extend(v, at=at(20), expected_return_at=at(hours=25)), InvalidFieldError),
    ],
)
def test_refused_updates(action, error) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error):
        action(visit())


def test_fields_round_trip() -> None:
    original = acknowledge(raise_duress(record_safe(visit(), at=at(20)), at=at(30)), at=at(31))
    assert read_visit(original.to_fields()) == original
    assert original.to_fields()["check_out_at"] == "2026-01-06T15:00:00Z"


def test_default_ladder_has_ack_timeouts() -> None:
    assert [t.notify for t in DEFAULT_LADDER] == ["supervisor", "emergency_contact", "team"]
