"""The keyboard shortcuts, listed from the menus themselves (F1), so the list is never stale."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QMenuBar, QVBoxLayout, QWidget

from fieldcm.ui.widgets import named, plain_label


class ShortcutsDialog(QDialog):
    def __init__(self, menus: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        named(self, self.tr("Keyboard shortcuts"))
        lines = []
        for menu_action in menus.actions():
            menu = menu_action.menu()
            if not isinstance(menu, QMenu):
                continue
            for action in menu.actions():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                if keys:
                    lines.append(f"{keys:<16}{action.text().replace('&', '')}")
        extra = (
            ("Ctrl+Enter", self.tr("Sign the open note")),
            ("Ctrl+S", self.tr("Save the open note now")),
            ("Esc", self.tr("Close the note / clear the search")),
            ("Down", self.tr("From the search box to the results")),
            ("Enter", self.tr("Open the selected client, note or result")),
            ("Alt+S", self.tr("Show or hide the passphrase")),
        )
        lines += [f"{keys:<16}{text}" for keys, text in extra]
        text = plain_label("\n".join(lines), name=self.tr("Shortcut list"), selectable=True)
        text.setProperty("role", "mono")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        for button in buttons.buttons():
            named(button, self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
