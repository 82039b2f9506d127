"""First run: connect to the agency server, choose a passphrase, and the first sync.

The passphrase rules (SECURITY.md U2) are checked as the person types, with the reason in
plain words, before the one-time code is spent. The first sync shows a progress bar and the
time left, estimated from how far the download has come (:mod:`fieldcm.sync.estimate`) and
counted down smoothly between reports; until that is known it says so.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Final

from PySide6.QtCore import QLocale, QObject, QTimer, Signal
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
from fieldcm.sync.enrollment import Enrollment, enroll_and_sync
from fieldcm.sync.estimate import Estimate, SyncEstimate, watching_transport
from fieldcm.sync.progress import Phase, Progress
from fieldcm.ui.formatting import count_text
from fieldcm.ui.messages import explain
from fieldcm.ui.session import Workspace, read_workspace
from fieldcm.ui.tasks import Lane
from fieldcm.ui.widgets import named, plain_label, set_role


class _Relay(QObject):
    step = Signal(str)
    progressed = Signal(object)
    positioned = Signal(float)
    """The share of the first download done (from :mod:`fieldcm.sync.estimate`)."""


TICK_MS: Final = 1000
"""How often the time left counts down between progress reports."""
BAR_STEPS: Final = 1000


class SetupProgress(QFrame):
    """Named steps with ticks, a progress bar and an estimate of the time the download takes.

    ``clock`` (monotonic seconds) is injectable so tests can drive the estimate.
    """

    def __init__(
        self,
        steps: list[tuple[str, str]],
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setMaximumWidth(560)
        self._labels: dict[str, tuple[str, QLabel]] = {}
        self._order = [key for key, _ in steps]
        self.estimate = SyncEstimate(clock)
        self._pushing = False
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
        self.time_left = plain_label("", role="field", name=self.tr("Time left"))
        self.detail = plain_label("", role="muted", wrap=True, name=self.tr("Setup detail"))
        self.error = plain_label("", role="danger", wrap=True, name=self.tr("Setup problem"))
        self.error.setVisible(False)
        layout.addWidget(self.bar)
        layout.addWidget(self.time_left)
        layout.addWidget(self.detail)
        layout.addWidget(self.error)
        self._current: str | None = None
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self.refresh)

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
        self.estimate.restart()
        if key == "syncing":
            self.time_left.setText(self.tr("Working out how long this takes…"))
            self._ticker.start()

    def finish(self) -> None:
        self._ticker.stop()
        for key in self._order:
            text, label = self._labels[key]
            label.setText("✓  " + text)
            set_role(label, "ok")
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.time_left.setText(self.tr("Done."))

    def show_progress(self, progress: Progress) -> None:
        self._pushing = progress.phase is Phase.PUSHING
        self.estimate.progress(progress)
        self.refresh()

    def show_position(self, share: float) -> None:
        self.estimate.position(share)
        self.refresh()

    def refresh(self) -> None:
        """Show the estimate as of now (also once a second, so the time left counts down)."""
        if self._pushing:
            self.detail.setText(self.tr("Sending this laptop's edits…"))
            return
        estimate = self.estimate.now()
        if estimate.share is not None:
            self.bar.setRange(0, BAR_STEPS)
            self.bar.setValue(round(estimate.share * BAR_STEPS))
        self.time_left.setText(self._left_text(estimate))
        self.detail.setText(self._detail_text(estimate))

    def _left_text(self, estimate: Estimate) -> str:
        left = estimate.seconds_left
        if left is None:
            return self.tr("Working out how long this takes…")
        if left < 15:
            return self.tr("Almost done…")
        if left < 60:
            return self.tr("Less than a minute left")
        minutes = round(left / 60)
        if minutes < 90:
            return count_text(
                minutes, self.tr("About 1 minute left"), self.tr("About {n} minutes left")
            )
        return self.tr("About {n} hours left").format(n=round(left / 3600))

    def _detail_text(self, estimate: Estimate) -> str:
        locale = QLocale()
        records = locale.toString(estimate.records)
        if estimate.records_per_second is None:
            return self.tr("{records} records received").format(records=records)
        rate = locale.toString(round(estimate.records_per_second))
        share = estimate.share
        if share is not None and 0.05 <= share < 1.0:
            total = locale.toString(_round_total(estimate.records / share))
            return self.tr("{records} of about {total} records · {rate} per second").format(
                records=records, total=total, rate=rate
            )
        return self.tr("{records} records received · {rate} per second").format(
            records=records, rate=rate
        )

    def fail(self, text: str) -> None:
        self._ticker.stop()
        self.error.setText(text)
        self.error.setVisible(True)
        self.time_left.clear()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)


def _round_total(value: float) -> int:
    """Two significant digits: an estimate should not look more exact than it is."""
    if value < 100:
        return round(value)
    magnitude = 10 ** (len(str(int(value))) - 2)
    return int(round(value / magnitude) * magnitude)


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
        self._relay.positioned.connect(self.progress.show_position)
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
                self._folder,
                enrollment,
                policy=self._policy,
                step=step,
                progress=progress,
                transport=watching_transport(self._relay.positioned.emit),
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
