"""The status area and background sync: never in the way, failures in words."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from fieldcm.sync.engine import Credentials, SyncResult
from fieldcm.sync.progress import CancelToken
from fieldcm.ui.sync_controller import SyncState
from tests.ui.conftest import Profile, build_desk, close_desk, open_client, unlock

pytestmark = pytest.mark.ui


class ScriptedSyncer:
    """Answers each sync with the next result; ``gate`` holds a run until it is set."""

    def __init__(self, *results: SyncResult, gate: threading.Event | None = None) -> None:
        self.results = list(results)
        self.gate = gate

    def sync(
        self,
        *,
        verify: bool = False,
        cancel: CancelToken | None = None,
        credentials: Credentials | None = None,
    ) -> SyncResult:
        if self.gate is not None:
            self.gate.wait(30)
        return self.results.pop(0) if self.results else SyncResult("ok")

    def close(self) -> None:
        pass


def test_typing_and_saving_go_on_while_a_sync_runs(qtbot: Any, profile: Profile) -> None:
    gate = threading.Event()
    syncer = ScriptedSyncer(SyncResult("ok"), gate=gate)
    desk = build_desk(qtbot, profile, syncer_factory=lambda store, progress: syncer)
    window = desk.window
    try:
        unlock(qtbot, desk)
        window.sync.sync_now()
        assert window.status_area.view.state is SyncState.SYNCING
        assert "Syncing" in window.status_area.state.text()

        open_client(qtbot, desk, profile.caseload.clients["Brin Birchall"])
        with qtbot.waitSignal(window.editor.loaded, timeout=10_000):
            window.client_view.request_new_note()
        qtbot.keyClicks(window.editor.sections.editors()["data"], "Typed while syncing")
        with qtbot.waitSignal(window.editor.saved, timeout=10_000):
            window.editor.flush()
        assert window.sync.running  # the sync is still out there; the note was saved anyway

        with qtbot.waitSignal(window.sync.settled, timeout=10_000):
            gate.set()
        assert window.status_area.view.state is SyncState.UP_TO_DATE
    finally:
        gate.set()
        close_desk(qtbot, desk)


def test_failures_are_said_in_words_and_tried_again(qtbot: Any, profile: Profile) -> None:
    why = "The agency server refused this laptop's edits: the server is being upgraded."
    syncer = ScriptedSyncer(SyncResult("failed", why), SyncResult("offline", "No connection."))
    desk = build_desk(qtbot, profile, syncer_factory=lambda store, progress: syncer)
    window = desk.window
    try:
        unlock(qtbot, desk)
        with qtbot.waitSignal(window.sync.settled, timeout=10_000):
            window.sync.sync_now()
        assert window.status_area.view.state is SyncState.FAILED
        assert why in window.status_area.state.text()
        assert window.sync._timer.isActive()  # it retries by itself

        with qtbot.waitSignal(window.sync.settled, timeout=10_000):
            window.sync.sync_now()
        text = window.status_area.state.text()
        assert "Offline: your work is saved on this laptop" in text
        assert window.status_area.state.property("role") == "sync-offline"  # calm, not an error
    finally:
        close_desk(qtbot, desk)


def test_a_wipe_order_locks_the_app_and_says_why(qtbot: Any, profile: Profile) -> None:
    why = "Your agency removed this laptop; its fieldcm data was erased."
    syncer = ScriptedSyncer(SyncResult("wiped", why))
    desk = build_desk(qtbot, profile, syncer_factory=lambda store, progress: syncer)
    window = desk.window
    try:
        unlock(qtbot, desk)
        with qtbot.waitSignal(window.locked, timeout=10_000):
            window.sync.sync_now()
        assert window.session is None
        assert window.lock_screen.reason.text() == why
    finally:
        close_desk(qtbot, desk)
