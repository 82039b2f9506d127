"""Releases of information: required elements, status, and disclosure decisions (D9)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from fieldcm.domain.consent import (
    PART2_NOTICE,
    Consent,
    ConsentStatus,
    Purpose,
    Sensitivity,
    consent_problems,
    consent_status,
    disclosure_decision,
    read_consent,
)
from fieldcm.domain.errors import InvalidFieldError

TODAY = date(2026, 3, 1)

GOOD = Consent(
    id="c-1",
    recipient="Synthetic Housing Partner",
    discloser="Synthetic Agency",
    description="Housing assessment and contact information",
    purpose="Housing placement",
    sensitivities=frozenset({Sensitivity.GENERAL}),
    signed_on=date(2026, 1, 10),
    expires_on=date(2027, 1, 10),
    states_right_to_revoke=True,
    states_treatment_conditioning=True,
    states_redisclosure=True,
)
PART2 = replace(
    GOOD,
    id="c-2",
    sensitivities=frozenset({Sensitivity.PART2_SUD}),
    patient_name="Synthetic Client",
)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"description": " "}, "scope_text"),
        ({"discloser": ""}, "discloser"),
        ({"recipient": ""}, "recipient"),
        ({"purpose": ""}, "purpose"),
        ({"sensitivities": frozenset()}, "sensitivities"),
        ({"signed_on": None}, "signed_on"),
        ({"expires_on": None}, "expires_on"),
        ({"signed_by_representative": True}, "representative_authority"),
        ({"states_right_to_revoke": False}, "states_right_to_revoke"),
        ({"states_treatment_conditioning": False}, "states_treatment_conditioning"),
        ({"states_redisclosure": False}, "states_redisclosure"),
    ],
)
def test_each_missing_hipaa_element_is_named(change: dict[str, object], field: str) -> None:
    assert [p.field for p in consent_problems(replace(GOOD, **change))] == [field]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("consent", "fields"),
    [
        (GOOD, []),
        (replace(GOOD, expires_on=None, expiration_event="End of treatment"), []),
        (replace(GOOD, signed_by_representative=True, representative_authority="Guardian"), []),
        (PART2, []),
        (replace(PART2, patient_name=None), ["patient_name"]),
        (replace(PART2, tpo=True), ["states_refusal_consequences"]),
        (replace(PART2, tpo=True, states_refusal_consequences=True), []),
        (
            replace(
                GOOD,
                sensitivities=frozenset({Sensitivity.DV_VSP}),
                expires_on=None,
                expiration_event="end",
            ),
            ["expires_on"],
        ),
    ],
)
def test_special_elements(consent: Consent, fields: list[str]) -> None:
    assert [p.field for p in consent_problems(consent)] == fields


@pytest.mark.parametrize(
    ("consent", "on", "status"),
    [
        (GOOD, TODAY, ConsentStatus.VALID),
        (GOOD, date(2026, 1, 10), ConsentStatus.VALID),
        (GOOD, date(2026, 1, 9), ConsentStatus.NOT_YET_VALID),
        (GOOD, date(2027, 1, 10), ConsentStatus.VALID),
        (GOOD, date(2027, 1, 11), ConsentStatus.EXPIRED),
        (replace(GOOD, revoked_on=date(2026, 2, 1)), TODAY, ConsentStatus.REVOKED),
        (replace(GOOD, revoked_on=TODAY), TODAY, ConsentStatus.REVOKED),
        (replace(GOOD, revoked_on=date(2026, 4, 1)), TODAY, ConsentStatus.VALID),
        (replace(GOOD, purpose=""), TODAY, ConsentStatus.INCOMPLETE),
    ],
)
def test_status(consent: Consent, on: date, status: ConsentStatus) -> None:
    assert consent_status(consent, on) is status


REVOKED = replace(GOOD, revoked_on=date(2026, 2, 1))
EXPIRED_PART2 = replace(PART2, expires_on=date(2026, 2, 1))
TPO_PART2 = replace(PART2, id="c-3", recipient="", tpo=True, states_refusal_consequences=True)
# A TPO consent may describe recipients as a class; give it one so it is complete.
TPO_PART2 = replace(TPO_PART2, recipient="my treating providers")
DV = replace(GOOD, id="c-4", sensitivities=frozenset({Sensitivity.DV_VSP}))

DECISIONS = [
    # sensitivity, purpose, recipient, consents, allowed, consent id, notice
    (Sensitivity.GENERAL, Purpose.TREATMENT, "Any clinic", [], True, None, None),
    (Sensitivity.GENERAL, Purpose.REQUIRED_BY_LAW, "Court", [], True, None, None),
    (Sensitivity.GENERAL, Purpose.OTHER, "Synthetic Housing Partner", [GOOD], True, "c-1", None),
    (Sensitivity.GENERAL, Purpose.OTHER, "synthetic housing partner ", [GOOD], True, "c-1", None),
    (Sensitivity.GENERAL, Purpose.OTHER, "Another Partner", [GOOD], False, None, None),
    (Sensitivity.GENERAL, Purpose.OTHER, "Synthetic Housing Partner", [REVOKED], False, None, None),
    (Sensitivity.GENERAL, Purpose.HMIS, "HMIS", [], False, None, None),
    (Sensitivity.PART2_SUD, Purpose.TREATMENT, "Any clinic", [], False, None, None),
    (
        Sensitivity.PART2_SUD,
        Purpose.OTHER,
        "Synthetic Housing Partner",
        [PART2],
        True,
        "c-2",
        PART2_NOTICE,
    ),
    (Sensitivity.PART2_SUD, Purpose.OTHER, "Synthetic Housing Partner", [GOOD], False, None, None),
    (
        Sensitivity.PART2_SUD,
        Purpose.OTHER,
        "Synthetic Housing Partner",
        [EXPIRED_PART2],
        False,
        None,
        None,
    ),
    (
        Sensitivity.PART2_SUD,
        Purpose.PAYMENT,
        "Any health plan",
        [TPO_PART2],
        True,
        "c-3",
        PART2_NOTICE,
    ),
    (Sensitivity.PART2_SUD, Purpose.OTHER, "Any health plan", [TPO_PART2], False, None, None),
    (Sensitivity.PART2_SUD, Purpose.REQUIRED_BY_LAW, "Court", [PART2], False, None, None),
    (Sensitivity.PART2_SUD, Purpose.TO_INDIVIDUAL, "Client", [], True, None, PART2_NOTICE),
    (Sensitivity.DV_VSP, Purpose.HMIS, "Synthetic Housing Partner", [DV], False, None, None),
    (Sensitivity.DV_VSP, Purpose.TREATMENT, "Any clinic", [], False, None, None),
    (Sensitivity.DV_VSP, Purpose.OTHER, "Synthetic Housing Partner", [DV], True, "c-4", None),
    (Sensitivity.PSYCHOTHERAPY_LIKE, Purpose.TO_INDIVIDUAL, "Client", [], False, None, None),
]


@pytest.mark.parametrize("case", DECISIONS)
def test_disclosure_decisions(case: tuple) -> None:  # type: ignore[type-arg]
    sensitivity, purpose, recipient, consents, allowed, consent_id, notice = case
    decision = disclosure_decision(
        sensitivity=sensitivity, purpose=purpose, recipient=recipient, consents=consents, on=TODAY
    )
    assert (decision.allowed, decision.consent_id, decision.notice) == (allowed, consent_id, notice)
    assert decision.reason


def test_read_consent_from_fields() -> None:
    consent = read_consent(
        "c-9",
        {
            "recipient": "Synthetic Partner",
            "scope_text": "Contact details",
            "sensitivities": ["general", "part2_sud"],
            "signed_on": "2026-01-10",
            "expires_on": "2027-01-10",
            "states_right_to_revoke": True,
        },
    )
    assert consent.sensitivities == {Sensitivity.GENERAL, Sensitivity.PART2_SUD}
    assert consent.signed_on == date(2026, 1, 10) and consent.states_right_to_revoke
    with pytest.raises(InvalidFieldError, match="sensitivities"):
        read_consent("c", {"sensitivities": ["secret"]})
    with pytest.raises(InvalidFieldError, match="signed_on"):
        read_consent("c", {"signed_on": "10/01/2026"})
