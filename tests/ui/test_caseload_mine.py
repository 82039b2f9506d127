"""The caseload's "Mine" filter: offered only where the laptop knows whose clients are whose."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from fieldcm.store.caseload import CaseloadRow
from fieldcm.ui.caseload_model import caseload_items
from fieldcm.ui.caseload_view import CaseloadView
from tests.ui.builders import NOW
from tests.ui.conftest import Desk, unlock


def _rows(n: int) -> list[CaseloadRow]:
    return [
        CaseloadRow(
            f"00000000-0000-4000-8000-00000000000{i}",
            f"Client {i}",
            None,
            "low",
            "ICM",
            None,
            None,
            0,
        )
        for i in range(n)
    ]


def test_a_workers_caseload_is_all_theirs_so_no_filter_is_offered(qtbot: Any, desk: Desk) -> None:
    unlock(qtbot, desk)
    caseload = desk.window.caseload
    assert caseload.mine.isHidden()
    assert "all assigned to you" in caseload.count.text()


def test_when_assignment_is_unknown_the_filter_says_why(qtbot: Any) -> None:
    view = CaseloadView()
    qtbot.addWidget(view)
    view.model.set_items(caseload_items(_rows(3), NOW), NOW)
    view.update_count()
    assert not view.mine.isHidden() and not view.mine.isEnabled()
    assert "not told" in view.mine.toolTip()
    assert view.count.text() == "3 clients"


def test_mine_keeps_only_the_clients_known_to_be_mine(qtbot: Any) -> None:
    view = CaseloadView()
    qtbot.addWidget(view)
    items = caseload_items(_rows(4), NOW, all_mine=True)
    items[1] = replace(items[1], mine=False)
    items[3] = replace(items[3], mine=False)
    view.model.set_items(items, NOW)
    view.update_count()
    assert view.mine.isEnabled()
    view.mine.setChecked(True)
    assert view.proxy.rowCount() == 2
    assert view.count.text() == "2 of 4 clients"
    view.mine.setChecked(False)
    assert view.proxy.rowCount() == 4


def test_sorting_uses_the_real_values_and_keeps_the_selection(qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    from fieldcm.ui.caseload_model import CLIENT_ID_ROLE, Column

    view = CaseloadView()
    qtbot.addWidget(view)
    rows = [
        row._replace(risk_tier=tier)
        for row, tier in zip(_rows(3), ("low", "high", "moderate"), strict=True)
    ]
    view.model.set_items(caseload_items(rows, NOW), NOW)
    view.table.sortByColumn(Column.RISK, Qt.SortOrder.DescendingOrder)
    shown = [view.proxy.index(r, Column.RISK).data() for r in range(3)]
    assert shown == ["High", "Moderate", "Low"]
    view.table.selectRow(2)
    chosen = view.selected_client()
    view.table.sortByColumn(Column.RISK, Qt.SortOrder.AscendingOrder)
    assert view.selected_client() == chosen
    assert view.proxy.index(0, 0).data(CLIENT_ID_ROLE) == chosen
    # A fresh read keeps the order the person chose.
    view.model.set_items(caseload_items(rows, NOW), NOW)
    assert [view.proxy.index(r, Column.RISK).data() for r in range(3)] == [
        "Low",
        "Moderate",
        "High",
    ]
