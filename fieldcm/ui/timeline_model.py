"""The notes timeline of one client: notes and addenda, newest first, as a table model."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, Final

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from fieldcm.ui.client_data import TimelineEntry
from fieldcm.ui.formatting import date_time, tr
from fieldcm.ui.row_model import RowsModel

ENTRY_ROLE: Final = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class TimelineColumn(IntEnum):
    WHEN = 0
    TYPE = 1
    STATUS = 2
    SUMMARY = 3


def status_label(entry: TimelineEntry) -> str:
    labels = {"draft": tr("Draft"), "signed": tr("Signed"), "cosigned": tr("Co-signed")}
    text = labels.get(entry.status, entry.status)
    if entry.late_entry:
        text += " · " + tr("Late entry")
    return text


def type_label(entry: TimelineEntry) -> str:
    if entry.kind == "addendum":
        return tr("Addendum") if entry.title == "Addendum" else tr("Correction")
    if entry.title == "Brief contact":
        return tr("Brief contact")
    return tr("{format} note").format(format=entry.title)


class TimelineModel(RowsModel[TimelineEntry]):
    def headers(self) -> list[str]:
        return [tr("When"), tr("Type"), tr("Status"), tr("Summary")]  # TimelineColumn order

    def entry(self, row: int) -> TimelineEntry:
        return self._rows[row]

    def cell(self, row: TimelineEntry, column: int, role: int) -> Any:
        which = TimelineColumn(column)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _display(row, which)
        if role == ENTRY_ROLE:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and which is TimelineColumn.STATUS:
            if row.status == "draft":
                return QBrush(QColor("#b54708"))
            if row.late_entry:
                return QBrush(QColor("#6941c6"))
        return None


def _display(entry: TimelineEntry, column: TimelineColumn) -> str:
    if column is TimelineColumn.WHEN:
        return date_time(entry.when) if entry.when else tr("no time yet")
    if column is TimelineColumn.TYPE:
        return ("↳ " if entry.kind == "addendum" else "") + type_label(entry)
    if column is TimelineColumn.STATUS:
        return status_label(entry)
    return entry.summary or (tr("(nothing written yet)") if entry.status == "draft" else "")
