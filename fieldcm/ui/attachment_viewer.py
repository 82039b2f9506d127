"""Opening an attachment inside fieldcm, from memory only (SECURITY.md S5, pitfall 4).

The file is decrypted on the database lane into bytes (:meth:`AttachmentStore.open`
authenticates every chunk first) and handed to this dialog, which renders images with
``QImage.fromData`` and plain text as plain text. Nothing is written anywhere: no temp file,
no cache, no "open with" handing the document to another program that would. Formats the
app cannot render itself are not opened at all; the person is told so.

The window title never names the file (SECURITY.md S7: titles reach task bars and screen
recorders); the name is shown inside, as plain text. Locking closes every viewer and drops
what it showed (:meth:`AttachmentViewer.forget`).
"""

from __future__ import annotations

import uuid
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldcm.store.attachments import AttachmentStore
from fieldcm.store.errors import AttachmentNotFound
from fieldcm.store.repositories import AttachmentEntry
from fieldcm.store.uow import UnitOfWork
from fieldcm.ui.attachments_model import Preview, preview_of, size_text, type_text
from fieldcm.ui.clipboard_guard import ClipboardGuard, protect_text
from fieldcm.ui.messages import explain
from fieldcm.ui.session import Session
from fieldcm.ui.widgets import named, plain_label

MAX_PREVIEW_BYTES: Final = 64 << 20
"""Larger files are not decrypted into memory for a preview."""


class TooLargeToPreview(Exception):
    """The file is bigger than :data:`MAX_PREVIEW_BYTES`."""


def read_attachment(
    uow: UnitOfWork, files: AttachmentStore, client_id: str, file_id: str
) -> tuple[AttachmentEntry, bytes]:
    """The index entry and the decrypted content, in memory (database lane).

    Raises:
        AttachmentNotFound: no such file for this client.
        AttachmentCorrupt: the file does not authenticate.
        TooLargeToPreview: too big to hold in memory for a preview.
    """
    entry = uow.attachments.get(file_id)
    if entry is None or entry.client_id != client_id:
        raise AttachmentNotFound("This attachment is no longer on this laptop.")
    if preview_of(entry.mime) is Preview.NONE:
        return entry, b""  # never decrypted: nothing here can show it
    if entry.size > MAX_PREVIEW_BYTES:
        raise TooLargeToPreview()
    return entry, files.open(uuid.UUID(file_id), client_id=client_id)


def show_attachment(
    session: Session,
    client_id: str,
    file_id: str,
    parent: QWidget,
    *,
    clipboard: ClipboardGuard | None = None,
) -> AttachmentViewer:
    """Open a viewer at once and fill it when the lane has decrypted the file (GUI thread).

    ``parent``: the client view, so that locking (which empties it) closes the viewer too.
    ``clipboard``: the client view's guard, so text copied from the file is cleared again.
    """
    viewer = AttachmentViewer(parent, clipboard=clipboard)
    files = session.store.attachments
    session.read(lambda uow: read_attachment(uow, files, client_id, file_id)).on_success(
        lambda found: viewer.show_content(*found)
    ).on_failure(viewer.show_problem)
    viewer.open()
    return viewer


class AttachmentViewer(QDialog):
    """Shows one decrypted attachment (GUI thread only)."""

    def __init__(
        self, parent: QWidget | None = None, *, clipboard: ClipboardGuard | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentViewer")
        self.setWindowTitle(self.tr("Attachment"))  # never the file's name (S7)
        named(self, self.tr("Attachment viewer"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(900, 620)
        self._image: QImage | None = None
        self._shown: Preview | None = None
        self.name = plain_label("", role="section", wrap=True, name=self.tr("File name"))
        self.facts = plain_label(self.tr("Decrypting…"), role="muted", name=self.tr("File details"))
        self.message = plain_label("", wrap=True, name=self.tr("Preview message"))
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture = named(QLabel(), self.tr("Image"))
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image_area = QScrollArea()
        self.image_area.setWidget(self.picture)
        self.image_area.setWidgetResizable(True)
        self.text = named(QPlainTextEdit(), self.tr("Text of the file"))
        self.text.setReadOnly(True)
        protect_text(self.text, clipboard or ClipboardGuard(self))
        self.pages = QStackedWidget()
        for page in (self.message, self.image_area, self.text):
            self.pages.addWidget(page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        named(close, self.tr("Close the attachment"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.name)
        layout.addWidget(self.facts)
        layout.addWidget(self.pages, 1)
        layout.addWidget(buttons)
        self.finished.connect(lambda _code: self.forget())

    @property
    def showing(self) -> Preview | None:
        """What is on screen: an image, text, or ``NONE`` (a message); None before loading."""
        return self._shown

    def show_content(self, entry: AttachmentEntry, content: bytes) -> None:
        self.name.setText(entry.name or self.tr("(no name)"))
        self.facts.setText(f"{type_text(entry.mime)} · {size_text(entry.size)}")
        kind = preview_of(entry.mime)
        if kind is Preview.IMAGE:
            image = QImage.fromData(content)
            if not image.isNull():
                self._image = image
                self._shown = Preview.IMAGE
                self.pages.setCurrentWidget(self.image_area)
                self._fit()
                return
            self._say(self.tr("This image is damaged or in a format fieldcm cannot show."))
        elif kind is Preview.TEXT:
            self.text.setPlainText(content.decode("utf-8", errors="replace"))
            self._shown = Preview.TEXT
            self.pages.setCurrentWidget(self.text)
        else:
            self._say(
                self.tr(
                    "This file can't be previewed on this laptop. fieldcm only opens images "
                    "and plain text, and never hands a client's documents to other programs. "
                    "View it on an agency computer."
                )
            )

    def show_problem(self, error: BaseException) -> None:
        self.facts.clear()
        if isinstance(error, TooLargeToPreview):
            self._say(self.tr("This file is too large to preview on this laptop."))
        else:
            self._say(explain(error).text)

    def forget(self) -> None:
        """Drop what is shown (closing and locking): no decrypted content stays referenced."""
        self._image = None
        self.picture.clear()
        self.text.clear()
        self.text.document().clearUndoRedoStacks()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self._shown = Preview.NONE
        self.pages.setCurrentWidget(self.message)

    def _fit(self) -> None:
        if self._image is None:
            return
        room = self.image_area.viewport().size()
        pixmap = QPixmap.fromImage(self._image)
        if pixmap.width() > room.width() or pixmap.height() > room.height():
            pixmap = pixmap.scaled(
                room,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        self.picture.setPixmap(pixmap)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit()
