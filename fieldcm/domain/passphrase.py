"""Rules for the local unlock passphrase (SECURITY.md U2; ASVS 6.2, NIST SP 800-63B-4).

The passphrase is the only factor guarding a stolen laptop's data, so it must be long and
not guessable, and nothing else: no composition rules, any characters, paste allowed, never
truncated. Text is NFKC-normalized first so the same passphrase typed on two keyboards
derives the same key; :func:`normalize` is what key derivation must use too.

Refused (each a :class:`Rule`):

    too_short   fewer than 15 characters (code points after normalization)
    too_long    more than 1024: a bound on key-derivation input, far above the 64 required
    common      a common password, or two of them run together (with up to 4 digits or
                symbols between or around them), e.g. "passwordpassword", "iloveyou2024qwerty"
    context     built the same way from the agency's name, the user's name or the app's name
    repeated    one unit repeated, give or take a year ("abcabcabc...", "jdoe jdoe jdoe 2025"),
                or fewer than 5 distinct characters
    sequence    made only of alphabet, digit or keyboard-row runs ("qwertyuiopasdfgh")

Spaces, case and punctuation are ignored when comparing ("Pass Word Password!" is common).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Final

from fieldcm.domain.errors import DomainError

MIN_LENGTH: Final = 15
MAX_LENGTH: Final = 1024
MAX_COMMON_PIECES: Final = 2
MIN_DISTINCT: Final = 5
APP_WORDS: Final = ("fieldcm", "fieldcasemanagement", "casemanager", "casemanagement")
_FREE_RUN: Final = 4
_EDGE_DIGITS: Final = re.compile(r"^\d{1,4}(?=\D)|(?<=\D)\d{1,4}$")
_ROWS: Final = ("abcdefghijklmnopqrstuvwxyz", "01234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")
_SEQUENCES: Final = _ROWS + tuple(row[::-1] for row in _ROWS)


class Rule(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    COMMON = "common"
    CONTEXT = "context"
    REPEATED = "repeated"
    SEQUENCE = "sequence"


MESSAGES: Final = {
    Rule.TOO_SHORT: f"Use at least {MIN_LENGTH} characters. A few unrelated words work well.",
    Rule.TOO_LONG: f"Use at most {MAX_LENGTH} characters.",
    Rule.COMMON: "This is one of the most common passwords. Choose something less predictable.",
    Rule.CONTEXT: "Do not build the passphrase from your name, the agency's or the app's.",
    Rule.REPEATED: "Avoid repeating the same characters or words.",
    Rule.SEQUENCE: "Avoid runs like abcd, 1234 or qwerty.",
}


class WeakPassphraseError(DomainError):
    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        super().__init__(" ".join(MESSAGES[rule] for rule in rules))


def normalize(passphrase: str) -> str:
    """NFKC form: the text that is measured and the text fed to key derivation."""
    return unicodedata.normalize("NFKC", passphrase)


@cache
def common_passwords() -> frozenset[str]:
    text = (
        resources.files("fieldcm.domain")
        .joinpath("data/common_passwords.txt")
        .read_text(encoding="utf-8")
    )
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def _skeleton(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _context_words(context: Iterable[str]) -> frozenset[str]:
    words = set(APP_WORDS)
    for phrase in context:
        words.add(_skeleton(phrase))
        words.update(_skeleton(part) for part in phrase.replace("@", " ").split())
    return frozenset(word for word in words if len(word) >= 3)


def _fewest_pieces(skeleton: str, words: Collection[str]) -> int | None:
    """Fewest ``words`` that spell ``skeleton``, where a whole run of up to 4 digits is free.

    ``None`` when the skeleton cannot be spelled that way at all.
    """
    longest = max(max((len(w) for w in words), default=0), _FREE_RUN)
    best: list[int | None] = [0] + [None] * len(skeleton)
    for end in range(1, len(skeleton) + 1):
        options = []
        for start in range(max(0, end - longest), end):
            before = best[start]
            if before is None:
                continue
            piece = skeleton[start:end]
            if piece in words:
                options.append(before + 1)
            elif _free_digit_run(skeleton, start, end):
                options.append(before)
        best[end] = min(options, default=None)
    return best[-1]


def _free_digit_run(skeleton: str, start: int, end: int) -> bool:
    """A whole run of digits (not part of a longer one) of at most 4, like a year."""
    whole = (start == 0 or not skeleton[start - 1].isdigit()) and (
        end == len(skeleton) or not skeleton[end].isdigit()
    )
    return whole and end - start <= _FREE_RUN and skeleton[start:end].isdigit()


def _built_from(skeleton: str, words: Collection[str]) -> bool:
    pieces = _fewest_pieces(skeleton, words)
    return pieces is not None and pieces <= MAX_COMMON_PIECES


def _repeated(text: str, skeleton: str) -> bool:
    if len(set(text.casefold())) < MIN_DISTINCT:
        return True
    # "jdoe jdoe jdoe 2025" repeats a unit even though a year is tacked on.
    core = _EDGE_DIGITS.sub("", skeleton)
    return any(
        core == (core[:period] * (len(core) // period + 1))[: len(core)]
        for period in range(1, len(core) // 2 + 1)
    )


def _sequence(skeleton: str) -> bool:
    if len(skeleton) < 3:
        return False
    covered = [True] + [False] * len(skeleton)
    for end in range(3, len(skeleton) + 1):
        covered[end] = any(
            covered[start] and any(skeleton[start:end] in seq for seq in _SEQUENCES)
            for start in range(max(0, end - 27), end - 2)
        )
    return covered[-1]


def check_passphrase(passphrase: str, *, context: Iterable[str] = ()) -> tuple[Rule, ...]:
    """Every rule the passphrase breaks, in a fixed order; empty means acceptable.

    ``context`` is the user's name, username, the agency's name and any words the agency
    lists, which must not make up the passphrase.
    """
    text = normalize(passphrase)
    if len(text) < MIN_LENGTH:
        return (Rule.TOO_SHORT,)
    if len(text) > MAX_LENGTH:
        return (Rule.TOO_LONG,)
    skeleton = _skeleton(text)
    common = common_passwords()
    broken = []
    if skeleton in common or _built_from(skeleton, common):
        broken.append(Rule.COMMON)
    elif _built_from(skeleton, common | _context_words(context)):
        broken.append(Rule.CONTEXT)
    if _repeated(text, skeleton):
        broken.append(Rule.REPEATED)
    if _sequence(skeleton):
        broken.append(Rule.SEQUENCE)
    return tuple(broken)


def require_acceptable(passphrase: str, *, context: Iterable[str] = ()) -> str:
    """Return the normalized passphrase, or raise :class:`WeakPassphraseError`."""
    broken = check_passphrase(passphrase, context=context)
    if broken:
        raise WeakPassphraseError(broken)
    return normalize(passphrase)


@dataclass(frozen=True)
class Strength:
    """What the set-passphrase screen shows while typing: which rules still fail."""

    length: int
    broken: tuple[Rule, ...]

    @property
    def acceptable(self) -> bool:
        return not self.broken


def strength(passphrase: str, *, context: Iterable[str] = ()) -> Strength:
    return Strength(len(normalize(passphrase)), check_passphrase(passphrase, context=context))
