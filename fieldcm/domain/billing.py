"""Billable-note rules per payer: completeness before signing, units, deadlines, late entry.

DOMAIN.md D6 and D7.

State rules differ, so every number here comes from a :class:`PayerRule` the agency
configures (it mirrors ``sync.protocol.PayerRulePayload``, which the sync layer converts).

* Units use the midpoint ("8-minute") rule: below ``minimum_minutes`` no unit; otherwise the
  minutes divided by ``unit_minutes`` rounded half up, at least one. With 15-minute units and
  an 8-minute minimum: 8-22 min = 1, 23-37 = 2, 38-52 = 3 (the CMS timed-code table).
* The signing deadline is ``signing_deadline_hours`` after the service ends, or the end of
  the ``signing_deadline_business_days``-th business day after the service date in the
  agency's time zone; when both are set the earlier wins; neither means "as soon as
  practicable" (no clock).
* A note signed more than ``late_entry_after_hours`` after the service ended is a late entry:
  labelled, both dates kept (D7).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Final

from fieldcm.domain.business_days import add_business_days
from fieldcm.domain.errors import Problem
from fieldcm.domain.notes import FORMAT_SECTIONS, Note, Signer, read_note
from fieldcm.domain.records import JsonValue

DEFAULT_REQUIRED_FIELDS: Final = (
    "service_start",
    "service_end",
    "location",
    "contact_type",
    "client_present",
    "service_code",
    "goal_ids",
    "sections",
    "credentials",
)
"""The D6 software rules: date, start and stop, place, method, participants, service code,
linked ISP goal, narrative in the chosen format, credentials at signing."""

MAX_SERVICE_HOURS: Final = 24


@dataclass(frozen=True)
class PayerRule:
    payer: str
    required_fields: tuple[str, ...] = DEFAULT_REQUIRED_FIELDS
    signing_deadline_hours: int | None = None
    signing_deadline_business_days: int | None = None
    late_entry_after_hours: int = 72
    unit_minutes: int = 15
    minimum_minutes: int = 8

    def __post_init__(self) -> None:
        if self.unit_minutes < 1 or self.minimum_minutes < 0 or self.late_entry_after_hours < 1:
            raise ValueError("unit, minimum and late-entry settings must be positive")


DEFAULT_RULE: Final = PayerRule(payer="default")


def billable_units(minutes: int, rule: PayerRule) -> int:
    if minutes < max(rule.minimum_minutes, 1):
        return 0
    return max(1, (2 * minutes + rule.unit_minutes) // (2 * rule.unit_minutes))


def signing_deadline(
    service_end: datetime, rule: PayerRule, *, zone: tzinfo, holidays: Collection[date] = ()
) -> datetime | None:
    candidates = []
    if rule.signing_deadline_hours is not None:
        candidates.append(service_end + timedelta(hours=rule.signing_deadline_hours))
    if rule.signing_deadline_business_days is not None:
        service_day = service_end.astimezone(zone).date()
        last_day = add_business_days(service_day, rule.signing_deadline_business_days, holidays)
        midnight_after = datetime.combine(last_day + timedelta(days=1), time(), tzinfo=zone)
        candidates.append(midnight_after - timedelta(microseconds=1))
    return min(candidates, default=None)


class DeadlineState(StrEnum):
    NO_DEADLINE = "no_deadline"
    OPEN = "open"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"


def deadline_state(
    deadline: datetime | None, now: datetime, *, due_soon: timedelta = timedelta(hours=24)
) -> DeadlineState:
    if deadline is None:
        return DeadlineState.NO_DEADLINE
    if now > deadline:
        return DeadlineState.OVERDUE
    if deadline - now <= due_soon:
        return DeadlineState.DUE_SOON
    return DeadlineState.OPEN


def is_late_entry(service_end: datetime, signed_at: datetime, rule: PayerRule) -> bool:
    return signed_at - service_end > timedelta(hours=rule.late_entry_after_hours)


_MESSAGES: Final[Mapping[str, str]] = {
    "service_start": "add the start time",
    "service_end": "add the stop time",
    "location": "add where the service took place",
    "contact_type": "choose the contact type (home, shelter, street, office, phone...)",
    "client_present": "say whether the client was present",
    "participants_text": "name who took part",
    "service_code": "choose a service code",
    "goal_ids": "link at least one care-plan goal",
    "sections": "fill in every section of the note",
    "credentials": "your credentials are missing from your profile",
}


def _present(note: Note, signer: Signer) -> dict[str, bool]:
    """Which of the known requirements this note and signer meet."""
    return {
        "service_start": note.service_start is not None,
        "service_end": note.service_end is not None,
        "location": bool(note.location.strip()),
        "contact_type": note.contact_method is not None,
        "client_present": note.client_present is not None,
        "participants_text": bool(note.participants_text.strip()),
        "service_code": bool(note.service_code.strip()),
        "goal_ids": bool(note.goal_ids),
        "sections": all(note.section_text(key).strip() for key, _ in FORMAT_SECTIONS[note.format]),
        "credentials": bool(signer.credentials.strip()),
    }


def note_problems(
    fields: Mapping[str, JsonValue], *, rule: PayerRule, signer: Signer, now: datetime
) -> tuple[Problem, ...]:
    """Everything that stops ``signer`` signing this note now, plus non-blocking warnings."""
    note = read_note(fields)
    present = _present(note, signer)
    problems = [
        Problem("missing", name, _MESSAGES.get(name, f"fill in {name.replace('_', ' ')}"))
        for name in rule.required_fields
        # a field the agency added to the rule: present means non-empty
        if not present.get(name, fields.get(name) not in (None, "", [], {}))
    ]
    return tuple(problems) + _time_problems(note, rule, now)


def _time_problems(note: Note, rule: PayerRule, now: datetime) -> tuple[Problem, ...]:
    minutes = note.duration_minutes
    if minutes is None or note.service_end is None:
        return ()
    if minutes <= 0:
        return (
            Problem("end_before_start", "service_end", "the stop time must be after the start"),
        )
    if minutes > MAX_SERVICE_HOURS * 60:
        return (
            Problem("too_long", "service_end", "a single service cannot last more than 24 hours"),
        )
    if note.service_end > now:
        return (Problem("in_future", "service_end", "a service cannot be signed before it ends"),)
    if billable_units(minutes, rule) == 0:
        return (
            Problem(
                "below_minimum",
                "service_end",
                f"{minutes} minutes is below the {rule.minimum_minutes}-minute minimum: "
                "no billable units",
                blocking=False,
            ),
        )
    return ()


def blocking(problems: tuple[Problem, ...]) -> tuple[Problem, ...]:
    return tuple(p for p in problems if p.blocking)
