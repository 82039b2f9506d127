"""A client's contacts and whether information may be shared with each (DOMAIN.md D9).

A contact (kind ``contact``: a sister, a landlord, a probation officer) may be shared with
only under a valid release of information. Which release? The one the contact names
(``consent_id`` or ``consent_ids``), else any release whose recipient is the contact's name
or organisation, compared as :func:`fieldcm.domain.consent.disclosure_decision` compares
recipients. Validity is the domain's :func:`consent_status` on the day shown; when several
releases match, a valid one wins, then one not yet in force, then a revocation (the client's
explicit "no" matters more than an old expiry), then an expired one, then an incomplete one.

Rows are read on the database lane (:func:`contact_rows`) and shown by
:class:`ContactsModel` on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum
from typing import Any, Final

from PySide6.QtCore import (
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from fieldcm.domain import codec
from fieldcm.domain.consent import Consent, ConsentStatus, Sensitivity, consent_status, read_consent
from fieldcm.domain.errors import DomainError
from fieldcm.domain.records import Record
from fieldcm.ui.formatting import tr
from fieldcm.ui.row_model import RowsModel

CONTACT_ROLE: Final = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class Sharing(StrEnum):
    """What a worker needs to know before telling a contact anything."""

    VALID = "valid"
    NOT_YET = "not_yet"
    REVOKED = "revoked"
    EXPIRED = "expired"
    INCOMPLETE = "incomplete"
    NONE = "none"

    @property
    def allowed(self) -> bool:
        return self is Sharing.VALID


_FROM_STATUS: Final = {
    ConsentStatus.VALID: Sharing.VALID,
    ConsentStatus.NOT_YET_VALID: Sharing.NOT_YET,
    ConsentStatus.REVOKED: Sharing.REVOKED,
    ConsentStatus.EXPIRED: Sharing.EXPIRED,
    ConsentStatus.INCOMPLETE: Sharing.INCOMPLETE,
}
_PRIORITY: Final = (
    Sharing.VALID,
    Sharing.NOT_YET,
    Sharing.REVOKED,
    Sharing.EXPIRED,
    Sharing.INCOMPLETE,
)


@dataclass(frozen=True)
class Release:
    """The release that decides sharing with one contact, as the table shows it."""

    sharing: Sharing
    when: date | None = None
    """Valid until / starts / expired / revoked on."""
    until_event: str = ""
    """A valid release that ends with an event rather than a date ("end of treatment")."""
    covers_part2: bool = False
    """It covers substance-use (42 CFR Part 2) records too."""


NO_RELEASE: Final = Release(Sharing.NONE)


@dataclass(frozen=True)
class ContactRow:
    contact_id: str
    name: str
    relationship: str
    organization: str
    phone: str
    release: Release


def _release(consent: Consent, on: date) -> Release:
    sharing = _FROM_STATUS[consent_status(consent, on)]
    when = {
        Sharing.VALID: consent.expires_on,
        Sharing.NOT_YET: consent.signed_on,
        Sharing.REVOKED: consent.revoked_on,
        Sharing.EXPIRED: consent.expires_on,
    }.get(sharing)
    return Release(
        sharing,
        when,
        until_event=(consent.expiration_event or "") if sharing is Sharing.VALID else "",
        covers_part2=Sensitivity.PART2_SUD in consent.sensitivities,
    )


def _linked_ids(contact: Record) -> set[str]:
    linked = set()
    single = contact.fields.get("consent_id")
    if isinstance(single, str):
        linked.add(single)
    many = contact.fields.get("consent_ids")
    if isinstance(many, list):
        linked.update(item for item in many if isinstance(item, str))
    return linked


def _same_party(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def release_for(contact: Record, consents: Sequence[Consent], on: date) -> Release:
    """The release deciding whether ``contact`` may be told anything on ``on``."""
    linked = _linked_ids(contact)
    name = codec.text(contact.fields, "name")
    organization = codec.text(contact.fields, "organization")
    matching = [
        c
        for c in consents
        if c.id in linked
        or _same_party(c.recipient, name)
        or _same_party(c.recipient, organization)
    ]
    if not matching:
        return NO_RELEASE
    releases = [_release(c, on) for c in matching]
    return min(releases, key=lambda r: _PRIORITY.index(r.sharing))


def _consents(records: Iterable[Record]) -> tuple[list[Consent], int]:
    found, bad = [], 0
    for record in records:
        try:
            found.append(read_consent(record.id, record.fields))
        except DomainError:
            bad += 1  # an unreadable release allows nothing, so it is simply not counted
    return found, bad


def contact_rows(
    contacts: Iterable[Record], consent_records: Iterable[Record], on: date
) -> tuple[ContactRow, ...]:
    """Every contact with the release that applies to it, by name (database lane)."""
    consents, _bad = _consents(consent_records)
    rows = [
        ContactRow(
            contact_id=record.id,
            name=codec.text(record.fields, "name"),
            relationship=codec.text(record.fields, "relationship"),
            organization=codec.text(record.fields, "organization"),
            phone=codec.text(record.fields, "phone"),
            release=release_for(record, consents, on),
        )
        for record in contacts
    ]
    return tuple(sorted(rows, key=lambda row: (row.name.casefold(), row.contact_id)))


# ---- the table --------------------------------------------------------------------------


class ContactColumn(IntEnum):
    NAME = 0
    RELATIONSHIP = 1
    PHONE = 2
    SHARING = 3


def _date_text(value: date | None) -> str:
    if value is None:
        return "—"
    return QLocale().toString(QDate(value.year, value.month, value.day), "d MMM yyyy")


def sharing_text(release: Release) -> str:
    """The answer to "may I tell them anything?" in plain words."""
    sharing = release.sharing
    if sharing is Sharing.VALID:
        if release.when is not None:
            text = tr("Yes, until {date}").format(date=_date_text(release.when))
        elif release.until_event:
            text = tr("Yes, until {event}").format(event=release.until_event)
        else:
            text = tr("Yes")
        if not release.covers_part2:
            text += " " + tr("(not substance use)")
        return text
    return {
        Sharing.NOT_YET: tr("Not yet: release starts {date}"),
        Sharing.REVOKED: tr("No: release revoked {date}"),
        Sharing.EXPIRED: tr("No: release expired {date}"),
        Sharing.INCOMPLETE: tr("No: release incomplete"),
        Sharing.NONE: tr("No: no release on file"),
    }[sharing].format(date=_date_text(release.when))


def _headers() -> dict[ContactColumn, str]:
    return {
        ContactColumn.NAME: tr("Contact"),
        ContactColumn.RELATIONSHIP: tr("Relationship"),
        ContactColumn.PHONE: tr("Phone"),
        ContactColumn.SHARING: tr("May we share information? (release)"),
    }


class ContactsModel(RowsModel[ContactRow]):
    """Rows of :class:`ContactRow`; replaced whole for each client (GUI thread only)."""

    def headers(self) -> list[str]:
        return [_headers()[column] for column in ContactColumn]

    def row(self, index: int) -> ContactRow:
        return self._rows[index]

    def cell(self, row: ContactRow, column: int, role: int) -> Any:
        which = ContactColumn(column)
        if role == CONTACT_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, which)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{_headers()[which]}: {self._display(row, which)}"
        if role == Qt.ItemDataRole.ForegroundRole and which is ContactColumn.SHARING:
            return QBrush(QColor("#067647" if row.release.sharing.allowed else "#b42318"))
        return None

    def _display(self, row: ContactRow, column: ContactColumn) -> str:
        if column is ContactColumn.NAME:
            if row.organization and row.organization != row.name:
                return f"{row.name} ({row.organization})" if row.name else row.organization
            return row.name or tr("(no name)")
        if column is ContactColumn.RELATIONSHIP:
            return row.relationship
        if column is ContactColumn.PHONE:
            return row.phone or "—"
        return sharing_text(row.release)
