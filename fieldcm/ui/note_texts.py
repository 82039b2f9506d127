"""What the note editor says about a note, in the UI's language: checks, signatures, addenda.

The rules are the domain's (:func:`~fieldcm.domain.billing.note_problems`, late entry,
signatures); this module only words their findings. A finding it does not know keeps the
domain's own sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from fieldcm.domain import codec
from fieldcm.domain.addenda import read_addendum
from fieldcm.domain.billing import PayerRule, is_late_entry, note_problems
from fieldcm.domain.errors import DomainError, Problem
from fieldcm.domain.notes import Signer, read_note
from fieldcm.domain.records import Record
from fieldcm.ui.formatting import date_time


def tr(text: str) -> str:
    return QCoreApplication.translate("NoteTexts", text)


@dataclass(frozen=True)
class Checklist:
    text: str
    blocked: bool


def problem_text(problem: Problem | DomainError) -> str:
    if isinstance(problem, DomainError):
        return str(problem)
    missing = {
        "service_start": tr("add the start time"),
        "service_end": tr("add the stop time"),
        "location": tr("add where the service took place"),
        "contact_type": tr("choose the contact type (home, shelter, street, phone…)"),
        "client_present": tr("say whether the client was present"),
        "participants_text": tr("name who took part"),
        "service_code": tr("choose a service code"),
        "goal_ids": tr("link at least one care-plan goal"),
        "sections": tr("fill in every section of the note"),
        "credentials": tr("your credentials are missing from your profile"),
    }
    timing = {
        "end_before_start": tr("the stop time must be after the start"),
        "too_long": tr("a single service cannot last more than 24 hours"),
        "in_future": tr("a service cannot be signed before it ends"),
    }
    if problem.code == "missing" and problem.field in missing:
        return missing[problem.field]
    return timing.get(problem.code, problem.message)


def problems(
    fields: Mapping[str, Any], rule: PayerRule, signer: Signer, now: datetime
) -> tuple[Problem | DomainError, ...]:
    try:
        return note_problems(fields, rule=rule, signer=signer, now=now)
    except DomainError as error:  # a value the domain cannot read: say so, block signing
        return (error,)


def late_entry_warning(service_end: Any, now: datetime, rule: PayerRule) -> str:
    """A warning before signing when signing now makes the note a late entry (D7)."""
    if not isinstance(service_end, str) or not service_end:
        return ""
    try:
        ended = codec.parse_datetime(service_end, "service_end")
    except ValueError:
        return ""
    if not is_late_entry(ended, now, rule):
        return ""
    return tr("Signing now labels this note a late entry (the service ended {when}).").format(
        when=date_time(ended)
    )


def checklist(
    fields: Mapping[str, Any], rule: PayerRule, signer: Signer, now: datetime
) -> Checklist:
    found = problems(fields, rule, signer, now)
    stopping = [p for p in found if getattr(p, "blocking", True)]
    warnings = [p for p in found if not getattr(p, "blocking", True)]
    payer = tr("Default") if rule.payer == "default" else rule.payer
    if stopping:
        lines = [tr("Before you can sign ({payer}):").format(payer=payer)]
        lines += [f"•  {problem_text(p)}" for p in stopping]
    else:
        lines = [tr("Ready to sign ({payer}).").format(payer=payer)]
    lines += [f"•  {problem_text(p)}" for p in warnings]
    late = late_entry_warning(fields.get("service_end"), now, rule)
    if late:
        lines.append(late)
    return Checklist("\n".join(lines), blocked=bool(stopping))


def status_label(status: str) -> str:
    labels = {"draft": tr("Draft"), "signed": tr("Signed"), "cosigned": tr("Co-signed")}
    return labels.get(status, status)


def signature_text(fields: Mapping[str, Any]) -> str:
    """Who signed (and co-signed), with credentials and time; the late-entry label."""
    note = read_note(fields)
    lines = []
    for label, signature in (
        (tr("Signed by {name}, {credentials} on {when}"), note.signature),
        (tr("Co-signed by {name}, {credentials} on {when}"), note.cosignature),
    ):
        if signature is not None:
            when = date_time(signature.signed_at)
            lines.append(
                label.format(name=signature.name, credentials=signature.credentials, when=when)
            )
    if note.late_entry and note.service_end is not None:
        lines.append(
            tr("Late entry: service on {when}, documented later.").format(
                when=date_time(note.service_end)
            )
        )
    return "\n".join(lines)


def draft_text() -> str:
    return tr("Draft: saved on this laptop as you type. Signing makes it final.")


def addenda_text(addenda: Iterable[Record]) -> str:
    """Each addendum under its permanent header (type, author, credentials, time)."""
    zone = datetime.now().astimezone().tzinfo
    blocks = []
    for record in addenda:
        try:
            addendum = read_addendum(record.fields)
        except DomainError:
            blocks.append(tr("An addendum on this laptop could not be read."))
            continue
        header = addendum.header(zone) if zone is not None else ""
        reason = tr("Reason: {reason}").format(reason=addendum.reason)
        blocks.append(f"{header}\n{reason}\n{addendum.text}")
    return "\n\n".join(blocks)
