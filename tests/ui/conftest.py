"""Fixtures of the UI tests: real SQLCipher profiles (cheap KDF), real lanes, offscreen Qt."""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldcm.store.vault import UnlockedStore, Vault
from fieldcm.sync.engine import Credentials, SyncResult
from fieldcm.sync.progress import CancelToken
from fieldcm.ui.idle import IdleLock
from fieldcm.ui.main_window import MainWindow
from fieldcm.ui.resources import apply_style
from fieldcm.ui.session import Session
from fieldcm.ui.tasks import Lane
from tests.ui.builders import FAST_POLICY, NOW, PASSPHRASE, Caseload, make_store, seed

pytestmark = pytest.mark.ui


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """As the app does (fieldcm/ui/gc_lane.py): no automatic collection while lanes run, so
    a worker thread never frees a Qt wrapper; collect here, on the GUI thread, instead."""
    gc.collect()
    gc.disable()
    yield
    gc.collect()
    gc.enable()


class FakeClock:
    """Seconds for the idle lock (monotonic and wall) and datetimes for the window."""

    def __init__(self, start: datetime = NOW) -> None:
        self.start = start
        self.mono = 1000.0
        self.wall = start.timestamp()

    def advance(self, seconds: float, *, monotonic: bool = True) -> None:
        self.wall += seconds
        if monotonic:
            self.mono += seconds

    def now(self) -> datetime:
        return datetime.fromtimestamp(self.wall, self.start.tzinfo)


class OkSyncer:
    """A syncer that always succeeds without a server (screens and status tests)."""

    def __init__(self) -> None:
        self.runs = 0

    def sync(
        self,
        *,
        verify: bool = False,
        cancel: CancelToken | None = None,
        credentials: Credentials | None = None,
    ) -> SyncResult:
        self.runs += 1
        return SyncResult("ok")

    def close(self) -> None:
        pass


@dataclass
class Profile:
    folder: Path
    caseload: Caseload


@dataclass
class Desk:
    window: MainWindow
    db: Lane
    network: Lane
    clock: FakeClock
    idle: IdleLock
    profile: Profile


@pytest.fixture(scope="session", autouse=True)
def _styled(qapp: QApplication) -> None:
    apply_style(qapp)


@pytest.fixture(scope="session")
def seeded_profile(tmp_path_factory: pytest.TempPathFactory) -> Profile:
    """Built once; each test gets a copy (the files are encrypted; the copy opens the same)."""
    folder = tmp_path_factory.mktemp("seeded") / "profile"
    store = make_store(folder)
    made = seed(store)
    store.lock()
    return Profile(folder, made)


@pytest.fixture
def profile(seeded_profile: Profile, tmp_path: Path) -> Profile:
    folder = tmp_path / "profile"
    shutil.copytree(seeded_profile.folder, folder)
    return Profile(folder, seeded_profile.caseload)


def build_desk(
    qtbot: Any,
    profile: Profile,
    *,
    syncer_factory: Callable[[UnlockedStore, Any], Any] | None = None,
    hint: str = "",
) -> Desk:
    clock = FakeClock()
    db, network = Lane("database"), Lane("network")
    idle = IdleLock(monotonic=lambda: clock.mono, wall=lambda: clock.wall, tick_ms=60_000)
    idle.start()
    window = MainWindow(
        Vault(profile.folder, policy=FAST_POLICY),
        db=db,
        network=network,
        syncer_factory=syncer_factory,
        idle=idle,
        clock=clock.now,
        hint=hint,
    )
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return Desk(window, db, network, clock, idle, profile)


@pytest.fixture
def desk(qtbot: Any, profile: Profile) -> Iterator[Desk]:
    built = build_desk(qtbot, profile)
    yield built
    close_desk(qtbot, built)


def close_desk(qtbot: Any, built: Desk) -> None:
    built.idle.stop()
    if built.window.session is not None:
        with qtbot.waitSignal(built.window.locked, timeout=10_000):
            built.window.lock()
    built.db.wait_idle()
    built.network.wait_idle()


def unlock(qtbot: Any, desk: Desk, passphrase: str = PASSPHRASE) -> None:
    screen = desk.window.lock_screen
    assert screen.passphrase.isEnabled(), "the lock screen is still waiting out a delay"
    screen.passphrase.setText(passphrase)
    with qtbot.waitSignal(desk.window.caseload_loaded, timeout=10_000):
        qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)


def open_client(qtbot: Any, desk: Desk, client_id: str) -> None:
    with qtbot.waitSignal(
        desk.window.client_loaded, timeout=10_000, check_params_cb=lambda cid: cid == client_id
    ):
        desk.window.show_client(client_id)


SHOTS = Path(os.environ.get("FIELDCM_SHOTS", "/tmp/fieldcm-shots"))
"""Where screenshots go (looked at by a person, not compared)."""


def save_shot(widget: Any, name: str) -> Path:
    """Render ``widget`` to ``SHOTS/name.png`` after pending layout work, as painting would."""
    QApplication.sendPostedEvents()
    QApplication.processEvents()
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


def session_of(desk: Desk) -> Session:
    """The unlocked session of ``desk`` (the test unlocked it first)."""
    session = desk.window.session
    assert session is not None
    return session
