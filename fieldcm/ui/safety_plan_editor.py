"""The safety plan editor: one client's Stanley-Brown plan, its history, review and print.

The plan is written with the client, in their words: six ordered steps, reasons for living,
each a short list the worker edits inline, adds to, removes from and reorders (Alt+Up and
Alt+Down; the plan is used in order). Step 5 always shows the agency's crisis line and
emergency department, which the worker cannot change. Missing steps and a review that is
due (after the agency's interval, or after risk changed) are said at the top, next to
"Mark reviewed with client".

Saving: the first edit starts a short timer; one save runs at a time, writing only the
sections that changed as an ordinary record edit, which syncs and merges item by item. The
history panel lists who changed what and when (from the versions this laptop kept, and the
disagreements people resolved, so a losing wording stays visible).

Print: "Save as PDF…" writes the client's one-page copy in English or Spanish, chosen at
print time (:mod:`fieldcm.ui.safety_plan_print`).
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListView,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldcm.domain.records import Fields
from fieldcm.domain.safety_plan import STEPS, SafetyPlan, Section, mark_reviewed, plan_fields
from fieldcm.services.safety_plans import LoadedPlan, SaveResult, load_plan, save_plan
from fieldcm.ui.formatting import time_only
from fieldcm.ui.messages import explain
from fieldcm.ui.safety_plan_model import (
    PHONE_SECTIONS,
    HistoryModel,
    PlanDraft,
    PlanItemsModel,
    ReminderLevel,
    clean_phone,
    history_entries,
    phone_ok,
    reminder,
    section_name,
    section_prompt,
)
from fieldcm.ui.safety_plan_print import (
    LANGUAGE_NAMES,
    CopyContent,
    PlanTooLong,
    PrintedCopy,
    render,
    save_pdf,
)
from fieldcm.ui.session import Session
from fieldcm.ui.widgets import message_box, named, plain_label, set_role

AUTOSAVE_MS: Final = 700
RETRY_MS: Final = 3_000
MAX_SAVE_RETRIES: Final = 5

_STYLE: Final = """
#safetyPlanEditor QLabel { font-size: 11pt; }
#safetyPlanEditor QLabel[role="title"] { font-size: 16pt; }
#safetyPlanEditor QLabel[role="section"] { font-size: 12.5pt; }
#safetyPlanEditor QLabel[role="muted"] { font-size: 10.5pt; }
#safetyPlanEditor QTableView, #safetyPlanEditor QLineEdit { font-size: 12pt; }
#safetyPlanEditor QListView { font-size: 10.5pt; }
#safetyPlanEditor QPushButton { font-size: 10.5pt; }
QFrame[role="plan-section"] { background: white; border: 1px solid #e4e7ec;
    border-radius: 10px; }
QFrame[role="plan-section-missing"] { background: white; border: 2px solid #fdb022;
    border-radius: 10px; }
QFrame[role="plan-banner-ok"] { background: #ecfdf3; border: 1px solid #abefc6;
    border-radius: 8px; }
QFrame[role="plan-banner-due"] { background: #fffaeb; border: 1px solid #fedf89;
    border-radius: 8px; }
QFrame[role="plan-banner-missing"] { background: #fffaeb; border: 2px solid #fdb022;
    border-radius: 8px; }
QLabel[role="agency-line"] { background: #f2f4f7; border-radius: 6px; padding: 4px 8px;
    font-weight: 600; }
"""


def _language_for(client_language: str) -> str:
    """The print language a client's recorded language suggests (English otherwise)."""
    lowered = client_language.strip().lower()
    return "es" if lowered in {"es", "spanish", "español", "espanol"} else "en"


class HistoryDelegate(QStyledItemDelegate):
    """Draws a history entry: its "when · who" line in bold, then each change, wrapped.

    Qt's own wrapping in list views cuts long entries short; this measures with the view's
    width, so every word of a losing version stays visible. Text is drawn as plain text.
    """

    PAD: Final = 8

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view

    def _parts(self, index: QModelIndex | QPersistentModelIndex) -> tuple[str, str]:
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        heading, _, rest = text.partition("\n")
        return heading, rest

    def _width(self) -> int:
        return max(120, self._view.viewport().width() - 2 * self.PAD)

    def sizeHint(  # noqa: N802
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        heading, rest = self._parts(index)
        bold = QFont(option.font)
        bold.setBold(True)
        flags = int(Qt.TextFlag.TextWordWrap)
        area = QRect(0, 0, self._width(), 100_000)
        height = QFontMetrics(bold).boundingRect(area, flags, heading).height()
        if rest:
            height += QFontMetrics(option.font).boundingRect(area, flags, rest).height()
        return QSize(self._width(), height + 2 * self.PAD)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        self.initStyleOption(option, index)
        style = self._view.style()
        option.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, self._view)
        heading, rest = self._parts(index)
        area = option.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        flags = int(Qt.TextFlag.TextWordWrap)
        painter.save()
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        used = painter.drawText(area, flags, heading)
        painter.setFont(option.font)
        painter.drawText(area.adjusted(0, used.height(), 0, 0), flags, rest)
        painter.restore()


class ItemTable(QTableView):
    """A section's items: edit in place (F2 or type), Tab leaves the table."""

    def __init__(self, model: PlanItemsModel, name: str) -> None:
        super().__init__()
        named(self, name)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        if model.columnCount() > 1:
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(1, 170)
        header.setVisible(model.columnCount() > 1)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        model.modelReset.connect(self.fit)
        header.sectionResized.connect(lambda *_: self.fit())

    def fit(self) -> None:
        """As tall as its rows: the page scrolls, never the table inside it."""
        self.resizeRowsToContents()
        rows = self.verticalHeader().length()
        head = self.horizontalHeader().height() if self.horizontalHeader().isVisible() else 0
        self.setFixedHeight(rows + head + 2 * self.frameWidth() + 2)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        super().resizeEvent(event)
        QTimer.singleShot(0, self.fit)


class SectionEditor(QFrame):
    """One step of the plan: its items, a line to add one, and the buttons to arrange them."""

    def __init__(self, draft: PlanDraft, section: Section) -> None:
        super().__init__()
        self.section = section
        self._draft = draft
        self.setProperty("role", "plan-section")
        self.model = PlanItemsModel(draft, section, self)
        title = section_name(section)
        self.title = plain_label(title, role="section", name=title)
        self.missing = plain_label(self.tr("Missing"), role="badge-draft", name=self.tr("Missing"))
        self.missing.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.prompt = plain_label(section_prompt(section), role="muted", wrap=True)
        self.table = ItemTable(self.model, title)
        self.empty = plain_label(self.tr("Nothing here yet."), role="muted")
        self.problem = plain_label("", role="danger", wrap=True, name=self.tr("Problem"))
        self.problem.hide()

        self.new_text = named(QLineEdit(), self.tr("New item for {section}").format(section=title))
        self.new_text.setPlaceholderText(self.tr("Add in the client's words, then press Enter"))
        self.new_phone: QLineEdit | None = None
        if section in PHONE_SECTIONS:
            self.new_phone = named(QLineEdit(), self.tr("Phone for the new item"))
            self.new_phone.setPlaceholderText(self.tr("Phone (optional)"))
            self.new_phone.setFixedWidth(170)
            self.new_phone.returnPressed.connect(self.add)
        self.new_text.returnPressed.connect(self.add)
        self.add_button = named(
            QPushButton(self.tr("Add")), self.tr("Add item to {section}").format(section=title)
        )
        self.add_button.clicked.connect(self.add)

        self.up_button = self._button(self.tr("Move up"), "Alt+Up", self.move_up)
        self.down_button = self._button(self.tr("Move down"), "Alt+Down", self.move_down)
        self.remove_button = self._button(self.tr("Remove"), "Del", self.remove)

        self._agency = QVBoxLayout()
        self._agency.setSpacing(4)
        self._build()
        draft.changed.connect(self._draft_changed)
        draft.problem.connect(self._problem)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self._refresh()

    def _button(self, text: str, keys: str, slot: Any) -> QPushButton:
        button = named(
            QPushButton(f"{text} ({keys.replace('Up', '↑').replace('Down', '↓')})"), text
        )
        button.setToolTip(self.tr("{action} ({keys})").format(action=text, keys=keys))
        button.clicked.connect(slot)
        shortcut = QShortcut(QKeySequence(keys), self.table, slot)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        return button

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(6)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.missing)
        layout.addLayout(head)
        layout.addWidget(self.prompt)
        layout.addLayout(self._agency)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        add_row = QHBoxLayout()
        add_row.addWidget(self.new_text, 1)
        if self.new_phone is not None:
            add_row.addWidget(self.new_phone)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)
        layout.addWidget(self.problem)

    def show_agency_lines(self, lines: list[tuple[str, str]]) -> None:
        """Fixed lines the agency sets (crisis line, emergency department): shown, not edited."""
        while self._agency.count():
            taken = self._agency.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        for text, role in lines:
            self._agency.addWidget(plain_label(text, role=role, wrap=True, name=text))

    # ---- actions ------------------------------------------------------------------------

    def add(self) -> None:
        text = self.new_text.text()
        phone_text = self.new_phone.text() if self.new_phone is not None else ""
        if not text.strip():
            self._problem(self.section, self.tr("Type the item first, in the client's words."))
            self.new_text.setFocus()
            return
        if not phone_ok(phone_text):
            self._problem(
                self.section,
                self.tr("That is not a phone number: use digits, spaces, dashes or brackets."),
            )
            if self.new_phone is not None:
                self.new_phone.setFocus()
            return
        if self._draft.add(self.section, text, clean_phone(phone_text)):
            self.new_text.clear()
            if self.new_phone is not None:
                self.new_phone.clear()
            self.new_text.setFocus()

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def select_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._enable()

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(+1)

    def _move(self, step: int) -> None:
        row = self.current_row()
        item = self.model.item_at(row)
        target = row + step
        if item is None or not 0 <= target < self.model.rowCount():
            return
        had_focus = self.table.hasFocus()
        if self._draft.move(self.section, item.id, target):
            self.select_row(target)
            if had_focus:
                self.table.setFocus()

    def remove(self) -> None:
        row = self.current_row()
        item = self.model.item_at(row)
        if item is None:
            return
        if self._draft.remove(self.section, item.id):
            self.select_row(min(row, self.model.rowCount() - 1))
            if self.model.rowCount() == 0:
                self.new_text.setFocus()
            else:
                self.table.setFocus()

    # ---- state --------------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        for widget in (self.new_text, self.add_button, *self._phone_widgets()):
            widget.setEnabled(not read_only)
        self._read_only = read_only
        self._enable()

    def _phone_widgets(self) -> list[QWidget]:
        return [self.new_phone] if self.new_phone is not None else []

    def _draft_changed(self, section: Section | None) -> None:
        if section is None or section is self.section:
            self.problem.hide()
            self._refresh()

    def _problem(self, section: Section, text: str) -> None:
        if section is self.section:
            self.problem.setText(text)
            self.problem.show()

    def _refresh(self) -> None:
        count = self.model.rowCount()
        self.table.setVisible(count > 0)
        self.empty.setVisible(count == 0)
        is_missing = count == 0 and self.section in STEPS
        self.missing.setVisible(is_missing)
        set_role(self, "plan-section-missing" if is_missing else "plan-section")
        self.table.fit()
        self._enable()

    def _enable(self) -> None:
        row = self.current_row()
        editable = not getattr(self, "_read_only", False)
        self.up_button.setEnabled(editable and row > 0)
        self.down_button.setEnabled(editable and 0 <= row < self.model.rowCount() - 1)
        self.remove_button.setEnabled(editable and row >= 0)


class SafetyPlanEditor(QWidget):
    """One client's safety plan at a time (GUI thread); :meth:`attach` a session first."""

    closed = Signal()
    loaded = Signal(str)
    """A client's plan is on screen (the client id)."""
    saved = Signal(str)
    """The plan record was written (its id): sync may send it."""
    save_failed = Signal(str)
    reviewed = Signal(str)
    printed = Signal(str)
    """A client copy was written (the PDF's path, or "printer")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("safetyPlanEditor")
        self.setStyleSheet(_STYLE)
        self._session: Session | None = None
        self._client_id: str | None = None
        self._client_name = ""
        self._plan_id: str | None = None
        self._exists = False
        self._loaded_fields: Fields = plan_fields(SafetyPlan(sections={}))
        self._risk_changed_at: datetime | None = None
        self._read_only = False
        self._saving = False
        self._again = False
        self._retries = 0
        self._last: LoadedPlan | None = None
        self.draft = PlanDraft(self)
        self.history_model = HistoryModel(self)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.timeout.connect(self.flush)
        self._build()
        self.draft.changed.connect(lambda _section: self._edited())

    # ---- layout -------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(8)
        layout.addLayout(self._build_header())
        layout.addWidget(self._build_banner())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_sections())
        splitter.addWidget(self._build_side())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([820, 480])
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        QShortcut(QKeySequence("Ctrl+S"), self, self.flush)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_plan)

    def _build_header(self) -> QHBoxLayout:
        self.title = plain_label(self.tr("Safety plan"), role="title", name=self.tr("Safety plan"))
        self.client = plain_label("", role="subtitle", name=self.tr("Client of this plan"))
        self.save_state = plain_label("", role="muted", name=self.tr("Save state"))
        self.close_button = named(QPushButton(self.tr("&Close")), self.tr("Close safety plan"))
        self.close_button.setToolTip(self.tr("Back to the client (Esc)"))
        self.close_button.clicked.connect(self.close_plan)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.client)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self.save_state)
        header.addSpacing(12)
        header.addWidget(self.close_button)
        return header

    def _build_banner(self) -> QFrame:
        self.banner = QFrame()
        self.banner.setProperty("role", "plan-banner-due")
        self.reminder = plain_label("", wrap=True, name=self.tr("Review reminder"))
        self.review_button = named(
            QPushButton(self.tr("&Mark reviewed with client")),
            self.tr("Mark reviewed with client"),
        )
        self.review_button.setToolTip(
            self.tr("You went through the whole plan with the client today (Alt+M)")
        )
        self.review_button.clicked.connect(self.mark_reviewed)
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(12, 8, 12, 8)
        row.addWidget(self.reminder, 1)
        row.addWidget(self.review_button, 0, Qt.AlignmentFlag.AlignVCenter)
        return self.banner

    def _build_sections(self) -> QScrollArea:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 10, 0)
        column.setSpacing(10)
        self.sections: dict[Section, SectionEditor] = {}
        for section in Section:
            editor = SectionEditor(self.draft, section)
            self.sections[section] = editor
            column.addWidget(editor)
        column.addStretch(1)
        self.steps_area = named(QScrollArea(), self.tr("Plan steps"))
        self.steps_area.setWidget(holder)
        self.steps_area.setWidgetResizable(True)
        self.steps_area.setFrameShape(QFrame.Shape.NoFrame)
        return self.steps_area

    def _build_side(self) -> QWidget:
        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(10, 0, 0, 0)
        layout.setSpacing(8)

        kept_label = plain_label(self.tr("Where the client keeps the plan"), role="field")
        self.kept_where = named(QLineEdit(), self.tr("Where the client keeps the plan"))
        self.kept_where.setPlaceholderText(self.tr("e.g. wallet, phone photo, fridge"))
        kept_label.setBuddy(self.kept_where)
        self.kept_where.editingFinished.connect(self._kept_where_edited)

        copy_label = plain_label(self.tr("Client copy (one page)"), role="field")
        self.language = named(QComboBox(), self.tr("Print language"))
        for code, shown in LANGUAGE_NAMES.items():
            self.language.addItem(shown, code)
        self.pdf_button = named(QPushButton(self.tr("Save as &PDF…")), self.tr("Save as PDF"))
        self.pdf_button.setToolTip(self.tr("Write the one-page client copy to a file (Ctrl+P)"))
        self.pdf_button.clicked.connect(self.choose_pdf_path)
        self.print_button = named(QPushButton(self.tr("P&rint…")), self.tr("Print"))
        self.print_button.clicked.connect(self.print_plan)
        QShortcut(QKeySequence("Ctrl+P"), self, self.choose_pdf_path)
        copy_row = QHBoxLayout()
        copy_row.addWidget(self.language)
        copy_row.addWidget(self.pdf_button)
        copy_row.addWidget(self.print_button)
        copy_row.addStretch(1)
        self.print_state = plain_label("", role="muted", wrap=True, name=self.tr("Print result"))

        history_label = plain_label(self.tr("History"), role="section")
        self.history = named(QListView(), self.tr("Plan history"))
        self.history.setModel(self.history_model)
        self.history.setItemDelegate(HistoryDelegate(self.history))
        self.history.setWordWrap(True)
        self.history.setSpacing(4)
        self.history.setUniformItemSizes(False)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setAlternatingRowColors(True)
        self.history.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.history.setResizeMode(QListView.ResizeMode.Adjust)  # re-wrap entries on resize
        self.history.setTextElideMode(Qt.TextElideMode.ElideNone)  # wrap, never cut words off
        self.waiting_conflicts = plain_label("", role="warning", wrap=True)
        self.waiting_conflicts.hide()

        layout.addWidget(kept_label)
        layout.addWidget(self.kept_where)
        layout.addSpacing(6)
        layout.addWidget(copy_label)
        layout.addLayout(copy_row)
        layout.addWidget(self.print_state)
        layout.addSpacing(6)
        layout.addWidget(history_label)
        layout.addWidget(self.waiting_conflicts)
        layout.addWidget(self.history, 1)
        return side

    # ---- session ------------------------------------------------------------------------

    def attach(self, session: Session) -> None:
        self._session = session
        session.data_changed.connect(self._store_changed)

    def detach(self) -> None:
        """The app is locking: save what is on screen (queued first), then forget it."""
        session = self._session
        if session is not None:
            self.flush()
            with contextlib.suppress(RuntimeError, TypeError):  # already gone with the session
                session.data_changed.disconnect(self._store_changed)
        self._session = None
        self.clear()

    def clear(self) -> None:
        self._autosave.stop()
        self._client_id = None
        self._plan_id = None
        self._last = None
        self._exists = False
        self.draft.replace_plan(SafetyPlan(sections={}))
        self._loaded_fields = self.draft.fields()
        self.history_model.set_entries([])
        self.client.clear()
        self.reminder.clear()
        self.save_state.clear()
        self.print_state.clear()
        self.kept_where.clear()

    @property
    def client_id(self) -> str | None:
        return self._client_id

    @property
    def plan_id(self) -> str | None:
        return self._plan_id

    @property
    def dirty(self) -> bool:
        return self._client_id is not None and self.draft.fields() != self._loaded_fields

    def _now(self) -> datetime:
        return self._require_session().clock()

    # ---- opening ------------------------------------------------------------------------

    def open_plan(self, client_id: str, client_name: str = "") -> None:
        """Show ``client_id``'s plan (an empty one if they have none); ``loaded`` follows."""
        session = self._require_session()
        if self._client_id is not None and self._client_id != client_id:
            self.flush()
        self._client_name = client_name
        session.read(lambda uow: load_plan(uow, client_id)).on_success(
            lambda loaded: self._show(loaded, replace=True)
        ).on_failure(self._report)

    def _reload(self) -> None:
        """Read the plan again (after a save or a sync) without disturbing typing."""
        session, client_id = self._session, self._client_id
        if session is None or client_id is None:
            return
        session.read(lambda uow: load_plan(uow, client_id)).on_success(
            lambda loaded: self._show(loaded, replace=False)
        )

    def _show(self, loaded: LoadedPlan | None, *, replace: bool) -> None:
        if loaded is None or self._session is None:
            return
        if not replace and loaded.client_id != self._client_id:
            return
        first = replace or self._client_id != loaded.client_id
        self._last = loaded
        self._client_id = loaded.client_id
        self._plan_id = loaded.record.id if loaded.record is not None else None
        self._exists = loaded.record is not None
        self._risk_changed_at = loaded.risk_changed_at
        stored = plan_fields(loaded.plan)
        if first or (not self.dirty and not self._saving and stored != self.draft.fields()):
            self._loaded_fields = stored
            self.draft.replace_plan(loaded.plan)
            self.kept_where.setText(loaded.plan.kept_where or "")
        self._read_only = loaded.unreadable is not None
        for editor in self.sections.values():
            editor.set_read_only(self._read_only)
        self.kept_where.setReadOnly(self._read_only)
        self.review_button.setEnabled(not self._read_only)
        self.client.setText(loaded.client_name or self._client_name)
        if first:
            self.language.setCurrentIndex(
                max(0, self.language.findData(_language_for(loaded.client_language)))
            )
            self.save_state.setText("")
            self.print_state.setText("")
            set_role(self.save_state, "muted")
        if loaded.unreadable is not None:
            self.save_state.setText(
                self.tr("This plan was saved by a newer fieldcm and is shown read-only.")
            )
            set_role(self.save_state, "danger")
        self._show_agency_lines()
        self._show_history(loaded)
        self._update_reminder()
        if first:
            self.loaded.emit(loaded.client_id)

    def _show_agency_lines(self) -> None:
        settings = self._require_session().workspace.settings
        lines = [
            (self.tr("Crisis line (set by your agency): {line}").format(line=settings.crisis_line),
             "agency-line"),
        ]  # fmt: skip
        if settings.emergency_department:
            lines.append(
                (self.tr("Emergency department (set by your agency): {address}").format(
                    address=settings.emergency_department), "agency-line")
            )  # fmt: skip
        else:
            lines.append(
                (self.tr("Your agency has not set the local emergency department address."),
                 "warning")
            )  # fmt: skip
        self.sections[Section.PROFESSIONAL_CONTACTS].show_agency_lines(lines)

    def _show_history(self, loaded: LoadedPlan) -> None:
        identity = self._require_session().identity
        self.history_model.set_entries(history_entries(loaded, (identity.user_id, identity.name)))
        if loaded.open_conflicts:
            self.waiting_conflicts.setText(
                self.tr(
                    "{count} disagreement(s) about this plan wait in Conflicts: "
                    "until someone decides, this laptop shows your version."
                ).format(count=loaded.open_conflicts)
            )
        self.waiting_conflicts.setVisible(bool(loaded.open_conflicts))

    def _update_reminder(self) -> None:
        if self._session is None:
            return
        found = reminder(
            self.draft.plan,
            exists=self._exists or self.dirty,
            now=self._now(),
            review_days=self._session.workspace.settings.safety_plan_review_days,
            risk_changed_at=self._risk_changed_at,
        )
        self.reminder.setText("\n".join(found.lines))
        set_role(
            self.banner,
            {
                ReminderLevel.OK: "plan-banner-ok",
                ReminderLevel.DUE: "plan-banner-due",
                ReminderLevel.MISSING: "plan-banner-missing",
            }[found.level],
        )

    # ---- editing and saving -------------------------------------------------------------

    def _edited(self) -> None:
        self._update_reminder()
        if not self.dirty or self._read_only:
            return
        self.save_state.setText(self.tr("Editing…"))
        set_role(self.save_state, "muted")
        if not self._autosave.isActive():
            self._autosave.start(AUTOSAVE_MS)

    def _kept_where_edited(self) -> None:
        text = self.kept_where.text().strip() or None
        if text != self.draft.plan.kept_where and not self._read_only:
            self.draft.plan = replace(self.draft.plan, kept_where=text)
            self._edited()

    def flush(self) -> None:
        """Save what changed now (on the database lane); harmless when nothing did."""
        self._autosave.stop()
        session, client_id = self._session, self._client_id
        if session is None or client_id is None or self._read_only or not self.dirty:
            return
        if self._saving:
            self._again = True
            return
        loaded, edited = self._loaded_fields, self.draft.fields()
        self._saving = True
        self.save_state.setText(self.tr("Saving…"))
        op = session.write(lambda uow: save_plan(uow, client_id, loaded, edited), announce=False)
        op.on_success(lambda result: self._save_done(client_id, edited, result))
        op.on_failure(lambda error: self._save_error(client_id, error))

    def _save_done(self, client_id: str, edited: Fields, result: SaveResult) -> None:
        self._saving = False
        self._retries = 0
        self.saved.emit(result.record.id)
        if client_id != self._client_id:
            return
        self._plan_id = result.record.id
        self._exists = True
        # The stored plan may hold a colleague's change merged in: show it unless the
        # worker typed meanwhile (the next save merges again, from what they saw).
        if self.draft.fields() == edited:
            self._loaded_fields = plan_fields(result.plan)
            if self._loaded_fields != edited:
                self.draft.replace_plan(result.plan)
        else:
            self._loaded_fields = edited
        set_role(self.save_state, "muted")
        if result.kept_theirs:
            self.save_state.setText(
                self.tr(
                    "Saved. Someone else changed {count} of the same items meanwhile: "
                    "their wording is shown, check it with the client."
                ).format(count=result.kept_theirs)
            )
            set_role(self.save_state, "warning")
        else:
            self.save_state.setText(self.tr("Saved {time}").format(time=time_only(self._now())))
        if self._again or self.dirty:
            self._again = False
            self.flush()
        else:
            self._reload()

    def _save_error(self, client_id: str, error: BaseException) -> None:
        self._saving = False
        self.save_failed.emit(client_id)
        if client_id != self._client_id:
            return
        self.save_state.setText(self.tr("Not saved: {why}").format(why=explain(error).text))
        set_role(self.save_state, "danger")
        if self._retries < MAX_SAVE_RETRIES:
            self._retries += 1
            self._autosave.start(RETRY_MS)

    def _store_changed(self) -> None:
        """Something else wrote (sync brought a colleague's edit): show it if calm here."""
        if self._client_id is not None and not self._saving:
            self._reload()

    def mark_reviewed(self) -> None:
        """The worker went through the plan with the client: date it and save at once."""
        session = self._session
        if session is None or self._client_id is None or self._read_only:
            return
        by = session.identity.name or session.identity.user_id
        self.draft.plan = mark_reviewed(self.draft.plan, at=self._now(), by=by)
        self._edited()
        self.flush()
        self.reviewed.emit(self._client_id)

    # ---- print --------------------------------------------------------------------------

    def _copy_content(self) -> CopyContent:
        settings = self._require_session().workspace.settings
        return CopyContent(
            plan=self.draft.plan,
            client_name=self.client.text(),
            crisis_line=settings.crisis_line,
            emergency_department=settings.emergency_department,
            printed_on=self._now().astimezone().date(),
        )

    def save_pdf(self, path: Path, language: str | None = None) -> PrintedCopy | None:
        """Write the client's one-page copy to ``path``; ``None`` (and says why) if it can't."""
        if self._client_id is None:
            return None
        self.flush()
        chosen = language or str(self.language.currentData())
        try:
            copy = save_pdf(path, self._copy_content(), chosen)
        except PlanTooLong:
            self._print_problem(
                self.tr(
                    "The plan does not fit on one page even in small type. Shorten some "
                    "items, then save again. Nothing was written."
                )
            )
            return None
        except OSError as error:
            self._print_problem(self.tr("Could not write the file: {why}").format(why=str(error)))
            return None
        set_role(self.print_state, "ok")
        self.print_state.setText(
            self.tr("Saved the {language} copy to {path}").format(
                language=LANGUAGE_NAMES[chosen], path=str(path)
            )
        )
        self.printed.emit(str(path))
        return copy

    def choose_pdf_path(self) -> None:
        if self._client_id is None:
            return
        start = str(Path.home() / f"safety-plan-{date.today().isoformat()}.pdf")
        path, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the client's copy as PDF"), start, self.tr("PDF files (*.pdf)")
        )
        if path:
            self.save_pdf(Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf"))

    def print_plan(self) -> None:
        """Print on a printer the worker picks (same one-page layout as the PDF)."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if self._client_id is None:
            return
        self.flush()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        try:
            render(printer, self._copy_content(), str(self.language.currentData()))
        except PlanTooLong:
            self._print_problem(
                self.tr("The plan does not fit on one page even in small type. Shorten some items.")
            )
            return
        self.printed.emit("printer")

    def _print_problem(self, text: str) -> None:
        set_role(self.print_state, "danger")
        self.print_state.setText(text)
        message_box(self, self.tr("Client copy not made"), text).open()

    # ---- leaving ------------------------------------------------------------------------

    def close_plan(self) -> None:
        """Back to the client: what is typed is saved first (queued on the database lane)."""
        for part in self.sections.values():
            if part.table.state() == QAbstractItemView.State.EditingState:
                part.table.setFocus()  # the cell editor loses focus and commits what it holds
        self.flush()
        self.closed.emit()

    def _report(self, error: BaseException) -> None:
        self.save_state.setText(explain(error).text)
        set_role(self.save_state, "danger")

    def _require_session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the safety plan editor has no open session")
        return self._session


__all__ = ["SafetyPlanEditor", "SectionEditor"]
