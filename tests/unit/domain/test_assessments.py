"""The assessment record: raw answers stored, scores recomputed and checked on read."""

from __future__ import annotations

import pytest

from fieldcm.domain import cssrs
from fieldcm.domain.assessments import cssrs_fields, read_assessment, screen_fields
from fieldcm.domain.errors import InvalidAnswersError, InvalidFieldError
from fieldcm.domain.screening import Difficulty

from .conftest import T0


def test_screen_round_trip_keeps_answers_and_derives_scores() -> None:
    fields = screen_fields(
        "phq9", [1, 1, 1, 1, 1, 1, 1, 1, 1], administered_at=T0, difficulty=Difficulty.VERY
    )
    assert fields["total"] == 9 and fields["severity"] == "mild"
    assert fields["requires_cssrs"] is True and fields["administered_at"] == "2026-01-06T15:00:00Z"
    assessment = read_assessment(fields)
    assert assessment.screen is not None and assessment.screen.total == 9
    assert assessment.requires_cssrs and assessment.risk is None


def test_cssrs_round_trip() -> None:
    answers = cssrs.Answers.of({1: True, 2: False, 6: True}, behavior_within_3_months=True)
    fields = cssrs_fields(answers, administered_at=T0, encounter_id="enc")
    assert fields["answers"] == {"1": True, "2": False, "6": True}
    assert fields["risk"] == "high"
    assessment = read_assessment(fields)
    assert assessment.risk is cssrs.RiskLevel.HIGH and not assessment.requires_cssrs


@pytest.mark.parametrize(
    ("field", "typed_value"),
    [("total", 27), ("severity", "minimal"), ("positive", False), ("requires_cssrs", False)],
)
def test_a_typed_screen_score_is_refused(field: str, typed_value: object) -> None:
    fields = screen_fields("phq9", [3] * 9, administered_at=T0)
    fields[field] = typed_value if fields[field] != typed_value else "x"
    with pytest.raises(InvalidFieldError, match="computed, never typed"):
        read_assessment(fields)


def test_a_typed_cssrs_risk_is_refused() -> None:
    fields = cssrs_fields(cssrs.Answers.of({1: True, 2: False, 6: False}), administered_at=T0)
    fields["risk"] = "none"
    with pytest.raises(InvalidFieldError, match="risk"):
        read_assessment(fields)


def test_stored_answers_without_derived_values_are_scored() -> None:
    assessment = read_assessment(
        {"instrument": "gad7", "answers": [3] * 7, "administered_at": "2026-01-06T15:00:00+00:00"}
    )
    assert assessment.screen is not None and assessment.screen.severity == "severe"


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"instrument": "gad7", "answers": [0] * 7}, InvalidFieldError, "administered_at"),
        (
            {"instrument": "gad7", "answers": [0] * 7, "administered_at": "2026-01-06T15:00"},
            InvalidFieldError,
            "UTC offset",
        ),
        (
            {"instrument": "gad7", "answers": "0000000", "administered_at": "2026-01-06T15:00Z"},
            InvalidFieldError,
            "list",
        ),
        (
            {"instrument": "gad7", "answers": [0] * 6, "administered_at": "2026-01-06T15:00Z"},
            InvalidAnswersError,
            "7 answers",
        ),
        (
            {"instrument": "cssrs", "answers": [True], "administered_at": "2026-01-06T15:00Z"},
            InvalidFieldError,
            "by question number",
        ),
        (
            {
                "instrument": "cssrs",
                "answers": {"one": True},
                "administered_at": "2026-01-06T15:00Z",
            },
            InvalidAnswersError,
            "question number",
        ),
        (
            {
                "instrument": "cssrs",
                "answers": {"1": False},
                "administered_at": "2026-01-06T15:00Z",
            },
            InvalidAnswersError,
            "question 2",
        ),
        (
            {"instrument": "phq10", "answers": [0], "administered_at": "2026-01-06T15:00Z"},
            InvalidAnswersError,
            "unknown",
        ),
    ],
)
def test_malformed_records_are_refused(
    fields: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        read_assessment(fields)
