"""The answer grids of the screens: PHQ-9/GAD-7 frequencies and the C-SSRS yes/no questions.

The wording is the domain's (:mod:`fieldcm.domain.screening`, :mod:`fieldcm.domain.cssrs`),
shown verbatim and never retyped: a validated instrument is not re-worded or machine
translated. Each question is one exclusive radio group: arrow keys move within it, and a
digit (0-3) or Y/N answers the question that has the focus and moves to the next one, so a
worker can read the questions aloud and key the answers in. Scores are never computed here;
the widgets only hand the raw answers to the domain.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fieldcm.domain import cssrs
from fieldcm.domain.cssrs import Question
from fieldcm.domain.errors import InvalidAnswersError
from fieldcm.domain.screening import (
    DIFFICULTY_LABELS,
    DIFFICULTY_QUESTION,
    FREQUENCY_LABELS,
    TWO_WEEK_STEM,
    Difficulty,
    Frequency,
    Instrument,
)
from fieldcm.ui.widgets import bold, named, plain_label

QUESTION_STYLE: Final = """
QRadioButton { padding: 3px 8px; border-radius: 5px; }
QRadioButton:focus { background: #d1e9ff; }
QRadioButton:checked { font-weight: 600; }
QFrame#shadedRow { background: #f2f4f7; border-radius: 4px; }
"""


def _uncheck(group: QButtonGroup) -> None:
    """An exclusive group cannot be emptied by clicking; skip logic needs it emptied."""
    group.setExclusive(False)
    for button in group.buttons():
        button.setChecked(False)
    group.setExclusive(True)


class _AnswerKeys(QObject):
    """Keys on a question: a mapped key answers it (focus moves on); Left/Right move between
    its answers (as Qt radio groups do, without relying on screen geometry); Up/Down move to
    the previous or next question."""

    answered = Signal(object)
    """The :class:`QButtonGroup` that was just answered from the keyboard."""
    step = Signal(object, int)
    """``(group, -1 | +1)``: move to the previous or next question."""

    def __init__(self, keys: dict[int, int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._keys = keys

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QAbstractButton):
            return False
        assert isinstance(event, QKeyEvent)
        group = watched.group()
        if group is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step.emit(group, -1 if key == Qt.Key.Key_Up else 1)
            return True
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            return _move_within(group, watched, -1 if key == Qt.Key.Key_Left else 1)
        button_id = self._keys.get(key)
        button = None if button_id is None else group.button(button_id)
        if button is None or not button.isEnabled():
            return False
        button.setChecked(True)
        button.setFocus(Qt.FocusReason.OtherFocusReason)  # stays on the last question
        self.answered.emit(group)
        return True


def _move_within(group: QButtonGroup, current: QAbstractButton, delta: int) -> bool:
    buttons = group.buttons()
    index = buttons.index(current) + delta
    if not 0 <= index < len(buttons):
        return True  # at the edge: stay, as Qt's radio groups do
    target = buttons[index]
    if current.isChecked():
        target.setChecked(True)
    target.setFocus(Qt.FocusReason.TabFocusReason)
    return True


class FrequencyQuestions(QWidget):
    """A PHQ-9, PHQ-2 or GAD-7 grid: one row per item, one column per answer (0-3)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(QUESTION_STYLE)
        self.instrument: Instrument | None = None
        self.groups: list[QButtonGroup] = []
        self.difficulty_group = QButtonGroup(self)
        self._keys = _AnswerKeys({getattr(Qt.Key, f"Key_{v}"): v for v in range(4)}, self)
        self._keys.answered.connect(self._advance)
        self._keys.step.connect(self._step)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(8)
        self.stem = plain_label(TWO_WEEK_STEM, wrap=True, role="section", name=self.tr("Question"))
        self._layout.addWidget(self.stem)
        self.grid_host = QWidget()
        self._layout.addWidget(self.grid_host)
        self.difficulty_box = self._build_difficulty()
        self._layout.addWidget(self.difficulty_box)
        self._layout.addStretch(1)

    def load(self, instrument: Instrument) -> None:
        """Show ``instrument`` with nothing answered."""
        self.instrument = instrument
        for group in self.groups:
            group.deleteLater()
        self.groups = []
        old = self.grid_host
        self.grid_host = self._build_grid(instrument)
        self._layout.replaceWidget(old, self.grid_host)
        old.deleteLater()
        _uncheck(self.difficulty_group)
        self._update_difficulty()

    def _build_grid(self, instrument: Instrument) -> QWidget:
        host = QWidget()
        grid = QGridLayout(host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        grid.setColumnStretch(1, 1)
        for column, frequency in enumerate(Frequency, start=2):
            header = plain_label(FREQUENCY_LABELS[frequency], wrap=True, role="field")
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            header.setMinimumWidth(96)
            header.setMaximumWidth(130)
            grid.addWidget(header, 0, column, Qt.AlignmentFlag.AlignBottom)
        for row, item in enumerate(instrument.items, start=1):
            stripe = QFrame()  # every other row shaded, so a row is easy to follow across
            stripe.setObjectName("shadedRow" if row % 2 else "")
            grid.addWidget(stripe, row, 0, 1, 2 + len(Frequency))
            number = plain_label(f"{row}.", role="field")
            number.setContentsMargins(6, 0, 0, 0)
            text = plain_label(item.text, wrap=True)
            text.setMinimumHeight(34)
            text.setContentsMargins(0, 3, 0, 3)
            grid.addWidget(number, row, 0)
            grid.addWidget(text, row, 1)
            group = QButtonGroup(self)
            for column, frequency in enumerate(Frequency, start=2):
                button = QRadioButton(str(int(frequency)))
                named(
                    button,
                    self.tr("Item {n}: {answer} ({score})").format(
                        n=row, answer=FREQUENCY_LABELS[frequency], score=int(frequency)
                    ),
                    item.text,
                )
                button.installEventFilter(self._keys)
                group.addButton(button, int(frequency))
                grid.addWidget(button, row, column, Qt.AlignmentFlag.AlignCenter)
            group.idToggled.connect(self._toggled)
            self.groups.append(group)
            grid.setRowMinimumHeight(row, 34)
        return host

    def _build_difficulty(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 6, 0, 0)
        question = plain_label(DIFFICULTY_QUESTION, wrap=True, name=self.tr("Difficulty question"))
        bold(question)
        row = QHBoxLayout()
        for difficulty in Difficulty:
            button = named(
                QRadioButton(DIFFICULTY_LABELS[difficulty]), DIFFICULTY_LABELS[difficulty]
            )
            self.difficulty_group.addButton(button, list(Difficulty).index(difficulty))
            row.addWidget(button)
        row.addStretch(1)
        self.difficulty_group.idToggled.connect(self._toggled)
        layout.addWidget(question)
        layout.addLayout(row)
        return box

    # ---- answers --------------------------------------------------------------------

    def answers(self) -> list[int | None]:
        return [None if g.checkedId() < 0 else g.checkedId() for g in self.groups]

    def complete_answers(self) -> list[int] | None:
        answers = self.answers()
        if any(a is None for a in answers) or not answers:
            return None
        return [int(a) for a in answers if a is not None]

    def difficulty(self) -> Difficulty | None:
        """The functional question's answer, asked only once a problem is checked (D1)."""
        checked = self.difficulty_group.checkedId()
        if checked < 0 or self.difficulty_box.isHidden():
            return None
        return list(Difficulty)[checked]

    def set_answers(self, answers: Sequence[int]) -> None:
        for group, answer in zip(self.groups, answers, strict=True):
            button = group.button(answer)
            if button is not None:
                button.setChecked(True)

    def _toggled(self, _id: int, on: bool) -> None:
        if on:
            self._update_difficulty()
            self.changed.emit()

    def _update_difficulty(self) -> None:
        asks = bool(self.instrument and self.instrument.asks_difficulty)
        any_problem = any(a for a in self.answers() if a)
        self.difficulty_box.setVisible(asks and any_problem)

    def _advance(self, group: QButtonGroup) -> None:
        self._step(group, 1)

    def _step(self, group: QButtonGroup, delta: int) -> None:
        if group in self.groups:
            _focus_step(self.groups, group, delta)

    def focus_first(self) -> None:
        if self.groups:
            focus_group(self.groups[0])


def _focus_step(order: list[QButtonGroup], group: QButtonGroup, delta: int) -> None:
    index = order.index(group) + delta
    if 0 <= index < len(order):
        focus_group(order[index])


def focus_group(group: QButtonGroup) -> None:
    button = group.checkedButton() or group.buttons()[0]
    button.setFocus(Qt.FocusReason.TabFocusReason)


YES, NO = 1, 0


class CssrsQuestions(QWidget):
    """The six screener questions with the skip rule applied as answers come in."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(QUESTION_STYLE)
        self.groups: dict[Question, QButtonGroup] = {}
        self.rows: dict[Question, QFrame] = {}
        # S for "sí" as well: the same keys work in the Spanish UI.
        self._keys = _AnswerKeys({Qt.Key.Key_Y: YES, Qt.Key.Key_S: YES, Qt.Key.Key_N: NO}, self)
        self._keys.answered.connect(self._advance)
        self._keys.step.connect(self._step)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.time_frame = plain_label(
            self.tr(
                "Ask about the past month for questions 1 to 5. Question 6 asks about the "
                "person's whole life, then whether it was within the past 3 months."
            ),
            wrap=True,
            role="muted",
            name=self.tr("Time frame"),
        )
        layout.addWidget(self.time_frame)
        layout.addSpacing(6)
        for question in Question:
            examples = cssrs.BEHAVIOR_EXAMPLES if question is Question.BEHAVIOR else ""
            row, group = self._row(
                f"{int(question)}.", cssrs.QUESTION_TEXT[question], examples,
                self.tr("Question {n}").format(n=int(question)),
            )  # fmt: skip
            self.groups[question] = group
            self.rows[question] = row
            layout.addWidget(row)
        self.recency_row, self.recency_group = self._row(
            "", cssrs.RECENT_BEHAVIOR_TEXT, "", self.tr("Question 6, within 3 months")
        )
        layout.addWidget(self.recency_row)
        self.skipped = plain_label(
            self.tr("Questions 3, 4 and 5 are skipped because the answer to question 2 is No."),
            wrap=True,
            role="muted",
            name=self.tr("Skipped questions"),
        )
        self.skipped.setContentsMargins(0, 6, 0, 6)
        layout.insertWidget(layout.indexOf(self.rows[Question.BEHAVIOR]), self.skipped)
        layout.addStretch(1)
        self.clear()

    def _row(self, number: str, text: str, examples: str, name: str) -> tuple[QFrame, QButtonGroup]:
        row = QFrame()
        self._shade = not getattr(self, "_shade", False)
        row.setObjectName("shadedRow" if self._shade else "")  # every other question
        layout = QHBoxLayout(row)
        layout.setContentsMargins(6, 6, 6, 6)
        number_label = plain_label(number, role="field")
        number_label.setFixedWidth(22)
        words = QVBoxLayout()
        words.setSpacing(2)
        question = plain_label(text, wrap=True)
        words.addWidget(question)
        if examples:
            words.addWidget(plain_label(examples, wrap=True, role="muted"))
        group = QButtonGroup(self)
        layout.addWidget(number_label, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(words, 1)
        for answer, label in ((YES, self.tr("Yes")), (NO, self.tr("No"))):
            button = QRadioButton(label)
            named(button, f"{name}: {label}", text)
            button.installEventFilter(self._keys)
            group.addButton(button, answer)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        group.idToggled.connect(self._toggled)
        return row, group

    def _toggled(self, _id: int, on: bool) -> None:
        if on:  # unchecking (skip logic, clear) is not an answer
            self._update()

    def clear(self) -> None:
        for group in [*self.groups.values(), self.recency_group]:
            _uncheck(group)
        self._update()

    def _given(self) -> dict[int, bool]:
        return {
            int(q): g.checkedId() == YES
            for q, g in self.groups.items()
            if g.checkedId() >= 0 and not self.rows[q].isHidden()
        }

    def answers(self) -> cssrs.Answers:
        """What is answered of the questions the skip rule asks (raw, unscored)."""
        given = self._given()
        recency = None
        if given.get(int(Question.BEHAVIOR)) and self.recency_group.checkedId() >= 0:
            recency = self.recency_group.checkedId() == YES
        return cssrs.Answers.of(given, recency)

    def complete_answers(self) -> cssrs.Answers | None:
        answers = self.answers()
        try:
            cssrs.validate(answers)
        except InvalidAnswersError:
            return None
        return answers

    def set_answers(self, answers: dict[int, bool], recent: bool | None = None) -> None:
        for number, answer in answers.items():
            button = self.groups[Question(number)].button(YES if answer else NO)
            button.setChecked(True)
        if recent is not None:
            self.recency_group.button(YES if recent else NO).setChecked(True)

    def _update(self) -> None:
        """Apply the skip rule: show what is asked, empty what is not."""
        asked = set(cssrs.questions_to_ask(cssrs.Answers.of(self._given_all())))
        for question, row in self.rows.items():
            row.setVisible(question in asked)
            if question not in asked:
                _uncheck(self.groups[question])
        self.skipped.setVisible(self.groups[Question.SUICIDAL_THOUGHTS].checkedId() == NO)
        behavior = self.groups[Question.BEHAVIOR].checkedId() == YES
        self.recency_row.setVisible(behavior)
        if not behavior:
            _uncheck(self.recency_group)
        self.changed.emit()

    def _given_all(self) -> dict[int, bool]:
        return {int(q): g.checkedId() == YES for q, g in self.groups.items() if g.checkedId() >= 0}

    def _advance(self, group: QButtonGroup) -> None:
        self._step(group, 1)

    def _step(self, group: QButtonGroup, delta: int) -> None:
        order = [self.groups[q] for q in Question if not self.rows[q].isHidden()]
        if not self.recency_row.isHidden():
            order.insert(order.index(self.groups[Question.BEHAVIOR]) + 1, self.recency_group)
        if group in order:
            _focus_step(order, group, delta)

    def focus_first(self) -> None:
        focus_group(self.groups[Question.WISH_TO_BE_DEAD])
