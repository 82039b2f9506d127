"""The C-SSRS screener: skip rule, validation and triage (DOMAIN.md D3)."""

from __future__ import annotations

import pytest

from fieldcm.domain.cssrs import (
    Action,
    Answers,
    Question,
    RiskLevel,
    next_question,
    questions_to_ask,
    screen,
)
from fieldcm.domain.errors import InvalidAnswersError

Y, N = True, False


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, (1, 2, 6)),
        ({1: N, 2: N}, (1, 2, 6)),
        ({1: Y, 2: N}, (1, 2, 6)),
        ({1: N, 2: Y}, (1, 2, 3, 4, 5, 6)),
    ],
)
def test_skip_rule(answers: dict[int, bool], expected: tuple[int, ...]) -> None:
    assert questions_to_ask(Answers.of(answers)) == tuple(Question(q) for q in expected)


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, 1),
        ({1: Y}, 2),
        ({1: Y, 2: N}, 6),
        ({1: Y, 2: Y}, 3),
        ({1: Y, 2: Y, 3: N, 4: N}, 5),
        ({1: N, 2: N, 6: N}, None),
    ],
)
def test_next_question_walks_the_skip_rule(answers: dict[int, bool], expected: int | None) -> None:
    question = next_question(Answers.of(answers))
    assert question == (None if expected is None else Question(expected))


@pytest.mark.parametrize(
    ("answers", "recent", "risk"),
    [
        ({1: N, 2: N, 6: N}, None, RiskLevel.NONE),
        ({1: Y, 2: N, 6: N}, None, RiskLevel.LOW),
        ({1: N, 2: Y, 3: N, 4: N, 5: N, 6: N}, None, RiskLevel.LOW),
        ({1: Y, 2: Y, 3: Y, 4: N, 5: N, 6: N}, None, RiskLevel.MODERATE),
        ({1: N, 2: N, 6: Y}, False, RiskLevel.MODERATE),
        ({1: Y, 2: Y, 3: Y, 4: Y, 5: N, 6: N}, None, RiskLevel.HIGH),
        ({1: Y, 2: Y, 3: N, 4: N, 5: Y, 6: N}, None, RiskLevel.HIGH),
        ({1: N, 2: N, 6: Y}, True, RiskLevel.HIGH),
        ({1: Y, 2: Y, 3: Y, 4: Y, 5: Y, 6: Y}, True, RiskLevel.HIGH),
    ],
)
def test_triage(answers: dict[int, bool], recent: bool | None, risk: RiskLevel) -> None:
    result = screen(Answers.of(answers, recent))
    assert result.risk is risk
    assert result.positive is (risk is not RiskLevel.NONE)


@pytest.mark.parametrize(
    ("risk_answers", "recent", "actions"),
    [
        ({1: N, 2: N, 6: N}, None, set()),
        (
            {1: Y, 2: N, 6: N},
            None,
            {Action.SAFETY_FLAG, Action.SAFETY_PLAN_REVIEW, Action.OUTPATIENT_REFERRAL},
        ),
        (
            {1: N, 2: N, 6: Y},
            True,
            {
                Action.SAFETY_FLAG,
                Action.SAFETY_PLAN_REVIEW,
                Action.SAFETY_PRECAUTIONS,
                Action.CURRENT_SAFETY_PLAN,
                Action.SUPERVISOR_NOTIFICATION,
            },
        ),
    ],
)
def test_required_actions(
    risk_answers: dict[int, bool], recent: bool | None, actions: set[Action]
) -> None:
    assert screen(Answers.of(risk_answers, recent)).actions == actions


@pytest.mark.parametrize(
    ("answers", "recent", "message"),
    [
        ({1: N}, None, "question 2 is not answered"),
        ({1: N, 2: N}, None, "question 6 is not answered"),
        ({1: N, 2: Y, 6: N}, None, "question 3 is not answered"),
        ({1: N, 2: N, 3: Y, 6: N}, None, "question 3 is skipped"),
        ({1: N, 2: N, 6: Y}, None, "within the past 3 months"),
        ({1: N, 2: N, 6: N}, True, "only when question 6 is YES"),
    ],
)
def test_invalid_answer_sets_are_refused(
    answers: dict[int, bool], recent: bool | None, message: str
) -> None:
    with pytest.raises(InvalidAnswersError, match=message):
        screen(Answers.of(answers, recent))


@pytest.mark.parametrize(
    ("answers", "message"),
    [({7: True}, "no question 7"), ({1: 1}, "yes or no"), ({"1": True}, "no question")],
)
def test_malformed_answers_are_refused(answers: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidAnswersError, match=message):
        Answers.of(answers)
