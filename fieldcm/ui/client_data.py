"""What the client record shows, read in one go on the database lane as frozen rows.

Safety comes first on the screen, so it comes first here: how to contact the person safely,
whether their address is confidential, their risk, whether their safety plan is current,
the latest screening scores and any alerts nobody has acknowledged. Then the timeline of
notes and addenda, newest first, the contacts with whether information may be shared with
each (their release of information), and the attachments (index entries only: the files
stay encrypted until one is opened).

A record that cannot be read (a newer app's shape, damaged data) is skipped with a count
rather than hiding the whole client.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Final

from fieldcm.domain import codec
from fieldcm.domain.addenda import HEADERS, read_addendum
from fieldcm.domain.alerts import AlertType, read_alert
from fieldcm.domain.assessments import read_assessment
from fieldcm.domain.errors import DomainError
from fieldcm.domain.goals import GoalStatus, read_goal
from fieldcm.domain.notes import FORMAT_SECTIONS, NoteFormat, NoteStatus, read_note
from fieldcm.domain.records import Record
from fieldcm.domain.safety_plan import is_current, missing_steps, read_plan, review_due_at
from fieldcm.services.safety_plans import plan_record, risk_changed_at
from fieldcm.store.repositories import AttachmentEntry
from fieldcm.store.uow import UnitOfWork
from fieldcm.ui.contacts_model import ContactRow, contact_rows

INSTRUMENT_NAMES: Final = {"phq9": "PHQ-9", "phq2": "PHQ-2", "gad7": "GAD-7", "cssrs": "C-SSRS"}
FORMAT_NAMES: Final = {
    NoteFormat.SOAP: "SOAP",
    NoteFormat.DAP: "DAP",
    NoteFormat.BIRP: "BIRP",
    NoteFormat.GIRP: "GIRP",
    NoteFormat.SIRP: "SIRP",
    NoteFormat.PIE: "PIE",
    NoteFormat.FREE: "Brief contact",
}


class PlanState(StrEnum):
    NONE = "none"
    CURRENT = "current"
    REVIEW_DUE = "review_due"
    INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class PlanStatus:
    state: PlanState
    reviewed_at: datetime | None = None
    review_due: datetime | None = None
    missing_steps: int = 0


@dataclass(frozen=True)
class Score:
    instrument: str
    total: int | None
    severity: str
    positive: bool
    at: datetime


@dataclass(frozen=True)
class GoalChoice:
    goal_id: str
    statement: str


@dataclass(frozen=True)
class TimelineEntry:
    record_id: str
    kind: str
    when: datetime | None
    title: str
    status: str
    late_entry: bool
    summary: str
    parent_id: str | None = None
    author: str = ""


@dataclass(frozen=True)
class ClientRecord:
    client_id: str
    preferred_name: str
    legal_name: str
    pronouns: str
    language: str
    program: str
    dob: str
    risk_tier: str | None
    safe_contact: str
    confidential_address: bool
    safety_plan: PlanStatus
    scores: tuple[Score, ...]
    next_visit: datetime | None
    alerts: tuple[str, ...]
    goals: tuple[GoalChoice, ...]
    timeline: tuple[TimelineEntry, ...]
    open_conflicts: int
    unreadable: int = 0
    contacts: tuple[ContactRow, ...] = ()
    attachments: tuple[AttachmentEntry, ...] = ()

    @property
    def name(self) -> str:
        return self.preferred_name or self.legal_name


def _text(record: Record, name: str) -> str:
    value = record.fields.get(name)
    return value if isinstance(value, str) else ""


def _plan_status(
    uow: UnitOfWork, client_id: str, now: datetime, review_days: int
) -> tuple[PlanStatus, int]:
    """The plan as the editor judges it: after the agency's interval, or once risk changed
    after the last review (the same ``risk_changed_at`` the editor's reminder uses)."""
    record = plan_record(uow, client_id)
    if record is None:
        return PlanStatus(PlanState.NONE), 0
    try:
        plan = read_plan(record.fields)
    except DomainError:
        return PlanStatus(PlanState.INCOMPLETE), 1
    missing = len(missing_steps(plan))
    due = review_due_at(plan, review_days)
    risk_changed = risk_changed_at(uow, client_id)
    if missing:
        state = PlanState.INCOMPLETE
    elif is_current(plan, now=now, review_days=review_days, risk_changed_at=risk_changed):
        state = PlanState.CURRENT
    else:
        state = PlanState.REVIEW_DUE
    return PlanStatus(state, plan.reviewed_at, due, missing), 0


def _scores(assessments: list[Record]) -> tuple[tuple[Score, ...], int]:
    latest: dict[str, Score] = {}
    bad = 0
    for record in assessments:
        try:
            assessment = read_assessment(record.fields)
        except DomainError:
            bad += 1
            continue
        name = INSTRUMENT_NAMES.get(assessment.instrument, assessment.instrument)
        if name in latest:
            continue  # records come newest first
        if assessment.screen is not None:
            screen = assessment.screen
            score = Score(
                name, screen.total, screen.band.label, screen.positive, assessment.administered_at
            )
        elif assessment.cssrs is not None:
            risk = assessment.cssrs.risk
            score = Score(
                name, None, str(risk.value), assessment.cssrs.positive, assessment.administered_at
            )
        else:
            continue
        latest[name] = score
    return tuple(latest.values()), bad


def _open_alerts(alerts: list[Record]) -> tuple[str, ...]:
    acknowledged = {
        a.fields.get("source_id")
        for a in alerts
        if a.fields.get("type") == AlertType.ACKNOWLEDGEMENT.value
    }
    shown = []
    for record in alerts:
        if (
            record.id in acknowledged
            or record.fields.get("type") == AlertType.ACKNOWLEDGEMENT.value
        ):
            continue
        try:
            shown.append(read_alert(record.fields).message)
        except DomainError:
            shown.append(str(record.fields.get("type", "alert")))
    return tuple(shown)


def _summary(sections: dict[str, str] | object, note_format: NoteFormat) -> str:
    if not isinstance(sections, dict):
        return ""
    for key, _label in FORMAT_SECTIONS[note_format]:
        text = sections.get(key)
        if isinstance(text, str) and text.strip():
            return " ".join(text.split())[:160]
    return ""


def _note_entry(record: Record) -> TimelineEntry:
    note = read_note(record.fields)
    status = {
        NoteStatus.DRAFT: "draft",
        NoteStatus.SIGNED: "signed",
        NoteStatus.COSIGNED: "cosigned",
    }[note.status]
    signer = note.signature.name if note.signature else ""
    return TimelineEntry(
        record_id=record.id,
        kind="note",
        when=note.service_start,
        title=FORMAT_NAMES[note.format],
        status=status,
        late_entry=note.late_entry,
        summary=_summary(dict(note.sections), note.format),
        author=signer,
    )


def _addendum_entry(record: Record) -> TimelineEntry:
    addendum = read_addendum(record.fields)
    return TimelineEntry(
        record_id=record.id,
        kind="addendum",
        when=addendum.written_at,
        title=HEADERS[addendum.type],
        status="signed",
        late_entry=False,
        summary=" ".join(addendum.text.split())[:160],
        parent_id=addendum.parent_id,
        author=addendum.signature.name,
    )


def _timeline(records: list[Record]) -> tuple[tuple[TimelineEntry, ...], int]:
    entries: list[TimelineEntry] = []
    bad = 0
    for record in records:
        try:
            entries.append(
                _note_entry(record) if record.kind == "note" else _addendum_entry(record)
            )
        except (DomainError, KeyError, ValueError):
            bad += 1
    return tuple(entries), bad


def _goals(goals: list[Record]) -> tuple[GoalChoice, ...]:
    choices = []
    for record in goals:
        try:
            goal = read_goal(record.fields)
        except DomainError:
            continue
        if goal.status in (GoalStatus.ACTIVE, GoalStatus.PROPOSED) or not goal.statement:
            choices.append(GoalChoice(record.id, goal.statement))
    return tuple(choices)


def _next_visit(encounters: list[Record], now: datetime) -> datetime | None:
    upcoming = []
    for record in encounters:
        try:
            start = codec.optional_datetime(record.fields, "planned_start")
        except DomainError:
            continue
        if start is not None and start > now:
            upcoming.append(start)
    return min(upcoming, default=None)


def load_client(
    uow: UnitOfWork, client_id: str, *, now: datetime, review_days: int = 90
) -> ClientRecord | None:
    """Everything the client record screen shows (database lane); ``None`` if gone."""
    client = uow.records.get(client_id)
    if client is None or client.kind != "client":
        return None
    by_kind: dict[str, list[Record]] = {}
    for record in uow.records.for_client(
        client_id,
        kinds=(
            "note",
            "addendum",
            "assessment",
            "goal",
            "alert",
            "encounter",
            "contact",
            "consent",
        ),
    ):
        by_kind.setdefault(record.kind, []).append(record)
    plan, bad_plan = _plan_status(uow, client_id, now, review_days)
    scores, bad_scores = _scores(by_kind.get("assessment", []))
    timeline, bad_notes = _timeline(by_kind.get("note", []) + by_kind.get("addendum", []))
    # Newest first; an undated entry is a draft still being written, so it leads.
    timeline = tuple(
        sorted(timeline, key=lambda e: e.when.timestamp() if e.when else float("inf"), reverse=True)
    )
    return ClientRecord(
        client_id=client_id,
        preferred_name=_text(client, "preferred_name"),
        legal_name=_text(client, "legal_name"),
        pronouns=_text(client, "pronouns"),
        language=_text(client, "language"),
        program=_text(client, "program"),
        dob=_text(client, "dob"),
        risk_tier=_text(client, "risk_tier") or None,
        safe_contact=_text(client, "safe_contact_instructions"),
        confidential_address=client.fields.get("confidential_address") is True,
        safety_plan=plan,
        scores=scores,
        next_visit=_next_visit(by_kind.get("encounter", []), now),
        alerts=_open_alerts(by_kind.get("alert", [])),
        goals=_goals(by_kind.get("goal", [])),
        timeline=timeline,
        open_conflicts=len(uow.conflicts.find(status="open", client_id=client_id)),
        unreadable=bad_plan + bad_scores + bad_notes,
        contacts=contact_rows(
            by_kind.get("contact", []), by_kind.get("consent", []), now.astimezone().date()
        ),
        attachments=tuple(uow.attachments.for_client(client_id)),
    )
