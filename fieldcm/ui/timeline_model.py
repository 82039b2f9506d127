"""The notes timeline of one client: notes and addenda, newest first, as a table model."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from fieldcm.ui.client_data import TimelineEntry
from fieldcm.ui.formatting import assert_gui_thread, date_time, tr

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


class TimelineModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[TimelineEntry] = []

    def set_entries(self, entries: tuple[TimelineEntry, ...] | list[TimelineEntry]) -> None:
        assert_gui_thread()
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def clear(self) -> None:
        self.set_entries([])

    def entry(self, row: int) -> TimelineEntry:
        return self._entries[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(TimelineColumn)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {
            TimelineColumn.WHEN: tr("When"),
            TimelineColumn.TYPE: tr("Type"),
            TimelineColumn.STATUS: tr("Status"),
            TimelineColumn.SUMMARY: tr("Summary"),
        }[TimelineColumn(section)]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        column = TimelineColumn(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _display(entry, column)
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.ForegroundRole and column is TimelineColumn.STATUS:
            if entry.status == "draft":
                return QBrush(QColor("#b54708"))
            if entry.late_entry:
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
