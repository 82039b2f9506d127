"""Copying from sensitive fields, and taking it back (SECURITY.md M3, the KeePassXC habit).

A phone number or a name copied from a client's record stays on the system clipboard, where
every other program (and the next person at the laptop) can read it. So what fieldcm copies
is cleared after at most :data:`MAX_CLEAR_SECONDS` seconds, and when the app locks, but only
if the clipboard still holds what fieldcm put there: anything the person copied since, from
any program, is theirs and is left alone.

The copy carries the hints clipboard managers honour for passwords (KDE's
``x-kde-passwordManagerHint`` and Windows' "exclude from history"), so a clipboard history
does not keep it either.

Time is measured with an injectable monotonic ``clock`` and checked by a short ``QTimer``
tick, so tests drive the expiry without sleeping; a laptop that slept past the deadline
clears at the first tick after it wakes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QMimeData,
    QObject,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QClipboard, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QPlainTextEdit, QWidget

MAX_CLEAR_SECONDS: Final = 10.0
TICK_MS: Final = 250
SECRET_HINTS: Final = {
    "x-kde-passwordManagerHint": b"secret",
    "ExcludeClipboardContentFromMonitorProcessing": b"\x01\x00\x00\x00",
    "CanIncludeInClipboardHistory": b"\x00\x00\x00\x00",
}


class ClipboardGuard(QObject):
    """Copies sensitive text and clears it again (GUI thread only)."""

    copied = Signal()
    cleared = Signal()
    """The clipboard still held our text and was emptied (timeout or lock)."""

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        clear_after: float = MAX_CLEAR_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        clipboard: QClipboard | None = None,
    ) -> None:
        super().__init__(parent)
        if not 0 < clear_after <= MAX_CLEAR_SECONDS:
            raise ValueError(f"sensitive text is cleared within {MAX_CLEAR_SECONDS:g} seconds")
        self._clear_after = clear_after
        self._clock = clock
        self._clipboard = clipboard or QGuiApplication.clipboard()
        self._ours: str | None = None
        self._deadline = 0.0
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.check)

    @property
    def holding(self) -> bool:
        """Whether text we copied may still be on the clipboard."""
        return self._ours is not None

    def copy(self, text: str) -> None:
        """Put ``text`` on the clipboard, marked secret, and start the countdown."""
        if not text:
            return
        data = QMimeData()
        data.setText(text)
        for mime, value in SECRET_HINTS.items():
            data.setData(mime, QByteArray(value))
        self._clipboard.setMimeData(data)
        self._ours = text
        self._deadline = self._clock() + self._clear_after
        self._tick.start()
        self.copied.emit()

    def check(self) -> None:
        """Clear once the deadline has passed (the timer calls this; so may tests)."""
        if self._ours is not None and self._clock() >= self._deadline:
            self.clear_if_ours()

    def clear_if_ours(self) -> None:
        """Empty the clipboard if it still holds our text (lock, timeout, quit)."""
        ours, self._ours = self._ours, None
        self._tick.stop()
        if ours is None:
            return
        if self._clipboard.text() == ours:
            self._clipboard.clear()
            self.cleared.emit()


class _GuardedCopy(QObject):
    """Routes a widget's copy (Ctrl+C, the context menu) through the guard."""

    def __init__(self, widget: QWidget, guard: ClipboardGuard, selected: Callable[[], str]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._guard = guard
        self._selected = selected
        widget.installEventFilter(self)
        widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        widget.customContextMenuRequested.connect(self._menu)

    def _menu(self, at: QPoint) -> None:
        menu = QMenu(self._widget)
        menu.addAction(
            QCoreApplication.translate("ClipboardGuard", "Copy (cleared after 10 seconds)"),
            lambda: self._guard.copy(self._selected()),
        )
        menu.exec(self._widget.mapToGlobal(at))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (
            watched is self._widget
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.matches(QKeySequence.StandardKey.Copy)
        ):
            self._guard.copy(self._selected())
            return True
        return super().eventFilter(watched, event)


def protect_label(label: QLabel, guard: ClipboardGuard) -> QLabel:
    """Make every copy from the selectable ``label`` a guarded one."""
    _GuardedCopy(label, guard, lambda: label.selectedText() or label.text())
    return label


def protect_text(edit: QPlainTextEdit, guard: ClipboardGuard) -> QPlainTextEdit:
    """Make every copy from the read-only ``edit`` a guarded one (its selection only)."""
    _GuardedCopy(edit, guard, lambda: edit.textCursor().selection().toPlainText())
    return edit
