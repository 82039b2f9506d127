"""The demo's first screen: the local server starting, this laptop enrolling, the first sync."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget

from fieldcm.store.vault import DEFAULT_POLICY, UnlockedStore, VaultPolicy
from fieldcm.sync.engine import SyncResult
from fieldcm.sync.enrollment import Enrollment, enroll_and_sync
from fieldcm.sync.estimate import watching_transport
from fieldcm.sync.progress import Progress
from fieldcm.ui.first_run import SetupProgress, _centered, _Relay, run_setup
from fieldcm.ui.messages import explain
from fieldcm.ui.session import Workspace
from fieldcm.ui.tasks import Lane
from fieldcm.ui.widgets import named, plain_label


class DemoServer(Protocol):
    @property
    def base_url(self) -> str: ...

    def start(self, step: Callable[[str], None]) -> str: ...


class DemoLauncher(QWidget):
    ready = Signal(object, object)
    """``(UnlockedStore, Workspace)`` once the first sync is done."""
    failed = Signal(str)

    def __init__(
        self,
        server: DemoServer,
        profile: Path,
        passphrase: str,
        network: Lane,
        *,
        policy: VaultPolicy = DEFAULT_POLICY,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("demoLauncher")
        self._server = server
        self._profile = profile
        self._passphrase = passphrase
        self._network = network
        self._policy = policy
        self._relay = _Relay(self)
        self.progress = SetupProgress(
            [
                ("agency", self.tr("Creating a synthetic agency (every name is invented)")),
                ("server", self.tr("Starting the local server on 127.0.0.1")),
                ("enrolling", self.tr("Enrolling this laptop as the demo worker")),
                ("creating", self.tr("Creating the encrypted demo profile")),
                ("syncing", self.tr("First sync: downloading the caseload")),
            ]
        )
        self.progress.title.setText(self.tr("Starting the fieldcm demo"))
        self.passphrase_note = plain_label(
            self.tr("Demo passphrase (you will need it after locking): {p}").format(p=passphrase),
            role="hint",
            wrap=True,
            selectable=True,
            name=self.tr("Demo passphrase"),
        )
        self.quit_button = named(QPushButton(self.tr("&Quit")), self.tr("Quit the demo"))
        self.quit_button.clicked.connect(QApplication.quit)
        self.quit_button.setVisible(False)
        self.progress.box.addWidget(self.passphrase_note)
        self.progress.box.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(_centered(self.progress))
        self._relay.step.connect(self.progress.start)
        self._relay.progressed.connect(self.progress.show_progress)
        self._relay.positioned.connect(self.progress.show_position)

    def begin(self) -> None:
        server, profile, passphrase, policy = (
            self._server,
            self._profile,
            self._passphrase,
            self._policy,
        )

        def setup(
            step: Callable[[str], None], progress: Callable[[Progress], None]
        ) -> tuple[UnlockedStore, SyncResult]:
            code = server.start(step)
            enrollment = Enrollment(server.base_url, code, passphrase, "Demo laptop")
            return enroll_and_sync(
                profile,
                enrollment,
                policy=policy,
                step=step,
                progress=progress,
                transport=watching_transport(self._relay.positioned.emit),
            )

        run_setup(self._network, setup, self._relay, on_ready=self._ready, on_failure=self._failed)

    def _ready(self, store: UnlockedStore, workspace: Workspace, problem: str) -> None:
        self.progress.finish()
        if problem:
            self.progress.detail.setText(problem)
        self.ready.emit(store, workspace)

    def _failed(self, error: BaseException) -> None:
        text = str(error) if type(error).__name__ == "DemoError" else explain(error).text
        self.progress.fail(text)
        self.quit_button.setVisible(True)
        self.failed.emit(text)
