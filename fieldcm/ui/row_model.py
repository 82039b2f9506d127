"""A read-only table over a list of rows: the part every list on screen shares.

Subclasses name their columns (:meth:`RowsModel.headers`) and say what one cell shows
(:meth:`RowsModel.cell`); the row bookkeeping, the counts and the header live here once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from fieldcm.ui.formatting import assert_gui_thread

RowT = TypeVar("RowT")
Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel, Generic[RowT]):
    """Rows replaced whole (``set_rows``) on the GUI thread; cells come from :meth:`cell`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []

    # ---- what a subclass says ---------------------------------------------------------

    def headers(self) -> Sequence[str]:
        """The column titles, in column order (translated when asked, not at import)."""
        raise NotImplementedError

    def cell(self, row: RowT, column: int, role: int) -> Any:
        """What ``row`` shows in ``column`` for ``role``; ``None`` for nothing."""
        raise NotImplementedError

    def ordered(self, rows: Sequence[RowT]) -> list[RowT]:
        """The order rows are shown in; as given unless a subclass sorts them."""
        return list(rows)

    # ---- the rows -----------------------------------------------------------------------

    def set_rows(self, rows: Sequence[RowT]) -> None:
        assert_gui_thread()
        self.beginResetModel()
        self._rows = self.ordered(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def row_at(self, row: int) -> RowT | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[RowT]:
        return list(self._rows)

    def remove_where(self, matches: Any) -> int | None:
        """Take out the first row ``matches(row)`` accepts; returns where it was."""
        assert_gui_thread()
        for position, row in enumerate(self._rows):
            if matches(row):
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._rows[position]
                self.endRemoveRows()
                return position
        return None

    # ---- Qt's side ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        return None if row is None else self.cell(row, index.column(), role)
