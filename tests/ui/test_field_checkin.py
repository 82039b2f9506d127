"""The field-visit check-in panel and the overdue watcher: real store, real lanes, moved clock.

The panel's reminder runs on a real QTimer (a few milliseconds here) against the session's
clock, which the test moves by hand (``FakeClock``): no test waits for real minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt

from fieldcm.domain.field_visit import read_visit
from fieldcm.services import field_visits
from fieldcm.store.uow import UnitOfWork
from fieldcm.ui.field_checkin import CHECKOUT_PAGE, VISIT_PAGE, FieldCheckinPanel, FieldVisitWatcher
from fieldcm.ui.formatting import time_only
from fieldcm.ui.sync_controller import SyncState, SyncView
from tests.ui.builders import NOW
from tests.ui.conftest import Desk, save_shot, session_of, unlock

pytestmark = pytest.mark.ui

CLIENT = "Dacey Dunmore"
FALLBACK = "Call the outreach office at 555-0142 (24 h) or text CHECKIN to 555-0199."


@pytest.fixture
def panel(qtbot: Any, desk: Desk) -> Iterator[FieldCheckinPanel]:
    unlock(qtbot, desk)
    session = session_of(desk)
    settings = session.workspace.settings.model_copy(update={"checkin_fallback": FALLBACK})
    session.workspace = replace(session.workspace, settings=settings)
    made = FieldCheckinPanel(tick_ms=20)
    qtbot.addWidget(made)
    with qtbot.waitSignal(made.visit_loaded, timeout=10_000):
        made.attach(session)
    made.resize(1366, 768)
    made.show()
    yield made
    made.detach()
    desk.db.wait_idle()


def _visits(desk: Desk) -> list[Any]:
    with UnitOfWork(session_of(desk).store.engine, read_only=True) as uow:
        return field_visits.open_visits(uow, now=desk.clock.now())


def _alerts(desk: Desk, client_id: str) -> list[Any]:
    with UnitOfWork(session_of(desk).store.engine, read_only=True) as uow:
        return [
            r for r in uow.records.for_client(client_id, kinds=("alert",))
            if r.fields["type"] == "field_visit_overdue"
        ]  # fmt: skip


def _advance(desk: Desk, minutes: float) -> None:
    desk.clock.advance(minutes * 60)
    desk.idle.touch()  # the worker is still at the laptop (the idle lock is tested elsewhere)


def test_check_out_remind_extend_miss_and_check_in(
    qtbot: Any, desk: Desk, panel: FieldCheckinPanel
) -> None:
    client_id = desk.profile.caseload.clients[CLIENT]
    panel.set_online(True)
    panel.prepare(client_id, CLIENT)
    assert panel.page == CHECKOUT_PAGE
    assert panel.fallback.isHidden()
    assert not panel.checkout_button.isEnabled()  # no address yet
    qtbot.keyClicks(panel.address, "12 Example Lane, Apt 3")
    panel.duration.setValue(45)
    assert panel.due_by.text() == time_only(NOW + timedelta(minutes=45))
    assert panel.checkout_button.isEnabled()
    save_shot(panel, "checkin-01-checkout-online")

    with qtbot.waitSignals([panel.checked_out, panel.visit_loaded], timeout=10_000):
        qtbot.keyClick(panel.address, Qt.Key.Key_Return)
    assert panel.page == VISIT_PAGE
    [visit] = _visits(desk)
    assert visit.visit.address == "12 Example Lane, Apt 3" and visit.client_id == client_id
    assert visit.visit.expected_return_at == NOW + timedelta(minutes=45)
    assert panel.state.text() == "On visit"

    _advance(desk, 41)  # the QTimer notices on its own: no call from the test
    with qtbot.waitSignal(panel.reminder, timeout=5_000) as soon:
        pass
    assert "in a few minutes" in soon.args[0]
    _advance(desk, 5)
    with qtbot.waitSignal(panel.reminder, timeout=5_000) as due:
        pass
    assert "Check in now" in due.args[0] and panel.state.text() == "Check-in due"
    save_shot(panel, "checkin-02-check-due")

    panel.extend_by.setValue(30)
    with qtbot.waitSignals([panel.extended, panel.visit_loaded], timeout=10_000):
        panel.extend_button.click()
    [visit] = _visits(desk)
    # Already past the old return time: extended from now (46 min), not from the old time.
    assert visit.visit.expected_return_at == NOW + timedelta(minutes=46 + 30)
    assert panel.state.text() == "On visit"

    _advance(desk, 41)  # 87 min: past the new return (76) and its grace (86)
    with qtbot.waitSignal(panel.reminder, timeout=5_000) as overdue:
        pass
    assert "missed your check-in" in overdue.args[0] and panel.state.text() == "Overdue"
    qtbot.waitUntil(lambda: len(_alerts(desk, client_id)) == 1, timeout=10_000)
    [alert] = _alerts(desk, client_id)
    assert alert.fields["notify"] == "supervisor" and alert.fields["source_id"] == visit.id
    assert panel.safe_button.text().replace("&", "") == "I'm safe (+30 min)"
    save_shot(panel, "checkin-03-overdue")

    # Past the return time, "I'm safe" also moves it on, so the visit is no longer overdue.
    with qtbot.waitSignals([panel.extended, panel.visit_loaded], timeout=10_000):
        qtbot.keyClick(
            panel,
            Qt.Key.Key_S,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert panel.state.text() == "On visit"

    with qtbot.waitSignals([panel.checked_in, panel.visit_loaded], timeout=10_000):
        panel.checkin_button.click()
    assert panel.page == CHECKOUT_PAGE and panel.address.text() == ""
    assert _visits(desk) == []
    assert len(_alerts(desk, client_id)) == 1  # the trail stays; nothing more is raised


def test_offline_the_panel_shows_the_agency_phone_fallback(
    qtbot: Any, desk: Desk, panel: FieldCheckinPanel
) -> None:
    client_id = desk.profile.caseload.clients[CLIENT]
    panel.follow(desk.window.sync.changed)
    panel.prepare(client_id, CLIENT)
    desk.window.sync.changed.emit(SyncView(state=SyncState.OFFLINE))
    assert not panel.online and panel.fallback.isVisible()
    assert panel.fallback_text.text() == FALLBACK
    assert panel.fallback_text.textFormat() == Qt.TextFormat.PlainText
    qtbot.keyClicks(panel.address, "Riverside encampment, north bridge")
    save_shot(panel, "checkin-04-checkout-offline")
    with qtbot.waitSignal(panel.checked_out, timeout=10_000):  # offline never blocks it
        panel.checkout_button.click()
    qtbot.waitUntil(lambda: panel.page == VISIT_PAGE, timeout=10_000)
    save_shot(panel, "checkin-05-on-visit-offline")
    desk.window.sync.changed.emit(SyncView(state=SyncState.UP_TO_DATE))
    assert panel.online and panel.fallback.isHidden()


def test_a_refused_action_is_said_in_words(
    qtbot: Any, desk: Desk, panel: FieldCheckinPanel
) -> None:
    client_id = desk.profile.caseload.clients[CLIENT]
    session = session_of(desk)
    with UnitOfWork(session.store.engine) as uow:
        visit = field_visits.start_visit(
            uow, client_id=client_id, worker_id=session.identity.user_id, address="Library",
            at=NOW, expected_return_at=NOW + timedelta(hours=1),
        )  # fmt: skip
        uow.commit()
    with qtbot.waitSignal(panel.visit_loaded, timeout=10_000):
        panel.reload()
    assert panel.visit is not None and panel.visit.id == visit.id
    with UnitOfWork(session.store.engine) as uow:  # checked in meanwhile (another window)
        field_visits.finish_visit(uow, visit.id, at=NOW + timedelta(minutes=5))
        uow.commit()
    panel.safe_button.click()
    qtbot.waitUntil(panel.message.isVisible, timeout=10_000)
    assert "already checked in" in panel.message.text()


def test_the_watcher_raises_a_colleague_s_missed_check_in_once(qtbot: Any, desk: Desk) -> None:
    """The supervisor's laptop: the visit arrived through sync; nobody here is on it."""
    unlock(qtbot, desk)
    session = session_of(desk)
    client_id = desk.profile.caseload.clients[CLIENT]
    with UnitOfWork(session.store.engine) as uow:
        visit = field_visits.start_visit(
            uow, client_id=client_id, worker_id="another-worker", address="Shelter, room 4",
            at=NOW, expected_return_at=NOW + timedelta(minutes=30),
        )  # fmt: skip
        uow.commit()
    watcher = FieldVisitWatcher(tick_ms=60_000)
    watcher.attach(session)
    desk.db.wait_idle()
    qtbot.wait(50)
    assert _alerts(desk, client_id) == []  # not overdue yet
    _advance(desk, 41)
    with qtbot.waitSignal(watcher.alerts_raised, timeout=10_000) as raised:
        watcher.check_now()
    assert raised.args == [1]
    [alert] = _alerts(desk, client_id)
    assert alert.fields["source_id"] == visit.id
    assert read_visit(visit.fields).worker_id == "another-worker"
    watcher.check_now()
    desk.db.wait_idle()
    qtbot.wait(50)
    assert len(_alerts(desk, client_id)) == 1
    watcher.detach()


def test_every_control_is_named_and_a_hostile_address_stays_text(
    qtbot: Any, desk: Desk, panel: FieldCheckinPanel
) -> None:
    from tests.ui.builders import HOSTILE
    from tests.ui.test_quality import rich_labels, unnamed_controls

    panel.prepare(desk.profile.caseload.clients[HOSTILE], HOSTILE)
    assert unnamed_controls(panel) == [] and rich_labels(panel) == []
    qtbot.keyClicks(panel.address, HOSTILE)
    with qtbot.waitSignals([panel.checked_out, panel.visit_loaded], timeout=10_000):
        panel.checkout_button.click()
    assert panel.where.text() == f"At: {HOSTILE}" and panel.client.text() == HOSTILE
    assert unnamed_controls(panel) == [] and rich_labels(panel) == []
