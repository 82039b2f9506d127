"""The conflicts view: every open conflict, and a side-by-side comparison to decide each one.

Left, the list (client, what, who). Right, the versions side by side: before either change,
mine, theirs; under them "Keep mine", "Keep theirs" and, for text a person wrote, "Edit a
merged version" (an editor prefilled with both texts). A decision takes the conflict out of
the list at once and is written through the session; it works offline and syncs by itself.
Everything shown is plain text (SECURITY.md M2).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldcm.services.conflicts import Person, decide, merged_text, merged_value, open_conflicts
from fieldcm.store.uow import UnitOfWork
from fieldcm.ui.conflicts_model import (
    ConflictRow,
    ConflictsModel,
    Side,
    conflict_rows,
    value_text,
)
from fieldcm.ui.messages import explain
from fieldcm.ui.session import Session
from fieldcm.ui.widgets import back_button, message_box, named, plain_label, record_table


def _text_box(name: str, *, read_only: bool = True) -> QPlainTextEdit:
    box = named(QPlainTextEdit(), name)
    box.setReadOnly(read_only)
    box.setTabChangesFocus(True)
    box.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
    font = box.font()
    font.setPointSizeF(font.pointSizeF() + 1.5)
    box.setFont(font)
    return box


class _Version(QWidget):
    """One column of the comparison: who wrote it, when, and the value."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = plain_label(title, role="section", name=title)
        self.who = plain_label("", role="field", wrap=True)
        self.when = plain_label("", role="muted")
        self.value = _text_box(title)
        self.value.setMinimumHeight(120)
        self.value.setMaximumHeight(260)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for widget in (self.title, self.who, self.when):
            layout.addWidget(widget)
        layout.addWidget(self.value, 1)

    def show_value(self, text: str, who: str, when: str) -> None:
        self.value.setPlainText(text)
        self.who.setText(who)
        self.when.setText(when)


class ConflictsView(QWidget):
    """GUI thread only. ``attach`` a session, then ``reload``; ``closed`` asks to go back."""

    loaded = Signal(int)
    """Conflicts listed after a read (tests wait on it)."""
    decided = Signal(str)
    """A decision was saved on this laptop (the conflict id); it syncs by itself."""
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictsView")
        named(self, self.tr("Conflicts to decide"))
        self._session: Session | None = None
        self.model = ConflictsModel(self)
        self._build()

    # ---- layout -----------------------------------------------------------------------

    def _build(self) -> None:
        title = plain_label(self.tr("Conflicts to decide"), role="title")
        intro = plain_label(
            self.tr(
                "The same thing was changed in two places before they could sync. Both "
                "versions are kept until you choose one. Your choice works offline and syncs "
                "by itself."
            ),
            role="subtitle",
            wrap=True,
        )
        self.back = back_button(self, self.closed.emit)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.back)

        self.table = record_table(self.tr("Open conflicts"))
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

        self.pages = QStackedWidget()
        self.empty = plain_label(
            self.tr("No conflicts. Nothing needs a decision."), role="subtitle", wrap=True
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self._comparison())

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.pages)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 7)
        split.setSizes([380, 960])
        split.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(split, 1)

    def _comparison(self) -> QWidget:
        panel = QWidget()
        self.heading = plain_label("", role="section", wrap=True, name=self.tr("Conflict"))
        self.client_gone = plain_label(
            self.tr(
                "This client is no longer on this laptop. Your choice is kept here; the "
                "server keeps its own copy."
            ),
            role="warning",
            wrap=True,
        )
        self.base = _Version(self.tr("Before either change"))
        self.mine = _Version(self.tr("Mine"))
        self.theirs = _Version(self.tr("Theirs"))
        self.keep_mine = named(QPushButton(self.tr("Keep &mine")), self.tr("Keep mine"))
        self.keep_theirs = named(QPushButton(self.tr("Keep &theirs")), self.tr("Keep theirs"))
        self.edit_merged = named(
            QPushButton(self.tr("&Edit a merged version")), self.tr("Edit a merged version")
        )
        self.keep_mine.clicked.connect(lambda: self._keep(self._row_side(mine=True)))
        self.keep_theirs.clicked.connect(lambda: self._keep(self._row_side(mine=False)))
        self.edit_merged.clicked.connect(self._start_merge)

        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        for column, version in enumerate((self.base, self.mine, self.theirs)):
            grid.addWidget(version, 0, column)
            grid.setColumnStretch(column, 1)
        grid.addWidget(self.keep_mine, 1, 1)
        grid.addWidget(self.keep_theirs, 1, 2)
        for button in (self.keep_mine, self.keep_theirs):
            button.setMinimumHeight(36)
        self.or_label = plain_label(self.tr("Or, for text:"), role="muted")
        merged_row = QHBoxLayout()
        merged_row.addWidget(self.or_label)
        merged_row.addWidget(self.edit_merged)
        merged_row.addStretch(1)

        self._build_merge_box()

        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.client_gone)
        layout.addSpacing(6)
        layout.addLayout(grid)
        layout.addLayout(merged_row)
        layout.addWidget(self.merge_box)
        layout.addStretch(1)
        return panel

    def _build_merge_box(self) -> None:
        self.merge_box = QWidget()
        self.merge_label = plain_label(
            self.tr("Merged version: edit it into one, then save."), role="field"
        )
        self.merged = _text_box(self.tr("Merged version"), read_only=False)
        self.merged.setMaximumHeight(200)
        self.save_merged = named(
            QPushButton(self.tr("&Save merged version (Ctrl+Enter)")),
            self.tr("Save merged version"),
        )
        self.cancel_merged = named(QPushButton(self.tr("&Cancel")), self.tr("Cancel merging"))
        self.save_merged.clicked.connect(self._save_merge)
        self.cancel_merged.clicked.connect(self._stop_merge)
        self.merged.installEventFilter(self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_merged)
        buttons.addWidget(self.save_merged)
        merge_layout = QVBoxLayout(self.merge_box)
        merge_layout.setContentsMargins(0, 8, 0, 0)
        merge_layout.addWidget(self.merge_label)
        merge_layout.addWidget(self.merged, 1)
        merge_layout.addLayout(buttons)
        self.merge_box.setVisible(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Ctrl+Enter in the merged text saves it (no window-wide shortcut needed)."""
        if (
            watched is self.merged
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self._save_merge()
            return True
        return super().eventFilter(watched, event)

    # ---- session ----------------------------------------------------------------------

    def attach(self, session: Session) -> None:
        self._session = session

    def detach(self) -> None:
        """Lock: forget the session and everything shown."""
        self._session = None
        self.model.set_rows([])
        self._show_current()

    def reload(self) -> None:
        session = self._session
        if session is None:
            return

        def read(uow: UnitOfWork) -> list[ConflictRow]:
            return conflict_rows(open_conflicts(uow))

        session.read(read).on_success(self._show_rows).on_failure(self._report)

    def _show_rows(self, rows: list[ConflictRow]) -> None:
        current = self.current()
        self.model.set_rows(rows)
        ids = [r.conflict_id for r in rows]
        row = ids.index(current.conflict_id) if current and current.conflict_id in ids else 0
        self._select(row)
        self.loaded.emit(len(rows))

    # ---- showing one conflict ---------------------------------------------------------

    def current(self) -> ConflictRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _select(self, row: int) -> None:
        if self.model.rowCount() == 0:
            self._show_current()
            return
        row = max(0, min(row, self.model.rowCount() - 1))
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self._show_current()

    def _show_current(self) -> None:
        row = self.current()
        self._stop_merge()
        self.pages.setCurrentIndex(0 if row is None else 1)
        if row is None:
            return
        self.heading.setText(f"{row.client}: {row.what}")
        self.client_gone.setVisible(not row.record_here)
        existence = row.existence
        self.base.show_value(
            value_text(row.base, existence=existence),
            self.tr("What both versions started from"),
            " ",
        )
        for version, side in ((self.mine, row.mine), (self.theirs, row.theirs)):
            version.show_value(value_text(side.value, existence=existence), side.who, side.when)
        offered = row.free_text and not existence
        self.edit_merged.setVisible(offered)
        self.or_label.setVisible(offered)

    def _row_side(self, *, mine: bool) -> Side | None:
        row = self.current()
        if row is None:
            return None
        return row.mine if mine else row.theirs

    # ---- deciding ---------------------------------------------------------------------

    def _keep(self, side: Side | None) -> None:
        row = self.current()
        if row is None or side is None:
            return
        self._decide(row, side.value)

    def _start_merge(self) -> None:
        row = self.current()
        if row is None:
            return
        self.merged.setPlainText(merged_text(row.source.conflict))
        self.merge_box.setVisible(True)
        self.merged.setFocus()

    def _stop_merge(self) -> None:
        self.merge_box.setVisible(False)

    def _save_merge(self) -> None:
        row = self.current()
        if row is None or not self.merge_box.isVisible():
            return
        text = self.merged.toPlainText().strip()
        if not text:
            message_box(
                self, self.tr("Nothing to save"), self.tr("The merged version is empty.")
            ).open()
            return
        self._decide(row, merged_value(row.source.conflict, text))

    def _decide(self, row: ConflictRow, resolution: Any) -> None:
        session = self._session
        if session is None:
            return
        identity = session.identity
        me = Person(identity.user_id, identity.name)
        at = session.clock()
        # Out of the list at once: the write follows on the database lane.
        position = self.model.remove(row.conflict_id)
        self._select(position or 0)
        self.table.setFocus()
        conflict_id = row.conflict_id

        def write(uow: UnitOfWork) -> None:
            decide(uow, conflict_id, resolution, by=me, at=at)

        session.write(write).on_success(lambda _r: self.decided.emit(conflict_id)).on_failure(
            self._failed
        )

    def _failed(self, error: BaseException) -> None:
        self._report(error)
        self.reload()

    def _report(self, error: BaseException) -> None:
        message_box(self, self.tr("Conflicts"), explain(error).text).open()
