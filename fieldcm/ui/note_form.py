"""The facts of a visit note: how, where, who, which service, which goal, when.

:class:`NoteForm` turns note fields into widgets and back (:meth:`load`, :meth:`values`);
it knows nothing of saving. The visit timer fills start, end and duration: "Start visit"
stamps the start, "End visit" the end, and the duration is always computed, never typed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final

from PySide6.QtCore import QDateTime, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcm.domain import codec
from fieldcm.domain.billing import PayerRule, billable_units
from fieldcm.domain.notes import ContactMethod
from fieldcm.ui.client_data import GoalChoice
from fieldcm.ui.formatting import clock_text, from_qt, minutes_text, to_qt
from fieldcm.ui.widgets import named, plain_label

NOT_SET: Final = QDateTime.fromSecsSinceEpoch(946684800)  # 2000-01-01: "not set" sentinel
SERVICE_CODES: Final = (
    ("T1017", "Targeted case management"),
    ("H0036", "Community psychiatric supportive treatment"),
    ("H2015", "Comprehensive community support"),
    ("H0023", "Outreach (behavioral health)"),
    ("G9012", "Other specified case management"),
)


class NoteForm(QWidget):
    """Contact type, location, participants, service code, goal, payer and the visit times."""

    changed = Signal()
    """The person changed a value (not emitted while :meth:`load` fills the widgets)."""

    def __init__(self, clock: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._loading = False
        self._rule: PayerRule | None = None
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._update_duration)
        self._build()

    def _build(self) -> None:
        self.contact_type = named(QComboBox(), self.tr("Contact type"))
        self.contact_type.addItem(self.tr("Choose…"), None)
        for method, label in (
            (ContactMethod.HOME, self.tr("Home visit")),
            (ContactMethod.SHELTER, self.tr("Shelter")),
            (ContactMethod.STREET, self.tr("Street outreach")),
            (ContactMethod.OFFICE, self.tr("Office")),
            (ContactMethod.PHONE, self.tr("Phone")),
            (ContactMethod.TELEHEALTH, self.tr("Telehealth")),
            (ContactMethod.COLLATERAL, self.tr("Collateral contact")),
        ):
            self.contact_type.addItem(label, method.value)
        self.location = named(QLineEdit(), self.tr("Location"))
        self.location.setPlaceholderText(self.tr("e.g. client's apartment"))
        self.client_present = named(QComboBox(), self.tr("Client present"))
        self.client_present.addItem(self.tr("Choose…"), None)
        self.client_present.addItem(self.tr("Yes"), True)
        self.client_present.addItem(self.tr("No"), False)
        self.participants = named(QLineEdit(), self.tr("Participants"))
        self.participants.setPlaceholderText(self.tr("Who else took part"))
        self.service_code = named(QComboBox(), self.tr("Service code"))
        self.service_code.setEditable(True)
        self.service_code.addItem("", "")
        for code, label in SERVICE_CODES:
            self.service_code.addItem(f"{code} — {label}", code)
        self.goal = named(QComboBox(), self.tr("Linked goal"))
        self.payer = named(QComboBox(), self.tr("Payer"))
        self.start = self._time_edit(self.tr("Service start"))
        self.end = self._time_edit(self.tr("Service end"))
        self.duration = plain_label("—", name=self.tr("Duration"))
        self.timer_button = named(QPushButton(self.tr("Start &visit")), self.tr("Visit timer"))
        self.timer_button.clicked.connect(self._timer_clicked)

        times = QHBoxLayout()
        times.addWidget(self.duration, 1)
        times.addWidget(self.timer_button)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for caption, widget in (
            (self.tr("Contact &type"), self.contact_type),
            (self.tr("&Location"), self.location),
            (self.tr("Client &present"), self.client_present),
            (self.tr("Pa&rticipants"), self.participants),
            (self.tr("Service &code"), self.service_code),
            (self.tr("Linked &goal"), self.goal),
            (self.tr("Pa&yer"), self.payer),
            (self.tr("&Start"), self.start),
            (self.tr("&End"), self.end),
        ):
            buddy = plain_label(caption.replace("&", ""))
            buddy.setBuddy(widget)
            form.addRow(buddy, widget)
        form.addRow(plain_label(self.tr("Duration")), times)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addStretch(1)

        for combo in (self.contact_type, self.client_present, self.goal, self.payer):
            combo.currentIndexChanged.connect(self._emit_changed)
        self.service_code.currentTextChanged.connect(self._emit_changed)
        for line in (self.location, self.participants):
            line.textEdited.connect(self._emit_changed)
        for edit in (self.start, self.end):
            edit.dateTimeChanged.connect(self._times_changed)

    def _time_edit(self, name: str) -> QDateTimeEdit:
        edit = named(QDateTimeEdit(), name)
        edit.setCalendarPopup(True)
        edit.setMinimumDateTime(NOT_SET)
        edit.setSpecialValueText(self.tr("not set"))
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        edit.setDateTime(NOT_SET)
        return edit

    # ---- fields <-> widgets ---------------------------------------------------------

    def set_choices(self, goals: tuple[GoalChoice, ...], rules: tuple[PayerRule, ...]) -> None:
        self._loading = True
        try:
            self.goal.clear()
            self.goal.addItem(self.tr("Choose…"), None)
            for goal in goals:
                self.goal.addItem(
                    goal.statement or self.tr("(goal without a statement)"), goal.goal_id
                )
            self.payer.clear()
            for rule in rules or (PayerRule(payer="default"),):
                shown = self.tr("Default") if rule.payer == "default" else rule.payer
                self.payer.addItem(shown, rule.payer)
        finally:
            self._loading = False

    def load(self, fields: Mapping[str, Any]) -> None:
        self._loading = True
        try:
            _select(self.contact_type, fields.get("contact_type"))
            self.location.setText(_str(fields.get("location")))
            _select(self.client_present, fields.get("client_present"))
            self.participants.setText(_str(fields.get("participants_text")))
            code = _str(fields.get("service_code"))
            index = self.service_code.findData(code)
            if index >= 0:
                self.service_code.setCurrentIndex(index)
            else:
                self.service_code.setEditText(code)
            goals = fields.get("goal_ids")
            goal_id = goals[0] if isinstance(goals, list) and goals else None
            if goal_id is not None and self.goal.findData(goal_id) < 0:
                self.goal.addItem(self.tr("(goal not on this laptop)"), goal_id)
            _select(self.goal, goal_id)
            payer = fields.get("payer")
            if payer is not None:
                _select(self.payer, payer)
            self.start.setDateTime(_qt_time(fields.get("service_start")))
            self.end.setDateTime(_qt_time(fields.get("service_end")))
        finally:
            self._loading = False
        self._update_duration()

    def values(self) -> dict[str, Any]:
        """The form as note fields (``None`` for what is not set)."""
        code_text = self.service_code.currentText().strip()
        index = self.service_code.findText(code_text)
        code = self.service_code.itemData(index) if index >= 0 else code_text.split(" ")[0]
        goal_id = self.goal.currentData()
        return {
            "contact_type": self.contact_type.currentData(),
            "location": self.location.text(),
            "client_present": self.client_present.currentData(),
            "participants_text": self.participants.text(),
            "service_code": code or "",
            "goal_ids": [goal_id] if goal_id else [],
            "payer": self.payer.currentData(),
            "service_start": _iso(self.start),
            "service_end": _iso(self.end),
        }

    def set_rule(self, rule: PayerRule) -> None:
        self._rule = rule
        self._update_duration()

    def set_read_only(self, read_only: bool) -> None:
        for widget in (
            self.contact_type,
            self.client_present,
            self.service_code,
            self.goal,
            self.payer,
            self.timer_button,
        ):
            widget.setEnabled(not read_only)
        for line in (self.location, self.participants):
            line.setReadOnly(read_only)
        for edit in (self.start, self.end):
            edit.setReadOnly(read_only)
        if read_only:
            self._ticker.stop()
            self.timer_button.setText(self.tr("Start &visit"))

    # ---- the visit timer ------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.start.dateTime() != NOT_SET and self.end.dateTime() == NOT_SET

    def _timer_clicked(self) -> None:
        now = to_qt(self._clock())
        if self.running:
            self.end.setDateTime(now)
        else:
            self.start.setDateTime(now)
            self.end.setDateTime(NOT_SET)

    def _times_changed(self) -> None:
        self._update_duration()
        self._emit_changed()

    def _update_duration(self) -> None:
        start, end = self.start.dateTime(), self.end.dateTime()
        if self.running:
            elapsed = start.secsTo(to_qt(self._clock()))
            self.duration.setText(self.tr("Running {clock}").format(clock=clock_text(elapsed)))
            self.timer_button.setText(self.tr("End &visit"))
            if not self._ticker.isActive() and self.timer_button.isEnabled():
                self._ticker.start()
            return
        self._ticker.stop()
        self.timer_button.setText(self.tr("Start &visit"))
        if NOT_SET in (start, end):
            self.duration.setText("—")
            return
        minutes = start.secsTo(end) // 60
        text = minutes_text(minutes)
        if self._rule is not None and minutes > 0:
            units = billable_units(minutes, self._rule)
            text += "  ·  " + self.tr("{n} billable units").format(n=units)
        self.duration.setText(text)

    def _emit_changed(self, *_: object) -> None:
        if not self._loading:
            self.changed.emit()


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _select(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


def _qt_time(value: Any) -> QDateTime:
    if not isinstance(value, str) or not value:
        return NOT_SET
    try:
        return to_qt(codec.parse_datetime(value, "time"))
    except ValueError:
        return NOT_SET


def _iso(edit: QDateTimeEdit) -> str | None:
    value = edit.dateTime()
    if value == NOT_SET:
        return None
    return codec.format_datetime(from_qt(value))
