"""Lone-worker field visits: check out, "I'm safe", extend, check in, and overdue alerts (D11).

A visit is a ``field_visit`` record of the client visited, so it syncs to the server at once
and reaches the worker's supervisor (the client is in their team's scope). The rules, the
due times and the escalation ladder are the domain's (:mod:`fieldcm.domain.field_visit`).

A missed check-in becomes an ``alert`` record on the next check of EITHER laptop: the
worker's own (the dead-man's switch still works when the worker cannot act) and the
supervisor's (which holds the visit through the feed). Both raise the same record: its id
is a UUID5 of the visit, the escalation step and the alert's content, so two laptops that
see the same overdue visit write byte-identical creates under one id, and the server answers
the second with "applied" (an identical create is a no-op). Two laptops that saw different
versions of the visit raise two alerts rather than one refused write.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from fieldcm.domain import codec
from fieldcm.domain import field_visit as rules
from fieldcm.domain.errors import DomainError
from fieldcm.domain.field_visit import (
    DEFAULT_LADDER,
    CheckInPolicy,
    Escalation,
    FieldVisit,
    Tier,
    VisitState,
)
from fieldcm.domain.records import Fields, Record
from fieldcm.store.repo_base import RecordNotFound
from fieldcm.store.uow import UnitOfWork

ALERT_NAMESPACE: Final = uuid.UUID("6f7d2c1e-5b0a-4f4e-9a51-3c8e1f0b7d42")
"""Namespace of the deterministic ids of field-visit alerts (never change it: ids would fork)."""
DEFAULT_POLICY: Final = CheckInPolicy()
"""D11: a safe check every 60 minutes (or at the expected return), 10 minutes' grace."""


@dataclass(frozen=True)
class OpenVisit:
    """A visit not yet checked in, with what the check-in panel shows about it."""

    record: Record
    visit: FieldVisit
    state: VisitState
    next_check_due: datetime
    overdue_at: datetime

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def client_id(self) -> str:
        return self.record.client_id


def open_visit_view(record: Record, now: datetime, policy: CheckInPolicy) -> OpenVisit:
    visit = rules.read_visit(record.fields)
    return OpenVisit(
        record,
        visit,
        rules.visit_state(visit, now, policy),
        rules.next_check_due(visit, policy),
        rules.overdue_since(visit, policy),
    )


# ---- the worker's actions --------------------------------------------------------------


def start_visit(
    uow: UnitOfWork,
    *,
    client_id: str,
    worker_id: str,
    address: str,
    at: datetime,
    expected_return_at: datetime,
) -> Record:
    """Check out: the office must know where the worker is and when to expect them back.

    Raises:
        InvalidFieldError: no address, or a return time not within 24 hours after now.
    """
    visit = rules.check_out(
        worker_id=worker_id, address=address, at=at, expected_return_at=expected_return_at
    )
    return uow.records.create("field_visit", client_id, visit.to_fields())


def mark_safe(uow: UnitOfWork, visit_id: str, *, at: datetime) -> Record:
    """ "I'm safe": resets the interval clock."""
    return _change(uow, visit_id, rules.record_safe(_visit(uow, visit_id), at=at))


def extend_visit(
    uow: UnitOfWork, visit_id: str, *, at: datetime, expected_return_at: datetime
) -> Record:
    """A new expected return (also counts as a safe check)."""
    visit = _visit(uow, visit_id)
    return _change(uow, visit_id, rules.extend(visit, at=at, expected_return_at=expected_return_at))


def finish_visit(uow: UnitOfWork, visit_id: str, *, at: datetime) -> Record:
    """Check in: the visit is over and the worker is safe; escalation stops."""
    return _change(uow, visit_id, rules.check_in(_visit(uow, visit_id), at=at))


def _visit(uow: UnitOfWork, visit_id: str) -> FieldVisit:
    record = uow.records.get(visit_id)
    if record is None or record.kind != "field_visit":
        raise RecordNotFound(f"No field visit {visit_id} on this laptop.")
    return rules.read_visit(record.fields)


def _change(uow: UnitOfWork, visit_id: str, visit: FieldVisit) -> Record:
    return uow.records.update(visit_id, visit.to_fields())


# ---- finding visits --------------------------------------------------------------------


def open_visits(
    uow: UnitOfWork,
    *,
    now: datetime,
    policy: CheckInPolicy = DEFAULT_POLICY,
    worker_id: str | None = None,
) -> list[OpenVisit]:
    """Visits on this laptop not yet checked in (of one worker, or everyone's), oldest first.

    A visit record that cannot be read is skipped: it came from a newer app version, and the
    laptop that wrote it still raises its alerts.
    """
    found: list[OpenVisit] = []
    for record in uow.records.of_kind("field_visit"):
        try:
            view = open_visit_view(record, now, policy)
        except DomainError:
            continue
        if view.state is VisitState.CHECKED_IN:
            continue
        if worker_id is None or view.visit.worker_id == worker_id:
            found.append(view)
    found.sort(key=lambda v: v.visit.check_out_at)
    return found


# ---- overdue alerts --------------------------------------------------------------------


def alert_id(visit_id: str, tier_index: int, fields: Fields) -> str:
    """The same id on every laptop for the same alert about the same visit."""
    name = f"field_visit:{visit_id}:tier:{tier_index}:{codec.content_hash(fields)}"
    return str(uuid.uuid5(ALERT_NAMESPACE, name))


def due_alerts(
    visit_id: str,
    visit: FieldVisit,
    now: datetime,
    *,
    policy: CheckInPolicy = DEFAULT_POLICY,
    ladder: Sequence[Tier] = DEFAULT_LADDER,
) -> list[tuple[str, Fields]]:
    """``(id, fields)`` of every alert the visit's escalation has reached by ``now``.

    Every tier up to the current one, so a laptop that was asleep while the ladder climbed
    still tells the earlier tiers; nothing new once someone acknowledged.
    """
    step = rules.escalation(visit, now, policy=policy, ladder=ladder)
    if step is None or step.acknowledged:
        return []
    out: list[tuple[str, Fields]] = []
    for index in range(step.tier_index + 1):
        tier_step = Escalation(index, ladder[index], step.started_at, False, step.duress)
        fields = rules.escalation_alert(visit_id, visit, tier_step).to_fields()
        out.append((alert_id(visit_id, index, fields), fields))
    return out


def alerts_to_raise(
    uow: UnitOfWork,
    *,
    now: datetime,
    policy: CheckInPolicy = DEFAULT_POLICY,
    ladder: Sequence[Tier] = DEFAULT_LADDER,
) -> list[tuple[OpenVisit, str, Fields]]:
    """The alerts open visits have reached that this laptop does not hold yet (read-only)."""
    missing: list[tuple[OpenVisit, str, Fields]] = []
    for view in open_visits(uow, now=now, policy=policy):
        for record_id, fields in due_alerts(view.id, view.visit, now, policy=policy, ladder=ladder):
            if uow.records.get(record_id, include_deleted=True) is None:
                missing.append((view, record_id, fields))
    return missing


def raise_due_alerts(
    uow: UnitOfWork,
    *,
    now: datetime,
    policy: CheckInPolicy = DEFAULT_POLICY,
    ladder: Sequence[Tier] = DEFAULT_LADDER,
) -> list[Record]:
    """Write the alerts every open visit on this laptop has reached; returns the new ones.

    Safe to call as often as wanted: an alert already held (written here, or received from
    the other laptop) is not written again.
    """
    return [
        uow.records.create("alert", view.client_id, fields, record_id)
        for view, record_id, fields in alerts_to_raise(uow, now=now, policy=policy, ladder=ladder)
    ]
