"""The needs-attention view: edits the server refused, why, and what to do (property 10).

Each refused edit is listed with the reason in plain words. The values it wrote are shown,
text ones editable: "Correct and send again" replaces the record's unsent edits by one edit
with the corrected values; "Discard…" first says exactly what will be lost and asks.
Everything shown is plain text (SECURITY.md M2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldcm.services.attention import (
    Loss,
    RefusedEdit,
    discard,
    refused_edits,
    resend,
    what_is_lost,
)
from fieldcm.store.uow import UnitOfWork
from fieldcm.ui.conflicts_model import field_label, kind_label, value_text
from fieldcm.ui.formatting import date_time
from fieldcm.ui.messages import explain, refusal
from fieldcm.ui.row_model import RowsModel
from fieldcm.ui.session import Session
from fieldcm.ui.widgets import back_button, message_box, named, plain_label, record_table


@dataclass(frozen=True)
class AttentionRow:
    mutation_id: str
    client: str
    what: str
    when: str
    why: str
    edit: RefusedEdit


def attention_rows(edits: Sequence[RefusedEdit], tr: Any) -> list[AttentionRow]:
    rows = []
    for edit in edits:
        entry = edit.entry
        what = kind_label(entry.kind)
        if edit.record_title and entry.kind != "client":  # a client's title is the name
            what += f": {edit.record_title}"
        if entry.op == "delete":
            what += " " + tr("(deletion)")
        elif entry.op == "create":
            what += " " + tr("(new)")
        rows.append(
            AttentionRow(
                mutation_id=entry.mutation_id,
                client=edit.client_name or tr("(client not on this laptop)"),
                what=what,
                when=date_time(entry.made_at),
                why=refusal(entry.reason_code, entry.reason),
                edit=edit,
            )
        )
    return rows


class Column(IntEnum):
    CLIENT = 0
    WHAT = 1
    WHEN = 2


class AttentionModel(RowsModel[AttentionRow]):
    """Rows of :class:`AttentionRow` (GUI thread only)."""

    def headers(self) -> list[str]:
        return [self.tr("Client"), self.tr("Edit"), self.tr("Made")]

    def cell(self, row: AttentionRow, column: int, role: int) -> Any:
        text = (row.client, row.what, row.when)[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.headers()[column]}: {text}"
        return None


class AttentionView(QWidget):
    """GUI thread only. ``attach`` a session, then ``reload``; ``closed`` asks to go back."""

    loaded = Signal(int)
    resent = Signal(str)
    """The record's corrected edit is queued (mutation id of the refused one)."""
    discarded = Signal(str)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attentionView")
        named(self, self.tr("Edits that need attention"))
        self._session: Session | None = None
        self.editors: dict[str, QPlainTextEdit] = {}
        self.confirm: QMessageBox | None = None
        self.model = AttentionModel(self)
        self._build()

    def _build(self) -> None:
        title = plain_label(self.tr("Edits that need attention"), role="title")
        intro = plain_label(
            self.tr(
                "The agency server refused these edits. They are still kept on this laptop. "
                "Correct one and send it again, or discard it."
            ),
            role="subtitle",
            wrap=True,
        )
        self.back = back_button(self, self.closed.emit)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.back)

        self.table = record_table(self.tr("Refused edits"))
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

        self.pages = QStackedWidget()
        self.empty = plain_label(
            self.tr("Nothing needs attention. Every edit was accepted."), role="subtitle"
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self._detail())

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.pages)
        split.setSizes([480, 860])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(split, 1)

    def _detail(self) -> QWidget:
        panel = QWidget()
        self.heading = plain_label("", role="section", wrap=True, name=self.tr("Refused edit"))
        self.why_title = plain_label(self.tr("Why it was refused"), role="field")
        self.why = plain_label("", role="danger", wrap=True, name=self.tr("Why it was refused"))
        self.behind = plain_label("", role="muted", wrap=True)
        self.values_title = plain_label(
            self.tr("What the edit says (correct it here)"), role="field"
        )
        self.values = QWidget()
        self.values_form = QFormLayout()
        values_layout = QVBoxLayout(self.values)
        values_layout.addLayout(self.values_form)
        values_layout.addStretch(1)  # the fields sit at the top, whatever the height
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.values)
        self.resend_button = named(
            QPushButton(self.tr("&Correct and send again")), self.tr("Correct and send again")
        )
        self.discard_button = named(QPushButton(self.tr("&Discard…")), self.tr("Discard"))
        self.resend_button.clicked.connect(self._resend)
        self.discard_button.clicked.connect(self._ask_discard)
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.resend_button)
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 0, 0, 0)
        for widget in (self.heading, self.why_title, self.why, self.behind, self.values_title):
            layout.addWidget(widget)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        return panel

    # ---- session ----------------------------------------------------------------------

    def attach(self, session: Session) -> None:
        self._session = session

    def detach(self) -> None:
        self._session = None
        self.model.set_rows([])
        self._show_current()

    def reload(self) -> None:
        session = self._session
        if session is None:
            return
        tr = self.tr

        def read(uow: UnitOfWork) -> list[AttentionRow]:
            return attention_rows(refused_edits(uow), tr)

        session.read(read).on_success(self._show_rows).on_failure(self._report)

    def _show_rows(self, rows: list[AttentionRow]) -> None:
        self.model.set_rows(rows)
        if rows:  # selecting shows the row (currentRowChanged)
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self._show_current()
        self.loaded.emit(len(rows))

    def current(self) -> AttentionRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _show_current(self) -> None:
        row = self.current()
        self.pages.setCurrentIndex(0 if row is None else 1)
        while self.values_form.rowCount():
            self.values_form.removeRow(0)
        self.editors = {}
        if row is None:
            return
        self.heading.setText(f"{row.client}: {row.what}  ·  {row.when}")
        self.why.setText(row.why)
        waiting = row.edit.waiting_behind
        self.behind.setText(
            self.tr("{n} later edits of this record wait behind it.").format(n=waiting)
            if waiting
            else ""
        )
        self.behind.setVisible(bool(waiting))
        deletion = row.edit.entry.op == "delete"
        self.values_title.setVisible(not deletion)
        for name, value in sorted(row.edit.values.items()):
            label = field_label(row.edit.entry.kind, name)
            if isinstance(value, str):
                editor = named(QPlainTextEdit(), label)
                editor.setPlainText(value)
                editor.setTabChangesFocus(True)
                editor.setMinimumHeight(90)
                editor.setMaximumHeight(240)
                self.editors[name] = editor
                self.values_form.addRow(plain_label(label, role="field"), editor)
            else:
                shown = plain_label(value_text(value), wrap=True, selectable=True, name=label)
                self.values_form.addRow(plain_label(label, role="field"), shown)

    # ---- actions ----------------------------------------------------------------------

    def corrected(self) -> dict[str, str]:
        row = self.current()
        if row is None:
            return {}
        return {
            name: editor.toPlainText()
            for name, editor in self.editors.items()
            if editor.toPlainText() != row.edit.values.get(name)
        }

    def _resend(self) -> None:
        row, session = self.current(), self._session
        if row is None or session is None:
            return
        mutation_id, corrected = row.mutation_id, self.corrected()

        def write(uow: UnitOfWork) -> None:
            resend(uow, mutation_id, corrected)

        session.write(write).on_success(lambda _r: self._done(self.resent, mutation_id)).on_failure(
            self._report
        )

    def _ask_discard(self) -> None:
        row, session = self.current(), self._session
        if row is None or session is None:
            return
        mutation_id = row.mutation_id
        session.read(lambda uow: what_is_lost(uow, mutation_id)).on_success(
            lambda loss: self._confirm_discard(row, loss)
        ).on_failure(self._report)

    def _confirm_discard(self, row: AttentionRow, loss: Loss) -> None:
        box = message_box(
            self,
            self.tr("Discard this edit?"),
            self.loss_text(row, loss),
            icon=QMessageBox.Icon.Warning,
        )
        box.setStandardButtons(
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        for button in box.buttons():
            named(button, button.text().replace("&", ""))
        self.confirm = box
        box.finished.connect(lambda _result: self._discard_chosen(row.mutation_id, box))
        box.open()

    def loss_text(self, row: AttentionRow, loss: Loss) -> str:
        lines = [
            f"{row.client}: {row.what}",
            self.tr(
                "This cannot be undone. {n} unsent edit(s) of this record will be lost:"
            ).format(n=loss.edits),
        ]
        if loss.record_removed:
            lines.append(
                self.tr(
                    "• The whole new record ({what}) is removed: the server never had it."
                ).format(what=row.what)
            )
        if loss.undeletes:
            lines.append(self.tr("• The deletion is undone: the record comes back."))
        for field in loss.fields:
            label = field_label(row.edit.entry.kind, field.field)
            lines.append(
                self.tr("• {field}: “{unsent}” goes back to “{server}”.").format(
                    field=label,
                    unsent=_short(value_text(field.unsent)),
                    server=_short(value_text(field.server)),
                )
            )
        return "\n".join(lines)

    def _discard_chosen(self, mutation_id: str, box: QMessageBox) -> None:
        self.confirm = None
        session = self._session
        chosen = box.standardButton(box.clickedButton()) if box.clickedButton() else None
        if session is None or chosen != QMessageBox.StandardButton.Discard:
            return
        session.write(lambda uow: discard(uow, mutation_id)).on_success(
            lambda _r: self._done(self.discarded, mutation_id)
        ).on_failure(self._report)

    def _done(self, signal: Any, mutation_id: str) -> None:
        signal.emit(mutation_id)
        self.reload()

    def _report(self, error: BaseException) -> None:
        box = message_box(self, self.tr("Needs attention"), explain(error).text)
        box.open()


def _short(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
