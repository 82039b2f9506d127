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
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from fieldcm.store.repositories import AttachmentEntry
from fieldcm.ui.formatting import short_date, tr
from fieldcm.ui.row_model import RowsModel

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


class AttachmentsModel(RowsModel[AttachmentEntry]):
    """Rows of :class:`AttachmentEntry`, newest first (GUI thread only)."""

    def headers(self) -> list[str]:
        return [_headers()[column] for column in AttachmentColumn]

    def ordered(self, rows: Sequence[AttachmentEntry]) -> list[AttachmentEntry]:
        return sorted(rows, key=lambda e: (e.created_at, e.file_id), reverse=True)

    def entry(self, row: int) -> AttachmentEntry:
        return self._rows[row]

    def cell(self, row: AttachmentEntry, column: int, role: int) -> Any:
        which = AttachmentColumn(column)
        if role == ATTACHMENT_ROLE:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, which)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{_headers()[which]}: {_display(row, which)}"
        return None


def _display(entry: AttachmentEntry, column: AttachmentColumn) -> str:
    if column is AttachmentColumn.NAME:
        return entry.name or tr("(no name)")
    if column is AttachmentColumn.TYPE:
        return type_text(entry.mime)
    if column is AttachmentColumn.SIZE:
        return size_text(entry.size)
    return short_date(entry.created_at)
