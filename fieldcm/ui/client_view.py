"""The client record: safety first, then scores and the next visit, then the notes timeline."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fieldcm.domain.notes import NoteFormat
from fieldcm.ui.client_data import ClientRecord, PlanState, PlanStatus
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


class ClientView(QWidget):
    """Shows one :class:`ClientRecord`; asks the window to open notes (GUI thread only)."""

    new_note_requested = Signal(str, object)
    """``(client_id, NoteFormat)``."""
    note_requested = Signal(str, str)
    """``(client_id, note_id)``: open a note (an addendum opens its note)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clientView")
        self._record: ClientRecord | None = None
        self.timeline = TimelineModel(self)
        self._build()
        self.show_record(None)

    def _build(self) -> None:
        self.name = plain_label(
            "", role="title", name=self.tr("Client name"), selectable=True, wrap=True
        )
        self.details = plain_label("", role="muted", wrap=True, name=self.tr("Client details"))
        self.risk = plain_label("", role="badge", name=self.tr("Risk tier"))
        self.risk.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

        name_row = QHBoxLayout()
        name_row.addWidget(self.name, 1)
        name_row.addWidget(self.risk, 0, Qt.AlignmentFlag.AlignTop)
        header = QVBoxLayout()
        header.setSpacing(2)
        header.addLayout(name_row)
        header.addWidget(self.details)
        self._build_safety()
        facts = self._build_facts()
        notes_header = self._build_notes()
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
        layout.addLayout(notes_header)
        layout.addWidget(self.table, 1)

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

    def _build_notes(self) -> QHBoxLayout:
        self.template = named(QComboBox(), self.tr("Note template"))
        for note_format, label in TEMPLATES:
            shown = self.tr("Brief contact") if note_format is NoteFormat.FREE else label
            self.template.addItem(shown, note_format)
        self.template.setCurrentIndex(1)
        self.new_note = named(QPushButton(self.tr("&New note")), self.tr("New note"))
        self.new_note.setToolTip(self.tr("Start a visit note from the chosen template (Ctrl+N)"))
        self.new_note.clicked.connect(self.request_new_note)
        notes_header = QHBoxLayout()
        notes_header.addWidget(plain_label(self.tr("Notes"), role="section"), 1)
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
        return notes_header

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
            for label in self._data_labels:
                label.clear()
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
        self.timeline.set_entries(record.timeline)

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
