"""What the safety plan editor shows and edits: the plan, its history, its review reminder.

Reading and saving run on the database lane (``fieldcm.services.safety_plans``); the Qt
models hold the plan being edited on the GUI thread. Every edit goes through the domain's
pure functions (``fieldcm.domain.safety_plan``), so an item without words or a phone number
that is not one never reaches the store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from fieldcm.domain.errors import DomainError, InvalidFieldError
from fieldcm.domain.records import Fields
from fieldcm.domain.safety_plan import (
    STEPS,
    ChangeKind,
    Item,
    PlanChange,
    SafetyPlan,
    Section,
    add_item,
    dialable,
    empty_plan,
    missing_steps,
    move_item,
    plan_changes,
    plan_fields,
    read_plan,
    remove_item,
    review_due_at,
    update_item,
)
from fieldcm.services.safety_plans import LoadedPlan
from fieldcm.store.history import Version
from fieldcm.store.repositories import StoredConflict
from fieldcm.ui.formatting import date_time, short_date

AnyIndex = QModelIndex | QPersistentModelIndex

PHONE_SECTIONS: Final = frozenset(
    {Section.SOCIAL_DISTRACTIONS, Section.HELP_CONTACTS, Section.PROFESSIONAL_CONTACTS}
)
"""Sections whose items may carry a phone number (the domain refuses one elsewhere)."""


def tr(text: str) -> str:
    return QCoreApplication.translate("SafetyPlan", text)


def section_name(section: Section) -> str:
    """The section's heading as the worker reads it on screen (in the UI's language)."""
    names = {
        Section.WARNING_SIGNS: tr("Step 1: Warning signs"),
        Section.COPING_STRATEGIES: tr("Step 2: Things I can do on my own"),
        Section.SOCIAL_DISTRACTIONS: tr("Step 3: People and places that help me feel better"),
        Section.HELP_CONTACTS: tr("Step 4: People I can ask for help"),
        Section.PROFESSIONAL_CONTACTS: tr("Step 5: Professionals and agencies to call in a crisis"),
        Section.ENVIRONMENT_SAFETY: tr("Step 6: Making my surroundings safer"),
        Section.REASONS_FOR_LIVING: tr("My reasons for living"),
    }
    return names[section]


def section_prompt(section: Section) -> str:
    prompts = {
        Section.WARNING_SIGNS: tr("How will you know when the safety plan should be used?"),
        Section.COPING_STRATEGIES: tr("What can you do on your own, without contacting anyone?"),
        Section.SOCIAL_DISTRACTIONS: tr("Who or where helps take your mind off things?"),
        Section.HELP_CONTACTS: tr("Whom can you ask for help? Add their phone numbers."),
        Section.PROFESSIONAL_CONTACTS: tr("Clinician and after-hours numbers, crisis centres."),
        Section.ENVIRONMENT_SAFETY: tr("How can you make your surroundings safer?"),
        Section.REASONS_FOR_LIVING: tr("What is one thing worth living for?"),
    }
    return prompts[section]


# ---- the plan being edited (GUI thread) ---------------------------------------------------


class PlanDraft(QObject):
    """The plan on screen. Every change goes through the domain and announces its section."""

    changed = Signal(object)
    """The section that changed (``None``: the whole plan was replaced)."""
    problem = Signal(object, str)
    """A section and why an edit was refused, for the worker."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan = empty_plan()

    def replace_plan(self, plan: SafetyPlan) -> None:
        self.plan = plan
        self.changed.emit(None)

    def fields(self) -> Fields:
        return plan_fields(self.plan)

    def apply(self, section: Section, edit: Callable[[SafetyPlan], SafetyPlan]) -> bool:
        """Apply a domain edit; a refused one leaves the plan as it was and says why."""
        try:
            self.plan = edit(self.plan)
        except InvalidFieldError as error:
            self.problem.emit(section, _refusal(error))
            return False
        self.changed.emit(section)
        return True

    def add(self, section: Section, text: str, phone: str | None) -> bool:
        return self.apply(section, lambda plan: add_item(plan, section, text, phone=phone))

    def update(self, section: Section, item_id: str, text: str, phone: str | None) -> bool:
        return self.apply(
            section, lambda plan: update_item(plan, section, item_id, text, phone=phone)
        )

    def remove(self, section: Section, item_id: str) -> bool:
        return self.apply(section, lambda plan: remove_item(plan, section, item_id))

    def move(self, section: Section, item_id: str, to_index: int) -> bool:
        return self.apply(section, lambda plan: move_item(plan, section, item_id, to_index))


def _refusal(error: InvalidFieldError) -> str:
    text = str(error)
    if "phone number" in text and "not a phone number" in text:
        return tr("That is not a phone number: use digits, spaces, dashes or brackets.")
    if "needs some words" in text or "needs an id and text" in text:
        return tr("An item needs some words. To take it out, use Remove.")
    return text


def clean_phone(text: str) -> str | None:
    """The phone box's text as the domain stores it: ``None`` when left empty."""
    stripped = text.strip()
    return stripped or None


def phone_ok(text: str) -> bool:
    phone = clean_phone(text)
    if phone is None:
        return True
    try:
        dialable(phone)
    except InvalidFieldError:
        return False
    return True


class ItemColumn(StrEnum):
    TEXT = "text"
    PHONE = "phone"


class PlanItemsModel(QAbstractTableModel):
    """One section's items: the client's words and, where the section has them, a phone."""

    def __init__(self, draft: PlanDraft, section: Section, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._draft = draft
        self.section = section
        self.columns: tuple[ItemColumn, ...] = (
            (ItemColumn.TEXT, ItemColumn.PHONE) if section in PHONE_SECTIONS else (ItemColumn.TEXT,)
        )
        self._items = draft.plan.items(section)
        draft.changed.connect(self._draft_changed)

    def _draft_changed(self, section: Section | None) -> None:
        if section is None or section is self.section:
            self.beginResetModel()
            self._items = self._draft.plan.items(self.section)
            self.endResetModel()

    def items(self) -> tuple[Item, ...]:
        return self._items

    def item_at(self, row: int) -> Item | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        column = self.columns[section]
        return tr("In the client's words") if column is ItemColumn.TEXT else tr("Phone")

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None:
            return None
        column = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return item.text if column is ItemColumn.TEXT else (item.phone or "")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            number = index.row() + 1
            if column is ItemColumn.PHONE:
                return tr("Item {number} phone: {phone}").format(
                    number=number, phone=item.phone or tr("none")
                )
            return tr("Item {number}: {text}").format(number=number, text=item.text)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def setData(  # noqa: N802
        self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        item = self.item_at(index.row()) if index.isValid() else None
        if item is None or role != Qt.ItemDataRole.EditRole:
            return False
        text, phone = item.text, item.phone
        if self.columns[index.column()] is ItemColumn.TEXT:
            text = str(value)
        else:
            phone = clean_phone(str(value))
        if (text.strip(), phone) == (item.text, item.phone):
            return False
        return self._draft.update(self.section, item.id, text, phone)


# ---- history ------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    """One row of the history panel: when, who, and what changed, as plain text lines."""

    when: datetime | None
    who: str
    lines: tuple[str, ...]
    conflict: bool = False

    def text(self) -> str:
        heading = "  ·  ".join(part for part in (date_time(self.when), self.who) if part)
        return "\n".join((heading, *self.lines))


def _who(actor: Mapping[str, Any] | None, me: tuple[str, str]) -> str:
    my_id, my_name = me
    if not actor:
        return tr("Someone (not named by the server)")
    user_id, name = actor.get("user_id"), actor.get("user_name")
    if user_id is not None and user_id == my_id:
        return tr("You ({name})").format(name=my_name) if my_name else tr("You")
    if isinstance(name, str) and name:
        return name
    if user_id is None:
        return tr("You, on this laptop")
    return tr("Another worker")


def _item_text(item: Item | Mapping[str, Any] | None) -> str:
    if item is None:
        return tr("(nothing)")
    if isinstance(item, Item):
        text, phone = item.text, item.phone
    else:
        raw_text, raw_phone = item.get("text"), item.get("phone")
        text = raw_text if isinstance(raw_text, str) else ""
        phone = raw_phone if isinstance(raw_phone, str) else None
    quoted = "\u201c" + text + "\u201d"
    return f"{quoted} ({phone})" if phone else quoted


def change_line(change: PlanChange) -> str:
    """One change as a sentence for the history panel."""
    where = section_name(change.section) if change.section is not None else ""
    if change.kind is ChangeKind.ADDED:
        return tr("Added to {section}: {item}").format(section=where, item=_item_text(change.after))
    if change.kind is ChangeKind.REMOVED:
        return tr("Removed from {section}: {item}").format(
            section=where, item=_item_text(change.before)
        )
    if change.kind is ChangeKind.CHANGED:
        return tr("Changed in {section}: {before} → {after}").format(
            section=where, before=_item_text(change.before), after=_item_text(change.after)
        )
    if change.kind is ChangeKind.REORDERED:
        return tr("New order in {section}: {order}").format(
            section=where, order="; ".join(change.order_after)
        )
    if change.kind is ChangeKind.REVIEWED:
        return tr("Reviewed with the client on {date}").format(date=short_date(change.reviewed_at))
    return tr("Kept: {where}").format(where=change.kept_where or tr("(not said)"))


def _version_entries(versions: tuple[Version, ...], me: tuple[str, str]) -> list[HistoryEntry]:
    entries: list[HistoryEntry] = []
    previous: SafetyPlan | None = None
    for version in versions:
        who = _who(version.actor, me)
        if version.deleted:
            entries.append(HistoryEntry(version.made_at, who, (tr("Plan deleted"),)))
            continue
        try:
            plan = read_plan(version.fields)
        except DomainError:
            entries.append(
                HistoryEntry(version.made_at, who, (tr("A version this app cannot read"),))
            )
            continue
        lines = [change_line(change) for change in plan_changes(previous, plan)]
        if previous is None:
            lines.insert(0, tr("Plan started"))
        if lines:
            entries.append(HistoryEntry(version.made_at, who, tuple(lines)))
        previous = plan
    return entries


def _actor_time(actor: Mapping[str, Any] | None) -> datetime | None:
    said = (actor or {}).get("at")
    if not isinstance(said, str):
        return None
    try:
        parsed = datetime.fromisoformat(said)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _conflict_value(field_name: str, value: Any) -> str:
    if isinstance(value, dict):
        return _item_text(value)
    if value is None:
        return tr("(removed)")
    if isinstance(value, list):
        return "; ".join(_item_text(v) if isinstance(v, dict) else str(v) for v in value)
    return "\u201c" + str(value) + "\u201d"


def _conflict_entry(conflict: StoredConflict, me: tuple[str, str]) -> HistoryEntry:
    try:
        where = section_name(Section(conflict.field))
    except ValueError:
        where = conflict.field
    decided_by = _who(conflict.resolved_by, me) if conflict.resolved_by else tr("someone")
    lines = (
        tr("Two versions of an item in {section} were resolved by {person}.").format(
            section=where, person=decided_by
        ),
        tr("One version, by {person}: {value}").format(
            person=_who(conflict.mine_by, me), value=_conflict_value(conflict.field, conflict.mine)
        ),
        tr("Other version, by {person}: {value}").format(
            person=_who(conflict.theirs_by, me),
            value=_conflict_value(conflict.field, conflict.theirs),
        ),
        tr("Kept: {value}").format(value=_conflict_value(conflict.field, conflict.resolution)),
    )
    when = _actor_time(conflict.resolved_by) or _actor_time(conflict.theirs_by)
    return HistoryEntry(when, tr("Disagreement resolved"), lines, conflict=True)


def history_entries(loaded: LoadedPlan, me: tuple[str, str]) -> list[HistoryEntry]:
    """The history panel, newest first: each version's changes and each resolved conflict.

    ``me`` is the worker's ``(user_id, name)``: their own edits say "You".
    """
    entries = _version_entries(loaded.versions, me)
    entries += [_conflict_entry(c, me) for c in loaded.resolved_conflicts]
    entries.sort(key=lambda e: e.when.timestamp() if e.when else float("-inf"), reverse=True)
    return entries


class HistoryModel(QAbstractListModel):
    """The history entries for a list view (plain text, several lines per entry)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[HistoryEntry] = []

    def set_entries(self, entries: list[HistoryEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[HistoryEntry]:
        return list(self._entries)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return entry.text()
        return None


# ---- review reminder ----------------------------------------------------------------------


class ReminderLevel(StrEnum):
    OK = "ok"
    DUE = "due"
    MISSING = "missing"


@dataclass(frozen=True)
class Reminder:
    level: ReminderLevel
    lines: tuple[str, ...] = field(default_factory=tuple)


def reminder(
    plan: SafetyPlan,
    *,
    exists: bool,
    now: datetime,
    review_days: int,
    risk_changed_at: datetime | None,
) -> Reminder:
    """What the banner over the plan says: missing steps first, then whether review is due.

    Mirrors the domain's ``is_current`` (complete, reviewed after the last change in risk,
    within the agency's interval) but says *which* condition fails.
    """
    lines: list[str] = []
    level = ReminderLevel.OK
    missing = missing_steps(plan)
    if not exists:
        lines.append(tr("No safety plan yet. Write it with the client, in their own words."))
        level = ReminderLevel.MISSING
    if missing:
        steps = ", ".join(str(STEPS.index(step) + 1) for step in missing)
        lines.append(tr("Missing steps: {steps}.").format(steps=steps))
        level = ReminderLevel.MISSING
    due = review_due_at(plan, review_days)
    if plan.reviewed_at is None:
        if exists:
            lines.append(tr("Not yet reviewed with the client."))
            level = max(level, ReminderLevel.DUE, key=_severity)
    elif risk_changed_at is not None and plan.reviewed_at < risk_changed_at:
        lines.append(
            tr("Risk changed on {changed}, after the last review ({reviewed}): review now.").format(
                changed=short_date(risk_changed_at), reviewed=short_date(plan.reviewed_at)
            )
        )
        level = max(level, ReminderLevel.DUE, key=_severity)
    elif due is not None and now > due:
        lines.append(
            tr(
                "Review was due on {due} (every {days} days). Last reviewed {reviewed} by {person}."
            ).format(
                due=short_date(due),
                days=review_days,
                reviewed=short_date(plan.reviewed_at),
                person=plan.reviewed_by or tr("unknown"),
            )
        )
        level = max(level, ReminderLevel.DUE, key=_severity)
    else:
        lines.append(
            tr("Reviewed {reviewed} by {person}. Next review by {due}.").format(
                reviewed=short_date(plan.reviewed_at),
                person=plan.reviewed_by or tr("unknown"),
                due=short_date(due),
            )
        )
    return Reminder(level, tuple(lines))


def _severity(level: ReminderLevel) -> int:
    return {ReminderLevel.OK: 0, ReminderLevel.DUE: 1, ReminderLevel.MISSING: 2}[level]
