"""Every total of every band and every C-SSRS skip path, against DOMAIN.md D1-D3 as tables.

``test_screening.py`` and ``test_cssrs.py`` check the boundaries; these walk the whole
answer space, so a band or a triage rule cannot be wrong between the boundaries tested.
"""

from __future__ import annotations

import itertools

import pytest

from fieldcm.domain import cssrs
from fieldcm.domain.cssrs import Answers, Question, RiskLevel, next_question, questions_to_ask
from fieldcm.domain.screening import (
    DIFFICULTY_LABELS,
    FREQUENCY_LABELS,
    GAD7,
    PHQ2,
    PHQ9,
    Difficulty,
    Instrument,
)

# The tables of DOMAIN.md, copied as written there: (low, high, label).
PHQ9_TABLE = [(0, 4, "Minimal / none"), (5, 9, "Mild"), (10, 14, "Moderate"),
              (15, 19, "Moderately severe"), (20, 27, "Severe")]  # fmt: skip
GAD7_TABLE = [(0, 4, "Minimal"), (5, 9, "Mild"), (10, 14, "Moderate"), (15, 21, "Severe")]
PHQ2_POSITIVE_AT = 3


def answers_for(instrument: Instrument, total: int) -> list[int]:
    items = len(instrument.items)
    return [min(3, max(0, total - 3 * i)) for i in range(items)]


def expected_label(table: list[tuple[int, int, str]], total: int) -> str:
    [label] = [label for low, high, label in table if low <= total <= high]
    return label


@pytest.mark.parametrize("total", range(28))
def test_every_phq9_total_falls_in_the_published_band(total: int) -> None:
    result = PHQ9.score(answers_for(PHQ9, total))
    assert result.total == total
    assert result.band.label == expected_label(PHQ9_TABLE, total)
    assert result.positive is (total >= 10)


@pytest.mark.parametrize("total", range(22))
def test_every_gad7_total_falls_in_the_published_band(total: int) -> None:
    result = GAD7.score(answers_for(GAD7, total))
    assert result.total == total
    assert result.band.label == expected_label(GAD7_TABLE, total)
    assert result.positive is (total >= 10)


@pytest.mark.parametrize("total", range(7))
def test_every_phq2_total(total: int) -> None:
    assert PHQ2.score(answers_for(PHQ2, total)).positive is (total >= PHQ2_POSITIVE_AT)


def test_answer_and_difficulty_wording_is_the_published_wording() -> None:
    assert list(FREQUENCY_LABELS.values()) == [
        "Not at all", "Several days", "More than half the days", "Nearly every day",
    ]  # fmt: skip
    assert [DIFFICULTY_LABELS[d] for d in Difficulty] == [
        "Not difficult at all", "Somewhat difficult", "Very difficult", "Extremely difficult",
    ]  # fmt: skip


def _expected_risk(a: dict[int, bool], recent: bool | None) -> RiskLevel:
    """D3 triage, as the table in DOMAIN.md reads."""
    if a.get(4) or a.get(5) or (a[6] and recent):
        return RiskLevel.HIGH
    if a.get(3) or a[6]:
        return RiskLevel.MODERATE
    if a[1] or a[2]:
        return RiskLevel.LOW
    return RiskLevel.NONE


def _every_skip_path() -> list[tuple[dict[int, bool], bool | None]]:
    paths: list[tuple[dict[int, bool], bool | None]] = []
    for q1, q2 in itertools.product((True, False), repeat=2):
        middles = itertools.product((True, False), repeat=3) if q2 else [()]
        for middle in middles:
            for q6, recent in ((False, None), (True, True), (True, False)):
                answers = {1: q1, 2: q2, **dict(zip((3, 4, 5), middle, strict=False)), 6: q6}
                paths.append((answers, recent))
    return paths


PATHS = _every_skip_path()


def test_the_skip_paths_are_all_there() -> None:
    assert len(PATHS) == 2 * 3 + 2 * 8 * 3


@pytest.mark.parametrize(("answers", "recent"), PATHS)
def test_every_cssrs_skip_path_is_asked_in_order_and_triaged(
    answers: dict[int, bool], recent: bool | None
) -> None:
    asked = [1, 2, 3, 4, 5, 6] if answers[2] else [1, 2, 6]
    assert [int(q) for q in questions_to_ask(Answers.of(answers))] == asked
    # Answering in order, the next question is always the next one the skip rule asks.
    so_far: dict[int, bool] = {}
    for number in asked:
        assert next_question(Answers.of(so_far)) == Question(number)
        so_far[number] = answers[number]
    assert next_question(Answers.of(so_far)) is None
    assert cssrs.asks_behavior_recency(Answers.of(so_far)) is answers[6]
    result = cssrs.screen(Answers.of(answers, recent))
    assert result.risk is _expected_risk(answers, recent)
    high = result.risk is RiskLevel.HIGH
    assert (cssrs.Action.SUPERVISOR_NOTIFICATION in result.actions) is high
    assert (cssrs.Action.CURRENT_SAFETY_PLAN in result.actions) is high
