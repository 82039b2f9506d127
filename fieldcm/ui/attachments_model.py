"""A client's attachments (scanned IDs, signed releases, photos) as a table model.

The rows are the store's :class:`AttachmentEntry` index entries, read on the database lane
with the rest of the client record; the files themselves stay encrypted until one is opened
in :mod:`fieldcm.ui.attachment_viewer`.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum, StrEnum
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from fieldcm.store.repositories import AttachmentEntry
from fieldcm.ui.formatting import assert_gui_thread, short_date, tr

ATTACHMENT_ROLE: Final = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class Preview(StrEnum):
    """How the app can show a file: only formats it renders itself, from memory."""

    IMAGE = "image"
    TEXT = "text"
    NONE = "none"


IMAGE_TYPES: Final = frozenset({"image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp"})


def preview_of(mime: str) -> Preview:
    kind = mime.split(";", 1)[0].strip().lower()
    if kind in IMAGE_TYPES:
        return Preview.IMAGE
    if kind == "text/plain":
        return Preview.TEXT
    return Preview.NONE


def type_text(mime: str) -> str:
    kind = mime.split(";", 1)[0].strip().lower()
    if kind == "application/pdf":
        return tr("PDF document")
    return {
        Preview.IMAGE: tr("Image"),
        Preview.TEXT: tr("Text"),
        Preview.NONE: tr("Other file"),
    }[preview_of(mime)]


def size_text(size: int) -> str:
    return QLocale().formattedDataSize(size, 0 if size < 1 << 20 else 1)


class AttachmentColumn(IntEnum):
    NAME = 0
    TYPE = 1
    SIZE = 2
    ADDED = 3


def _headers() -> dict[AttachmentColumn, str]:
    return {
        AttachmentColumn.NAME: tr("File"),
        AttachmentColumn.TYPE: tr("Type"),
        AttachmentColumn.SIZE: tr("Size"),
        AttachmentColumn.ADDED: tr("Added"),
    }


class AttachmentsModel(QAbstractTableModel):
    """Rows of :class:`AttachmentEntry`, newest first (GUI thread only)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AttachmentEntry] = []

    def set_rows(self, rows: Sequence[AttachmentEntry]) -> None:
        assert_gui_thread()
        self.beginResetModel()
        self._rows = sorted(rows, key=lambda e: (e.created_at, e.file_id), reverse=True)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def entry(self, row: int) -> AttachmentEntry:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(AttachmentColumn)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _headers()[AttachmentColumn(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        column = AttachmentColumn(index.column())
        if role == ATTACHMENT_ROLE:
            return entry
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(entry, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{_headers()[column]}: {_display(entry, column)}"
        return None


def _display(entry: AttachmentEntry, column: AttachmentColumn) -> str:
    if column is AttachmentColumn.NAME:
        return entry.name or tr("(no name)")
    if column is AttachmentColumn.TYPE:
        return type_text(entry.mime)
    if column is AttachmentColumn.SIZE:
        return size_text(entry.size)
    return short_date(entry.created_at)
