"""The caseload panel: quick search, the overdue / high-risk / mine filters and the table.

Quick search runs the store's full-text search on the database lane as the person types
(after a short pause, :data:`SEARCH_DELAY_MS`); an answer to an older query is dropped, so
results always match what is in the box. While the box holds text, the results list takes
the table's place; Esc empties the box and brings the table back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListView,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldcm.ui.caseload_model import CLIENT_ID_ROLE, CaseloadFilter, CaseloadModel, Column
from fieldcm.ui.search_model import (
    RESULT_ROLE,
    SearchModel,
    SearchResult,
    SearchResultDelegate,
)
from fieldcm.ui.widgets import named, plain_label, record_table

SEARCH_DELAY_MS: Final = 150
SEARCH_LIMIT: Final = 30


class CaseloadView(QWidget):
    """GUI thread only. ``search_runner`` is set by the window once a session is open."""

    client_chosen = Signal(str)
    note_chosen = Signal(str, str)
    """``(client_id, record_id)`` of a note (or addendum) found by search."""
    search_finished = Signal(str, int)
    """``(query, number of results)``: tests wait on it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseloadView")
        self.model = CaseloadModel(self)
        self.proxy = CaseloadFilter(self)
        self.proxy.setSourceModel(self.model)
        self.results = SearchModel(self)
        self._search: Callable[[str], object] | None = None
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(SEARCH_DELAY_MS)
        self._delay.timeout.connect(self._run_search)
        self._build()

    def _build(self) -> None:
        self.title = plain_label(self.tr("Caseload"), role="section")
        self.count = plain_label("", role="muted", name=self.tr("Number of clients shown"))
        self.search = named(
            QLineEdit(), self.tr("Quick search"), self.tr("Search clients and notes")
        )
        self.search.setPlaceholderText(self.tr("Search clients and notes (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._typed)
        self.search.installEventFilter(self)
        self.overdue = named(QCheckBox(self.tr("&Overdue")), self.tr("Show only overdue clients"))
        self.high_risk = named(
            QCheckBox(self.tr("&High risk")), self.tr("Show only high-risk clients")
        )
        self.mine = named(QCheckBox(self.tr("M&ine")), self.tr("Show only clients assigned to me"))
        self.overdue.toggled.connect(self._filters_changed)
        self.high_risk.toggled.connect(self._filters_changed)
        self.mine.toggled.connect(self._filters_changed)
        self.model.modelReset.connect(self._ownership_changed)

        self.table = record_table(self.tr("Caseload table"))
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.NEXT_DUE, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        # Size columns by the rows on screen, not by 1,000 rows of Python data() calls.
        header.setResizeContentsPrecision(0)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        for column in (Column.RISK, Column.LAST_CONTACT, Column.NEXT_DUE, Column.FLAGS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self._open_row)
        self.table.doubleClicked.connect(self._open_row)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self._build_results())

        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addStretch(1)
        heading.addWidget(self.count)
        filters = QHBoxLayout()
        filters.addWidget(plain_label(self.tr("Show only:"), role="muted"))
        filters.addWidget(self.overdue)
        filters.addWidget(self.high_risk)
        filters.addWidget(self.mine)
        filters.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 8, 12)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.pages, 1)

    def _build_results(self) -> QWidget:
        self.result_list = named(QListView(), self.tr("Search results"))
        self.result_list.setModel(self.results)
        self.result_list.setItemDelegate(SearchResultDelegate(self.result_list))
        self.result_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.result_list.setUniformItemSizes(True)
        self.result_list.activated.connect(self._open_result)
        self.result_list.doubleClicked.connect(self._open_result)
        self.no_results = plain_label("", role="muted", name=self.tr("Search status"))

        results_page = QWidget()
        results_layout = QVBoxLayout(results_page)
        results_layout.setContentsMargins(0, 0, 0, 0)
        results_layout.addWidget(self.no_results)
        results_layout.addWidget(self.result_list, 1)
        return results_page

    # ---- wiring ---------------------------------------------------------------------

    def set_search(self, search: Callable[[str], object] | None) -> None:
        """``search(text)`` starts a search whose results come back to :meth:`show_results`."""
        self._search = search

    def clear(self) -> None:
        """Lock: forget the caseload, the query and its results."""
        self._delay.stop()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.clear()
        self.results.clear()
        self.pages.setCurrentIndex(0)
        self.count.clear()

    def update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown != total:
            text = self.tr("{shown} of {n} clients").format(shown=shown, n=total)
        elif total and self._all_mine():
            text = self.tr("{n} clients, all assigned to you").format(n=total)
        else:
            text = self.tr("{n} clients").format(n=total)
        self.count.setText(text)

    def _all_mine(self) -> bool:
        return all(item.mine is True for item in self.model.items())

    def _ownership_changed(self) -> None:
        """ "Mine" only where it means something and the laptop knows the answer.

        A caseload that is all mine (a worker's) needs no filter; one where the server did
        not say who is assigned (a supervisor's team, today) gets a disabled filter that
        says why, rather than a guess.
        """
        items = self.model.items()
        known = bool(items) and all(item.mine is not None for item in items)
        self.mine.setVisible(bool(items) and not self._all_mine())
        self.mine.setEnabled(known)
        if known:
            self.mine.setToolTip(self.tr("Show only clients assigned to you (Alt+I)"))
        else:
            self.mine.setChecked(False)
            self.mine.setToolTip(
                self.tr(
                    "This laptop is not told which of your team's clients are assigned to "
                    "you, so it cannot filter them yet."
                )
            )
        self.mine.setAccessibleDescription(self.mine.toolTip())

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def selected_client(self) -> str | None:
        index = self.table.currentIndex()
        return index.data(CLIENT_ID_ROLE) if index.isValid() else None

    # ---- search ---------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        if text.strip():
            self.pages.setCurrentIndex(1)
            self._delay.start()
        else:
            self._delay.stop()
            self.results.clear()
            self.pages.setCurrentIndex(0)

    def _run_search(self) -> None:
        query = self.search.text().strip()
        if query and self._search is not None:
            self._search(query)

    def show_results(self, query: str, results: list[SearchResult]) -> None:
        if query != self.search.text().strip():
            return  # the person typed on; a newer search is coming
        self.results.set_results(results)
        self.no_results.setText(
            self.tr("Nothing found for “{query}”.").format(query=query)
            if not results
            else self.tr("{n} results").format(n=len(results))
        )
        self.search_finished.emit(query, len(results))

    def _open_result(self, index: QModelIndex) -> None:
        result = index.data(RESULT_ROLE)
        if not isinstance(result, SearchResult):
            return
        if result.kind in ("note", "addendum"):
            self.note_chosen.emit(result.client_id, result.record_id)
        else:
            self.client_chosen.emit(result.client_id)

    # ---- table ----------------------------------------------------------------------

    def _filters_changed(self) -> None:
        self.proxy.set_overdue_only(self.overdue.isChecked())
        self.proxy.set_high_risk_only(self.high_risk.isChecked())
        self.proxy.set_mine_only(self.mine.isChecked())
        self.update_count()

    def _open_row(self, index: QModelIndex) -> None:
        client_id = index.data(CLIENT_ID_ROLE)
        if isinstance(client_id, str):
            self.client_chosen.emit(client_id)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._open_row(current)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.search and isinstance(event, QKeyEvent):
            if event.type() != QEvent.Type.KeyPress:
                return super().eventFilter(watched, event)
            key = event.key()
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
            if key == Qt.Key.Key_Down:
                target = self.result_list if self.pages.currentIndex() == 1 else self.table
                target.setFocus()
                if not target.currentIndex().isValid() and target.model().rowCount() > 0:
                    target.setCurrentIndex(target.model().index(0, 0))
                return True
        return super().eventFilter(watched, event)
