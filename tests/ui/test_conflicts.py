"""Conflicts and refused edits, decided in their views, against a real local server.

Two workers edit the same safety-plan item offline; both laptops sync and both show the
conflict; one worker decides it in the conflicts view (offline first), and after syncing
both laptops hold the decision, the conflict is gone from both lists, and the losing text is
still kept in the resolved conflict record on both. Decided on both laptops at once, the
first decision counts. A refused edit shows with its reason, discard names what is lost and
asks first, and a corrected edit goes through.

Screenshots of both views at 1366x768 go to ``FIELDCM_SHOTS`` (see tests/ui/conftest.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from fieldcm.store.vault import Vault
from fieldcm.ui.attention_view import AttentionView
from fieldcm.ui.conflicts_view import ConflictsView
from fieldcm.ui.session import Session, read_workspace
from fieldcm.ui.tasks import Lane
from tests.integration.server_harness import ServerProcess, running_server
from tests.integration.sync.laptops import (
    Laptop,
    Office,
    assert_matches_server,
    item,
    plan_fields,
    server_view,
    snapshot,
)
from tests.security.helpers import FAST_POLICY
from tests.ui.conftest import save_shot

pytestmark = pytest.mark.ui

DEAD_LINK = "http://127.0.0.1:9"
V = TypeVar("V", ConflictsView, AttentionView)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    with running_server("sqlite", tmp_path_factory.mktemp("conflicts-server")) as made:
        yield made


@pytest.fixture
def office(server: ServerProcess, tmp_path: Path) -> Iterator[Office]:
    made = Office(server, tmp_path)
    lanes.clear()
    try:
        yield made
    finally:
        for lane in lanes:
            lane.wait_idle()
        made.close()


lanes: list[Lane] = []


def _view(qtbot: Any, laptop: Laptop, view: V) -> V:
    """``view`` over a session on ``laptop``'s store, shown at 1366x768 and loaded."""
    lane = Lane("database")
    lanes.append(lane)
    session = Session(
        laptop.store,
        read_workspace(laptop.store),
        vault=Vault(laptop.folder, policy=FAST_POLICY),
        db=lane,
    )
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.attach(session)
    _reload(qtbot, view)
    return view


def _reload(qtbot: Any, view: ConflictsView | AttentionView) -> int:
    with qtbot.waitSignal(view.loaded, timeout=10_000) as loaded:
        view.reload()
    return int(loaded.args[0])


def _conflicted_plan(
    office: Office, first_text: str = "Not sleeping"
) -> tuple[Laptop, Laptop, str]:
    ana, ben = office.person(), office.person()
    one, two = office.laptop(ana), office.laptop(ben)
    client = one.new_client("Wren Hollowell")
    first = item(first_text)
    plan = one.create("safety_plan", client, plan_fields(warning_signs=[first])).id
    assert one.sync().ok
    office.server.assign(client, ben)
    assert two.sync().ok
    one.update(plan, {"warning_signs": [{**first, "text": "Not sleeping for two nights"}]})
    two.update(
        plan,
        {"warning_signs": [{**first, "text": "Pacing at night; says the walls are too loud"}]},
    )
    for laptop in (one, two, one):
        assert laptop.sync().ok
    return one, two, plan


def _texts(laptop: Laptop, plan: str) -> list[str]:
    record = laptop.get(plan)
    assert record is not None
    return [i["text"] for i in record.fields["warning_signs"]]


def _plain_labels(widget: QWidget) -> None:
    for label in widget.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()


def test_one_worker_decides_offline_and_both_laptops_converge(qtbot: Any, office: Office) -> None:
    one, two, plan = _conflicted_plan(office)
    view = _view(qtbot, two, ConflictsView())
    assert view.model.rowCount() == 1
    [row] = view.model.rows()
    assert row.client == "Wren Hollowell"
    assert row.what.startswith("Safety plan: Step 1: Warning signs")
    assert row.mine.who == "You, on this laptop"
    assert row.theirs.who.endswith(", on another device")
    assert view.base.value.toPlainText() == "Not sleeping"
    assert view.mine.value.toPlainText() == "Pacing at night; says the walls are too loud"
    assert view.theirs.value.toPlainText() == "Not sleeping for two nights"
    assert view.edit_merged.isVisibleTo(view)  # a person's words: a merged text is offered
    _plain_labels(view)
    save_shot(view, "conflicts_view")

    # Keyboard only, with no connection: the conflict leaves the list at once.
    view.keep_mine.setFocus()
    with qtbot.waitSignal(view.decided, timeout=10_000):
        qtbot.keyClick(view.keep_mine, Qt.Key.Key_Space)
        assert view.model.rowCount() == 0
    assert view.empty.isVisibleTo(view)
    assert _texts(two, plan) == ["Pacing at night; says the walls are too loud"]
    assert two.sync(via=DEAD_LINK).status == "offline"
    assert two.read(lambda uow: uow.conflicts.pending_decision_count()) == 1
    assert _reload(qtbot, view) == 0

    assert two.sync().resolutions.sent == 1
    for laptop in (one, two):
        assert laptop.sync().ok
    other = _view(qtbot, one, ConflictsView())
    assert other.model.rowCount() == 0 and _reload(qtbot, view) == 0
    for laptop in (one, two):
        assert _texts(laptop, plan) == ["Pacing at night; says the walls are too loud"]
        [kept] = laptop.conflicts(status="resolved")
        assert kept.theirs["text"] == "Not sleeping for two nights"  # the losing text stays
        assert kept.resolution["text"].startswith("Pacing at night")
        assert_matches_server(laptop)
    assert snapshot(one) == snapshot(two)
    assert one.conflicts(status=None) == two.conflicts(status=None)


def test_decided_on_both_laptops_at_once_the_first_decision_counts(
    qtbot: Any, office: Office
) -> None:
    one, two, plan = _conflicted_plan(office)
    first = _view(qtbot, one, ConflictsView())
    second = _view(qtbot, two, ConflictsView())

    # On laptop one, a merged text written from both versions (Ctrl+Enter saves it).
    qtbot.mouseClick(first.edit_merged, Qt.MouseButton.LeftButton)
    prefilled = first.merged.toPlainText()
    assert "Not sleeping for two nights" in prefilled and "Pacing at night" in prefilled
    save_shot(first, "conflicts_merge")
    first.merged.setPlainText("Not sleeping for two nights; pacing at night")
    with qtbot.waitSignal(first.decided, timeout=10_000):
        qtbot.keyClick(first.merged, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(second.decided, timeout=10_000):
        qtbot.mouseClick(second.keep_theirs, Qt.MouseButton.LeftButton)

    assert one.sync().resolutions.sent == 1
    late = two.sync()
    assert late.ok and late.resolutions.already_resolved == 1
    for laptop in (one, two):
        assert laptop.sync().ok
    merged = "Not sleeping for two nights; pacing at night"
    assert _texts(one, plan) == _texts(two, plan) == [merged]
    assert one.conflicts(status=None) == two.conflicts(status=None)
    [final] = two.conflicts(status="resolved")
    assert final.resolution["text"] == merged
    assert _reload(qtbot, second) == 0


def test_a_refused_edit_is_explained_corrected_and_sent_or_discarded(
    qtbot: Any, office: Office
) -> None:
    laptop = office.laptop()
    kept = laptop.new_client("Tamsin Brackwater")
    dropped = laptop.new_client("Orrin Vasquez-Lyle")
    assert laptop.sync().ok
    laptop.update(dropped, {"notes": "Prefers morning visits (synthetic)."})
    assert laptop.sync().ok
    # Pasted texts far above what the server takes (synthetic filler, 9 MB each).
    huge = ("Filler line of a pasted document, synthetic. " * 2 + "\n") * 100_000
    laptop.update(kept, {"notes": huge})
    laptop.update(dropped, {"notes": "Second " + huge})
    result = laptop.sync()
    assert result.ok and result.push.rejected == 2

    view = _view(qtbot, laptop, AttentionView())
    assert [r.client for r in view.model.rows()] == ["Tamsin Brackwater", "Orrin Vasquez-Lyle"]
    assert "too large" in view.why.text()
    _plain_labels(view)

    # Correct the text and send it again.
    view.editors["notes"].setPlainText("Calls back after 5 pm (synthetic).")
    save_shot(view, "attention_view")
    with qtbot.waitSignals([view.resent, view.loaded], timeout=10_000):
        qtbot.mouseClick(view.resend_button, Qt.MouseButton.LeftButton)
    assert [r.client for r in view.model.rows()] == ["Orrin Vasquez-Lyle"]

    # Discard first asks, naming what would be lost and what comes back; Cancel keeps it.
    qtbot.mouseClick(view.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.confirm is not None, timeout=10_000)
    box = view.confirm
    assert box is not None
    text = box.text()
    assert "cannot be undone" in text and "Notes" in text
    assert "Second Filler line of a pasted document" in text
    assert "Prefers morning visits (synthetic)." in text
    save_shot(box, "attention_discard_confirm")
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert len(laptop.attention()) == 1

    qtbot.mouseClick(view.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.confirm is not None, timeout=10_000)
    box = view.confirm
    assert box is not None
    with qtbot.waitSignals([view.discarded, view.loaded], timeout=10_000):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Discard), Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 0 and laptop.attention() == []
    record = laptop.get(dropped)
    assert record is not None and record.fields["notes"] == "Prefers morning visits (synthetic)."

    assert laptop.sync().push.applied == 1
    assert server_view(laptop)[kept].fields["notes"] == "Calls back after 5 pm (synthetic)."
    assert_matches_server(laptop)
