"""A case manager's day against a real local server (synthetic agency on 127.0.0.1).

Enroll this laptop from the first-run screen, lock and unlock, find a client by quick
search, lose the connection, write and sign a visit note anyway, see the status bar say
"offline" with the edit waiting, get the connection back, sync, and find the signed note
on the worker's second laptop.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from fieldcm.store.vault import Vault
from fieldcm.ui.first_run import FirstRunPage
from fieldcm.ui.idle import IdleLock
from fieldcm.ui.main_window import MainWindow
from fieldcm.ui.sync_controller import SyncState, engine_syncer
from fieldcm.ui.tasks import Lane
from tests.integration import server_harness
from tests.integration.server_harness import (
    Person,
    ServerProcess,
    give_client,
    latest_by_id,
    running_server,
)
from tests.mutations import create
from tests.ui.builders import FAST_POLICY, HOSTILE, PASSPHRASE
from tests.ui.conftest import Desk, FakeClock, Profile, close_desk, unlock
from tests.ui.test_notes import _fill, _sign

pytestmark = pytest.mark.ui

WORKER = "sam-rivera"


@pytest.fixture
def agency(tmp_path: Path) -> Iterator[tuple[ServerProcess, Person]]:
    with running_server("sqlite", tmp_path / "server") as server:
        server.add_team("North Outreach")
        server.cli(
            "users", "add", WORKER, "--role", "worker", "--team", "North Outreach",
            "--display-name", "Sam Rivera", "--credentials", "CM",
        )  # fmt: skip
        second = server.enroll(WORKER, device_name="Second laptop")
        person = Person(WORKER, "worker", "North Outreach", second, "")
        for name in ("Avery Ashgrove", "Brin Birchall", HOSTILE):
            client = give_client(server, person, name)
            goal = {"statement": "Keep the new lease", "domain": "housing", "status": "active",
                    "objectives": []}  # fmt: skip
            second.push_one(create("goal", goal, client_id=client.id))
        yield server, person
        second.close()


def _desk(qtbot: Any, folder: Path) -> Desk:
    clock = FakeClock()
    clock.wall = __import__("time").time()  # real time: the server dates what it receives
    db, network = Lane("database"), Lane("network")
    idle = IdleLock(monotonic=lambda: clock.mono, wall=lambda: clock.wall, tick_ms=60_000)
    idle.start()

    def syncer(store: Any, progress: Any) -> Any:
        return engine_syncer(store, progress, transport_options={"max_retries": 0})

    window = MainWindow(
        Vault(folder, policy=FAST_POLICY),
        db=db,
        network=network,
        syncer_factory=syncer,
        idle=idle,
        clock=clock.now,
    )
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return Desk(window, db, network, clock, idle, Profile(folder, None))  # type: ignore[arg-type]


def _enroll_from_first_run(qtbot: Any, desk: Desk, server: ServerProcess) -> None:
    page = FirstRunPage(desk.profile.folder, desk.network, policy=FAST_POLICY)
    page.enrolled.connect(desk.window.open_session)
    desk.window.show_setup(page)
    assert not page.connect_button.isEnabled()
    qtbot.keyClicks(page.server, server.base_url)
    qtbot.keyClicks(page.code, server.enroll_code(WORKER))
    qtbot.keyClicks(page.passphrase, "password123")
    assert "15 characters" in page.strength.text()
    page.passphrase.setText(PASSPHRASE)
    page.again.setText(PASSPHRASE)
    assert page.connect_button.isEnabled()
    with qtbot.waitSignal(desk.window.caseload_loaded, timeout=60_000) as loaded:
        qtbot.mouseClick(page.connect_button, Qt.MouseButton.LeftButton)
    assert loaded.args == [3]


def _sync(qtbot: Any, desk: Desk) -> Any:
    """Sync now; returns the result once the status area shows the counts after it."""
    with qtbot.waitSignal(desk.window.sync.settled, timeout=60_000) as settled:
        desk.window.sync.sync_now()
    return settled.args[0]


def test_a_field_day_enroll_find_write_offline_sign_sync(
    qtbot: Any, tmp_path: Path, agency: tuple[ServerProcess, Person], monkeypatch: Any
) -> None:
    server, person = agency
    desk = _desk(qtbot, tmp_path / "laptop")
    window = desk.window
    try:
        _enroll_from_first_run(qtbot, desk, server)
        names = {item.name for item in window.caseload.model.items()}
        assert names == {"Avery Ashgrove", "Brin Birchall", HOSTILE}
        assert window.status_area.view.state is SyncState.UP_TO_DATE

        # Lock and unlock with the passphrase chosen at enrollment.
        with qtbot.waitSignal(window.locked, timeout=10_000):
            qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        unlock(qtbot, desk)

        # Find the client by quick search and open it from the results, keyboard only.
        window.caseload.search.setFocus()
        with qtbot.waitSignal(window.caseload.search_finished, timeout=10_000):
            qtbot.keyClicks(window.caseload.search, "birch")
        qtbot.keyClick(window.caseload.search, Qt.Key.Key_Down)
        with qtbot.waitSignal(window.client_loaded, timeout=10_000):
            qtbot.keyClick(window.caseload.result_list, Qt.Key.Key_Return)
        record = window.client_view.record
        assert record is not None and record.name == "Brin Birchall"
        assert [g.statement for g in record.goals] == ["Keep the new lease"]

        # The connection goes; writing and signing do not notice.
        port = server.port
        server.stop()
        with qtbot.waitSignal(window.editor.loaded, timeout=10_000):
            window.client_view.request_new_note()
        editor = window.editor
        with qtbot.waitSignal(editor.saved, timeout=10_000):
            _fill(qtbot, editor, desk)
        assert "Ready to sign" in editor.checks.text()
        dialog = _sign(qtbot, editor, PASSPHRASE)
        with qtbot.waitSignal(editor.signed, timeout=10_000):
            qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        note_id = editor.note_id
        assert note_id is not None

        result = _sync(qtbot, desk)
        assert result.status == "offline"
        assert window.status_area.view.pending >= 1
        assert window.status_area.view.state is SyncState.OFFLINE
        assert "Offline" in window.status_area.state.text()

        # The connection comes back (same address); sync sends the signed note.
        monkeypatch.setattr(server_harness, "free_port", lambda: port)
        server.start()
        result = _sync(qtbot, desk)
        assert result.status == "ok", result.message
        assert window.status_area.view.pending == 0
        assert window.status_area.view.state is SyncState.UP_TO_DATE
        assert "Up to date" in window.status_area.state.text()

        # The worker's second laptop receives it, signed and intact.
        changes, _cursor = person.device.pull_all()
        note = latest_by_id(changes)[note_id]
        assert note.fields["status"] == "signed"
        assert note.fields["signature"]["name"] == "Sam Rivera"
        assert note.fields["sections"]["plan"] == "Synthetic plan text."
    finally:
        close_desk(qtbot, desk)
