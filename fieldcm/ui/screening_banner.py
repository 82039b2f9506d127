"""What a recorded screen means, said calmly: what was done, and what to do next.

A high C-SSRS result shows what the app did (a supervisor notification, sent on the next
sync), the precautions the Columbia triage asks for, and whether the client has a current
safety plan, with one button to open it. Everything shown is composed from the domain's
result and codes; the only text from a person or a server (the agency's crisis line) is
shown as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldcm.domain.cssrs import RiskLevel
from fieldcm.services.screenings import RecordedScreen, SafetyPlanStatus
from fieldcm.ui.formatting import short_date
from fieldcm.ui.screening_texts import instrument_name, risk_label, severity_label
from fieldcm.ui.widgets import named, plain_label, set_role


class ScreeningResultBanner(QFrame):
    """The outcome of one recorded screen; ``safety_plan_requested`` opens the plan."""

    safety_plan_requested = Signal(str)
    """``client_id``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screeningResult")
        self.setProperty("role", "card")
        self._client_id = ""
        self.heading = plain_label("", role="section", wrap=True, name=self.tr("Screen result"))
        self.risk = plain_label("", role="badge", name=self.tr("Result level"))
        self.risk.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done = plain_label("", wrap=True, name=self.tr("What was done"))
        self.next_steps = plain_label("", wrap=True, name=self.tr("What to do now"))
        self.plan = plain_label("", wrap=True, name=self.tr("Safety plan status"))
        self.crisis = plain_label("", wrap=True, selectable=True, name=self.tr("Crisis line"))
        self.plan_button = named(
            QPushButton(self.tr("Open safety &plan")), self.tr("Open safety plan")
        )
        self.plan_button.clicked.connect(lambda: self.safety_plan_requested.emit(self._client_id))
        self.screen_note = plain_label(
            self.tr("The C-SSRS is a screen, not a diagnosis."), role="muted", wrap=True
        )

        self.plan_button.setDefault(True)  # the next step, styled as the main action
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.risk, 0, Qt.AlignmentFlag.AlignTop)
        rows = QGridLayout()
        rows.setHorizontalSpacing(16)
        rows.setVerticalSpacing(10)
        rows.setColumnStretch(1, 1)
        self.captions: list[QLabel] = []
        for index, (caption, label) in enumerate(
            (
                (self.tr("Done"), self.done),
                (self.tr("Now"), self.next_steps),
                (self.tr("Safety plan"), self.plan),
                (self.tr("Crisis line"), self.crisis),
            )
        ):
            title = plain_label(caption, role="field")
            title.setMinimumWidth(96)
            self.captions.append(title)
            rows.addWidget(title, index, 0, Qt.AlignmentFlag.AlignTop)
            rows.addWidget(label, index, 1)
        buttons = QHBoxLayout()
        buttons.addSpacing(112)
        buttons.addWidget(self.plan_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addLayout(rows)
        layout.addLayout(buttons)
        layout.addWidget(self.screen_note)

    def show_result(self, client_id: str, recorded: RecordedScreen, crisis_line: str) -> None:
        self._client_id = client_id
        assessment = recorded.assessment
        if assessment.cssrs is not None:
            self._show_cssrs(recorded, assessment.cssrs.risk, crisis_line)
        else:
            self._show_score(recorded)
        labels = (self.done, self.next_steps, self.plan, self.crisis)
        for caption, label in zip(self.captions, labels, strict=True):
            caption.setVisible(not label.isHidden())

    def _show_score(self, recorded: RecordedScreen) -> None:
        screen = recorded.assessment.screen
        assert screen is not None
        name = instrument_name(recorded.assessment.instrument)
        self.heading.setText(
            self.tr("{name} recorded: {total} of {most}").format(
                name=name, total=screen.total, most=3 * len(screen.answers)
            )
        )
        self.risk.setText(severity_label(screen.severity))
        set_role(self.risk, "badge")
        self.done.setText(self.tr("Saved on this laptop; it syncs with the client's record."))
        self.next_steps.setText(
            self.tr("At or above 10 the screen is positive: plan a fuller evaluation.")
            if screen.positive
            else ""
        )
        self.next_steps.setVisible(screen.positive)
        for widget in (self.plan, self.plan_button, self.crisis, self.screen_note):
            widget.setVisible(False)
        self.setProperty("role", "card")
        set_role(self, "card")

    def _show_cssrs(self, recorded: RecordedScreen, risk: RiskLevel, crisis_line: str) -> None:
        high = risk is RiskLevel.HIGH
        self.risk.setText(risk_label(risk.value))
        set_role(self.risk, {"high": "risk-high", "moderate": "risk-moderate"}.get(
            risk.value, "risk-low" if risk is RiskLevel.LOW else "badge"
        ))  # fmt: skip
        self.screen_note.setVisible(True)
        if risk is RiskLevel.NONE:
            self.heading.setText(self.tr("C-SSRS screener recorded: no risk indicated"))
            self.done.setText(self.tr("Saved on this laptop; it syncs with the client's record."))
            for widget in (self.next_steps, self.plan, self.plan_button, self.crisis):
                widget.setVisible(False)
            set_role(self, "card")
            return
        for widget in (self.done, self.next_steps, self.plan, self.plan_button, self.crisis):
            widget.setVisible(True)
        if high:
            self.heading.setText(self.tr("High risk on the C-SSRS screener"))
            self.done.setText(
                self.tr(
                    "A safety flag is on the client's record, and your supervisor is "
                    "notified at the next sync."
                )
                if recorded.supervisor_notified
                else self.tr("A safety flag is on the client's record.")
            )
            self.next_steps.setText(
                self.tr(
                    "Stay with the client and keep them safe until a mental health "
                    "professional can evaluate them. Refer them now. If you need your "
                    "supervisor sooner than the next sync, call them."
                )
            )
        else:
            self.heading.setText(self.tr("Positive C-SSRS screener"))
            self.done.setText(self.tr("A safety flag is on the client's record."))
            self.next_steps.setText(
                self.tr(
                    "Review the safety plan with the client, and refer them to "
                    "outpatient care and crisis lines."
                )
            )
        self.plan.setText(self.plan_text(recorded.safety_plan, high))
        self.plan_button.setText(
            self.tr("Open safety &plan") if recorded.safety_plan.exists
            else self.tr("Make a safety &plan")
        )  # fmt: skip
        self.crisis.setText(crisis_line)
        self.crisis.setVisible(bool(crisis_line))
        set_role(self, "safety")

    def plan_text(self, status: SafetyPlanStatus, high: bool) -> str:
        if not status.exists:
            text = self.tr("This client has no safety plan on this laptop.")
        elif not status.readable:
            text = self.tr("This client's safety plan could not be read on this laptop.")
        elif status.current:
            text = self.tr("The client has a current safety plan.")
        else:
            reviewed = short_date(status.reviewed_at) if status.reviewed_at else self.tr("never")
            text = self.tr("The client has a safety plan (last reviewed: {date}).").format(
                date=reviewed
            )
            if status.missing:
                text += " " + self.tr("{n} of its six steps are empty.").format(
                    n=len(status.missing)
                )
        if high and not status.current:
            text += " " + self.tr(
                "Make or review it with the client now: the visit note cannot be signed until "
                "the plan is complete and reviewed after this screen."
            )
        return text
