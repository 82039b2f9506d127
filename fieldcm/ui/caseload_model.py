"""The caseload as a Qt table model over small frozen rows, and its filters.

When is a contact due? A planned encounter says so. Without one, the next contact is due a
fixed interval after the last one, shorter for higher risk (:data:`CONTACT_INTERVAL_DAYS`,
the common ICM standard of weekly contact for high-acuity clients); a client never seen is
due now. The agency settings do not carry contact standards yet; when they do, the
interval comes from there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from fieldcm.store.caseload import CaseloadRow
from fieldcm.ui.formatting import (
    RISK_ORDER,
    assert_gui_thread,
    count_text,
    date_time,
    days_between,
    relative_day,
    risk_label,
    tr,
)

CONTACT_INTERVAL_DAYS: Final = {"high": 7, "moderate": 14, "low": 30}
DEFAULT_INTERVAL_DAYS: Final = 14
SORT_ROLE: Final = Qt.ItemDataRole.UserRole + 1
CLIENT_ID_ROLE: Final = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class CaseloadItem:
    """One client as the caseload table shows it."""

    client_id: str
    name: str
    legal_name: str
    risk_tier: str | None
    program: str
    last_contact: datetime | None
    next_due: datetime | None
    planned: bool
    overdue: bool
    open_flags: int
    mine: bool | None = None
    """Assigned to the person at the laptop; ``None`` when this laptop cannot tell."""

    @property
    def high_risk(self) -> bool:
        return (self.risk_tier or "").lower() == "high"


def next_due(row: CaseloadRow, now: datetime) -> tuple[datetime | None, bool]:
    """When the next contact is due and whether a visit is planned for then.

    ``None`` for a client never seen and with no visit planned: due since they were
    assigned, which is overdue.
    """
    if row.next_contact_at is not None:
        return row.next_contact_at, True
    if row.last_contact_at is None:
        return None, False
    days = CONTACT_INTERVAL_DAYS.get((row.risk_tier or "").lower(), DEFAULT_INTERVAL_DAYS)
    return row.last_contact_at + timedelta(days=days), False


def caseload_items(
    rows: Sequence[CaseloadRow], now: datetime, *, all_mine: bool = False
) -> list[CaseloadItem]:
    """The table's rows. ``all_mine``: the server sends this laptop only its user's own
    clients (a worker's scope, ``fieldcm.server.authz``), so every client is theirs.

    For anyone else (a supervisor sees the team's clients) the feed does not say who each
    client is assigned to, so "mine" stays unknown (``None``) rather than guessed.
    """
    mine = True if all_mine else None
    items = []
    for row in rows:
        due, planned = next_due(row, now)
        items.append(
            CaseloadItem(
                client_id=row.client_id,
                name=row.preferred_name or row.legal_name or tr("(no name)"),
                legal_name=row.legal_name or "",
                risk_tier=row.risk_tier,
                program=row.program or "",
                last_contact=row.last_contact_at,
                next_due=due,
                planned=planned,
                overdue=not planned and (due is None or due < now),
                open_flags=row.open_flags,
                mine=mine,
            )
        )
    return items


class Column(IntEnum):
    NAME = 0
    RISK = 1
    LAST_CONTACT = 2
    NEXT_DUE = 3
    FLAGS = 4


def _headers() -> dict[Column, str]:
    return {
        Column.NAME: tr("Client"),
        Column.RISK: tr("Risk"),
        Column.LAST_CONTACT: tr("Last contact"),
        Column.NEXT_DUE: tr("Next contact due"),
        Column.FLAGS: tr("Flags"),
    }


_RISK_COLORS: Final = {"high": "#b42318", "moderate": "#b54708", "low": "#067647"}
_OVERDUE_COLOR: Final = "#b42318"


_ROLES: Final = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.AccessibleTextRole,
        SORT_ROLE,
        CLIENT_ID_ROLE,
    }
)
"""The roles :meth:`CaseloadModel.data` answers; the view asks for many more per cell."""


class CaseloadModel(QAbstractTableModel):
    """Rows of :class:`CaseloadItem`; replaced whole after each read (GUI thread only).

    The model sorts itself (:meth:`sort`, with Python's sort over precomputed keys) instead
    of leaving it to the proxy: a proxy compares rows through ``data()`` calls, about
    120,000 of them for 5,000 clients, which took most of a second on the GUI thread.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[CaseloadItem] = []
        self._now = datetime.now().astimezone()
        self._sort: tuple[Column, Qt.SortOrder] | None = None

    def set_items(self, items: list[CaseloadItem], now: datetime) -> None:
        assert_gui_thread()
        self.beginResetModel()
        self._items = list(items)
        self._now = now
        if self._sort is not None:
            self._sort_items(*self._sort)
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by the real values of ``column`` (not the words shown); stable."""
        assert_gui_thread()
        self._sort = (Column(column), order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        before = [(self._items[i.row()], i.column()) for i in persistent]
        self._sort_items(*self._sort)
        position = {id(item): row for row, item in enumerate(self._items)}
        self.changePersistentIndexList(
            persistent, [self.index(position[id(item)], col) for item, col in before]
        )
        self.layoutChanged.emit()

    def _sort_items(self, column: Column, order: Qt.SortOrder) -> None:
        self._items.sort(
            key=lambda item: self._sort_key(item, column),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )

    def clear(self) -> None:
        self.set_items([], self._now)

    def item(self, row: int) -> CaseloadItem:
        return self._items[row]

    def items(self) -> list[CaseloadItem]:
        return list(self._items)

    def name_of(self, client_id: str) -> str | None:
        for item in self._items:
            if item.client_id == client_id:
                return item.name
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(Column)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _headers()[Column(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = Column(index.column())
        if role == CLIENT_ID_ROLE:
            return item.client_id
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{_headers()[column]}: {self._display(item, column)}"
        reader = {
            Qt.ItemDataRole.DisplayRole: self._display,
            SORT_ROLE: self._sort_key,
            Qt.ItemDataRole.ToolTipRole: self._tooltip,
            Qt.ItemDataRole.ForegroundRole: self._color,
        }.get(role)
        return None if reader is None else reader(item, column)

    def _display(self, item: CaseloadItem, column: Column) -> str:
        if column is Column.LAST_CONTACT:
            if item.last_contact is None:
                return tr("never")
            return relative_day(item.last_contact, self._now)
        if column is Column.NEXT_DUE:
            return self._due_text(item)
        return {
            Column.NAME: item.name,
            Column.RISK: risk_label(item.risk_tier),
            Column.FLAGS: str(item.open_flags) if item.open_flags else "",
        }[column]

    def _due_text(self, item: CaseloadItem) -> str:
        if item.next_due is None:
            return tr("Overdue: never seen")
        if item.overdue:
            late = max(1, days_between(item.next_due, self._now))
            return count_text(late, tr("1 day overdue"), tr("{n} days overdue"))
        when = relative_day(item.next_due, self._now)
        return (
            tr("Visit {when}").format(when=when)
            if item.planned
            else tr("Due {when}").format(when=when)
        )

    def _tooltip(self, item: CaseloadItem, column: Column) -> str | None:
        """Exact dates (our own text, never the person's: tooltips may render markup)."""
        if column is Column.LAST_CONTACT and item.last_contact is not None:
            return date_time(item.last_contact)
        if column is Column.NEXT_DUE and item.next_due is not None:
            return date_time(item.next_due)
        return None

    def _sort_key(self, item: CaseloadItem, column: Column) -> Any:
        def stamp(value: datetime | None, missing: float) -> float:
            return value.timestamp() if value is not None else missing

        return {
            Column.NAME: item.name.casefold(),
            Column.RISK: RISK_ORDER.get((item.risk_tier or "").lower(), 0),
            Column.LAST_CONTACT: stamp(item.last_contact, 0.0),
            Column.NEXT_DUE: stamp(item.next_due, float("-inf")),
            Column.FLAGS: item.open_flags,
        }[column]

    def _color(self, item: CaseloadItem, column: Column) -> QBrush | None:
        if column is Column.RISK and item.risk_tier:
            color = _RISK_COLORS.get(item.risk_tier.lower())
            return QBrush(QColor(color)) if color else None
        if column is Column.NEXT_DUE and item.overdue:
            return QBrush(QColor(_OVERDUE_COLOR))
        if column is Column.FLAGS and item.open_flags:
            return QBrush(QColor(_OVERDUE_COLOR))
        return None


class CaseloadFilter(QSortFilterProxyModel):
    """Filters overdue, high risk, mine; sorting is passed on to :class:`CaseloadModel`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
        self._overdue_only = False
        self._high_risk_only = False
        self._mine_only = False

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source sorts itself (fast); the proxy keeps its order and only filters."""
        model = self.sourceModel()
        if isinstance(model, CaseloadModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def set_mine_only(self, on: bool) -> None:
        """Only clients known to be assigned to me (unknown ones are not shown as mine)."""
        self._set_filter("_mine_only", on)

    def set_overdue_only(self, on: bool) -> None:
        self._set_filter("_overdue_only", on)

    def set_high_risk_only(self, on: bool) -> None:
        self._set_filter("_high_risk_only", on)

    def _set_filter(self, name: str, on: bool) -> None:
        # Qt 6.10's way to say the row filter changed (invalidateRowsFilter is deprecated).
        self.beginFilterChange()
        setattr(self, name, on)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, CaseloadModel):
            return True
        item = model.item(source_row)
        if self._overdue_only and not item.overdue:
            return False
        if self._mine_only and item.mine is not True:
            return False
        return not (self._high_risk_only and not item.high_risk)
