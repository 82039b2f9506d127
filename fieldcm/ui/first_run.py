"""First run: connect to the agency server, choose a passphrase, and the first sync.

The passphrase rules (SECURITY.md U2) are checked as the person types, with the reason in
plain words, before the one-time code is spent. The first sync shows what it has received
and how fast; the feed does not say how much is left, so the estimate is a rate, not a
countdown.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldcm.domain.passphrase import MESSAGES, Rule, strength
from fieldcm.store.vault import DEFAULT_POLICY, UnlockedStore, VaultPolicy
from fieldcm.sync.engine import SyncResult
from fieldcm.sync.progress import Phase, Progress
from fieldcm.ui.enrollment import Enrollment, enroll_and_sync
from fieldcm.ui.messages import explain
from fieldcm.ui.session import Workspace, read_workspace
from fieldcm.ui.tasks import Lane
from fieldcm.ui.widgets import named, plain_label, set_role


class _Relay(QObject):
    step = Signal(str)
    progressed = Signal(object)


class SetupProgress(QFrame):
    """Named steps with ticks, a progress bar and what the first sync has received."""

    def __init__(self, steps: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setMaximumWidth(560)
        self._labels: dict[str, tuple[str, QLabel]] = {}
        self._order = [key for key, _ in steps]
        self._started = time.monotonic()
        self.title = plain_label(self.tr("Setting up fieldcm"), role="title")
        layout = QVBoxLayout(self)
        self.box = layout
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(10)
        layout.addWidget(self.title)
        for key, text in steps:
            label = plain_label("○  " + text, name=text)
            self._labels[key] = (text, label)
            layout.addWidget(label)
        self.bar = named(QProgressBar(), self.tr("Setup progress"))
        self.bar.setRange(0, 0)
        self.bar.setTextVisible(False)
        self.detail = plain_label("", role="muted", wrap=True, name=self.tr("Setup detail"))
        self.error = plain_label("", role="danger", wrap=True, name=self.tr("Setup problem"))
        self.error.setVisible(False)
        layout.addWidget(self.bar)
        layout.addWidget(self.detail)
        layout.addWidget(self.error)
        self._current: str | None = None

    def start(self, key: str) -> None:
        if key not in self._labels:
            return
        index = self._order.index(key)
        for done in self._order[:index]:
            text, label = self._labels[done]
            label.setText("✓  " + text)
            set_role(label, "ok")
        text, label = self._labels[key]
        label.setText("…  " + text)
        set_role(label, "field")
        self._current = key
        self._started = time.monotonic()

    def finish(self) -> None:
        for key in self._order:
            text, label = self._labels[key]
            label.setText("✓  " + text)
            set_role(label, "ok")
        self.bar.setRange(0, 1)
        self.bar.setValue(1)

    def show_progress(self, progress: Progress) -> None:
        elapsed = max(0.1, time.monotonic() - self._started)
        if progress.phase is Phase.PUSHING:
            self.detail.setText(self.tr("Sending this laptop's edits…"))
            return
        rate = progress.records / elapsed
        self.detail.setText(
            self.tr("{records} records received in {pages} pages · {rate} per second").format(
                records=progress.records, pages=progress.pages, rate=int(rate)
            )
        )

    def fail(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)
        self.bar.setRange(0, 1)
        self.bar.setValue(0)


def _sync_problem(result: SyncResult) -> str:
    return "" if result.ok else result.message


class FirstRunPage(QWidget):
    """Shown when the profile folder holds no profile yet."""

    enrolled = Signal(object, object)
    """``(UnlockedStore, Workspace)``."""

    def __init__(
        self,
        folder: Path,
        network: Lane,
        *,
        policy: VaultPolicy = DEFAULT_POLICY,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstRun")
        self._folder = folder
        self._network = network
        self._policy = policy
        self._relay = _Relay(self)
        self._build()

    def _build(self) -> None:
        card = QFrame()
        card.setProperty("role", "card")
        card.setMaximumWidth(560)
        self.server = named(QLineEdit(), self.tr("Agency server address"))
        self.server.setPlaceholderText("https://fieldcm.agency.example")
        self.code = named(QLineEdit(), self.tr("Enrollment code"))
        self.code.setPlaceholderText(self.tr("One-time code from your administrator"))
        self.passphrase = named(QLineEdit(), self.tr("New passphrase"))
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = named(QLineEdit(), self.tr("Passphrase again"))
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = plain_label("", wrap=True, name=self.tr("Passphrase strength"))
        self.connect_button = named(QPushButton(self.tr("&Connect")), self.tr("Connect"))
        self.connect_button.setDefault(True)
        self.connect_button.clicked.connect(self.submit)
        for line in (self.server, self.code, self.passphrase, self.again):
            line.textChanged.connect(self._check)
            line.returnPressed.connect(self.submit)
        form = QFormLayout()
        for text, widget in (
            (self.tr("Server"), self.server),
            (self.tr("Enrollment code"), self.code),
            (self.tr("Passphrase"), self.passphrase),
            (self.tr("Again"), self.again),
        ):
            label = plain_label(text)
            label.setBuddy(widget)
            form.addRow(label, widget)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.addWidget(plain_label(self.tr("Connect this laptop"), role="title"))
        inner.addWidget(
            plain_label(
                self.tr(
                    "Your administrator gives you the server address and a one-time code. "
                    "The passphrase protects the caseload on this laptop: 15 characters or "
                    "more; a few unrelated words work well. It never leaves this laptop."
                ),
                wrap=True,
                role="muted",
            )
        )
        inner.addLayout(form)
        inner.addWidget(self.strength)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.connect_button)
        inner.addLayout(row)

        self.progress = SetupProgress(
            [
                ("enrolling", self.tr("Connecting to the agency server")),
                ("creating", self.tr("Creating the encrypted profile")),
                ("syncing", self.tr("Downloading your caseload")),
            ]
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(_centered(card))
        self.stack.addWidget(_centered(self.progress))
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        self._relay.step.connect(self.progress.start)
        self._relay.progressed.connect(self.progress.show_progress)
        self._check()

    def _check(self) -> None:
        text = self.passphrase.text()
        found = strength(text)
        if not text:
            self.strength.setText(self.tr("Choose a passphrase of 15 characters or more."))
            set_role(self.strength, "muted")
        elif found.broken:
            self.strength.setText(" ".join(self._rule_text(rule) for rule in found.broken))
            set_role(self.strength, "warning")
        elif self.again.text() and self.again.text() != text:
            self.strength.setText(self.tr("The two passphrases differ."))
            set_role(self.strength, "warning")
        else:
            self.strength.setText(
                self.tr("Good passphrase ({n} characters).").format(n=found.length)
            )
            set_role(self.strength, "ok")
        ready = (
            bool(self.server.text().strip() and self.code.text().strip())
            and found.acceptable
            and self.again.text() == text
        )
        self.connect_button.setEnabled(ready)

    def _rule_text(self, rule: Rule) -> str:
        texts = {
            Rule.TOO_SHORT: self.tr("Use at least 15 characters. A few unrelated words work well."),
            Rule.TOO_LONG: self.tr("Use at most 1024 characters."),
            Rule.COMMON: self.tr(
                "This is one of the most common passwords. Choose something less predictable."
            ),
            Rule.CONTEXT: self.tr(
                "Do not build the passphrase from your name, the agency's or the app's."
            ),
            Rule.REPEATED: self.tr("Avoid repeating the same characters or words."),
            Rule.SEQUENCE: self.tr("Avoid runs like abcd, 1234 or qwerty."),
        }
        return texts.get(rule, MESSAGES[rule])

    def submit(self) -> None:
        if not self.connect_button.isEnabled():
            return
        enrollment = Enrollment(
            self.server.text().strip(), self.code.text().strip(), self.passphrase.text()
        )
        for line in (self.passphrase, self.again):
            line.clear()
        self.stack.setCurrentIndex(1)
        run_setup(
            self._network,
            lambda step, progress: enroll_and_sync(
                self._folder, enrollment, policy=self._policy, step=step, progress=progress
            ),
            self._relay,
            on_ready=self._ready,
            on_failure=self._failed,
        )

    def _ready(self, store: UnlockedStore, workspace: Workspace, problem: str) -> None:
        self.progress.finish()
        if problem:
            self.progress.detail.setText(problem)
        self.enrolled.emit(store, workspace)

    def _failed(self, error: BaseException) -> None:
        self.progress.fail(explain(error).text)
        self.stack.setCurrentIndex(0)
        self.strength.setText(explain(error).text)
        set_role(self.strength, "danger")


Setup = Callable[
    [Callable[[str], None], Callable[[Progress], None]], tuple[UnlockedStore, SyncResult]
]


def run_setup(
    network: Lane,
    setup: Setup,
    relay: _Relay,
    *,
    on_ready: Callable[[UnlockedStore, Workspace, str], None],
    on_failure: Callable[[BaseException], None],
) -> None:
    """Run ``setup`` on the network lane, its steps and progress reported through ``relay``."""

    def job() -> tuple[UnlockedStore, Workspace, str]:
        store, result = setup(relay.step.emit, relay.progressed.emit)
        return store, read_workspace(store), _sync_problem(result)

    network.run(job).on_success(lambda r: on_ready(*r)).on_failure(on_failure)


def _centered(widget: QWidget) -> QWidget:
    holder = QWidget()
    outer = QVBoxLayout(holder)
    outer.addStretch(1)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget, 4)
    row.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)
    return holder
