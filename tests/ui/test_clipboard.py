"""SECURITY.md M3: what fieldcm copies leaves the clipboard within 10 s and on lock."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from fieldcm.store.passphrase import passphrase_buffer
from fieldcm.store.vault import Vault
from fieldcm.ui.client_view import CONTACTS_TAB
from fieldcm.ui.clipboard_guard import MAX_CLEAR_SECONDS, ClipboardGuard
from tests.ui.builders import FAST_POLICY, PASSPHRASE
from tests.ui.conftest import Profile, build_desk, close_desk, open_client, unlock
from tests.ui.record_builders import add_record_extras


class Clock:
    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clipboard() -> Any:
    board = QGuiApplication.clipboard()
    board.clear()
    yield board
    board.clear()


def test_copied_text_is_cleared_after_ten_seconds(qtbot: Any, clipboard: Any) -> None:
    clock = Clock()
    guard = ClipboardGuard(clock=clock)
    guard.copy("555-0142")
    assert clipboard.text() == "555-0142"
    assert clipboard.mimeData().data("x-kde-passwordManagerHint").data() == b"secret"
    clock.now += MAX_CLEAR_SECONDS - 0.1
    guard.check()
    assert clipboard.text() == "555-0142", "not before the time is up"
    clock.now += 0.1
    with qtbot.waitSignal(guard.cleared, timeout=1000):
        guard.check()
    assert clipboard.text() == ""
    assert not guard.holding


def test_the_timer_clears_without_anyone_asking(qtbot: Any, clipboard: Any) -> None:
    guard = ClipboardGuard(clear_after=0.3)
    with qtbot.waitSignal(guard.cleared, timeout=3000):
        guard.copy("555-0190")
    assert clipboard.text() == ""


def test_what_the_person_copied_since_is_left_alone(clipboard: Any) -> None:
    clock = Clock()
    guard = ClipboardGuard(clock=clock)
    guard.copy("555-0177")
    clipboard.setText("a line from another program")
    clock.now += MAX_CLEAR_SECONDS
    guard.check()
    assert clipboard.text() == "a line from another program"
    guard.clear_if_ours()
    assert clipboard.text() == "a line from another program"


def test_a_longer_delay_than_ten_seconds_is_refused() -> None:
    with pytest.raises(ValueError, match="10 seconds"):
        ClipboardGuard(clear_after=30)


def test_locking_clears_a_copied_phone_number(qtbot: Any, profile: Profile, clipboard: Any) -> None:
    client_id = profile.caseload.clients["Avery Ashgrove"]
    store = Vault(profile.folder, policy=FAST_POLICY).unlock(passphrase_buffer(PASSPHRASE))
    try:
        add_record_extras(store, client_id)
    finally:
        store.lock()
    desk = build_desk(qtbot, profile)
    try:
        unlock(qtbot, desk)
        open_client(qtbot, desk, client_id)
        view = desk.window.client_view
        view.tabs.setCurrentIndex(CONTACTS_TAB)
        view.contacts_table.setFocus()
        view.contacts_table.setCurrentIndex(view.contacts.index(1, 0))
        qtbot.keyClick(view.contacts_table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        assert clipboard.text() == view.contacts.row(1).phone
        with qtbot.waitSignal(desk.window.locked, timeout=10_000):
            desk.window.lock()
        assert clipboard.text() == ""

        # After the next unlock, a copy the person made elsewhere survives a lock.
        unlock(qtbot, desk)
        open_client(qtbot, desk, client_id)
        view.tabs.setCurrentIndex(CONTACTS_TAB)
        view.contacts_table.setCurrentIndex(view.contacts.index(0, 0))
        view.copy_phone.click()
        assert clipboard.text() == view.contacts.row(0).phone
        clipboard.setText("shopping list")
        with qtbot.waitSignal(desk.window.locked, timeout=10_000):
            desk.window.lock()
        assert clipboard.text() == "shopping list"
    finally:
        close_desk(qtbot, desk)


def test_copying_the_client_name_is_guarded_too(qtbot: Any, clipboard: Any) -> None:
    from fieldcm.ui.client_view import ClientView

    view = ClientView()
    qtbot.addWidget(view)
    view.name.setText("Avery Ashgrove")
    qtbot.keyClick(view.name, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == "Avery Ashgrove"
    assert view.clipboard.holding
