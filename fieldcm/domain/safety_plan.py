"""The Stanley-Brown safety plan: six ordered sections of items, reasons for living, review.

Each section is a list of items ``{"id", "text", "phone"?}`` so two devices editing different
items merge without conflict (``item_lists`` in ``records.KINDS``). Edits are pure functions
that return a new plan. A plan is *current* when it is complete and was reviewed after the
last change in risk and within the agency's review interval (DOMAIN.md D4, DESIGN.md rules).
Phone numbers are stored as dialable data so the printed and on-screen plan can be tapped.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Final

from fieldcm.domain import codec
from fieldcm.domain.errors import InvalidFieldError
from fieldcm.domain.records import Fields, JsonValue, new_id


class Section(StrEnum):
    """The plan's sections in the order the client uses them; values are record fields."""

    WARNING_SIGNS = "warning_signs"
    COPING_STRATEGIES = "coping_strategies"
    SOCIAL_DISTRACTIONS = "social_distractions"
    HELP_CONTACTS = "help_contacts"
    PROFESSIONAL_CONTACTS = "professional_contacts"
    ENVIRONMENT_SAFETY = "environment_safety"
    REASONS_FOR_LIVING = "reasons_for_living"


STEPS: Final = tuple(Section)[:6]
"""The six Stanley-Brown steps; reasons for living closes the plan but is not a step."""

SECTION_TITLES: Final[Mapping[Section, str]] = {
    Section.WARNING_SIGNS: "Step 1: Warning signs",
    Section.COPING_STRATEGIES: "Step 2: Things I can do on my own to take my mind off problems",
    Section.SOCIAL_DISTRACTIONS: "Step 3: People and places that help me feel better",
    Section.HELP_CONTACTS: "Step 4: People I can ask for help",
    Section.PROFESSIONAL_CONTACTS: "Step 5: Professionals and agencies I can contact in a crisis",
    Section.ENVIRONMENT_SAFETY: "Step 6: Making my surroundings safer",
    Section.REASONS_FOR_LIVING: "One thing that is most important to me and worth living for",
}

SECTION_PROMPTS: Final[Mapping[Section, str]] = {
    Section.WARNING_SIGNS: "How will you know when the safety plan should be used?",
    Section.COPING_STRATEGIES: "What can you do on your own, without contacting anyone?",
    Section.SOCIAL_DISTRACTIONS: "Who or where helps take your mind off things?",
    Section.HELP_CONTACTS: "Whom can you ask for help?",
    Section.PROFESSIONAL_CONTACTS: (
        "Clinician and after-hours numbers, crisis line (988), local emergency department address"
    ),
    Section.ENVIRONMENT_SAFETY: "How can you make your surroundings safer?",
    Section.REASONS_FOR_LIVING: "What is one reason worth living for?",
}

_SECTIONS_WITH_PHONES: Final = frozenset(
    {Section.SOCIAL_DISTRACTIONS, Section.HELP_CONTACTS, Section.PROFESSIONAL_CONTACTS}
)
_PHONE_CHARS: Final = re.compile(r"^\+?[0-9 ().\-]+$")


def dialable(phone: str) -> str:
    """The digits (and a leading ``+``) of a phone number, for a ``tel:`` link.

    Raises:
        InvalidFieldError: the text is not a phone number (3 to 15 digits, as in E.164).
    """
    stripped = phone.strip()
    digits = re.sub(r"\D", "", stripped)
    if not _PHONE_CHARS.match(stripped) or not 3 <= len(digits) <= 15:
        raise InvalidFieldError("phone", f"{phone!r} is not a phone number")
    return ("+" if stripped.startswith("+") else "") + digits


def tel_uri(phone: str) -> str:
    return "tel:" + dialable(phone)


@dataclass(frozen=True)
class Item:
    """One entry in a section, in the client's own words. ``extra`` keeps unknown keys."""

    id: str
    text: str
    phone: str | None = None
    extra: Mapping[str, JsonValue] = field(default_factory=dict)

    def to_json(self) -> dict[str, JsonValue]:
        data: dict[str, JsonValue] = {**self.extra, "id": self.id, "text": self.text}
        if self.phone is not None:
            data["phone"] = self.phone
        return data


@dataclass(frozen=True)
class SafetyPlan:
    sections: Mapping[Section, tuple[Item, ...]]
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None
    kept_where: str | None = None
    """Where the client agreed to keep the plan (D4 "after completion")."""

    def items(self, section: Section) -> tuple[Item, ...]:
        return self.sections.get(section, ())


PLAN_ID_NAMESPACE: Final = uuid.UUID("5a4e7f52-2f0b-4d43-9a43-6e1b8f3c2a10")


def plan_id_for(client_id: str) -> str:
    """The record id of ``client_id``'s safety plan: one plan per client, on every laptop.

    Derived, not random, so plans two laptops start offline are one record whose items the
    server merges, rather than two plans a worker must reconcile by hand.
    """
    return str(uuid.uuid5(PLAN_ID_NAMESPACE, client_id))


def empty_plan() -> SafetyPlan:
    return SafetyPlan(sections={section: () for section in Section})


def read_plan(fields: Mapping[str, JsonValue]) -> SafetyPlan:
    sections = {section: _read_items(fields.get(section.value), section) for section in Section}
    return SafetyPlan(
        sections=sections,
        reviewed_at=codec.optional_datetime(fields, "reviewed_at"),
        reviewed_by=codec.optional_text(fields, "reviewed_by"),
        kept_where=codec.optional_text(fields, "kept_where"),
    )


def plan_fields(plan: SafetyPlan) -> Fields:
    fields: Fields = {
        section.value: [item.to_json() for item in plan.items(section)] for section in Section
    }
    fields["reviewed_at"] = (
        None if plan.reviewed_at is None else codec.format_datetime(plan.reviewed_at)
    )
    fields["reviewed_by"] = plan.reviewed_by
    fields["kept_where"] = plan.kept_where
    return fields


def _read_items(raw: JsonValue, section: Section) -> tuple[Item, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise InvalidFieldError(section.value, "expected a list of items")
    items = tuple(_read_item(entry, section) for entry in raw)
    if len({item.id for item in items}) != len(items):
        raise InvalidFieldError(section.value, "two items share an id")
    return items


def _read_item(entry: Any, section: Section) -> Item:
    if not isinstance(entry, dict):
        raise InvalidFieldError(section.value, "an item must be an object with an id and text")
    item_id, text, phone = entry.get("id"), entry.get("text"), entry.get("phone")
    if not isinstance(item_id, str) or not item_id or not isinstance(text, str):
        raise InvalidFieldError(section.value, "an item needs an id and text")
    if phone is not None and not isinstance(phone, str):
        raise InvalidFieldError(section.value, "a phone number must be text")
    extra = {k: v for k, v in entry.items() if k not in {"id", "text", "phone"}}
    return Item(id=item_id, text=text, phone=phone, extra=extra)


def _checked_item(section: Section, text: str, phone: str | None, item_id: str) -> Item:
    if not text.strip():
        raise InvalidFieldError(section.value, "an item needs some words")
    if phone is not None:
        if section not in _SECTIONS_WITH_PHONES:
            raise InvalidFieldError(section.value, "this section does not hold phone numbers")
        dialable(phone)
    return Item(id=item_id, text=text.strip(), phone=phone)


def _with_items(plan: SafetyPlan, section: Section, items: tuple[Item, ...]) -> SafetyPlan:
    return replace(plan, sections={**plan.sections, section: items})


def _index_of(plan: SafetyPlan, section: Section, item_id: str) -> int:
    for index, item in enumerate(plan.items(section)):
        if item.id == item_id:
            return index
    raise InvalidFieldError(section.value, f"no item {item_id!r} in this section")


def add_item(
    plan: SafetyPlan,
    section: Section,
    text: str,
    *,
    phone: str | None = None,
    item_id: str | None = None,
) -> SafetyPlan:
    """Append an item to ``section``; a fresh id is made unless one is given."""
    item = _checked_item(section, text, phone, item_id or new_id())
    if any(existing.id == item.id for existing in plan.items(section)):
        raise InvalidFieldError(section.value, f"an item with id {item.id!r} already exists")
    return _with_items(plan, section, (*plan.items(section), item))


def update_item(
    plan: SafetyPlan, section: Section, item_id: str, text: str, *, phone: str | None = None
) -> SafetyPlan:
    index = _index_of(plan, section, item_id)
    old = plan.items(section)[index]
    new = replace(_checked_item(section, text, phone, item_id), extra=old.extra)
    items = list(plan.items(section))
    items[index] = new
    return _with_items(plan, section, tuple(items))


def remove_item(plan: SafetyPlan, section: Section, item_id: str) -> SafetyPlan:
    index = _index_of(plan, section, item_id)
    items = plan.items(section)
    return _with_items(plan, section, items[:index] + items[index + 1 :])


def move_item(plan: SafetyPlan, section: Section, item_id: str, to_index: int) -> SafetyPlan:
    """Move an item within its section; the plan is a prioritized list, so order matters."""
    index = _index_of(plan, section, item_id)
    items = list(plan.items(section))
    if not 0 <= to_index < len(items):
        raise InvalidFieldError(section.value, f"position {to_index} is outside the section")
    items.insert(to_index, items.pop(index))
    return _with_items(plan, section, tuple(items))


def mark_reviewed(plan: SafetyPlan, *, at: datetime, by: str) -> SafetyPlan:
    return replace(plan, reviewed_at=codec.require_aware(at, "reviewed_at"), reviewed_by=by)


def missing_steps(plan: SafetyPlan) -> tuple[Section, ...]:
    """The six steps with no item yet, in order (reasons for living is encouraged, optional)."""
    return tuple(step for step in STEPS if not plan.items(step))


def review_due_at(plan: SafetyPlan, review_days: int) -> datetime | None:
    if plan.reviewed_at is None:
        return None
    return plan.reviewed_at + timedelta(days=review_days)


def is_current(
    plan: SafetyPlan,
    *,
    now: datetime,
    review_days: int,
    risk_changed_at: datetime | None = None,
) -> bool:
    """Complete, reviewed since the last change in risk, and not past its review interval."""
    if missing_steps(plan) or plan.reviewed_at is None:
        return False
    if risk_changed_at is not None and plan.reviewed_at < risk_changed_at:
        return False
    due = review_due_at(plan, review_days)
    return due is not None and now <= due


@dataclass(frozen=True)
class PrintedSection:
    title: str
    lines: tuple[str, ...]
    phones: tuple[str | None, ...]


def printable(
    plan: SafetyPlan, *, crisis_line: str, crisis_phone: str | None = "988"
) -> tuple[PrintedSection, ...]:
    """The plan in reading order for the one-page client copy.

    The crisis line always appears in step 5 even if nobody typed it, so the printed copy
    never lacks the number to call.
    """
    printed = []
    for section in Section:
        items = plan.items(section)
        lines = [item.text for item in items]
        phones: list[str | None] = [item.phone for item in items]
        if section is Section.PROFESSIONAL_CONTACTS and crisis_line not in lines:
            lines.append(crisis_line)
            phones.append(crisis_phone)
        printed.append(PrintedSection(SECTION_TITLES[section], tuple(lines), tuple(phones)))
    return tuple(printed)


class ChangeKind(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"
    REORDERED = "reordered"
    REVIEWED = "reviewed"
    KEPT_WHERE = "kept_where"


@dataclass(frozen=True)
class PlanChange:
    """One thing that differs between two versions of a plan, for its history.

    ``before``/``after`` are the item (``CHANGED`` shows both words and phone), the section's
    item texts in order (``REORDERED``), or ``None`` where a side has nothing.
    """

    kind: ChangeKind
    section: Section | None = None
    before: Item | None = None
    after: Item | None = None
    order_before: tuple[str, ...] = ()
    order_after: tuple[str, ...] = ()
    reviewed_at: datetime | None = None
    reviewed_by: str | None = None
    kept_where: str | None = None


def plan_changes(before: SafetyPlan | None, after: SafetyPlan) -> tuple[PlanChange, ...]:
    """What changed from ``before`` (``None``: the plan was started) to ``after``.

    Per section, in the plan's order: items removed, added, changed (words or phone), and
    a reordering of the items both versions hold. Then a new review and a new place the
    client keeps the plan. Items are matched by id, as the merge matches them.
    """
    before = before or empty_plan()
    changes: list[PlanChange] = []
    for section in Section:
        changes.extend(_section_changes(section, before.items(section), after.items(section)))
    if after.reviewed_at is not None and after.reviewed_at != before.reviewed_at:
        changes.append(
            PlanChange(
                ChangeKind.REVIEWED, reviewed_at=after.reviewed_at, reviewed_by=after.reviewed_by
            )
        )
    if (after.kept_where or None) != (before.kept_where or None):
        changes.append(PlanChange(ChangeKind.KEPT_WHERE, kept_where=after.kept_where))
    return tuple(changes)


def _section_changes(
    section: Section, old: tuple[Item, ...], new: tuple[Item, ...]
) -> list[PlanChange]:
    old_by_id = {item.id: item for item in old}
    new_by_id = {item.id: item for item in new}
    changes = [
        PlanChange(ChangeKind.REMOVED, section, before=item)
        for item in old
        if item.id not in new_by_id
    ]
    for item in new:
        earlier = old_by_id.get(item.id)
        if earlier is None:
            changes.append(PlanChange(ChangeKind.ADDED, section, after=item))
        elif (earlier.text, earlier.phone) != (item.text, item.phone):
            changes.append(PlanChange(ChangeKind.CHANGED, section, before=earlier, after=item))
    kept_old = [item for item in old if item.id in new_by_id]
    kept_new = [item for item in new if item.id in old_by_id]
    if [item.id for item in kept_old] != [item.id for item in kept_new]:
        changes.append(
            PlanChange(
                ChangeKind.REORDERED,
                section,
                order_before=tuple(item.text for item in kept_old),
                order_after=tuple(item.text for item in kept_new),
            )
        )
    return changes
