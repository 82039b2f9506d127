"""Each main screen rendered at 1366x768 to PNG (looked at by a person, not compared)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fieldcm.ui.first_run import FirstRunPage
from fieldcm.ui.shortcuts import ShortcutsDialog
from fieldcm.ui.sign_dialogs import SignDialog
from fieldcm.ui.tasks import Lane
from tests.ui.builders import HOSTILE, add_conflict
from tests.ui.conftest import (
    OkSyncer,
    Profile,
    build_desk,
    close_desk,
    open_client,
    save_shot,
    unlock,
)


@pytest.mark.ui
def test_every_main_screen_renders_at_1366x768(qtbot: Any, profile: Profile) -> None:
    syncer = OkSyncer()
    desk = build_desk(qtbot, profile, syncer_factory=lambda store, progress: syncer)
    window = desk.window
    try:
        assert window.size().width() == 1366
        save_shot(window, "01-lock")

        unlock(qtbot, desk)
        with qtbot.waitSignal(window.sync.settled, timeout=10_000):
            window.sync.sync_now()
        save_shot(window, "02-caseload")

        client_id = profile.caseload.clients["Avery Ashgrove"]
        open_client(qtbot, desk, client_id)
        save_shot(window, "03-client")

        hostile = profile.caseload.clients[HOSTILE]
        open_client(qtbot, desk, hostile)
        save_shot(window, "04-client-hostile-name")

        note_id = profile.caseload.notes[client_id]
        with qtbot.waitSignal(window.editor.loaded, timeout=10_000):
            window.open_note(client_id, note_id)
        save_shot(window, "05-signed-note")
        window.editor.close_note()

        with qtbot.waitSignal(window.editor.loaded, timeout=10_000):
            window.client_view.request_new_note()
        save_shot(window, "06-new-note")
        window.editor.close_note()

        add_conflict(window.session.store, client_id)  # type: ignore[union-attr]
        with qtbot.waitSignal(window.sync.settled, timeout=10_000):
            window.sync.sync_now()
        assert window.status_area.view.conflicts == 1
        open_client(qtbot, desk, client_id)
        assert window.client_view.conflicts.isVisible()
        save_shot(window, "07-sync-conflict")

        window.caseload.search.setText("housing")
        with qtbot.waitSignal(window.caseload.search_finished, timeout=10_000):
            pass
        save_shot(window, "08-search")

        # The dialogs of signing, on their own.
        editor = window.editor
        with qtbot.waitSignal(editor.loaded, timeout=10_000):
            window.open_note(client_id, note_id)
        editor.add_addendum()
        assert editor._dialog is not None
        save_shot(editor._dialog, "13-addendum-dialog")
        editor._dialog.reject()
        sign = SignDialog(
            signer="Sam Rivera",
            credentials="CM",
            warnings=["Signing now labels this note a late entry (the service ended 5 Mar)."],
            confirm=lambda _p: None,  # type: ignore[arg-type,return-value]
        )
        qtbot.addWidget(sign)
        sign.show()
        save_shot(sign, "14-sign-dialog")
        shortcuts = ShortcutsDialog(window.menuBar())
        qtbot.addWidget(shortcuts)
        shortcuts.show()
        save_shot(shortcuts, "15-shortcuts")
    finally:
        close_desk(qtbot, desk)


@pytest.mark.ui
def test_first_run_renders_at_1366x768(qtbot: Any, tmp_path: Path) -> None:
    page = FirstRunPage(tmp_path / "profile", Lane("network"))
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.server.setText("https://fieldcm.agency.example")
    page.code.setText("K7Q2-MX4P")
    page.passphrase.setText("copper meadow")
    save_shot(page, "16-first-run")
