"""PHQ-9, PHQ-2 and GAD-7 scoring against the published bands (DOMAIN.md D1, D2)."""

from __future__ import annotations

import pytest

from fieldcm.domain.errors import InvalidAnswersError
from fieldcm.domain.screening import GAD7, PHQ2, PHQ9, Difficulty, instrument_for


def phq9(total_in_first_items: int, item9: int = 0) -> list[int]:
    """Answers whose first eight items add up to ``total_in_first_items``."""
    answers = []
    remaining = total_in_first_items
    for _ in range(8):
        answers.append(min(3, remaining))
        remaining -= answers[-1]
    assert remaining == 0
    return [*answers, item9]


@pytest.mark.parametrize(
    ("total", "severity", "positive"),
    [
        (0, "minimal", False),
        (4, "minimal", False),
        (5, "mild", False),
        (9, "mild", False),
        (10, "moderate", True),
        (14, "moderate", True),
        (15, "moderately_severe", True),
        (19, "moderately_severe", True),
        (20, "severe", True),
        (24, "severe", True),
    ],
)
def test_phq9_bands_at_every_boundary(total: int, severity: str, positive: bool) -> None:
    result = PHQ9.score(phq9(total))
    assert (result.total, result.severity, result.positive) == (total, severity, positive)


def test_phq9_maximum_is_27_and_severe() -> None:
    result = PHQ9.score([3] * 9)
    assert (result.total, result.severity) == (27, "severe")


@pytest.mark.parametrize(("item9", "requires_cssrs"), [(0, False), (1, True), (2, True), (3, True)])
def test_phq9_item9_above_zero_requires_cssrs_whatever_the_total(
    item9: int, requires_cssrs: bool
) -> None:
    result = PHQ9.score(phq9(0, item9=item9))
    assert result.requires_cssrs is requires_cssrs
    assert result.severity == "minimal"


@pytest.mark.parametrize(
    ("total", "severity", "positive"),
    [
        (0, "minimal", False),
        (4, "minimal", False),
        (5, "mild", False),
        (9, "mild", False),
        (10, "moderate", True),
        (14, "moderate", True),
        (15, "severe", True),
        (21, "severe", True),
    ],
)
def test_gad7_bands_at_every_boundary(total: int, severity: str, positive: bool) -> None:
    answers = [min(3, max(0, total - 3 * i)) for i in range(7)]
    result = GAD7.score(answers)
    assert (result.total, result.severity, result.positive) == (total, severity, positive)
    assert not result.requires_cssrs


@pytest.mark.parametrize(
    ("answers", "positive"), [([0, 0], False), ([1, 1], False), ([2, 1], True), ([3, 3], True)]
)
def test_phq2_positive_at_three(answers: list[int], positive: bool) -> None:
    assert PHQ2.score(answers).positive is positive


@pytest.mark.parametrize(
    ("instrument", "answers", "message"),
    [
        (PHQ9, [0] * 8, "needs 9 answers"),
        (PHQ9, [0] * 10, "needs 9 answers"),
        (PHQ9, [0] * 8 + [4], "item 9"),
        (PHQ9, [-1] + [0] * 8, "item 1"),
        (GAD7, [0] * 6 + [True], "item 7"),
        (GAD7, [0] * 6 + ["2"], "item 7"),
        (GAD7, [0] * 6 + [None], "item 7"),
        (GAD7, [0] * 6 + [1.0], "item 7"),
    ],
)
def test_unscorable_answers_are_refused(instrument, answers, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidAnswersError, match=message):
        instrument.score(answers)


def test_difficulty_is_asked_only_when_a_problem_was_checked() -> None:
    assert PHQ9.score(phq9(3), Difficulty.SOMEWHAT).difficulty is Difficulty.SOMEWHAT
    with pytest.raises(InvalidAnswersError, match="only when a problem"):
        PHQ9.score([0] * 9, Difficulty.SOMEWHAT)
    with pytest.raises(InvalidAnswersError, match="no difficulty question"):
        GAD7.score([1] * 7, Difficulty.VERY)


def test_instrument_items_and_codes_match_the_published_instruments() -> None:
    assert len(PHQ9.items) == 9 and len(GAD7.items) == 7 and PHQ2.items == PHQ9.items[:2]
    assert PHQ9.panel_loinc == "44249-1" and PHQ9.items[8].loinc == "44260-8"
    assert GAD7.total_loinc == "70274-6"
    assert PHQ9.items[7].loinc is None  # not confirmed in the sources (D1)


def test_bands_cover_every_total_exactly_once() -> None:
    for instrument in (PHQ9, PHQ2, GAD7):
        for total in range(instrument.max_total + 1):
            covering = [b for b in instrument.bands if b.low <= total <= b.high]
            assert len(covering) == 1, (instrument.code, total)


def test_unknown_instrument_is_refused() -> None:
    assert instrument_for("gad7") is GAD7
    with pytest.raises(InvalidAnswersError, match="unknown"):
        instrument_for("phq10")
