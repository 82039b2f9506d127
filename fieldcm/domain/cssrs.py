"""The C-SSRS screener: six questions, the exact skip rule, and the derived risk (DOMAIN.md D3).

Skip rule: questions 1 and 2 are always asked; YES to 2 asks 3, 4, 5 and 6; NO to 2 goes
straight to 6. YES to 6 asks whether it was within the past 3 months.

Triage (Columbia workflow guidelines; low/moderate split as in the common Blueprint mapping):

    high      YES to 4 or 5, or any suicidal behavior within the past 3 months
    moderate  YES to 3, or behavior longer than 3 months ago
    low       YES to 1 or 2 only
    none      every answer NO

The risk is derived from the stored raw answers, never typed. The screener is a screen, not
a diagnosis; what a result requires is in :func:`required_actions`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Final

from fieldcm.domain.errors import InvalidAnswersError


class Question(IntEnum):
    WISH_TO_BE_DEAD = 1
    SUICIDAL_THOUGHTS = 2
    METHOD = 3
    INTENT = 4
    PLAN = 5
    BEHAVIOR = 6


QUESTION_TEXT: Final[Mapping[Question, str]] = {
    Question.WISH_TO_BE_DEAD: (
        "Have you wished you were dead or wished you could go to sleep and not wake up?"
    ),
    Question.SUICIDAL_THOUGHTS: "Have you actually had any thoughts of killing yourself?",
    Question.METHOD: "Have you been thinking about how you might do this?",
    Question.INTENT: ("Have you had these thoughts and had some intention of acting on them?"),
    Question.PLAN: (
        "Have you started to work out or worked out the details of how to kill yourself? "
        "Do you intend to carry out this plan?"
    ),
    Question.BEHAVIOR: (
        "Have you done anything, started to do anything, or prepared to do anything to end "
        "your life?"
    ),
}
RECENT_BEHAVIOR_TEXT: Final = "Was it within the past 3 months?"
BEHAVIOR_EXAMPLES: Final = (
    "Examples: collected pills, obtained a gun, gave away valuables, wrote a will or suicide "
    "note, took out pills but didn't swallow, held a gun but changed mind, went to the roof but "
    "didn't jump; actually took pills, tried to shoot, cut, hang, etc."
)
"""The screener's prompt under question 6 (D3): preparatory and actual behavior both count."""
IDEATION_TIME_FRAME: Final = "past month"


class RiskLevel(StrEnum):
    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class Action(StrEnum):
    """What a screen result requires of the worker and the system (D1-D4)."""

    SAFETY_FLAG = "safety_flag"
    """A visible flag on the client record."""
    SAFETY_PLAN_REVIEW = "safety_plan_review"
    """Review the Stanley-Brown plan because risk changed."""
    OUTPATIENT_REFERRAL = "outpatient_referral"
    """Referral to outpatient providers and crisis hotlines."""
    SAFETY_PRECAUTIONS = "safety_precautions"
    """Precautions until a mental health professional evaluates; immediate referral."""
    CURRENT_SAFETY_PLAN = "current_safety_plan"
    """A safety plan reviewed since this screen must exist before the encounter closes."""
    SUPERVISOR_NOTIFICATION = "supervisor_notification"
    """A supervisor or crisis team is notified."""


@dataclass(frozen=True)
class Answers:
    """Raw yes/no answers by question number plus the behavior recency follow-up."""

    by_question: Mapping[Question, bool]
    behavior_within_3_months: bool | None = None

    @classmethod
    def of(
        cls, answers: Mapping[int, bool], behavior_within_3_months: bool | None = None
    ) -> Answers:
        """Build from plain question numbers (1-6), refusing anything else."""
        by_question: dict[Question, bool] = {}
        for number, answer in answers.items():
            if number not in Question._value2member_map_:
                raise InvalidAnswersError(f"C-SSRS has no question {number!r}")
            if not isinstance(answer, bool):
                raise InvalidAnswersError(f"C-SSRS question {number}: answer must be yes or no")
            by_question[Question(number)] = answer
        return cls(by_question, behavior_within_3_months)

    def yes(self, question: Question) -> bool:
        return self.by_question.get(question) is True


def questions_to_ask(answers: Answers) -> tuple[Question, ...]:
    """The questions that apply, in order, given the answers so far (the skip rule)."""
    asked = [Question.WISH_TO_BE_DEAD, Question.SUICIDAL_THOUGHTS]
    if answers.yes(Question.SUICIDAL_THOUGHTS):
        asked += [Question.METHOD, Question.INTENT, Question.PLAN]
    asked.append(Question.BEHAVIOR)
    return tuple(asked)


def next_question(answers: Answers) -> Question | None:
    """The next unanswered question, or ``None`` when only the recency follow-up may remain."""
    for question in questions_to_ask(answers):
        if question not in answers.by_question:
            return question
    return None


def asks_behavior_recency(answers: Answers) -> bool:
    return answers.yes(Question.BEHAVIOR)


def validate(answers: Answers) -> None:
    """Refuse answers that are incomplete or that the skip rule would not have asked."""
    expected = questions_to_ask(answers)
    missing = [q for q in expected if q not in answers.by_question]
    if missing:
        raise InvalidAnswersError(f"C-SSRS question {int(missing[0])} is not answered")
    skipped = sorted(set(answers.by_question) - set(expected))
    if skipped:
        raise InvalidAnswersError(
            f"C-SSRS question {int(skipped[0])} is skipped when question 2 is NO"
        )
    if asks_behavior_recency(answers) and answers.behavior_within_3_months is None:
        raise InvalidAnswersError("C-SSRS: say whether the behavior was within the past 3 months")
    if not asks_behavior_recency(answers) and answers.behavior_within_3_months is not None:
        raise InvalidAnswersError("C-SSRS: behavior recency is asked only when question 6 is YES")


def risk_level(answers: Answers) -> RiskLevel:
    """Derive the triage level from complete, valid answers."""
    validate(answers)
    recent_behavior = answers.yes(Question.BEHAVIOR) and answers.behavior_within_3_months
    if answers.yes(Question.INTENT) or answers.yes(Question.PLAN) or recent_behavior:
        return RiskLevel.HIGH
    if answers.yes(Question.METHOD) or answers.yes(Question.BEHAVIOR):
        return RiskLevel.MODERATE
    if answers.yes(Question.WISH_TO_BE_DEAD) or answers.yes(Question.SUICIDAL_THOUGHTS):
        return RiskLevel.LOW
    return RiskLevel.NONE


def required_actions(risk: RiskLevel) -> frozenset[Action]:
    """A positive screen flags the record and asks for a safety-plan review; high risk adds
    precautions, a current safety plan and a supervisor notification."""
    if risk is RiskLevel.NONE:
        return frozenset()
    positive = {Action.SAFETY_FLAG, Action.SAFETY_PLAN_REVIEW}
    if risk is RiskLevel.HIGH:
        return frozenset(
            positive
            | {
                Action.SAFETY_PRECAUTIONS,
                Action.CURRENT_SAFETY_PLAN,
                Action.SUPERVISOR_NOTIFICATION,
            }
        )
    return frozenset(positive | {Action.OUTPATIENT_REFERRAL})


@dataclass(frozen=True)
class CssrsResult:
    answers: Answers
    risk: RiskLevel
    actions: frozenset[Action]

    @property
    def positive(self) -> bool:
        return self.risk is not RiskLevel.NONE


def screen(answers: Answers) -> CssrsResult:
    """Validate and triage a completed screener."""
    risk = risk_level(answers)
    return CssrsResult(answers=answers, risk=risk, actions=required_actions(risk))
