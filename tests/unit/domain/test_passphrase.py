"""Passphrase rules, one table per rule (SECURITY.md U2)."""

from __future__ import annotations

import pytest

from fieldcm.domain.passphrase import (
    MAX_LENGTH,
    MIN_LENGTH,
    Rule,
    WeakPassphraseError,
    check_passphrase,
    common_passwords,
    normalize,
    require_acceptable,
    strength,
)

CONTEXT = ("Riverside Outreach", "jdoe@example.org", "Jordan Doe")


def rules(passphrase: str) -> tuple[Rule, ...]:
    return check_passphrase(passphrase, context=CONTEXT)


@pytest.mark.parametrize(
    "passphrase",
    [
        "maple lantern orbit velvet",
        "correct horse battery staple",
        "tr0ub4dor&3 horse staple",
        "Ünïcödé wörds gö hérë 🙂",
        "monkey dragon football",  # three common words: long enough to be allowed
        "a" * 14 + "bcdefghij",
        "x" * 7 + " quiet river morning",
        "P" + "q7!" * 21 + "z",  # 65 characters, above the 64 that must be allowed
    ],
)
def test_acceptable(passphrase: str) -> None:
    assert rules(passphrase) == ()


@pytest.mark.parametrize(
    ("passphrase", "expected"),
    [
        ("", (Rule.TOO_SHORT,)),
        ("a" * (MIN_LENGTH - 1), (Rule.TOO_SHORT,)),
        ("short words", (Rule.TOO_SHORT,)),
        ("Z" * (MAX_LENGTH + 1), (Rule.TOO_LONG,)),
    ],
)
def test_length(passphrase: str, expected: tuple[Rule, ...]) -> None:
    assert rules(passphrase) == expected


def test_length_counts_characters_not_bytes() -> None:
    assert Rule.TOO_SHORT not in rules("é" * 4 + " río ñandú café")  # 15 characters, more bytes


def test_nfkc_normalization_makes_equivalent_input_equal() -> None:
    composed, decomposed = "caf\u00e9 m\u00fasica noche", "cafe\u0301 mu\u0301sica noche"
    assert normalize(composed) == normalize(decomposed)
    assert normalize("ｆｕｌｌｗｉｄｔｈ") == "fullwidth"
    assert require_acceptable(decomposed) == normalize(composed)


@pytest.mark.parametrize(
    "passphrase",
    [
        "passwordpassword",
        "Pass Word Password!",
        "iloveyou2024qwerty",
        "sunshine2024sunshine",
        "1qaz2wsx3edc4rfv",
        "qwerty123456789",
        "baseball football",
        "trustno1 letmein!",
    ],
)
def test_common(passphrase: str) -> None:
    assert Rule.COMMON in rules(passphrase)


@pytest.mark.parametrize(
    "passphrase",
    [
        "riverside outreach 2025",
        "Riverside-Outreach!!",
        "2025 jordan doe fieldcm",
        "FieldCM casemanager",
        "jdoe@example.org 1234",
    ],
)
def test_context(passphrase: str) -> None:
    assert Rule.CONTEXT in rules(passphrase)
    assert Rule.COMMON not in rules(passphrase)


def test_context_words_only_count_when_given() -> None:
    assert check_passphrase("riverside outreach 2025") == ()
    assert check_passphrase("riverside outreach 2025", context=["Riverside Outreach"]) == (
        Rule.CONTEXT,
    )


@pytest.mark.parametrize(
    "passphrase",
    [
        "aaaaaaaaaaaaaaaaaaaa",
        "abcabcabcabcabcabc",
        "xyzzy xyzzy xyzzy xyzzy",
        "ab ab ab ab ab ab ab ab",
        "1212121212121212",
        "jdoe jdoe jdoe 2025",
        "2025 kiwi kiwi kiwi kiwi",
    ],
)
def test_repeated(passphrase: str) -> None:
    assert Rule.REPEATED in rules(passphrase)


@pytest.mark.parametrize(
    "passphrase",
    [
        "abcdefghijklmnopqrs",
        "zyxwvutsrqponmlkj",
        "qwertyuiopasdfghjkl",
        "0123456789 0123456",
        "mnbvcxz lkjhgfdsa",
    ],
)
def test_sequence(passphrase: str) -> None:
    assert Rule.SEQUENCE in rules(passphrase)


def test_require_acceptable_raises_with_every_broken_rule_in_words() -> None:
    with pytest.raises(WeakPassphraseError) as raised:
        require_acceptable("passwordpassword")
    assert raised.value.rules == (Rule.COMMON, Rule.REPEATED)
    assert "most common" in str(raised.value) and "repeating" in str(raised.value)


def test_strength_for_the_typing_screen() -> None:
    assert strength("maple lantern orbit velvet").acceptable
    weak = strength("short")
    assert (weak.length, weak.broken, weak.acceptable) == (5, (Rule.TOO_SHORT,), False)


def test_the_common_password_list_is_loaded_from_package_data() -> None:
    common = common_passwords()
    assert len(common) == 10_000
    assert {"password", "iloveyou", "qwerty"} <= common
    assert all(len(word) >= 4 and word == word.lower() for word in common)
