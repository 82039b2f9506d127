"""A client's safety plan as the editor reads and saves it (DOMAIN.md D4).

Saving writes ordinary record edits, only the sections that changed, so two devices editing
different items merge item by item (DESIGN.md property 3). Sync may bring a colleague's
change while the editor is open: the save merges the worker's edits onto the record as it
is *now* (three ways, from the version the editor loaded), so a pulled item is never
overwritten by a stale screen; where both changed the same item, the colleague's version is
kept and the worker is told (property 1: nothing lost silently).

A client has one plan: its record id comes from the client's id (``plan_id_for``), so two
laptops that each start a plan offline write the same record, and the server merges their
items instead of keeping two plans.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fieldcm.domain import codec
from fieldcm.domain.alerts import AlertType
from fieldcm.domain.errors import DomainError
from fieldcm.domain.records import KINDS, Fields, Record
from fieldcm.domain.safety_plan import SafetyPlan, empty_plan, plan_id_for, read_plan
from fieldcm.store.history import Version
from fieldcm.store.repositories import StoredConflict
from fieldcm.store.uow import UnitOfWork
from fieldcm.sync.merge import three_way_merge


@dataclass(frozen=True)
class LoadedPlan:
    """A client's plan as stored, with everything the editor shows next to it."""

    client_id: str
    client_name: str
    client_language: str
    record: Record | None
    plan: SafetyPlan
    versions: tuple[Version, ...] = ()
    resolved_conflicts: tuple[StoredConflict, ...] = ()
    open_conflicts: int = 0
    risk_changed_at: datetime | None = None
    unreadable: str | None = None
    """Why the stored plan could not be read (a newer app's shape); editing is then off."""


@dataclass(frozen=True)
class SaveResult:
    record: Record
    plan: SafetyPlan
    kept_theirs: int = 0
    """Items both the worker and a colleague changed: the colleague's version was kept."""


def plan_record(uow: UnitOfWork, client_id: str) -> Record | None:
    """The client's plan. Plans started before ids came from the client (see
    :func:`plan_id_for`) may number two; then the most recently reviewed one."""
    own = uow.records.get(plan_id_for(client_id))
    if own is not None and own.kind == "safety_plan":
        return own
    plans = uow.records.for_client(client_id, kinds=("safety_plan",))
    return plans[0] if plans else None


def risk_changed_at(uow: UnitOfWork, client_id: str) -> datetime | None:
    """When risk last changed: the newest "review the safety plan" alert (domain escalation)."""
    latest: datetime | None = None
    for alert in uow.records.for_client(client_id, kinds=("alert",)):
        if alert.fields.get("type") != AlertType.SAFETY_PLAN_REVIEW.value:
            continue
        try:
            raised = codec.optional_datetime(alert.fields, "raised_at")
        except DomainError:
            continue
        if raised is not None and (latest is None or raised > latest):
            latest = raised
    return latest


def load_plan(uow: UnitOfWork, client_id: str) -> LoadedPlan | None:
    """Everything the editor shows for one client; ``None`` when the client is not here."""
    client = uow.records.get(client_id)
    if client is None or client.kind != "client":
        return None
    name = client.fields.get("preferred_name") or client.fields.get("legal_name") or ""
    language = client.fields.get("language")
    record = plan_record(uow, client_id)
    plan, unreadable = empty_plan(), None
    versions: tuple[Version, ...] = ()
    resolved: tuple[StoredConflict, ...] = ()
    open_count = 0
    if record is not None:
        try:
            plan = read_plan(record.fields)
        except DomainError as error:
            unreadable = str(error)
        versions = tuple(uow.history.versions(record.id))
        resolved = tuple(uow.conflicts.find(status="resolved", record_id=record.id))
        open_count = len(uow.conflicts.find(status="open", record_id=record.id))
    return LoadedPlan(
        client_id=client_id,
        client_name=name if isinstance(name, str) else "",
        client_language=language if isinstance(language, str) else "",
        record=record,
        plan=plan,
        versions=versions,
        resolved_conflicts=resolved,
        open_conflicts=open_count,
        risk_changed_at=risk_changed_at(uow, client_id),
        unreadable=unreadable,
    )


def save_plan(uow: UnitOfWork, client_id: str, loaded: Fields, edited: Fields) -> SaveResult:
    """Write the worker's edits (``loaded`` → ``edited``) onto the client's plan as it is now.

    Creates the plan record when the client has none yet. Only changed fields are written,
    so the outbox entry names just the sections touched.
    """
    record = plan_record(uow, client_id)
    if record is None:
        created = uow.records.create(
            "safety_plan", client_id, edited, record_id=plan_id_for(client_id)
        )
        return SaveResult(created, read_plan(created.fields))
    merged = three_way_merge(KINDS["safety_plan"], loaded, edited, record.fields)
    changes = {
        name: value
        for name, value in merged.fields.items()
        if name not in record.fields or record.fields[name] != value
    }
    saved = uow.records.update(record.id, changes) if changes else record
    return SaveResult(saved, read_plan(saved.fields), kept_theirs=len(merged.conflicts))
