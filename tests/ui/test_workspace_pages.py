"""The main window reaches every workspace page, and locking clears them (SECURITY.md U4).

Each page is tested on its own in its own file; this is the wiring: the client view's
buttons, the status area's counts and the menu open the right page for the right client,
Back returns to the client, and a lock on any page leaves nothing of the client on screen.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from tests.ui.builders import add_conflict
from tests.ui.conftest import (
    OkSyncer,
    Profile,
    build_desk,
    close_desk,
    open_client,
    save_shot,
    unlock,
)

CLIENT = "Avery Ashgrove"


def _texts(widget: QWidget) -> str:
    return "\n".join(label.text() for label in widget.findChildren(QLabel))


@pytest.mark.ui
def test_each_page_opens_for_the_client_and_back_returns(qtbot: Any, profile: Profile) -> None:
    syncer = OkSyncer()
    desk = build_desk(qtbot, profile, syncer_factory=lambda store, progress: syncer)
    window, pages = desk.window, desk.window.workspace_pages
    try:
        unlock(qtbot, desk)
        client_id = profile.caseload.clients[CLIENT]
        open_client(qtbot, desk, client_id)

        with qtbot.waitSignal(pages.plan_editor.loaded, timeout=10_000):
            qtbot.mouseClick(window.client_view.safety_plan_button, Qt.MouseButton.LeftButton)
        assert pages.is_showing(pages.plan_editor)
        assert pages.plan_editor.client_id == client_id
        assert CLIENT in _texts(pages.plan_editor)
        save_shot(window, "09-safety-plan")
        with qtbot.waitSignal(pages.back, timeout=10_000):
            pages.plan_editor.close_plan()
        assert window.workspace.currentIndex() == 0

        window.client_view.screening_requested.emit(client_id, "phq9")
        assert pages.is_showing(pages.screening)
        assert CLIENT in _texts(pages.screening)
        save_shot(window, "10-screening")
        qtbot.keyClick(pages.screening, Qt.Key.Key_Escape)
        assert window.workspace.currentIndex() == 0

        with qtbot.waitSignal(pages.score_history.loaded, timeout=10_000):
            window.scores_action.trigger()
        assert pages.is_showing(pages.score_history)
        qtbot.keyClick(pages.score_history, Qt.Key.Key_Escape)

        window.checkin_action.trigger()
        assert pages.is_showing(pages.checkin)
        save_shot(window, "12-check-in")
        qtbot.keyClick(pages.checkin, Qt.Key.Key_Escape)
        assert window.workspace.currentIndex() == 0
    finally:
        close_desk(qtbot, desk)


@pytest.mark.ui
def test_the_conflict_count_opens_the_conflicts_view(qtbot: Any, profile: Profile) -> None:
    syncer = OkSyncer()
    desk = build_desk(qtbot, profile, syncer_factory=lambda store, progress: syncer)
    window, pages = desk.window, desk.window.workspace_pages
    try:
        unlock(qtbot, desk)
        client_id = profile.caseload.clients[CLIENT]
        add_conflict(window.session.store, client_id)  # type: ignore[union-attr]
        with qtbot.waitSignal(window.sync.settled, timeout=10_000):
            window.sync.sync_now()

        with qtbot.waitSignal(pages.conflicts.loaded, timeout=10_000):
            window.status_area.conflicts_requested.emit()
        assert pages.is_showing(pages.conflicts)
        assert pages.conflicts.model.rowCount() == 1
        save_shot(window, "11-conflicts")
    finally:
        close_desk(qtbot, desk)


@pytest.mark.ui
def test_locking_on_a_page_clears_it(qtbot: Any, profile: Profile) -> None:
    desk = build_desk(qtbot, profile)
    window, pages = desk.window, desk.window.workspace_pages
    try:
        unlock(qtbot, desk)
        client_id = profile.caseload.clients[CLIENT]
        open_client(qtbot, desk, client_id)
        with qtbot.waitSignal(pages.plan_editor.loaded, timeout=10_000):
            window.plan_action.trigger()

        with qtbot.waitSignal(window.locked, timeout=10_000):
            window.lock()
        QApplication.processEvents()

        assert pages.plan_editor.client_id is None
        for page in (pages.plan_editor, pages.screening, pages.checkin, pages.conflicts):
            assert CLIENT not in _texts(page)
        unlock(qtbot, desk)
        assert window.workspace.currentIndex() == 0
    finally:
        close_desk(qtbot, desk)
