"""Quick-search results: a list model and a delegate that bolds the matched words.

The store marks matches in snippets with « and » (``store.search.SNIPPET_OPEN/CLOSE``).
The delegate draws the pieces with a bold font itself, so the snippet, which is a person's
writing, is never handed to a rich-text renderer (SECURITY.md M2).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from fieldcm.store.search import SNIPPET_CLOSE, SNIPPET_OPEN
from fieldcm.ui.formatting import assert_gui_thread, tr

RESULT_ROLE: Final = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class SearchResult:
    record_id: str
    client_id: str
    client_name: str
    kind: str
    snippet: str


def kind_label(kind: str) -> str:
    labels = {
        "client": tr("Client"),
        "note": tr("Note"),
        "addendum": tr("Addendum"),
        "goal": tr("Goal"),
        "contact": tr("Contact"),
        "referral": tr("Referral"),
        "task": tr("Task"),
    }
    return labels.get(kind, kind)


def plain_snippet(snippet: str) -> str:
    return snippet.replace(SNIPPET_OPEN, "").replace(SNIPPET_CLOSE, "")


def snippet_pieces(snippet: str) -> list[tuple[str, bool]]:
    """``[(text, matched), ...]`` from a snippet with « » marks."""
    pieces: list[tuple[str, bool]] = []
    rest = snippet
    while rest:
        start = rest.find(SNIPPET_OPEN)
        if start < 0:
            pieces.append((rest, False))
            break
        if start:
            pieces.append((rest[:start], False))
        end = rest.find(SNIPPET_CLOSE, start + 1)
        if end < 0:
            pieces.append((rest[start + 1 :], True))
            break
        pieces.append((rest[start + 1 : end], True))
        rest = rest[end + 1 :]
    return [(text.replace("\n", " "), matched) for text, matched in pieces if text]


class SearchModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: list[SearchResult] = []

    def set_results(self, results: list[SearchResult]) -> None:
        assert_gui_thread()
        self.beginResetModel()
        self._results = list(results)
        self.endResetModel()

    def clear(self) -> None:
        self.set_results([])

    def result(self, row: int) -> SearchResult:
        return self._results[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._results)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._results):
            return None
        result = self._results[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                f"{result.client_name} — {kind_label(result.kind)}: {plain_snippet(result.snippet)}"
            )
        if role == RESULT_ROLE:
            return result
        return None


class SearchResultDelegate(QStyledItemDelegate):
    """Two lines: client and kind, then the snippet with matched words in bold."""

    PADDING: Final = 6

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        metrics = QFontMetrics(option.font)
        return QSize(200, metrics.height() * 2 + self.PADDING * 3)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        result = index.data(RESULT_ROLE)
        if not isinstance(result, SearchResult):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect: QRect = opt.rect.adjusted(self.PADDING, self.PADDING, -self.PADDING, 0)
        base = QFont(opt.font)
        strong = QFont(base)
        strong.setBold(True)
        height = QFontMetrics(base).height()
        painter.save()
        painter.setPen(palette.color(role))
        painter.setFont(strong)
        title = f"{result.client_name}  ·  {kind_label(result.kind)}"
        painter.drawText(
            QRect(rect.x(), rect.y(), rect.width(), height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(strong).elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        x = rect.x()
        y = rect.y() + height + self.PADDING // 2
        for text, matched in snippet_pieces(result.snippet):
            font = strong if matched else base
            metrics = QFontMetrics(font)
            room = rect.right() - x
            if room <= 0:
                break
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
            painter.setFont(font)
            painter.drawText(
                QRect(x, y, room, height),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                shown,
            )
            x += metrics.horizontalAdvance(shown)
            if shown != text:
                break
        painter.restore()
