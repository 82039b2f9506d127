"""``--self-check``: the installed app opens an encrypted store and draws its main window.

Run after installing (and by CI on the built bundle): it proves SQLCipher, Qt's platform
plugin, the style and the translations all load from the bundle, without a display.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer, SignalInstance

from fieldcm.store.engine import run_self_check
from fieldcm.store.passphrase import passphrase_buffer
from fieldcm.store.vault import Vault, VaultPolicy
from fieldcm.ui.main_window import MainWindow
from fieldcm.ui.resources import resources_dir
from fieldcm.ui.session import read_workspace

TIMEOUT_MS = 30_000


def wait_for(signal: SignalInstance, timeout_ms: int = TIMEOUT_MS) -> bool:
    """Run the event loop until ``signal`` fires; ``False`` on timeout."""
    loop = QEventLoop()
    fired: list[bool] = []

    def done(*_: object) -> None:
        fired.append(True)
        loop.quit()

    signal.connect(done)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(done)
    return bool(fired)


def check_desktop(window: MainWindow, profile: Path, *, policy: VaultPolicy) -> list[str]:
    problems: list[str] = []
    if not (resources_dir() / "style" / "fieldcm.qss").exists():
        problems.append(f"style sheet missing under {resources_dir()}")
    passphrase = secrets.token_urlsafe(24)
    store = Vault.create(
        profile, passphrase_buffer(passphrase), "self-check", "self-check", policy=policy
    )
    try:
        version = run_self_check(store.engine).cipher_version
        if not version:
            problems.append("SQLCipher reported no version")
        window.resize(1366, 768)
        window.open_session(store, read_workspace(store))
        if not wait_for(window.caseload_loaded):
            problems.append("the caseload did not load")
        image = window.grab().toImage()
        if image.isNull() or image.width() < 100:
            problems.append("the main window did not render")
    finally:
        if window.session is not None:
            window.lock()
            if not wait_for(window.locked):
                problems.append("the store did not close on lock")
        store.lock()
        Vault(profile, policy=policy).wipe()
    return problems
