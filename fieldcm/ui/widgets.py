"""Small widget helpers every screen uses: plain-text labels and accessible names.

Text that came from a person or a server is never interpreted as markup (SECURITY.md M2,
Electrum #4968): every label fieldcm makes is plain text, message boxes too, and untrusted
text never goes into a tooltip (Qt guesses rich text there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, description: str = "") -> W:
    """Give ``widget`` the name (and description) a screen reader announces."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def plain_label(
    text: str = "",
    *,
    name: str | None = None,
    wrap: bool = False,
    selectable: bool = False,
    role: str | None = None,
    parent: QWidget | None = None,
) -> QLabel:
    """A label that shows ``text`` literally, whatever it contains.

    ``role`` becomes the ``role`` property the style sheet styles (``title``, ``muted``,
    ``warning``, ``danger``, ``badge``...).
    """
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    label.setOpenExternalLinks(False)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if role:
        label.setProperty("role", role)
    if name is not None:
        label.setAccessibleName(name)
    return label


def set_role(widget: QWidget, role: str) -> None:
    """Change the style-sheet role of a widget and make the style notice."""
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def bold(label: QLabel) -> QLabel:
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


def separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setProperty("role", "separator")
    return line


def message_box(
    parent: QWidget | None,
    title: str,
    text: str,
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Warning,
    detail: str = "",
) -> QMessageBox:
    """A message box that shows ``text`` and ``detail`` as plain text."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if detail:
        box.setInformativeText(detail)
        for label in box.findChildren(QLabel):
            label.setTextFormat(Qt.TextFormat.PlainText)
    named(box, title)
    return box


def record_table(name: str) -> QTableView:
    """A read-only table of records: whole rows selected, one at a time, Tab leaves it."""
    table = named(QTableView(), name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    return table


def back_button(page: QWidget, go_back: Callable[[], object]) -> QPushButton:
    """The "Back (Esc)" button of a workspace page, with Esc bound to the same action."""
    text = QCoreApplication.translate("Formatting", "Back (Esc)")
    button = named(QPushButton(text), QCoreApplication.translate("Formatting", "Back"))
    button.clicked.connect(go_back)
    QShortcut(QKeySequence(Qt.Key.Key_Escape), page, go_back)
    return button
