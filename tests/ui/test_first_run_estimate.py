"""The first sync shows a progress bar and the time left, and says so when it cannot know."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from fieldcm.store.vault import Vault
from fieldcm.sync.enrollment import (
    CodeSpentPassphraseRefused,
    Enrollment,
    enroll_and_sync,
    enroll_profile,
)
from fieldcm.sync.estimate import backfill_position, watching_transport
from fieldcm.sync.progress import Phase, Progress
from fieldcm.sync.transport import InMemoryTokenStore, TransportError
from fieldcm.ui.first_run import BAR_STEPS, FirstRunPage
from fieldcm.ui.tasks import Lane
from tests.integration.server_harness import Person, give_client, running_server
from tests.ui.builders import FAST_POLICY, PASSPHRASE
from tests.ui.conftest import save_shot

WORKER = "sam-rivera"


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_the_bar_fills_and_the_time_left_counts_down(qtbot: Any) -> None:
    network = Lane("network")
    page = FirstRunPage(Path("/nonexistent/profile"), network, policy=FAST_POLICY)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    clock = Clock()
    progress = page.progress
    progress.estimate._clock = clock
    page.stack.setCurrentIndex(1)
    page.show()
    progress.start("enrolling")
    progress.start("creating")
    progress.start("syncing")
    assert progress.bar.maximum() == 0, "busy until the share is known"
    assert progress.time_left.text() == "Working out how long this takes…"

    clock.now += 30
    progress.show_position(0.25)
    progress.show_progress(Progress(Phase.PULLING, pages=6, records=12_000, bytes_down=9 << 20))
    assert progress.bar.maximum() == BAR_STEPS
    assert progress.bar.value() == BAR_STEPS // 4
    assert progress.time_left.text() == "About 2 minutes left"  # 30 s a quarter: 90 s more
    total = QLocale().toString(48_000)
    assert f"of about {total} records · 400 per second" in progress.detail.text()
    QApplication.processEvents()
    save_shot(page, "first-run-estimate")

    clock.now += 45
    progress.refresh()  # the one-second tick
    assert progress.time_left.text() == "Less than a minute left"
    progress.finish()
    assert progress.time_left.text() == "Done."
    network.wait_idle()


def test_a_failed_setup_clears_the_estimate(qtbot: Any) -> None:
    network = Lane("network")
    page = FirstRunPage(Path("/nonexistent/profile"), network, policy=FAST_POLICY)
    qtbot.addWidget(page)
    page.progress.start("syncing")
    page.progress.fail("No connection to the agency server.")
    assert page.progress.time_left.text() == ""
    assert page.progress.bar.value() == 0
    network.wait_idle()


@pytest.fixture
def agency(tmp_path: Path) -> Any:
    with running_server("sqlite", tmp_path / "server") as server:
        server.add_team("North Outreach")
        server.cli(
            "users", "add", WORKER, "--role", "worker", "--team", "North Outreach",
            "--display-name", "Sam Rivera", "--credentials", "CM",
        )  # fmt: skip
        other = server.enroll(WORKER, device_name="Office laptop")
        person = Person(WORKER, "worker", "North Outreach", other, "")
        for index in range(6):
            give_client(server, person, f"Client {index} (invented)")
        yield server
        other.close()


def test_real_pages_arrive_in_client_order_so_the_share_only_grows(
    agency: Any, tmp_path: Path
) -> None:
    shares: list[float] = []
    make = watching_transport(shares.append)
    with make(agency.base_url, InMemoryTokenStore()) as link:
        pair = link.enroll(agency.enroll_code(WORKER), "Estimate laptop")
        assert pair.user.username == WORKER
        cursor = None
        while True:
            page = link.pull(cursor, limit=2)
            cursor = page.cursor
            if not page.has_more:
                break
    assert len(shares) >= 3
    assert shares == sorted(shares) and shares[-1] == 1.0
    assert all(0.0 <= s <= 1.0 for s in shares)
    assert backfill_position(page) == 1.0

    # The shared enrollment reports positions through the same factory.
    seen: list[float] = []
    store, result = enroll_and_sync(
        tmp_path / "profile",
        Enrollment(agency.base_url, agency.enroll_code(WORKER), PASSPHRASE),
        policy=FAST_POLICY,
        transport=watching_transport(seen.append),
    )
    store.lock()
    assert result.ok and seen[-1] == 1.0


def test_the_shared_enrollment_refuses_a_passphrase_built_from_the_name(
    agency: Any, tmp_path: Path
) -> None:
    """One piece serves the UI and ``fieldcm enroll``: the name check comes after the code."""
    folder = tmp_path / "profile"
    weak = "sam-rivera sam-rivera sam-rivera"
    with pytest.raises(CodeSpentPassphraseRefused, match="enrollment code is now used"):
        enroll_profile(
            folder,
            Enrollment(agency.base_url, agency.enroll_code(WORKER), weak),
            policy=FAST_POLICY,
        )
    assert not Vault(folder, policy=FAST_POLICY).exists()
    with pytest.raises(TransportError):
        enroll_profile(
            folder, Enrollment(agency.base_url, "not-a-real-code", PASSPHRASE), policy=FAST_POLICY
        )
    assert not Vault(folder, policy=FAST_POLICY).exists()
