"""``fieldcm demo``: a real local server with the synthetic agency, enrolled and synced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fieldcm.demo import DEMO_PASSPHRASE, DemoServer
from fieldcm.ui.demo_launcher import DemoLauncher
from tests.ui.builders import FAST_POLICY
from tests.ui.conftest import Profile, build_desk, close_desk, unlock

pytestmark = pytest.mark.ui


def test_the_demo_starts_a_server_enrolls_syncs_and_shows_the_caseload(
    qtbot: Any, tmp_path: Path
) -> None:
    server = DemoServer(tmp_path / "server", clients=12)
    profile = Profile(tmp_path / "profile", None)  # type: ignore[arg-type]
    desk = build_desk(qtbot, profile, hint=f"Demo passphrase: {DEMO_PASSPHRASE}")
    window = desk.window
    launcher = DemoLauncher(
        server, profile.folder, DEMO_PASSPHRASE, desk.network, policy=FAST_POLICY
    )
    launcher.ready.connect(window.open_session)
    window.show_setup(launcher)
    try:
        with qtbot.waitSignal(window.caseload_loaded, timeout=90_000) as loaded:
            launcher.begin()
        assert loaded.args == [2]  # 12 clients over the agency's six workers
        assert server.base_url.startswith("http://127.0.0.1:")
        assert DEMO_PASSPHRASE in launcher.passphrase_note.text()

        with qtbot.waitSignal(window.locked, timeout=10_000):
            window.lock()
        assert DEMO_PASSPHRASE in window.lock_screen.hint.text()
        unlock(qtbot, desk, DEMO_PASSPHRASE)
    finally:
        close_desk(qtbot, desk)
        process = server.process
        server.stop()
        assert process is None or process.poll() is not None
