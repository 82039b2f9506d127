"""Signing a note and adding an addendum: both re-ask the passphrase (an electronic signature).

Each dialog runs the whole action itself through a ``confirm`` callback that returns the
background :class:`~fieldcm.ui.tasks.Op`, so a wrong passphrase is answered inside the
dialog (it stays open, with the throttle's wait counted down) and the dialog closes only
once the signature is saved.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from fieldcm.domain.addenda import AddendumType
from fieldcm.store.errors import UnlockThrottled, WrongPassphrase
from fieldcm.ui.messages import explain
from fieldcm.ui.tasks import Op
from fieldcm.ui.widgets import named, plain_label, set_role

Confirm = Callable[[str], Op[Any]]
WAIT_MARGIN_MS = 100


class _PassphraseDialog(QDialog):
    ready = Signal()
    """The wait after a wrong passphrase is over."""
    refused = Signal(str)
    """The action failed (wrong passphrase, incomplete note...); the message shown."""

    def __init__(self, title: str, confirm: Confirm, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        named(self, title)
        self.setModal(True)
        self.setMinimumWidth(480)
        self._confirm = confirm
        self.passphrase = named(QLineEdit(), self.tr("Passphrase"))
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.textChanged.connect(self._update)
        self.message = plain_label("", wrap=True, role="danger", name=self.tr("Signing message"))
        self.message.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        named(self.ok_button, self.tr("Sign"))
        self.ok_button.setText(self.tr("&Sign"))
        named(cancel, self.tr("Cancel"))
        cancel.setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        self._busy = False
        self._waiting = False
        self._wait_timer = QTimer(self)
        self._wait_timer.setSingleShot(True)
        self._wait_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._wait_timer.timeout.connect(self._wait_over)

    def _ready(self) -> bool:
        return bool(self.passphrase.text())

    def _update(self) -> None:
        self.ok_button.setEnabled(not self._busy and not self._waiting and self._ready())

    def _submit(self) -> None:
        if self._busy or self._waiting or not self._ready():
            return
        text = self.passphrase.text()
        self.passphrase.clear()
        self._busy = True
        self.message.setVisible(False)
        self._update()
        self._confirm(text).on_success(self._done).on_failure(self._failed)

    def _done(self, _result: object) -> None:
        self._busy = False
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.message.setText(explain(error).text)
        set_role(self.message, "danger")
        self.message.setVisible(True)
        wait = error.retry_after if isinstance(error, WrongPassphrase | UnlockThrottled) else 0.0
        if wait > 0:
            self._waiting = True
            # Precise and a little late: a coarse timer may fire early, and the store
            # would then refuse the next try as still too soon.
            self._wait_timer.start(math.ceil(wait * 1000) + WAIT_MARGIN_MS)
        self._update()
        self.passphrase.setFocus()
        self.refused.emit(self.message.text())

    def _wait_over(self) -> None:
        self._waiting = False
        self._update()
        self.ready.emit()


class SignDialog(_PassphraseDialog):
    """ "I sign this note": who, with which credentials, and what signing means."""

    def __init__(
        self,
        *,
        signer: str,
        credentials: str,
        warnings: list[str],
        confirm: Confirm,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(self.tr("Sign note"), confirm, parent)
        statement = plain_label(
            self.tr(
                "Signing as {name}, {credentials}. A signed note cannot be changed; "
                "corrections and additions become addenda."
            ).format(name=signer or self.tr("(no name)"), credentials=credentials or "—"),
            wrap=True,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(statement)
        for warning in warnings:
            layout.addWidget(plain_label(warning, wrap=True, role="warning"))
        layout.addWidget(plain_label(self.tr("Enter your passphrase to sign"), role="field"))
        layout.addWidget(self.passphrase)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._update()


class AddendumDialog(_PassphraseDialog):
    """A signed addendum or correction: type, reason, text, passphrase."""

    def __init__(self, *, confirm: Callable[[str, AddendumType, str, str], Op[Any]],
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(self.tr("Add addendum"), self._send, parent)
        self._send_addendum = confirm
        self.kind = named(QComboBox(), self.tr("Addendum type"))
        self.kind.addItem(self.tr("Addendum: new information"), AddendumType.ADDENDUM)
        self.kind.addItem(self.tr("Correction of an error"), AddendumType.CORRECTION)
        self.reason = named(QLineEdit(), self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("Why this is added now"))
        self.text = named(QPlainTextEdit(), self.tr("Addendum text"))
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(120)
        self.reason.textChanged.connect(self._update)
        self.text.textChanged.connect(self._update)
        intro = plain_label(
            self.tr(
                "The signed note stays exactly as it is. The addendum is signed and dated "
                "now, and shown with the note."
            ),
            wrap=True,
            role="muted",
        )
        form = QFormLayout()
        for text, field in (
            (self.tr("Type"), self.kind),
            (self.tr("Reason"), self.reason),
            (self.tr("Text"), self.text),
            (self.tr("Passphrase"), self.passphrase),
        ):
            label = plain_label(text)
            label.setBuddy(field)
            form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.ok_button.setText(self.tr("&Sign addendum"))
        self._update()

    def _ready(self) -> bool:
        return bool(
            self.passphrase.text()
            and self.reason.text().strip()
            and self.text.toPlainText().strip()
        )

    def _send(self, passphrase: str) -> Op[Any]:
        return self._send_addendum(
            passphrase,
            AddendumType(self.kind.currentData()),
            self.reason.text(),
            self.text.toPlainText(),
        )
