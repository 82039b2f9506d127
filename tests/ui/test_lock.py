"""Lock screen, throttling, Ctrl+L, auto-lock (SECURITY.md U1, U3, U4)."""

from __future__ import annotations

import os
from typing import Any

import psutil
import pytest
from PySide6.QtCore import Qt

from tests.ui.builders import PASSPHRASE
from tests.ui.conftest import Desk, open_client, unlock

pytestmark = pytest.mark.ui


def _open_db_files(desk: Desk) -> list[str]:
    folder = str(desk.profile.folder)
    return [f.path for f in psutil.Process(os.getpid()).open_files() if f.path.startswith(folder)]


def _assert_locked_and_empty(desk: Desk) -> None:
    window = desk.window
    assert window.session is None
    assert window.pages.currentWidget() is window.lock_screen
    assert not window.statusBar().isVisible()
    assert window.caseload.model.rowCount() == 0
    assert window.caseload.results.rowCount() == 0
    assert window.client_view.timeline.rowCount() == 0
    assert window.client_view.record is None
    assert window.client_view.name.text() == ""
    assert window.editor.note_id is None
    assert _open_db_files(desk) == []


def test_wrong_passphrase_is_refused_and_the_wait_is_counted_down(qtbot: Any, desk: Desk) -> None:
    screen = desk.window.lock_screen
    screen.passphrase.setText("not the passphrase at all, sorry")
    with qtbot.waitSignal(screen.ready, timeout=10_000):
        with qtbot.waitSignal(screen.refused, timeout=10_000):
            qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
        # While the delay runs, nothing can be typed or pressed, and the wait is on screen.
        assert screen.waiting
        assert not screen.passphrase.isEnabled()
        assert not screen.unlock_button.isEnabled()
        assert "not right" in screen.message.text()
        assert "Try again in" in screen.message.text()
    assert screen.passphrase.isEnabled()
    assert desk.window.session is None

    unlock(qtbot, desk)
    assert desk.window.caseload.model.rowCount() == 11


def test_a_wait_still_running_survives_a_new_lock_screen(qtbot: Any, desk: Desk) -> None:
    """The throttle lives in the profile: a fresh lock screen honours it (restart case)."""
    screen = desk.window.lock_screen
    screen.passphrase.setText("wrong passphrase number one")
    with qtbot.waitSignal(screen.ready, timeout=10_000):
        with qtbot.waitSignal(screen.refused, timeout=10_000):
            screen.attempt()
        screen.reset()
        assert screen.waiting
        assert not screen.unlock_button.isEnabled()


def test_ctrl_l_locks_closes_the_store_and_clears_every_model(qtbot: Any, desk: Desk) -> None:
    unlock(qtbot, desk)
    window = desk.window
    client_id = desk.profile.caseload.clients["Avery Ashgrove"]
    open_client(qtbot, desk, client_id)
    store = window.session.store  # type: ignore[union-attr]
    assert window.client_view.timeline.rowCount() >= 1
    assert _open_db_files(desk)

    with qtbot.waitSignal(window.locked, timeout=10_000):
        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert store.locked
    _assert_locked_and_empty(desk)

    unlock(qtbot, desk)
    assert window.caseload.model.rowCount() == 11


def test_locking_while_writing_keeps_the_draft(qtbot: Any, desk: Desk) -> None:
    unlock(qtbot, desk)
    window = desk.window
    client_id = desk.profile.caseload.clients["Brin Birchall"]
    open_client(qtbot, desk, client_id)
    with qtbot.waitSignal(window.editor.loaded, timeout=10_000):
        window.client_view.request_new_note()
    editor = window.editor.sections.editors()["data"]
    qtbot.keyClicks(editor, "Met at the library; talked about the lease")
    with qtbot.waitSignal(window.locked, timeout=10_000):
        window.lock()  # before the autosave timer fired
    _assert_locked_and_empty(desk)

    unlock(qtbot, desk)
    open_client(qtbot, desk, client_id)
    drafts = [e for e in window.client_view.timeline.rows() if e.status == "draft"]
    assert [d.summary for d in drafts] == ["Met at the library; talked about the lease"]


def test_idle_minutes_lock_by_the_injected_clock(qtbot: Any, desk: Desk) -> None:
    unlock(qtbot, desk)
    window, clock, idle = desk.window, desk.clock, desk.idle
    assert idle.minutes == 5  # the agency default

    clock.advance(4 * 60)
    idle.check()
    assert window.session is not None

    qtbot.keyClicks(window.caseload.search, "a")  # activity restarts the count
    clock.advance(4 * 60)
    idle.check()
    assert window.session is not None

    clock.advance(61)
    with qtbot.waitSignal(window.locked, timeout=10_000):
        idle.check()
    _assert_locked_and_empty(desk)
    assert "idle" in window.lock_screen.reason.text()


def test_a_suspended_laptop_locks_on_resume_by_the_wall_clock(qtbot: Any, desk: Desk) -> None:
    """The monotonic clock may stop during sleep; the wall clock moved an hour."""
    unlock(qtbot, desk)
    desk.clock.advance(3600, monotonic=False)
    with qtbot.waitSignal(desk.window.locked, timeout=10_000):
        # The first key after waking finds the laptop idle too long, before it counts.
        qtbot.keyClick(desk.window.caseload.search, Qt.Key.Key_A)
    _assert_locked_and_empty(desk)


def test_the_screen_lock_signal_locks(qtbot: Any, desk: Desk) -> None:
    unlock(qtbot, desk)
    with qtbot.waitSignal(desk.window.locked, timeout=10_000):
        desk.idle.screen_locked()
    _assert_locked_and_empty(desk)


def test_auto_lock_minutes_come_from_agency_settings(qtbot: Any, desk: Desk) -> None:
    from fieldcm.store.passphrase import passphrase_buffer
    from fieldcm.store.uow import UnitOfWork
    from fieldcm.store.vault import Vault
    from fieldcm.sync.profile import store_settings
    from fieldcm.sync.protocol import AgencySettings
    from tests.ui.builders import FAST_POLICY

    store = Vault(desk.profile.folder, policy=FAST_POLICY).unlock(passphrase_buffer(PASSPHRASE))
    with UnitOfWork(store.engine) as uow:
        store_settings(uow, AgencySettings(auto_lock_minutes=2))
        uow.commit()
    store.lock()

    unlock(qtbot, desk)
    assert desk.idle.minutes == 2
    desk.clock.advance(121)
    with qtbot.waitSignal(desk.window.locked, timeout=10_000):
        desk.idle.check()
