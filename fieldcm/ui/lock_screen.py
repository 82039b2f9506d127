"""The lock screen: the passphrase, the wait after wrong ones, nothing of the caseload.

Unlocking derives the key (Argon2id, about half a second) on the database lane, so the
window keeps painting and the countdown keeps ticking. After a wrong passphrase the field
and the button stay disabled for the throttle's delay (SECURITY.md U1), with the seconds
counted down where the person is looking.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcm.store.errors import (
    EnvironmentProblem,
    UnlockDisabled,
    UnlockThrottled,
    WrongPassphrase,
)
from fieldcm.store.passphrase import passphrase_buffer
from fieldcm.store.vault import UnlockedStore, Vault
from fieldcm.ui.messages import explain, seconds_text
from fieldcm.ui.session import Workspace, read_workspace
from fieldcm.ui.tasks import Lane
from fieldcm.ui.widgets import named, plain_label, set_role


def unlock_profile(vault: Vault, buffer: bytearray) -> tuple[UnlockedStore, Workspace]:
    """Unlock and read who is working (database lane); the buffer is zeroed by the vault."""
    store = vault.unlock(buffer)
    try:
        return store, read_workspace(store)
    except BaseException:
        store.lock()
        raise


class LockScreen(QWidget):
    """Shown whenever fieldcm is locked. GUI thread only."""

    unlocked = Signal(object, object)
    """``(UnlockedStore, Workspace)`` after a right passphrase."""
    ready = Signal()
    """The field accepts a passphrase again (a throttle delay has passed)."""
    refused = Signal(str)
    """An attempt failed; the message shown."""

    def __init__(
        self,
        vault: Vault,
        db: Lane,
        *,
        hint: str = "",
        monotonic: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self._vault = vault
        self._db = db
        self._monotonic = monotonic
        self._deadline = 0.0
        self._busy = False
        self._disabled = False
        self._countdown = QTimer(self)
        self._countdown.setInterval(250)
        self._countdown.timeout.connect(self._tick)
        self._build(hint)

    # ---- layout ---------------------------------------------------------------------

    def _build(self, hint: str) -> None:
        card = QFrame(self)
        card.setObjectName("lockCard")
        card.setProperty("role", "card")
        card.setMaximumWidth(460)

        self.title = plain_label(self.tr("fieldcm is locked"), role="title")
        self.subtitle = plain_label(
            self.tr("Enter your passphrase to open your caseload."), role="muted", wrap=True
        )
        self.passphrase = named(
            QLineEdit(), self.tr("Passphrase"), self.tr("The passphrase of this laptop")
        )
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setPlaceholderText(self.tr("Passphrase"))
        self.passphrase.setMinimumHeight(34)
        self.passphrase.returnPressed.connect(self.attempt)
        self.passphrase.textChanged.connect(self._update_button)
        self.show_passphrase = named(
            QCheckBox(self.tr("&Show passphrase")), self.tr("Show passphrase")
        )
        self.show_passphrase.toggled.connect(self._show_passphrase)

        self.unlock_button = named(QPushButton(self.tr("&Unlock")), self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.setMinimumHeight(34)
        self.unlock_button.clicked.connect(self.attempt)

        self.message = plain_label("", wrap=True, role="danger", name=self.tr("Unlock message"))
        self.message.setVisible(False)
        self.reason = plain_label("", wrap=True, role="muted", name=self.tr("Why fieldcm locked"))
        self.reason.setVisible(False)
        self.hint = plain_label(hint, wrap=True, role="hint", selectable=True)
        self.hint.setAccessibleName(self.tr("Demo passphrase"))
        self.hint.setVisible(bool(hint))

        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)

        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 28, 28, 28)
        inner.setSpacing(12)
        inner.addWidget(self.title)
        inner.addWidget(self.subtitle)
        inner.addWidget(self.reason)
        inner.addLayout(row)
        inner.addWidget(self.show_passphrase)
        inner.addWidget(self.message)
        inner.addWidget(self.hint)

        outer = QVBoxLayout(self)
        outer.addStretch(2)
        center = QHBoxLayout()
        center.addStretch(1)
        center.addWidget(card, 3)
        center.addStretch(1)
        outer.addLayout(center)
        outer.addStretch(3)
        self._update_button()

    # ---- what the window calls ------------------------------------------------------

    def reset(self, reason: str = "") -> None:
        """Show the screen afresh (after a lock), honouring a throttle still running."""
        self.passphrase.clear()
        self.show_passphrase.setChecked(False)
        self.message.setVisible(False)
        self.reason.setText(reason)
        self.reason.setVisible(bool(reason))
        self._busy = False
        self._disabled = False
        try:
            if self._vault.unlock_disabled():
                self._show_disabled(UnlockDisabled())
                return
            wait = self._vault.unlock_retry_after()
        except EnvironmentProblem as problem:
            self._show_error(explain(problem).text)
            self._disabled = True
            self._update_button()
            return
        if wait > 0:
            self._start_countdown(wait, "")
        self._update_button()
        self.passphrase.setFocus()

    def set_hint(self, hint: str) -> None:
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    @property
    def waiting(self) -> bool:
        return self._countdown.isActive()

    def attempt(self) -> None:
        if self._busy or self._disabled or self.waiting or not self.passphrase.text():
            return
        buffer = passphrase_buffer(self.passphrase.text())
        self.passphrase.clear()
        self._busy = True
        self.message.setVisible(False)
        self.subtitle.setText(self.tr("Unlocking…"))
        self._update_button()
        vault = self._vault
        (
            self._db.run(lambda: unlock_profile(vault, buffer))
            .on_success(self._succeeded)
            .on_failure(self._failed)
        )

    # ---- outcomes -------------------------------------------------------------------

    def _succeeded(self, result: tuple[UnlockedStore, Workspace]) -> None:
        self._busy = False
        self.subtitle.setText(self.tr("Enter your passphrase to open your caseload."))
        self._update_button()
        store, workspace = result
        self.unlocked.emit(store, workspace)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.subtitle.setText(self.tr("Enter your passphrase to open your caseload."))
        if isinstance(error, UnlockDisabled):
            self._show_disabled(error)
            return
        text = explain(error).text
        wait = (
            getattr(error, "retry_after", 0.0)
            if isinstance(error, WrongPassphrase | UnlockThrottled)
            else 0.0
        )
        if wait > 0:
            self._start_countdown(wait, text if isinstance(error, WrongPassphrase) else "")
        else:
            self._show_error(text)
        self._update_button()
        self.passphrase.setFocus()
        self.refused.emit(text)

    def _show_disabled(self, error: UnlockDisabled) -> None:
        self._disabled = True
        self._show_error(explain(error).text)
        self._update_button()

    def _show_error(self, text: str) -> None:
        self.message.setText(text)
        set_role(self.message, "danger")
        self.message.setVisible(True)

    # ---- the countdown --------------------------------------------------------------

    def _start_countdown(self, seconds: float, lead: str) -> None:
        self._lead = lead
        # A little late rather than early: the store measures the same wait on its own clock.
        self._deadline = self._monotonic() + seconds + 0.1
        self._countdown.start()
        self._tick()

    def _tick(self) -> None:
        left = self._deadline - self._monotonic()
        if left <= 0:
            self._countdown.stop()
            self.message.setVisible(bool(self._lead))
            self.message.setText(self._lead)
            self._update_button()
            self.passphrase.setFocus()
            self.ready.emit()
            return
        wait = seconds_text(left)
        self.message.setText(f"{self._lead} {wait}".strip())
        set_role(self.message, "warning")
        self.message.setVisible(True)
        self._update_button()

    def _update_button(self) -> None:
        blocked = self._busy or self._disabled or self.waiting
        self.passphrase.setEnabled(not blocked)
        self.unlock_button.setEnabled(not blocked and bool(self.passphrase.text()))

    def _show_passphrase(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        self.passphrase.setEchoMode(mode)

    _lead = ""
