"""Recording screens (PHQ-9, GAD-7, C-SSRS) with their escalation, and the gate on closing.

Recording a screen writes the ``assessment`` record and every alert
:func:`fieldcm.domain.escalation.alerts_for` raises for it in the caller's unit of work, so
they reach the outbox (and the server) together or not at all. A high C-SSRS result raises
an alert with ``notify="supervisor"``: it syncs like any record of the client, and the
supervisor's laptop receives it through the feed because the client is in their team's
scope. Scores and risk are computed by the domain from the raw answers; nothing here scores.

The gate: signing a visit note is what closes the encounter in this app. The assessments
that belong to a note's encounter are the client's assessments linked to the note (its id
or its ``encounter_id``) plus the unlinked ones given in the last
:data:`ENCOUNTER_WINDOW` (a screen run from the client record before the note was started
is part of the same visit). The domain decides what still blocks closing.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from fieldcm.domain import cssrs
from fieldcm.domain.alerts import AlertType, read_alert
from fieldcm.domain.assessments import Assessment, cssrs_fields, read_assessment, screen_fields
from fieldcm.domain.cssrs import RiskLevel
from fieldcm.domain.errors import DomainError, Problem
from fieldcm.domain.escalation import (
    EncounterNotReadyError,
    alerts_for,
    closure_problems,
)
from fieldcm.domain.records import Fields, Record
from fieldcm.domain.safety_plan import SafetyPlan, Section, is_current, missing_steps, read_plan
from fieldcm.domain.screening import Difficulty
from fieldcm.services.safety_plans import plan_record
from fieldcm.store.repo_base import RecordNotFound
from fieldcm.store.uow import UnitOfWork

log = logging.getLogger(__name__)

ENCOUNTER_WINDOW: Final = timedelta(hours=24)
"""How far back an assessment not linked to a note still counts as part of its encounter."""


@dataclass(frozen=True)
class SafetyPlanStatus:
    """What the worker needs to know about the client's safety plan after a screen."""

    exists: bool
    current: bool
    """Complete, reviewed after the screen's change in risk and within the review interval."""
    plan_id: str | None = None
    reviewed_at: datetime | None = None
    missing: tuple[Section, ...] = ()
    readable: bool = True


NO_PLAN: Final = SafetyPlanStatus(exists=False, current=False)


@dataclass(frozen=True)
class RecordedScreen:
    """A screen just recorded: its record, the domain's reading of it, the alerts raised."""

    record: Record
    assessment: Assessment
    alerts: tuple[Record, ...]
    safety_plan: SafetyPlanStatus

    @property
    def requires_cssrs(self) -> bool:
        return self.assessment.requires_cssrs

    @property
    def high_risk(self) -> bool:
        return self.assessment.risk is RiskLevel.HIGH

    @property
    def supervisor_notified(self) -> bool:
        """An alert for the supervisor was written (it reaches them on the next sync)."""
        return any(alert.fields.get("notify") == "supervisor" for alert in self.alerts)


@dataclass(frozen=True)
class HistoryPoint:
    """One recorded screen, as the trend chart and its table show it."""

    assessment_id: str
    instrument: str
    administered_at: datetime
    total: int | None
    severity: str
    """The band code for PHQ/GAD (``moderate``...), the risk level for the C-SSRS."""
    severity_label: str


# ---- recording -------------------------------------------------------------------------


def record_screen(
    uow: UnitOfWork,
    *,
    client_id: str,
    instrument: str,
    answers: list[int],
    administered_by: str,
    at: datetime,
    review_days: int,
    encounter_id: str | None = None,
    difficulty: Difficulty | None = None,
) -> RecordedScreen:
    """Score and record a PHQ-9, PHQ-2 or GAD-7 with the alerts it raises (item 9 > 0).

    Raises:
        InvalidAnswersError: the answers are incomplete or out of range (nothing written).
    """
    fields = screen_fields(
        instrument,
        answers,
        administered_at=at,
        encounter_id=encounter_id,
        administered_by=administered_by,
        difficulty=difficulty,
    )
    return _record(uow, client_id, fields, now=at, review_days=review_days)


def record_cssrs(
    uow: UnitOfWork,
    *,
    client_id: str,
    answers: cssrs.Answers,
    administered_by: str,
    at: datetime,
    review_days: int,
    encounter_id: str | None = None,
) -> RecordedScreen:
    """Triage and record a C-SSRS screener with its alerts (a high one notifies a supervisor).

    Raises:
        InvalidAnswersError: the answers break the skip rule or are incomplete.
    """
    fields = cssrs_fields(
        answers, administered_at=at, encounter_id=encounter_id, administered_by=administered_by
    )
    return _record(uow, client_id, fields, now=at, review_days=review_days)


def _record(
    uow: UnitOfWork, client_id: str, fields: Fields, *, now: datetime, review_days: int
) -> RecordedScreen:
    assessment = read_assessment(fields)
    record = uow.records.create("assessment", client_id, fields)
    alerts = tuple(
        uow.records.create("alert", client_id, alert.to_fields())
        for alert in alerts_for(assessment, source_id=record.id)
    )
    high_at = assessment.administered_at if assessment.risk is RiskLevel.HIGH else None
    plan = safety_plan_status(
        uow, client_id, now=now, review_days=review_days, risk_changed_at=high_at
    )
    return RecordedScreen(record, assessment, alerts, plan)


# ---- the client's safety plan ----------------------------------------------------------


def _latest_plan(uow: UnitOfWork, client_id: str) -> tuple[Record, SafetyPlan | None] | None:
    latest = plan_record(uow, client_id)
    if latest is None:
        return None
    try:
        return latest, read_plan(latest.fields)
    except DomainError:
        log.warning("safety plan %s cannot be read", latest.id)
        return latest, None


def safety_plan_status(
    uow: UnitOfWork,
    client_id: str,
    *,
    now: datetime,
    review_days: int,
    risk_changed_at: datetime | None = None,
) -> SafetyPlanStatus:
    """Whether the client has a plan and whether it is current (after ``risk_changed_at``)."""
    found = _latest_plan(uow, client_id)
    if found is None:
        return NO_PLAN
    record, plan = found
    if plan is None:
        return SafetyPlanStatus(exists=True, current=False, plan_id=record.id, readable=False)
    current = is_current(plan, now=now, review_days=review_days, risk_changed_at=risk_changed_at)
    return SafetyPlanStatus(
        exists=True,
        current=current,
        plan_id=record.id,
        reviewed_at=plan.reviewed_at,
        missing=missing_steps(plan),
    )


# ---- closing an encounter --------------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    id: str
    assessment: Assessment


def _assessments(uow: UnitOfWork, client_id: str) -> list[_Read]:
    found: list[_Read] = []
    for record in uow.records.for_client(client_id, kinds=("assessment",)):
        try:
            found.append(_Read(record.id, read_assessment(record.fields)))
        except DomainError:
            # Both sides validate on write, so this is a record from a newer app version.
            log.warning("assessment %s cannot be read", record.id)
    return found


def _in_encounter(read: _Read, encounter_ids: Collection[str], since: datetime) -> bool:
    linked = read.assessment.encounter_id
    if linked is not None:
        return linked in encounter_ids
    return read.assessment.administered_at >= since


def _supervisor_notified(uow: UnitOfWork, client_id: str, screens: list[_Read]) -> bool:
    highs = [r for r in screens if r.assessment.risk is RiskLevel.HIGH]
    if not highs:
        return False
    last = max(highs, key=lambda r: r.assessment.administered_at)
    for record in uow.records.for_client(client_id, kinds=("alert",)):
        try:
            alert = read_alert(record.fields)
        except DomainError:
            continue
        if alert.type is AlertType.SUPERVISOR_NOTIFICATION and alert.source_id == last.id:
            return True
    return False


def encounter_problems(
    uow: UnitOfWork,
    client_id: str,
    *,
    encounter_ids: Collection[str],
    now: datetime,
    review_days: int,
) -> tuple[Problem, ...]:
    """What still blocks closing the client's encounter (empty: it may close)."""
    since = now - ENCOUNTER_WINDOW
    screens = [r for r in _assessments(uow, client_id) if _in_encounter(r, encounter_ids, since)]
    found = _latest_plan(uow, client_id)
    return closure_problems(
        [r.assessment for r in screens],
        safety_plan=None if found is None else found[1],
        supervisor_notified=_supervisor_notified(uow, client_id, screens),
        now=now,
        review_days=review_days,
    )


def note_closure_problems(
    uow: UnitOfWork, note_id: str, *, now: datetime, review_days: int
) -> tuple[Problem, ...]:
    """What blocks signing this note: signing closes its encounter.

    Raises:
        RecordNotFound: no such note on this laptop.
    """
    note = uow.records.get(note_id)
    if note is None or note.kind != "note":
        raise RecordNotFound(f"No note {note_id} on this laptop.")
    encounter = note.fields.get("encounter_id")
    ids = {note.id} | ({encounter} if isinstance(encounter, str) and encounter else set())
    return encounter_problems(
        uow, note.client_id, encounter_ids=ids, now=now, review_days=review_days
    )


def ensure_note_can_close(
    uow: UnitOfWork, note_id: str, *, now: datetime, review_days: int
) -> None:
    """Raise :class:`EncounterNotReadyError` while escalation steps are outstanding."""
    problems = note_closure_problems(uow, note_id, now=now, review_days=review_days)
    if problems:
        raise EncounterNotReadyError(problems)


# ---- history ---------------------------------------------------------------------------


def score_history(uow: UnitOfWork, client_id: str) -> tuple[HistoryPoint, ...]:
    """Every readable screen of the client, oldest first (the chart draws left to right)."""
    points: list[HistoryPoint] = []
    for read in _assessments(uow, client_id):
        assessment = read.assessment
        if assessment.screen is not None:
            band = assessment.screen.band
            points.append(
                HistoryPoint(
                    read.id,
                    assessment.instrument,
                    assessment.administered_at,
                    assessment.screen.total,
                    band.code,
                    band.label,
                )
            )
        elif assessment.cssrs is not None:
            risk = assessment.cssrs.risk
            points.append(
                HistoryPoint(
                    read.id, assessment.instrument, assessment.administered_at, None, risk.value,
                    risk.value.capitalize(),
                )
            )  # fmt: skip
    points.sort(key=lambda p: p.administered_at)
    return tuple(points)
