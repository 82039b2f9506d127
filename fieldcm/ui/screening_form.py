"""Giving a screen: PHQ-9, GAD-7 or the C-SSRS screener, scored live, recorded with escalation.

One page per step: the questions (score, band or risk computed by the domain as answers come
in, never typed), then the result. Recording a PHQ-9 whose question 9 is above zero moves
the form straight to the C-SSRS screener: the visit cannot be closed until it is done (the
note editor asks :mod:`fieldcm.services.screenings` before signing). Recording goes through
the screenings service in one unit of work with the alerts it raises.

Keys: 0-3 answer a PHQ/GAD question, Y/N a C-SSRS question (focus moves on); arrow keys move
within a question; Ctrl+Enter records; Esc closes.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldcm.domain import cssrs
from fieldcm.domain.assessments import CSSRS
from fieldcm.domain.errors import InvalidAnswersError
from fieldcm.domain.screening import PHQ9_SUICIDE_ITEM, instrument_for
from fieldcm.services import screenings
from fieldcm.services.screenings import RecordedScreen
from fieldcm.ui.messages import explain
from fieldcm.ui.screening_banner import ScreeningResultBanner
from fieldcm.ui.screening_questions import CssrsQuestions, FrequencyQuestions
from fieldcm.ui.screening_texts import instrument_title, risk_label, severity_label
from fieldcm.ui.session import Session
from fieldcm.ui.widgets import named, plain_label, set_role

QUESTIONS_PAGE: Final = 0
CSSRS_PAGE: Final = 1
RESULT_PAGE: Final = 2
INSTRUMENTS: Final = ("phq9", "gad7", CSSRS)


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area


class ScreeningForm(QWidget):
    """One screen at a time for one client (GUI thread); :meth:`attach` a session first."""

    recorded = Signal(str)
    """The assessment id just written."""
    cssrs_opened = Signal(str)
    """``client_id``: a PHQ-9 question 9 above zero moved the form to the C-SSRS."""
    safety_plan_requested = Signal(str)
    """``client_id``: open (or start) the client's safety plan."""
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screeningForm")
        self._session: Session | None = None
        self._client_id = ""
        self._encounter_id: str | None = None
        self._instrument = "phq9"
        self._busy = False
        self._build()

    # ---- layout ---------------------------------------------------------------------

    def _build(self) -> None:
        self.title = plain_label("", role="title", name=self.tr("Screen"))
        self.client = plain_label("", role="subtitle", name=self.tr("Client screened"))
        self.close_button = named(QPushButton(self.tr("&Close")), self.tr("Close screen"))
        self.close_button.setToolTip(self.tr("Back to the client (Esc)"))
        self.close_button.clicked.connect(self.close_screen)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.title)
        titles.addWidget(self.client)
        header = QHBoxLayout()
        header.addLayout(titles, 1)
        header.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)

        self.escalation = plain_label("", wrap=True, role="hint", name=self.tr("Why this screen"))
        self.escalation.setVisible(False)

        self.frequency = FrequencyQuestions()
        self.frequency.changed.connect(self._update_score)
        self.cssrs = CssrsQuestions()
        self.cssrs.changed.connect(self._update_risk)
        self.banner = ScreeningResultBanner()
        self.banner.safety_plan_requested.connect(self.safety_plan_requested)
        self.done_button = named(QPushButton(self.tr("&Done")), self.tr("Done"))
        self.done_button.clicked.connect(self.close_screen)
        result_page = QWidget()
        result_layout = QVBoxLayout(result_page)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.addWidget(self.banner)
        done_row = QHBoxLayout()
        done_row.addStretch(1)
        done_row.addWidget(self.done_button)
        result_layout.addLayout(done_row)
        result_layout.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(_scrolled(self.frequency))
        self.pages.addWidget(_scrolled(self.cssrs))
        self.pages.addWidget(result_page)

        body = QHBoxLayout()
        body.setSpacing(16)
        body.addWidget(self.pages, 1)
        body.addWidget(self._build_score_card())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(10)
        layout.addLayout(header)
        layout.addWidget(self.escalation)
        layout.addLayout(body, 1)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.record)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_screen)

    def _build_score_card(self) -> QFrame:
        self.card = QFrame()
        self.card.setProperty("role", "card")
        self.card.setFixedWidth(280)
        self.score_heading = plain_label(self.tr("Score"), role="section")
        self.score = plain_label("", role="title", name=self.tr("Score"))
        self.band = plain_label("", role="badge", name=self.tr("Severity"))
        self.band.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.progress = plain_label("", role="muted", wrap=True, name=self.tr("Answered"))
        self.item9 = plain_label("", wrap=True, role="danger", name=self.tr("Question 9"))
        self.record_button = named(QPushButton(self.tr("&Record screen")), self.tr("Record screen"))
        self.record_button.setDefault(True)
        self.record_button.setToolTip(self.tr("Save the answers (Ctrl+Enter)"))
        self.record_button.clicked.connect(self.record)
        self.message = plain_label("", wrap=True, role="danger", name=self.tr("Screen message"))
        self.computed = plain_label(
            self.tr("Computed from the answers; it cannot be typed."), wrap=True, role="muted"
        )
        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.setSpacing(8)
        for widget in (self.score_heading, self.score, self.band, self.progress, self.computed):
            layout.addWidget(widget)
        layout.addWidget(self.item9)
        layout.addStretch(1)
        self.keys_hint = plain_label("", wrap=True, role="muted", name=self.tr("Keyboard"))
        layout.addWidget(self.keys_hint)
        layout.addWidget(self.message)
        layout.addWidget(self.record_button)
        return self.card

    # ---- session --------------------------------------------------------------------

    def attach(self, session: Session) -> None:
        self._session = session

    def detach(self) -> None:
        """Lock: forget every answer on screen."""
        self._session = None
        self._client_id = ""
        self.frequency.load(instrument_for("phq9"))
        self.cssrs.clear()
        self.client.clear()

    # ---- opening --------------------------------------------------------------------

    def open_screening(
        self,
        client_id: str,
        client_name: str,
        instrument: str = "phq9",
        encounter_id: str | None = None,
    ) -> None:
        """Start a new screen (``phq9``, ``gad7`` or ``cssrs``) for a client.

        ``encounter_id``: the visit note (or encounter) it belongs to, when given from one.
        """
        if instrument not in INSTRUMENTS:
            raise ValueError(f"unknown screen {instrument!r}")
        self._client_id = client_id
        self._encounter_id = encounter_id
        self.client.setText(client_name)
        self.escalation.setVisible(False)
        self.message.clear()
        if instrument == CSSRS:
            self._show_cssrs()
        else:
            self._instrument = instrument
            self.title.setText(instrument_title(instrument))
            self.frequency.load(instrument_for(instrument))
            self.pages.setCurrentIndex(QUESTIONS_PAGE)
            self.card.setVisible(True)
            self._update_score()
            self.frequency.focus_first()

    def _show_cssrs(self) -> None:
        self._instrument = CSSRS
        self.title.setText(instrument_title(CSSRS))
        self.cssrs.clear()
        self.pages.setCurrentIndex(CSSRS_PAGE)
        self.card.setVisible(True)
        self._update_risk()
        self.cssrs.focus_first()

    @property
    def instrument(self) -> str:
        return self._instrument

    @property
    def page(self) -> int:
        return self.pages.currentIndex()

    # ---- live score -----------------------------------------------------------------

    def _update_score(self) -> None:
        if self._instrument == CSSRS:
            return
        instrument = instrument_for(self._instrument)
        answers = self.frequency.answers()
        answered = sum(a is not None for a in answers)
        self.score_heading.setText(self.tr("Score"))
        self.progress.setText(
            self.tr("{n} of {total} questions answered").format(n=answered, total=len(answers))
        )
        complete = self.frequency.complete_answers()
        if complete is None:
            self.score.setText("—")
            self.band.setText(self.tr("Answer every question"))
            set_role(self.band, "badge")
        else:
            result = instrument.score(complete)
            self.score.setText(
                self.tr("{total} of {most}").format(total=result.total, most=instrument.max_total)
            )
            self.band.setText(severity_label(result.severity))
            set_role(self.band, "risk-high" if result.positive else "badge")
        item9 = (
            self._instrument == "phq9"
            and len(answers) >= PHQ9_SUICIDE_ITEM
            and (answers[PHQ9_SUICIDE_ITEM - 1] or 0) > 0
        )
        self.item9.setText(
            self.tr(
                "Question 9 is above zero: the C-SSRS screener follows when you record this "
                "screen, and the visit cannot be closed until it is done."
            )
            if item9
            else ""
        )
        self.item9.setVisible(item9)
        self.record_button.setText(self.tr("&Record screen"))
        self.record_button.setEnabled(complete is not None and not self._busy)
        self.keys_hint.setText(
            self.tr(
                "Keys: 0 to 3 answer a question and move on; Up and Down move between "
                "questions; Ctrl+Enter records."
            )
        )

    def _update_risk(self) -> None:
        if self._instrument != CSSRS:
            return
        self.score_heading.setText(self.tr("Risk level"))
        self.item9.setVisible(False)
        answers = self.cssrs.complete_answers()
        asked = cssrs.questions_to_ask(self.cssrs.answers())
        self.progress.setText(
            self.tr("{n} of {total} questions asked so far").format(
                n=len(self.cssrs.answers().by_question), total=len(asked)
            )
        )
        if answers is None:
            self.score.setText("—")
            self.band.setText(self.tr("Answer every question shown"))
            set_role(self.band, "badge")
        else:
            risk = cssrs.risk_level(answers)
            self.band.setText(risk_label(risk.value))
            role = {"high": "risk-high", "moderate": "risk-moderate", "low": "risk-low"}
            set_role(self.band, role.get(risk.value, "badge"))
            self.score.setText(self.tr("Screen complete"))
        self.record_button.setText(self.tr("&Record screener"))
        self.record_button.setEnabled(answers is not None and not self._busy)
        self.keys_hint.setText(
            self.tr(
                "Keys: Y or N answers a question and moves on; Up and Down move between "
                "questions; Ctrl+Enter records."
            )
        )

    # ---- recording ------------------------------------------------------------------

    def record(self) -> None:
        session = self._session
        if session is None or self._busy or self.pages.currentIndex() == RESULT_PAGE:
            return
        client_id, encounter_id = self._client_id, self._encounter_id
        by = session.identity.user_id
        at = session.clock()
        review_days = session.workspace.settings.safety_plan_review_days
        if self._instrument == CSSRS:
            answers = self.cssrs.complete_answers()
            if answers is None:
                return
            job = lambda uow: screenings.record_cssrs(  # noqa: E731
                uow, client_id=client_id, answers=answers, administered_by=by, at=at,
                review_days=review_days, encounter_id=encounter_id,
            )  # fmt: skip
        else:
            scores = self.frequency.complete_answers()
            if scores is None:
                return
            instrument, difficulty = self._instrument, self.frequency.difficulty()
            job = lambda uow: screenings.record_screen(  # noqa: E731
                uow, client_id=client_id, instrument=instrument, answers=scores,
                administered_by=by, at=at, review_days=review_days,
                encounter_id=encounter_id, difficulty=difficulty,
            )  # fmt: skip
        self._set_busy(True)
        op = session.write(job)
        op.on_success(self._recorded).on_failure(self._failed).on_done(
            lambda: self._set_busy(False)
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        if self._instrument == CSSRS:
            self._update_risk()
        else:
            self._update_score()

    def _recorded(self, done: RecordedScreen) -> None:
        self.recorded.emit(done.record.id)
        if done.requires_cssrs:
            self._show_cssrs()
            self.escalation.setText(
                self.tr(
                    "PHQ-9 recorded. Question 9 was answered above zero, so ask the C-SSRS "
                    "screener now: the visit cannot be closed until it is done."
                )
            )
            self.escalation.setVisible(True)
            self.cssrs_opened.emit(self._client_id)
            return
        crisis = self._session.workspace.settings.crisis_line if self._session else ""
        self.banner.show_result(self._client_id, done, crisis)
        self.escalation.setVisible(False)
        self.card.setVisible(False)
        self.pages.setCurrentIndex(RESULT_PAGE)
        self.done_button.setFocus()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, InvalidAnswersError):
            self.message.setText(str(error))
        else:
            self.message.setText(explain(error).text)

    def close_screen(self) -> None:
        self.closed.emit()
