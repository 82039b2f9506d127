"""The composition root: builds the desktop app's pieces and wires them together.

Nothing else imports :mod:`fieldcm.ui` (tests/unit/test_layers.py); the CLI calls
:func:`run_app`, :func:`run_demo_app` (through :mod:`fieldcm.demo`) and :func:`run_self_check`.
Every object is created here and passed down: there is no application singleton.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from fieldcm.store.vault import DEFAULT_POLICY, Vault, VaultPolicy

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from fieldcm.ui.main_window import MainWindow
    from fieldcm.ui.tasks import Lane

log = logging.getLogger(__name__)


class DemoServerLike(Protocol):
    @property
    def base_url(self) -> str: ...

    def start(self, step: Callable[[str], None]) -> str: ...

    def stop(self) -> None: ...


@dataclass
class Desktop:
    """The built app: Qt application, lanes and the window (kept alive together)."""

    app: QApplication
    db: Lane
    network: Lane
    window: MainWindow
    keep: list[object]


def _application(language: str | None) -> tuple[QApplication, list[object]]:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from fieldcm.ui.gc_lane import collect_on_gui_thread
    from fieldcm.ui.resources import apply_style, install_translator, pick_language

    existing = QApplication.instance()
    if existing is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(sys.argv[:1])
    else:
        assert isinstance(existing, QApplication)
        app = existing
    app.setApplicationName("fieldcm")
    app.setOrganizationName("fieldcm")
    apply_style(app)
    translator = install_translator(app, pick_language(language))
    return app, [translator, collect_on_gui_thread(app)]


def build_desktop(
    profile: Path,
    *,
    language: str | None = None,
    policy: VaultPolicy = DEFAULT_POLICY,
    hint: str = "",
    sync: bool = True,
) -> Desktop:
    """Everything :func:`run_app` shows, built but not shown (tests and the self-check use it)."""
    from fieldcm.ui.idle import IdleLock
    from fieldcm.ui.main_window import MainWindow
    from fieldcm.ui.os_events import OsLockWatcher
    from fieldcm.ui.sync_controller import engine_syncer
    from fieldcm.ui.tasks import Lane

    app, keep = _application(language)
    db = Lane("database")
    network = Lane("network")
    idle = IdleLock()
    idle.start()
    window = MainWindow(
        Vault(profile, policy=policy),
        db=db,
        network=network,
        syncer_factory=engine_syncer if sync else None,
        idle=idle,
        hint=hint,
    )
    watcher = OsLockWatcher(window)
    watcher.screen_locked.connect(idle.screen_locked)
    watcher.start()
    keep += [idle, watcher]
    return Desktop(app, db, network, window, keep)


def _show_first_run(desktop: Desktop, profile: Path, policy: VaultPolicy) -> None:
    from fieldcm.ui.first_run import FirstRunPage

    page = FirstRunPage(profile, desktop.network, policy=policy)
    page.enrolled.connect(desktop.window.open_session)
    desktop.window.show_setup(page)


def run_app(profile: Path, *, language: str | None = None) -> int:
    """``fieldcm run``: the lock screen (or first run) over the profile in ``profile``."""
    desktop = build_desktop(profile, language=language)
    if not desktop.window.vault.exists():
        _show_first_run(desktop, profile, DEFAULT_POLICY)
    desktop.window.show()
    return int(desktop.app.exec())


def run_demo_app(
    server: DemoServerLike,
    *,
    profile: Path,
    passphrase: str,
    language: str | None = None,
    policy: VaultPolicy = DEFAULT_POLICY,
) -> int:
    """The demo: start ``server``, enroll into ``profile``, first sync, open the caseload."""
    from PySide6.QtCore import QCoreApplication

    from fieldcm.ui.demo_launcher import DemoLauncher

    hint = QCoreApplication.translate(
        "Demo", "Demo passphrase (synthetic data only): {passphrase}"
    ).format(passphrase=passphrase)
    desktop = build_desktop(profile, language=language, policy=policy, hint=hint)
    launcher = DemoLauncher(server, profile, passphrase, desktop.network, policy=policy)
    launcher.ready.connect(desktop.window.open_session)
    desktop.window.show_setup(launcher)
    desktop.window.show()
    launcher.begin()
    try:
        return int(desktop.app.exec())
    finally:
        server.stop()


def run_self_check(*, policy: VaultPolicy = DEFAULT_POLICY) -> int:
    """Open a temporary encrypted store, render the main window offscreen, exit 0 if all went.

    What an installer runs after installing: SQLCipher, Qt, the style and the translations
    are all really loaded. Nothing is left behind (the temporary profile is wiped).
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from fieldcm.ui.self_check import check_desktop

    with tempfile.TemporaryDirectory(prefix="fieldcm-self-check-") as folder:
        desktop = build_desktop(Path(folder) / "profile", policy=policy, sync=False)
        problems = check_desktop(desktop.window, Path(folder) / "profile", policy=policy)
    for problem in problems:
        print(f"fieldcm self-check: {problem}", file=sys.stderr)
    if not problems:
        print("fieldcm self-check: ok")
    return 1 if problems else 0


def default_profile() -> Path:
    """Where the profile lives when none is named: the user's data folder."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("fieldcm", appauthor=False)) / "profile"


def main(argv: Sequence[str] | None = None) -> int:
    """The installed app's entry point (``build_installer.spec``)."""
    parser = argparse.ArgumentParser(prog="fieldcm", description="fieldcm desktop app")
    parser.add_argument("--profile", type=Path, default=None, help="the profile folder")
    parser.add_argument("--language", choices=("en", "es"), default=None)
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="open a temporary encrypted store, render the main window offscreen, exit 0",
    )
    args = parser.parse_args(argv)
    if args.self_check:
        return run_self_check()
    return run_app(args.profile or default_profile(), language=args.language)
