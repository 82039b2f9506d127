"""PHQ-9, PHQ-2 and GAD-7: the published items, exact scoring and severity bands (DOMAIN.md D1, D2).

Scores and severity are always computed here from the raw answers, never typed by a person.
PHQ-9 item 9 above zero requires the C-SSRS screener before the encounter ends
(:attr:`ScreenResult.requires_cssrs`); item 9 at zero clears nothing, so nothing here reports
"no suicide risk": the PHQ-9 is not a suicide screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from typing import Final

from fieldcm.domain.errors import InvalidAnswersError

TWO_WEEK_STEM: Final = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)


class Frequency(IntEnum):
    """The four answers shared by PHQ-9 and GAD-7; the value is the item's score."""

    NOT_AT_ALL = 0
    SEVERAL_DAYS = 1
    MORE_THAN_HALF_THE_DAYS = 2
    NEARLY_EVERY_DAY = 3


FREQUENCY_LABELS: Final[Mapping[Frequency, str]] = {
    Frequency.NOT_AT_ALL: "Not at all",
    Frequency.SEVERAL_DAYS: "Several days",
    Frequency.MORE_THAN_HALF_THE_DAYS: "More than half the days",
    Frequency.NEARLY_EVERY_DAY: "Nearly every day",
}


class Difficulty(StrEnum):
    """The PHQ-9 functional question: asked when any problem was checked, never scored."""

    NOT_DIFFICULT = "not_difficult"
    SOMEWHAT = "somewhat"
    VERY = "very"
    EXTREMELY = "extremely"


DIFFICULTY_QUESTION: Final = (
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)

DIFFICULTY_LABELS: Final[Mapping[Difficulty, str]] = {
    Difficulty.NOT_DIFFICULT: "Not difficult at all",
    Difficulty.SOMEWHAT: "Somewhat difficult",
    Difficulty.VERY: "Very difficult",
    Difficulty.EXTREMELY: "Extremely difficult",
}
"""The published wording of the difficulty answers (D1), so forms never retype them."""


@dataclass(frozen=True)
class Item:
    text: str
    loinc: str | None = None


@dataclass(frozen=True)
class Band:
    """A severity band: totals ``low``..``high`` inclusive."""

    low: int
    high: int
    code: str
    label: str


@dataclass(frozen=True)
class Instrument:
    """A questionnaire of 0-3 items summed to a total and read through severity bands.

    ``positive_at`` is the published cut-off for further evaluation.
    """

    code: str
    name: str
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    positive_at: int
    panel_loinc: str | None = None
    total_loinc: str | None = None
    asks_difficulty: bool = False

    @property
    def max_total(self) -> int:
        return 3 * len(self.items)

    def band_for(self, total: int) -> Band:
        for band in self.bands:
            if band.low <= total <= band.high:
                return band
        raise InvalidAnswersError(f"{self.name} total {total} is outside 0-{self.max_total}")

    def score(self, answers: Sequence[int], difficulty: Difficulty | None = None) -> ScreenResult:
        """Score a complete set of answers, one per item in order."""
        checked = _checked_answers(self, answers)
        _check_difficulty(self, checked, difficulty)
        total = sum(checked)
        return ScreenResult(
            instrument=self.code,
            answers=checked,
            total=total,
            band=self.band_for(total),
            positive=total >= self.positive_at,
            requires_cssrs=self.code == "phq9" and checked[PHQ9_SUICIDE_ITEM - 1] > 0,
            difficulty=difficulty,
        )


@dataclass(frozen=True)
class ScreenResult:
    """A scored screen. ``requires_cssrs`` is the PHQ-9 item-9 escalation (D1)."""

    instrument: str
    answers: tuple[Frequency, ...]
    total: int
    band: Band
    positive: bool
    requires_cssrs: bool = False
    difficulty: Difficulty | None = None

    @property
    def severity(self) -> str:
        return self.band.code


def _checked_answers(instrument: Instrument, answers: Sequence[int]) -> tuple[Frequency, ...]:
    if len(answers) != len(instrument.items):
        raise InvalidAnswersError(
            f"{instrument.name} needs {len(instrument.items)} answers, got {len(answers)}"
        )
    checked: list[Frequency] = []
    for number, answer in enumerate(answers, start=1):
        # bool is an int in Python; a checkbox value must not pass as a score.
        if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer <= 3:
            raise InvalidAnswersError(
                f"{instrument.name} item {number}: answer must be 0, 1, 2 or 3"
            )
        checked.append(Frequency(answer))
    return tuple(checked)


def _check_difficulty(
    instrument: Instrument, answers: tuple[Frequency, ...], difficulty: Difficulty | None
) -> None:
    if difficulty is None:
        return
    if not instrument.asks_difficulty:
        raise InvalidAnswersError(f"{instrument.name} has no difficulty question")
    if not any(answers):
        raise InvalidAnswersError(
            "the difficulty question is asked only when a problem was checked"
        )


PHQ9_SUICIDE_ITEM: Final = 9

PHQ9: Final = Instrument(
    code="phq9",
    name="PHQ-9",
    items=(
        Item("Little interest or pleasure in doing things", "44250-9"),
        Item("Feeling down, depressed, or hopeless", "44255-8"),
        Item("Trouble falling or staying asleep, or sleeping too much", "44259-0"),
        Item("Feeling tired or having little energy", "44254-1"),
        Item("Poor appetite or overeating", "44251-7"),
        Item(
            "Feeling bad about yourself — or that you are a failure or have let yourself or "
            "your family down",
            "44258-2",
        ),
        Item(
            "Trouble concentrating on things, such as reading the newspaper or watching television",
            "44252-5",
        ),
        Item(
            "Moving or speaking so slowly that other people could have noticed? Or the "
            "opposite — being so fidgety or restless that you have been moving around a lot "
            "more than usual"
        ),
        Item(
            "Thoughts that you would be better off dead, or of hurting yourself in some way",
            "44260-8",
        ),
    ),
    bands=(
        Band(0, 4, "minimal", "Minimal / none"),
        Band(5, 9, "mild", "Mild"),
        Band(10, 14, "moderate", "Moderate"),
        Band(15, 19, "moderately_severe", "Moderately severe"),
        Band(20, 27, "severe", "Severe"),
    ),
    positive_at=10,
    panel_loinc="44249-1",
    asks_difficulty=True,
)

PHQ2: Final = Instrument(
    code="phq2",
    name="PHQ-2",
    items=PHQ9.items[:2],
    bands=(Band(0, 2, "negative", "Negative screen"), Band(3, 6, "positive", "Positive screen")),
    positive_at=3,
)

GAD7: Final = Instrument(
    code="gad7",
    name="GAD-7",
    items=(
        Item("Feeling nervous, anxious or on edge"),
        Item("Not being able to stop or control worrying"),
        Item("Worrying too much about different things"),
        Item("Trouble relaxing"),
        Item("Being so restless that it is hard to sit still"),
        Item("Becoming easily annoyed or irritable"),
        Item("Feeling afraid as if something awful might happen"),
    ),
    bands=(
        Band(0, 4, "minimal", "Minimal"),
        Band(5, 9, "mild", "Mild"),
        Band(10, 14, "moderate", "Moderate"),
        Band(15, 21, "severe", "Severe"),
    ),
    positive_at=10,
    total_loinc="70274-6",
)

INSTRUMENTS: Final[Mapping[str, Instrument]] = {i.code: i for i in (PHQ9, PHQ2, GAD7)}


def instrument_for(code: str) -> Instrument:
    try:
        return INSTRUMENTS[code]
    except KeyError:
        raise InvalidAnswersError(f"unknown screening instrument {code!r}") from None
