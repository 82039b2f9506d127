"""Lone-worker safety on field visits: check-out, "I'm safe" checks, overdue, escalation (D11).

A worker checks out with the visit address and an expected return. While out, a safe check is
due every ``interval`` (default 60 minutes) and at the expected return, whichever comes first;
after ``grace`` (default 10 minutes) past a due time the visit is overdue and escalation starts.
Escalation climbs a ladder of tiers, each waiting ``ack_timeout`` for someone to acknowledge
before the next; past the last tier it stays there (the dead-man's-switch broadcast). A duress
code starts the ladder at once. Checking in ends it. Times are compared, never clocks
trusted for order: the state is a pure function of the record and ``now``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from fieldcm.domain import codec
from fieldcm.domain.alerts import Alert, AlertType, Severity
from fieldcm.domain.errors import InvalidFieldError, RuleViolationError
from fieldcm.domain.records import Fields, JsonValue

MAX_VISIT: Final = timedelta(hours=24)


@dataclass(frozen=True)
class CheckInPolicy:
    interval: timedelta = timedelta(minutes=60)
    grace: timedelta = timedelta(minutes=10)


@dataclass(frozen=True)
class Tier:
    notify: str
    ack_timeout: timedelta


DEFAULT_LADDER: Final = (
    Tier("supervisor", timedelta(minutes=10)),
    Tier("emergency_contact", timedelta(minutes=10)),
    Tier("team", timedelta(minutes=10)),
)


class VisitState(StrEnum):
    ON_VISIT = "on_visit"
    CHECK_DUE = "check_due"
    """Past a due time, inside the grace period."""
    OVERDUE = "overdue"
    DURESS = "duress"
    CHECKED_IN = "checked_in"


@dataclass(frozen=True)
class FieldVisit:
    worker_id: str
    address: str
    check_out_at: datetime
    expected_return_at: datetime
    last_safe_at: datetime | None = None
    checked_in_at: datetime | None = None
    duress_at: datetime | None = None
    acknowledged_at: datetime | None = None

    def to_fields(self) -> Fields:
        def fmt(value: datetime | None) -> str | None:
            return None if value is None else codec.format_datetime(value)

        return {
            "worker_id": self.worker_id,
            "address": self.address,
            "check_out_at": fmt(self.check_out_at),
            "expected_return_at": fmt(self.expected_return_at),
            "last_safe_at": fmt(self.last_safe_at),
            "checked_in_at": fmt(self.checked_in_at),
            "duress_at": fmt(self.duress_at),
            "acknowledged_at": fmt(self.acknowledged_at),
        }


def read_visit(fields: Mapping[str, JsonValue]) -> FieldVisit:
    return FieldVisit(
        worker_id=codec.text(fields, "worker_id"),
        address=codec.text(fields, "address"),
        check_out_at=codec.parse_datetime(fields.get("check_out_at"), "check_out_at"),
        expected_return_at=codec.parse_datetime(
            fields.get("expected_return_at"), "expected_return_at"
        ),
        last_safe_at=codec.optional_datetime(fields, "last_safe_at"),
        checked_in_at=codec.optional_datetime(fields, "checked_in_at"),
        duress_at=codec.optional_datetime(fields, "duress_at"),
        acknowledged_at=codec.optional_datetime(fields, "acknowledged_at"),
    )


def check_out(
    *, worker_id: str, address: str, at: datetime, expected_return_at: datetime
) -> FieldVisit:
    """Start a visit: the office must know where the worker is and when to expect them."""
    if not address.strip():
        raise InvalidFieldError("address", "say where the visit is")
    start = codec.require_aware(at, "check_out_at")
    end = codec.require_aware(expected_return_at, "expected_return_at")
    if not start < end <= start + MAX_VISIT:
        raise InvalidFieldError("expected_return_at", "must be after check-out and within 24 hours")
    return FieldVisit(worker_id, address.strip(), start, end)


def _require_open(visit: FieldVisit, at: datetime, field: str) -> datetime:
    if visit.checked_in_at is not None:
        raise RuleViolationError("This visit is already checked in.")
    if codec.require_aware(at, field) < visit.check_out_at:
        raise InvalidFieldError(field, "cannot be before check-out")
    return at


def record_safe(visit: FieldVisit, *, at: datetime) -> FieldVisit:
    """An "I'm safe" check: resets the interval clock (not a duress)."""
    return replace(visit, last_safe_at=_require_open(visit, at, "last_safe_at"))


def extend(visit: FieldVisit, *, at: datetime, expected_return_at: datetime) -> FieldVisit:
    """The worker reports a new return time (a route change is reported at once)."""
    _require_open(visit, at, "expected_return_at")
    if not at < expected_return_at <= visit.check_out_at + MAX_VISIT:
        raise InvalidFieldError("expected_return_at", "must be later and within 24 hours")
    return replace(visit, expected_return_at=expected_return_at, last_safe_at=at)


def raise_duress(visit: FieldVisit, *, at: datetime) -> FieldVisit:
    return replace(visit, duress_at=_require_open(visit, at, "duress_at"))


def check_in(visit: FieldVisit, *, at: datetime) -> FieldVisit:
    return replace(visit, checked_in_at=_require_open(visit, at, "checked_in_at"))


def acknowledge(visit: FieldVisit, *, at: datetime) -> FieldVisit:
    """Someone on the ladder took responsibility; climbing stops."""
    return replace(visit, acknowledged_at=codec.require_aware(at, "acknowledged_at"))


def next_check_due(visit: FieldVisit, policy: CheckInPolicy) -> datetime:
    last = visit.last_safe_at or visit.check_out_at
    return min(last + policy.interval, visit.expected_return_at)


def overdue_since(visit: FieldVisit, policy: CheckInPolicy) -> datetime:
    return next_check_due(visit, policy) + policy.grace


def visit_state(visit: FieldVisit, now: datetime, policy: CheckInPolicy) -> VisitState:
    if visit.checked_in_at is not None and visit.checked_in_at <= now:
        return VisitState.CHECKED_IN
    if visit.duress_at is not None and visit.duress_at <= now:
        return VisitState.DURESS
    if now >= overdue_since(visit, policy):
        return VisitState.OVERDUE
    if now >= next_check_due(visit, policy):
        return VisitState.CHECK_DUE
    return VisitState.ON_VISIT


@dataclass(frozen=True)
class Escalation:
    tier_index: int
    tier: Tier
    started_at: datetime
    acknowledged: bool
    duress: bool


def escalation(
    visit: FieldVisit,
    now: datetime,
    *,
    policy: CheckInPolicy = CheckInPolicy(),
    ladder: Sequence[Tier] = DEFAULT_LADDER,
) -> Escalation | None:
    """The tier that must be notified now, or ``None`` when nothing is wrong."""
    state = visit_state(visit, now, policy)
    if state not in {VisitState.OVERDUE, VisitState.DURESS}:
        return None
    duress = state is VisitState.DURESS
    started = visit.duress_at if duress and visit.duress_at else overdue_since(visit, policy)
    acked = visit.acknowledged_at is not None and started <= visit.acknowledged_at <= now
    reached_at = visit.acknowledged_at if acked and visit.acknowledged_at else now
    index = _tier_at(reached_at - started, ladder)
    return Escalation(index, ladder[index], started, acked, duress)


def _tier_at(elapsed: timedelta, ladder: Sequence[Tier]) -> int:
    waited = timedelta(0)
    for index, tier in enumerate(ladder):
        waited += tier.ack_timeout
        if elapsed < waited:
            return index
    return len(ladder) - 1


def escalation_alert(visit_id: str, visit: FieldVisit, step: Escalation) -> Alert:
    kind = AlertType.FIELD_VISIT_DURESS if step.duress else AlertType.FIELD_VISIT_OVERDUE
    what = "raised a duress alert" if step.duress else "has not checked in"
    return Alert(
        type=kind,
        severity=Severity.URGENT,
        message=f"A worker on a field visit {what}. Last known visit address: {visit.address}",
        raised_at=step.started_at,
        source_id=visit_id,
        notify=step.tier.notify,
    )
