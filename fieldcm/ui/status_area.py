"""The status bar: sync state, last sync, pending edits, conflicts, needs attention, "Sync now".

Offline is a normal state for field work (Open Health Stack guideline, DOMAIN.md D12), so it
is shown calmly in grey with "your work is saved"; only a failure is shown as one, with the
reason in words.
"""

from __future__ import annotations

from PySide6.QtCore import SIGNAL, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcm.sync.engine import Credentials
from fieldcm.ui.formatting import count_text, date_time
from fieldcm.ui.sync_controller import SyncState, SyncView
from fieldcm.ui.widgets import message_box, named, plain_label, set_role


class StatusArea(QWidget):
    """Permanent widget of the main window's status bar (GUI thread only)."""

    sync_requested = Signal()
    sign_in_requested = Signal(object)
    """:class:`Credentials` typed into the sign-in dialog."""
    conflicts_requested = Signal()
    """The conflicts count was clicked: show the conflicts view (``ui.conflicts_view``)."""
    attention_requested = Signal()
    """The needs-attention count was clicked: show ``ui.attention_view``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusArea")
        self._view = SyncView()
        self.state = plain_label("", name=self.tr("Sync state"))
        self.last = plain_label("", role="muted", name=self.tr("Last successful sync"))
        self.pending = plain_label("", name=self.tr("Edits waiting to sync"))
        self.conflicts = named(QPushButton(""), self.tr("Open conflicts"))
        self.conflicts.setFlat(True)
        self.conflicts.clicked.connect(lambda: self._open("conflicts_requested()"))
        self.attention = named(QPushButton(""), self.tr("Needs attention"))
        self.attention.setFlat(True)
        self.attention.clicked.connect(lambda: self._open("attention_requested()"))
        self.progress = named(QProgressBar(), self.tr("Sync progress"))
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(120)
        self.progress.setTextVisible(False)
        self.progress.setVisible(False)
        self.sign_in = named(QPushButton(self.tr("Sign in…")), self.tr("Sign in to the agency"))
        self.sign_in.clicked.connect(self._ask_sign_in)
        self.sign_in.setVisible(False)
        self.sync_button = named(QPushButton(self.tr("Sync now")), self.tr("Sync now"))
        self.sync_button.setToolTip(self.tr("Sync with the agency server (F5)"))
        self.sync_button.clicked.connect(self.sync_requested)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.setSpacing(14)
        for widget in (self.state, self.progress, self.last, self.pending, self.conflicts,
                       self.attention):  # fmt: skip
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.sign_in)
        layout.addWidget(self.sync_button)
        self.show_view(self._view)

    @property
    def view(self) -> SyncView:
        return self._view

    def show_view(self, view: SyncView) -> None:
        self._view = view
        text, role = self._state_text(view)
        self.state.setText(text)
        set_role(self.state, role)
        if view.last_success is not None:
            when = date_time(view.last_success)
            self.last.setText(self.tr("Last sync {when}").format(when=when))
        else:
            self.last.setText(self.tr("Never synced"))
        self.last.setVisible(view.state is not SyncState.LOCAL_ONLY)
        self.pending.setText(
            count_text(view.pending, self.tr("1 edit waiting"), self.tr("{n} edits waiting"))
            if view.pending
            else self.tr("No edits waiting")
        )
        set_role(self.pending, "muted" if view.pending == 0 else "normal")
        self.conflicts.setText(
            count_text(view.conflicts, self.tr("1 conflict"), self.tr("{n} conflicts"))
        )
        self.conflicts.setVisible(view.conflicts > 0)
        set_role(self.conflicts, "status-warning")
        self.attention.setText(
            count_text(view.attention, self.tr("1 needs attention"), self.tr("{n} need attention"))
        )
        self.attention.setVisible(view.attention > 0)
        set_role(self.attention, "status-danger")
        syncing = view.state is SyncState.SYNCING
        self.progress.setVisible(syncing)
        self.sync_button.setEnabled(not syncing and view.state is not SyncState.LOCAL_ONLY)
        self.sign_in.setVisible(view.state is SyncState.SIGN_IN)
        if view.offline_warning:
            self.state.setText(f"{text}  ·  {view.offline_warning}")

    def _state_text(self, view: SyncView) -> tuple[str, str]:
        state = view.state
        if state is SyncState.SYNCING:
            progress = view.progress
            if progress is not None and progress.records:
                text = self.tr("Syncing… {n} changes received").format(n=progress.records)
                return text, "sync-busy"
            return self.tr("Syncing…"), "sync-busy"
        if state is SyncState.FAILED:
            why = view.message or self.tr("Sync did not work.")
            return self.tr("● Sync failed: {why}").format(why=why), "sync-failed"
        if state is SyncState.UP_TO_DATE and view.pending:
            return self.tr("● Synced; new edits wait for the next sync"), "sync-ok"
        return {
            SyncState.UP_TO_DATE: (self.tr("● Up to date"), "sync-ok"),
            SyncState.OFFLINE: (
                self.tr("● Offline: your work is saved on this laptop"),
                "sync-offline",
            ),
            SyncState.SIGN_IN: (self.tr("● Sign in needed before the next sync"), "sync-failed"),
            SyncState.LOCAL_ONLY: (self.tr("● Not connected to an agency server"), "sync-offline"),
            SyncState.NEVER: (self.tr("● Not synced yet"), "sync-offline"),
        }[state]

    def _open(self, signal: str) -> None:
        """Ask for the view if the window offers one; otherwise list the details here."""
        if self.receivers(SIGNAL(signal)) == 0:
            self.show_details()
        elif signal == "conflicts_requested()":
            self.conflicts_requested.emit()
        else:
            self.attention_requested.emit()

    def show_details(self) -> None:
        details = self._view.details
        if details is None:
            return
        lines: list[str] = []
        if details.open_conflicts:
            lines.append(self.tr("Conflicts (both versions are kept until someone decides):"))
            lines += [
                "  • " + self.tr("{kind}: field “{field}”").format(kind=c.kind, field=c.field)
                for c in details.open_conflicts
            ]
        if details.needs_attention:
            lines.append(self.tr("Refused by the server (kept on this laptop):"))
            lines += [
                f"  • {item.kind}: {item.reason or item.reason_code or ''}"
                for item in details.needs_attention
            ]
        message_box(
            self, self.tr("Sync details"), "\n".join(lines) or self.tr("Nothing to decide.")
        ).exec()

    def _ask_sign_in(self) -> None:
        dialog = SignInDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.sign_in_requested.emit(dialog.credentials())


class SignInDialog(QDialog):
    """Online sign-in after a long time offline (SECURITY.md D3)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign in to the agency server"))
        named(self, self.tr("Sign in to the agency server"))
        self.username = named(QLineEdit(), self.tr("Username"))
        self.password = named(QLineEdit(), self.tr("Password"))
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        for text, widget in (
            (self.tr("&Username"), self.username),
            (self.tr("&Password"), self.password),
        ):
            label = plain_label(text.replace("&", ""))
            label.setBuddy(widget)
            form.addRow(label, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        for button in buttons.buttons():
            named(button, button.text().replace("&", ""))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                self.tr("This laptop has been offline for a long time. Sign in to sync again."),
                wrap=True,
            )
        )
        layout.addLayout(form)
        layout.addWidget(buttons)

    def credentials(self) -> Credentials:
        return Credentials(self.username.text(), self.password.text())
