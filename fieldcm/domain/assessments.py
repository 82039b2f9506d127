"""The ``assessment`` record: raw answers stored, scores derived and checked on every read.

An assessment's fields hold the instrument code, the raw answers and, for display and
search, the derived values (total, severity, risk...). :func:`read_assessment` recomputes
those from the answers and refuses a record whose stored values disagree, so a score typed
by hand or altered on the wire is caught on the client and on the server alike.

Stored shape::

    instrument         "phq9" | "phq2" | "gad7" | "cssrs"
    answers            PHQ/GAD: [0-3, ...] in item order; C-SSRS: {"1": true, "2": false, ...}
    difficulty         PHQ-9 functional question (optional)
    behavior_within_3_months   C-SSRS follow-up to question 6
    administered_at, encounter_id, administered_by
    derived: total, severity, positive, requires_cssrs (screens); risk, actions (C-SSRS)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from fieldcm.domain import codec, cssrs
from fieldcm.domain.cssrs import CssrsResult, RiskLevel
from fieldcm.domain.errors import InvalidAnswersError, InvalidFieldError
from fieldcm.domain.records import Fields, JsonValue
from fieldcm.domain.screening import Difficulty, ScreenResult, instrument_for

CSSRS: Final = "cssrs"


@dataclass(frozen=True)
class Assessment:
    """A scored assessment as read from a record; exactly one of ``screen``/``cssrs`` is set."""

    instrument: str
    administered_at: datetime
    encounter_id: str | None = None
    administered_by: str | None = None
    screen: ScreenResult | None = None
    cssrs: CssrsResult | None = None

    @property
    def requires_cssrs(self) -> bool:
        return self.screen is not None and self.screen.requires_cssrs

    @property
    def risk(self) -> RiskLevel | None:
        return None if self.cssrs is None else self.cssrs.risk


def screen_fields(
    instrument: str,
    answers: list[int],
    *,
    administered_at: datetime,
    encounter_id: str | None = None,
    administered_by: str | None = None,
    difficulty: Difficulty | None = None,
) -> Fields:
    """Score a PHQ-9/PHQ-2/GAD-7 and return the record fields to store."""
    result = instrument_for(instrument).score(answers, difficulty)
    fields: Fields = {
        "instrument": instrument,
        "answers": [int(a) for a in result.answers],
        "difficulty": None if difficulty is None else difficulty.value,
        **_common(administered_at, encounter_id, administered_by),
    }
    return fields | _derived_screen(result)


def cssrs_fields(
    answers: cssrs.Answers,
    *,
    administered_at: datetime,
    encounter_id: str | None = None,
    administered_by: str | None = None,
) -> Fields:
    """Triage a C-SSRS screener and return the record fields to store."""
    result = cssrs.screen(answers)
    fields: Fields = {
        "instrument": CSSRS,
        "answers": {str(int(q)): a for q, a in sorted(answers.by_question.items())},
        "behavior_within_3_months": answers.behavior_within_3_months,
        **_common(administered_at, encounter_id, administered_by),
    }
    return fields | _derived_cssrs(result)


def read_assessment(fields: Mapping[str, JsonValue]) -> Assessment:
    """Read and re-score a stored assessment.

    Raises:
        InvalidFieldError: a field is malformed, or a stored score disagrees with the answers.
        InvalidAnswersError: the answers cannot be scored.
    """
    instrument = codec.text(fields, "instrument")
    administered_at = codec.parse_datetime(fields.get("administered_at"), "administered_at")
    encounter_id = codec.optional_text(fields, "encounter_id")
    administered_by = codec.optional_text(fields, "administered_by")
    if instrument == CSSRS:
        result = cssrs.screen(_stored_cssrs_answers(fields))
        _check_derived(fields, _derived_cssrs(result))
        return Assessment(instrument, administered_at, encounter_id, administered_by, cssrs=result)
    difficulty = codec.optional_enum(Difficulty, fields, "difficulty")
    screen = instrument_for(instrument).score(_stored_scores(fields), difficulty)
    _check_derived(fields, _derived_screen(screen))
    return Assessment(instrument, administered_at, encounter_id, administered_by, screen=screen)


def _common(
    administered_at: datetime, encounter_id: str | None, administered_by: str | None
) -> Fields:
    return {
        "administered_at": codec.format_datetime(administered_at),
        "encounter_id": encounter_id,
        "administered_by": administered_by,
    }


def _derived_screen(result: ScreenResult) -> Fields:
    return {
        "total": result.total,
        "severity": result.severity,
        "positive": result.positive,
        "requires_cssrs": result.requires_cssrs,
    }


def _derived_cssrs(result: cssrs.CssrsResult) -> Fields:
    return {
        "risk": result.risk.value,
        "positive": result.positive,
        "actions": sorted(action.value for action in result.actions),
    }


def _check_derived(fields: Mapping[str, JsonValue], derived: Fields) -> None:
    for name, value in derived.items():
        if name in fields and fields[name] != value:
            raise InvalidFieldError(name, "scores and risk levels are computed, never typed")


def _stored_scores(fields: Mapping[str, JsonValue]) -> list[int]:
    answers = fields.get("answers")
    if not isinstance(answers, list):
        raise InvalidFieldError("answers", "expected a list of item scores")
    return answers


def _stored_cssrs_answers(fields: Mapping[str, JsonValue]) -> cssrs.Answers:
    raw = fields.get("answers")
    if not isinstance(raw, dict):
        raise InvalidFieldError("answers", "expected C-SSRS answers by question number")
    try:
        by_number = {int(key): value for key, value in raw.items()}
    except ValueError:
        raise InvalidAnswersError("C-SSRS answers must be keyed by question number") from None
    recency = codec.optional_flag(fields, "behavior_within_3_months")
    return cssrs.Answers.of(by_number, recency)
