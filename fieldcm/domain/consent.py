"""Releases of information: required elements, validity, and who may receive what (D9).

Records carry a sensitivity tag; a disclosure is allowed only by role-independent law (the
HIPAA exceptions for general PHI) or by a valid consent that names the recipient and covers
the tag. A consent that is incomplete, not yet signed, expired or revoked allows nothing.

* HIPAA authorization (45 CFR 164.508(c)): description, discloser, recipient, purpose,
  expiration date or event, signature and date (with a representative's authority), and the
  statements on revocation, conditioning of treatment and redisclosure.
* 42 CFR Part 2 consent (§2.31) adds the patient's name; a single consent for all future
  treatment, payment and operations (TPO) must also state the consequences of refusing.
  Every Part 2 disclosure carries the notice of §2.32.
* Victim-service (VAWA/FVPSA/VOCA) data: consent must be written and time-limited (an end
  date, not an event), and identifying data never goes to HMIS.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from fieldcm.domain import codec
from fieldcm.domain.errors import Problem
from fieldcm.domain.records import JsonValue

PART2_NOTICE: Final = "42 CFR part 2 prohibits unauthorized use or disclosure of these records."
"""The short notice of §2.32(a) as amended in 2024 (compliance from 16 February 2026).

Agencies may print the long statement instead; its text belongs in agency settings."""


class Sensitivity(StrEnum):
    GENERAL = "general"
    PART2_SUD = "part2_sud"
    DV_VSP = "dv_vsp"
    PSYCHOTHERAPY_LIKE = "psychotherapy_like"


class Purpose(StrEnum):
    TREATMENT = "treatment"
    PAYMENT = "payment"
    OPERATIONS = "operations"
    TO_INDIVIDUAL = "to_individual"
    REQUIRED_BY_LAW = "required_by_law"
    HMIS = "hmis"
    OTHER = "other"


TPO: Final = frozenset({Purpose.TREATMENT, Purpose.PAYMENT, Purpose.OPERATIONS})
_GENERAL_WITHOUT_CONSENT: Final = TPO | {Purpose.TO_INDIVIDUAL, Purpose.REQUIRED_BY_LAW}


class ConsentStatus(StrEnum):
    VALID = "valid"
    INCOMPLETE = "incomplete"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass(frozen=True)
class Consent:
    id: str
    recipient: str
    discloser: str
    description: str
    purpose: str
    sensitivities: frozenset[Sensitivity]
    signed_on: date | None
    expires_on: date | None = None
    expiration_event: str | None = None
    signed_by_representative: bool = False
    representative_authority: str | None = None
    states_right_to_revoke: bool = False
    states_treatment_conditioning: bool = False
    states_redisclosure: bool = False
    patient_name: str | None = None
    tpo: bool = False
    states_refusal_consequences: bool = False
    revoked_on: date | None = None


def read_consent(consent_id: str, fields: Mapping[str, JsonValue]) -> Consent:
    return Consent(
        id=consent_id,
        recipient=codec.text(fields, "recipient"),
        discloser=codec.text(fields, "discloser"),
        description=codec.text(fields, "scope_text"),
        purpose=codec.text(fields, "purpose"),
        sensitivities=frozenset(
            codec.enum_value(Sensitivity, v, "sensitivities")
            for v in codec.text_list(fields, "sensitivities")
        ),
        signed_on=codec.optional_date(fields, "signed_on"),
        expires_on=codec.optional_date(fields, "expires_on"),
        expiration_event=codec.optional_text(fields, "expiration_event"),
        signed_by_representative=codec.flag(fields, "signed_by_representative"),
        representative_authority=codec.optional_text(fields, "representative_authority"),
        states_right_to_revoke=codec.flag(fields, "states_right_to_revoke"),
        states_treatment_conditioning=codec.flag(fields, "states_treatment_conditioning"),
        states_redisclosure=codec.flag(fields, "states_redisclosure"),
        patient_name=codec.optional_text(fields, "patient_name"),
        tpo=codec.flag(fields, "tpo"),
        states_refusal_consequences=codec.flag(fields, "states_refusal_consequences"),
        revoked_on=codec.optional_date(fields, "revoked_on"),
    )


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def consent_problems(consent: Consent) -> tuple[Problem, ...]:
    """Missing required elements; any problem makes the consent invalid."""
    checks: list[tuple[bool, str, str]] = [
        (_blank(consent.description), "scope_text", "describe the information to be shared"),
        (_blank(consent.discloser), "discloser", "name who may disclose"),
        (_blank(consent.recipient), "recipient", "name who may receive it"),
        (_blank(consent.purpose), "purpose", "state the purpose"),
        (not consent.sensitivities, "sensitivities", "say which kinds of records it covers"),
        (consent.signed_on is None, "signed_on", "record the signature date"),
        (
            consent.expires_on is None and _blank(consent.expiration_event),
            "expires_on",
            "give an expiration date or event",
        ),
        (
            consent.signed_by_representative and _blank(consent.representative_authority),
            "representative_authority",
            "describe the representative's authority",
        ),
        (not consent.states_right_to_revoke, "states_right_to_revoke", "state the right to revoke"),
        (
            not consent.states_treatment_conditioning,
            "states_treatment_conditioning",
            "state whether treatment depends on signing",
        ),
        (
            not consent.states_redisclosure,
            "states_redisclosure",
            "state that redisclosure may occur",
        ),
    ]
    if Sensitivity.PART2_SUD in consent.sensitivities:
        checks.append((_blank(consent.patient_name), "patient_name", "give the patient's name"))
        checks.append(
            (
                consent.tpo and not consent.states_refusal_consequences,
                "states_refusal_consequences",
                "state the consequences of refusing to sign",
            )
        )
    if Sensitivity.DV_VSP in consent.sensitivities:
        checks.append(
            (consent.expires_on is None, "expires_on", "victim-service consent needs an end date")
        )
    return tuple(Problem("missing", name, message) for bad, name, message in checks if bad)


def consent_status(consent: Consent, on: date) -> ConsentStatus:
    if consent.revoked_on is not None and consent.revoked_on <= on:
        return ConsentStatus.REVOKED
    if consent_problems(consent):
        return ConsentStatus.INCOMPLETE
    if consent.signed_on is not None and consent.signed_on > on:
        return ConsentStatus.NOT_YET_VALID
    if consent.expires_on is not None and on > consent.expires_on:
        return ConsentStatus.EXPIRED
    return ConsentStatus.VALID


@dataclass(frozen=True)
class Decision:
    """Whether a disclosure may happen, why, under which consent, and the notice to attach."""

    allowed: bool
    reason: str
    consent_id: str | None = None
    notice: str | None = None


def disclosure_decision(
    *,
    sensitivity: Sensitivity,
    purpose: Purpose,
    recipient: str,
    consents: Iterable[Consent],
    on: date,
) -> Decision:
    notice = PART2_NOTICE if sensitivity is Sensitivity.PART2_SUD else None
    if sensitivity is Sensitivity.DV_VSP and purpose is Purpose.HMIS:
        return Decision(False, "victim-service records never go to HMIS")
    if purpose is Purpose.TO_INDIVIDUAL and sensitivity is not Sensitivity.PSYCHOTHERAPY_LIKE:
        return Decision(True, "disclosure to the individual", notice=notice)
    if sensitivity is Sensitivity.GENERAL and purpose in _GENERAL_WITHOUT_CONSENT:
        return Decision(True, f"HIPAA permits {purpose.value} without authorization")
    if sensitivity is Sensitivity.PART2_SUD and purpose is Purpose.REQUIRED_BY_LAW:
        return Decision(False, "Part 2 records need a court order, not only a legal demand")
    for consent in consents:
        if _covers(consent, sensitivity, purpose, recipient, on):
            return Decision(True, "valid consent", consent.id, notice)
    return Decision(False, "no valid consent names this recipient for these records")


def _covers(
    consent: Consent, sensitivity: Sensitivity, purpose: Purpose, recipient: str, on: date
) -> bool:
    if (
        sensitivity not in consent.sensitivities
        or consent_status(consent, on) is not ConsentStatus.VALID
    ):
        return False
    named = consent.recipient.strip().casefold() == recipient.strip().casefold()
    return named or (consent.tpo and purpose in TPO)
