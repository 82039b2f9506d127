"""The client record: safety first, then scores and the next visit, then the notes timeline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QModelIndex, Qt, Signal, SignalInstance
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldcm.domain.notes import NoteFormat
from fieldcm.ui.attachment_viewer import AttachmentViewer
from fieldcm.ui.attachments_model import ATTACHMENT_ROLE, AttachmentColumn, AttachmentsModel
from fieldcm.ui.client_data import ClientRecord, PlanState, PlanStatus
from fieldcm.ui.clipboard_guard import ClipboardGuard, protect_label
from fieldcm.ui.contacts_model import CONTACT_ROLE, ContactColumn, ContactsModel
from fieldcm.ui.formatting import count_text, date_time, risk_label, short_date
from fieldcm.ui.timeline_model import ENTRY_ROLE, TimelineColumn, TimelineModel
from fieldcm.ui.widgets import named, plain_label, record_table, set_role

TEMPLATES: tuple[tuple[NoteFormat, str], ...] = (
    (NoteFormat.SOAP, "SOAP"),
    (NoteFormat.DAP, "DAP"),
    (NoteFormat.BIRP, "BIRP"),
    (NoteFormat.GIRP, "GIRP"),
    (NoteFormat.FREE, "Brief contact"),
)
SCREENINGS: Final = ("phq9", "gad7", "cssrs")
"""The instruments :attr:`ClientView.screening_requested` names."""
NOTES_TAB, CONTACTS_TAB, ATTACHMENTS_TAB = 0, 1, 2


class ClientView(QWidget):
    """Shows one :class:`ClientRecord`; asks the window for what it cannot do itself.

    GUI thread only. ``clipboard`` guards every copy made here (SECURITY.md M3); the window
    clears it on lock with ``clipboard.clear_if_ours()``.
    """

    new_note_requested = Signal(str, object)
    """``(client_id, NoteFormat)``."""
    note_requested = Signal(str, str)
    """``(client_id, note_id)``: open a note (an addendum opens its note)."""
    attachment_requested = Signal(str, str)
    """``(client_id, file_id)``: show it with :func:`fieldcm.ui.attachment_viewer.show_attachment`
    (parent: this view, so locking closes it)."""
    safety_plan_requested = Signal(str)
    """``client_id``: open the client's safety plan."""
    screening_requested = Signal(str, str)
    """``(client_id, instrument)``; instrument is one of :data:`SCREENINGS`."""
    check_out_requested = Signal(str)
    """``client_id``: check out for a field visit to this client."""

    def __init__(
        self, parent: QWidget | None = None, *, clipboard: ClipboardGuard | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("clientView")
        self._record: ClientRecord | None = None
        self.timeline = TimelineModel(self)
        self.contacts = ContactsModel(self)
        self.attachments = AttachmentsModel(self)
        self.clipboard = clipboard or ClipboardGuard(self)
        self._build()
        self.show_record(None)

    def _build(self) -> None:
        self.name = plain_label(
            "", role="title", name=self.tr("Client name"), selectable=True, wrap=True
        )
        self.details = plain_label("", role="muted", wrap=True, name=self.tr("Client details"))
        self.risk = plain_label("", role="badge", name=self.tr("Risk tier"))
        self.risk.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

        protect_label(self.name, self.clipboard)

        name_row = QHBoxLayout()
        name_row.addWidget(self.name, 1)
        name_row.addWidget(self.risk, 0, Qt.AlignmentFlag.AlignTop)
        header = QVBoxLayout()
        header.setSpacing(2)
        header.addLayout(name_row)
        header.addWidget(self.details)
        header.addSpacing(4)
        header.addLayout(self._build_actions())
        self._build_safety()
        facts = self._build_facts()
        self.tabs = named(QTabWidget(), self.tr("Client record sections"))
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._build_notes(), "")
        self.tabs.addTab(self._build_contacts(), "")
        self.tabs.addTab(self._build_attachments(), "")
        self._data_labels = [
            self.name,
            self.details,
            self.risk,
            self.safe_contact,
            self.plan,
            self.alerts,
            self.scores,
            self.next_visit,
            self.conflicts,
        ]
        self.empty = plain_label(self.tr("Choose a client from the caseload."), role="muted")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.body = QWidget()
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.safety)
        layout.addLayout(facts)
        layout.addWidget(self.conflicts)
        layout.addWidget(self.tabs, 1)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 12, 16, 12)
        outer.addWidget(self.empty)
        outer.addWidget(self.body)

    def _build_safety(self) -> None:
        self.safety = QFrame()
        self.safety.setObjectName("safetyPanel")
        self.safety.setProperty("role", "safety")
        heading = plain_label(self.tr("Safety"), role="section")
        self.safe_contact = plain_label(
            "", wrap=True, role="safety-contact", name=self.tr("Safe contact instructions")
        )
        self.confidential = plain_label(
            self.tr("Confidential address: do not share it or write it in notes."),
            wrap=True,
            role="danger",
            name=self.tr("Confidential address"),
        )
        self.plan = plain_label("", wrap=True, name=self.tr("Safety plan status"))
        self.alerts = plain_label("", wrap=True, role="danger", name=self.tr("Open alerts"))
        grid = QVBoxLayout(self.safety)
        grid.setContentsMargins(14, 10, 14, 12)
        grid.setSpacing(6)
        for widget in (heading, self.safe_contact, self.confidential, self.plan, self.alerts):
            grid.addWidget(widget)

    def _build_facts(self) -> QGridLayout:
        self.scores = plain_label("", wrap=True, name=self.tr("Latest scores"))
        self.next_visit = plain_label("", wrap=True, name=self.tr("Next visit"))
        self.conflicts = plain_label("", wrap=True, role="warning", name=self.tr("Conflicts"))
        facts = QGridLayout()
        facts.setHorizontalSpacing(16)
        facts.addWidget(plain_label(self.tr("Latest scores"), role="field"), 0, 0)
        facts.addWidget(self.scores, 0, 1)
        facts.addWidget(plain_label(self.tr("Next visit"), role="field"), 1, 0)
        facts.addWidget(self.next_visit, 1, 1)
        facts.setColumnStretch(1, 1)
        return facts

    def _build_actions(self) -> QHBoxLayout:
        self.safety_plan_button = named(
            QPushButton(self.tr("Safety &plan")), self.tr("Open the safety plan")
        )
        self.safety_plan_button.clicked.connect(self._emit_client(self.safety_plan_requested))
        self.screening_button = named(
            QPushButton(self.tr("Sc&reening…")),
            self.tr("Start a screening"),
            self.tr("PHQ-9, GAD-7 or C-SSRS"),
        )
        menu = QMenu(self.screening_button)
        for instrument, text in (
            ("phq9", self.tr("PHQ-9 (depression)")),
            ("gad7", self.tr("GAD-7 (anxiety)")),
            ("cssrs", self.tr("C-SSRS (suicide risk screen)")),
        ):
            action = menu.addAction(text)
            action.triggered.connect(
                lambda _checked=False, name=instrument: self._request_screening(name)
            )
        self.screening_menu = menu
        self.screening_button.setMenu(menu)
        self.check_out_button = named(
            QPushButton(self.tr("Chec&k out for visit")),
            self.tr("Check out for a field visit"),
            self.tr("Tell the office where you are going and when you expect to be back"),
        )
        self.check_out_button.clicked.connect(self._emit_client(self.check_out_requested))
        row = QHBoxLayout()
        row.setSpacing(6)
        for button in (self.safety_plan_button, self.screening_button, self.check_out_button):
            button.setProperty("role", "action")
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _build_notes(self) -> QWidget:
        self.template = named(QComboBox(), self.tr("Note template"))
        for note_format, label in TEMPLATES:
            shown = self.tr("Brief contact") if note_format is NoteFormat.FREE else label
            self.template.addItem(shown, note_format)
        self.template.setCurrentIndex(1)
        self.new_note = named(QPushButton(self.tr("&New note")), self.tr("New note"))
        self.new_note.setToolTip(self.tr("Start a visit note from the chosen template (Ctrl+N)"))
        self.new_note.clicked.connect(self.request_new_note)
        notes_header = QHBoxLayout()
        notes_header.addStretch(1)
        notes_header.addWidget(plain_label(self.tr("Template"), role="field"))
        notes_header.addWidget(self.template)
        notes_header.addWidget(self.new_note)

        self.table = record_table(self.tr("Notes timeline"))
        self.table.setModel(self.timeline)
        header_view = self.table.horizontalHeader()
        header_view.setSectionResizeMode(TimelineColumn.SUMMARY, QHeaderView.ResizeMode.Stretch)
        for column in (TimelineColumn.WHEN, TimelineColumn.TYPE, TimelineColumn.STATUS):
            header_view.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self._open_index)
        self.table.doubleClicked.connect(self._open_index)
        return _page(notes_header, self.table)

    def _build_contacts(self) -> QWidget:
        self.contacts_table = record_table(self.tr("Contacts and releases of information"))
        self.contacts_table.setModel(self.contacts)
        _stretch(self.contacts_table, ContactColumn.SHARING)
        self.copy_phone = named(
            QPushButton(self.tr("Copy phone (Ctrl+C)")),
            self.tr("Copy the phone number"),
            self.tr("The number is cleared from the clipboard after 10 seconds"),
        )
        self.copy_phone.clicked.connect(self.copy_selected_phone)
        copy = QShortcut(QKeySequence.StandardKey.Copy, self.contacts_table)
        copy.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy.activated.connect(self.copy_selected_phone)
        self.no_contacts = plain_label(self.tr("No contacts recorded."), role="muted")
        hint = plain_label(
            self.tr("Share information only with contacts whose release is valid."),
            role="muted",
            wrap=True,
        )
        top = QHBoxLayout()
        top.addWidget(hint, 1)
        top.addWidget(self.copy_phone)
        return _page(top, self.no_contacts, self.contacts_table)

    def _build_attachments(self) -> QWidget:
        self.attachments_table = record_table(self.tr("Attachments"))
        self.attachments_table.setModel(self.attachments)
        _stretch(self.attachments_table, AttachmentColumn.NAME)
        self.attachments_table.activated.connect(self._open_attachment)
        self.attachments_table.doubleClicked.connect(self._open_attachment)
        self.open_attachment = named(
            QPushButton(self.tr("Open (Enter)")), self.tr("Open the attachment")
        )
        self.open_attachment.clicked.connect(
            lambda: self._open_attachment(self.attachments_table.currentIndex())
        )
        self.no_attachments = plain_label(self.tr("No attachments."), role="muted")
        hint = plain_label(
            self.tr("Files open inside fieldcm only; they stay encrypted on this laptop."),
            role="muted",
            wrap=True,
        )
        top = QHBoxLayout()
        top.addWidget(hint, 1)
        top.addWidget(self.open_attachment)
        return _page(top, self.no_attachments, self.attachments_table)

    # ---- content --------------------------------------------------------------------

    @property
    def record(self) -> ClientRecord | None:
        return self._record

    def show_record(self, record: ClientRecord | None) -> None:
        self._record = record
        self.empty.setVisible(record is None)
        self.body.setVisible(record is not None)
        if record is None:
            self.timeline.clear()
            self.contacts.clear()
            self.attachments.clear()
            for label in self._data_labels:
                label.clear()
            for viewer in self.findChildren(AttachmentViewer):
                viewer.forget()
                viewer.close()
            self._update_tabs()
            return
        self.name.setText(record.name)
        details = [record.pronouns, record.program, record.language]
        if record.legal_name and record.legal_name != record.preferred_name:
            details.insert(0, self.tr("Legal name: {name}").format(name=record.legal_name))
        if record.dob:
            details.append(self.tr("Born {date}").format(date=record.dob))
        self.details.setText("  ·  ".join(d for d in details if d))
        set_role(self.risk, f"risk-{(record.risk_tier or 'none').lower()}")
        self.risk.setText(self.tr("Risk: {tier}").format(tier=risk_label(record.risk_tier)))
        contact = record.safe_contact.strip()
        self.safe_contact.setText(
            self.tr("Safe contact: {how}").format(how=contact)
            if contact
            else self.tr("No safe-contact instructions recorded.")
        )
        set_role(self.safe_contact, "safety-contact" if contact else "muted")
        self.confidential.setVisible(record.confidential_address)
        self.plan.setText(self._plan_text(record.safety_plan))
        set_role(self.plan, "ok" if record.safety_plan.state is PlanState.CURRENT else "warning")
        self.alerts.setText(
            "\n".join(self.tr("Alert: {text}").format(text=a) for a in record.alerts)
        )
        self.alerts.setVisible(bool(record.alerts))
        self.scores.setText(self._scores_text(record) or self.tr("No screenings yet."))
        self.next_visit.setText(
            date_time(record.next_visit) if record.next_visit else self.tr("None planned")
        )
        self.conflicts.setText(
            count_text(
                record.open_conflicts,
                self.tr("1 conflicting edit needs a decision."),
                self.tr("{n} conflicting edits need a decision."),
            )
        )
        self.conflicts.setVisible(bool(record.open_conflicts))
        self.timeline.set_rows(record.timeline)
        self.contacts.set_rows(record.contacts)
        self.attachments.set_rows(record.attachments)
        self._update_tabs()

    def _update_tabs(self) -> None:
        notes = self.timeline.rowCount()
        contacts = self.contacts.rowCount()
        files = self.attachments.rowCount()
        self.tabs.setTabText(NOTES_TAB, self.tr("Not&es ({n})").format(n=notes))
        self.tabs.setTabText(CONTACTS_TAB, self.tr("Contac&ts ({n})").format(n=contacts))
        self.tabs.setTabText(ATTACHMENTS_TAB, self.tr("Attach&ments ({n})").format(n=files))
        self.no_contacts.setVisible(contacts == 0)
        self.contacts_table.setVisible(contacts > 0)
        self.copy_phone.setEnabled(contacts > 0)
        self.no_attachments.setVisible(files == 0)
        self.attachments_table.setVisible(files > 0)
        self.open_attachment.setEnabled(files > 0)

    def _plan_text(self, plan: PlanStatus) -> str:
        if plan.state is PlanState.NONE:
            return self.tr("Safety plan: none on file.")
        if plan.state is PlanState.INCOMPLETE:
            return self.tr("Safety plan: incomplete ({n} steps missing).").format(
                n=plan.missing_steps
            )
        reviewed = short_date(plan.reviewed_at)
        if plan.state is PlanState.CURRENT:
            return self.tr("Safety plan: current (reviewed {date}).").format(date=reviewed)
        return self.tr("Safety plan: review due (last reviewed {date}).").format(date=reviewed)

    def _scores_text(self, record: ClientRecord) -> str:
        parts = []
        for score in record.scores:
            value = f"{score.total} " if score.total is not None else ""
            when = short_date(score.at)
            parts.append(f"{score.instrument} {value}({score.severity}) · {when}")
        return "     ".join(parts)

    # ---- actions --------------------------------------------------------------------

    def request_new_note(self) -> None:
        if self._record is None:
            return
        self.new_note_requested.emit(
            self._record.client_id, NoteFormat(self.template.currentData())
        )

    def _emit_client(self, signal: SignalInstance) -> Callable[[], None]:
        def emit() -> None:
            if self._record is not None:
                signal.emit(self._record.client_id)

        return emit

    def _request_screening(self, instrument: str) -> None:
        if self._record is not None:
            self.screening_requested.emit(self._record.client_id, instrument)

    def copy_selected_phone(self) -> None:
        """Copy the selected contact's phone number through the clipboard guard."""
        index = self.contacts_table.currentIndex()
        if not index.isValid():
            if self.contacts.rowCount() != 1:
                return
            index = self.contacts.index(0, 0)
        row = index.siblingAtColumn(0).data(CONTACT_ROLE)
        if row is not None and row.phone:
            self.clipboard.copy(row.phone)

    def _open_attachment(self, index: QModelIndex) -> None:
        if self._record is None or not index.isValid():
            return
        entry = index.siblingAtColumn(0).data(ATTACHMENT_ROLE)
        if entry is not None:
            self.attachment_requested.emit(self._record.client_id, entry.file_id)

    def _open_index(self, index: QModelIndex) -> None:
        if self._record is None or not index.isValid():
            return
        entry = index.siblingAtColumn(0).data(ENTRY_ROLE)
        if entry is None:
            return
        note_id = (
            entry.parent_id if entry.kind == "addendum" and entry.parent_id else entry.record_id
        )
        self.note_requested.emit(self._record.client_id, note_id)


def _stretch(table: QTableView, column: int) -> None:
    header = table.horizontalHeader()
    for section in range(table.model().columnCount()):
        mode = QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(section, mode)
    header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


def _page(top: QHBoxLayout, *widgets: QWidget) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 8, 0, 0)
    layout.setSpacing(6)
    layout.addLayout(top)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, QTableView) else 0)
    return page
