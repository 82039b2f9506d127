"""Which release of information decides sharing with a contact, and how it reads."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fieldcm.domain.records import Record, new_id
from fieldcm.ui.contacts_model import Sharing, contact_rows, sharing_text
from tests.ui.record_builders import TODAY, release


def _contact(**fields: object) -> Record:
    return Record("contact", new_id(), "c1", dict(fields))


def _consent(fields: dict[str, Any], consent_id: str | None = None) -> Record:
    return Record("consent", consent_id or new_id(), "c1", fields)


def test_a_valid_release_wins_over_an_older_expired_one() -> None:
    old = release("Mara Ashgrove", expires_on=(TODAY - timedelta(days=1)).isoformat())
    (row,) = contact_rows(
        [_contact(name="Mara Ashgrove")],
        [_consent(old), _consent(release("mara ashgrove "))],
        TODAY,
    )
    assert row.release.sharing is Sharing.VALID


def test_a_revocation_outranks_an_expiry() -> None:
    expired = release("Dale Finch", expires_on=(TODAY - timedelta(days=1)).isoformat())
    revoked = release("Dale Finch", revoked_on=TODAY.isoformat())
    (row,) = contact_rows(
        [_contact(name="Dale Finch")], [_consent(expired), _consent(revoked)], TODAY
    )
    assert row.release.sharing is Sharing.REVOKED
    assert sharing_text(row.release).startswith("No: release revoked")


def test_a_release_can_name_the_organisation_or_be_linked_by_id() -> None:
    by_org = _contact(name="Ana Ruiz", organization="Riverside Shelter (invented)")
    linked = _contact(name="Kim Oduya", consent_id="r-1")
    rows = contact_rows(
        [by_org, linked],
        [_consent(release("Riverside Shelter (invented)")), _consent(release("Someone"), "r-1")],
        TODAY,
    )
    assert [r.release.sharing for r in rows] == [Sharing.VALID, Sharing.VALID]


def test_an_incomplete_or_unreadable_release_allows_nothing() -> None:
    incomplete = release("Tomas Reyes", states_redisclosure=False)
    unreadable = {"recipient": "Tomas Reyes", "signed_on": "not a date"}
    (row,) = contact_rows(
        [_contact(name="Tomas Reyes")], [_consent(incomplete), _consent(unreadable)], TODAY
    )
    assert row.release.sharing is Sharing.INCOMPLETE
    assert not row.release.sharing.allowed


def test_part2_coverage_and_event_expiry_are_said_plainly() -> None:
    part2 = release(
        "Dr Lee (invented)",
        sensitivities=["general", "part2_sud"],
        patient_name="Avery Ashgrove",
        expires_on=None,
        expiration_event="end of treatment",
    )
    (row,) = contact_rows([_contact(name="Dr Lee (invented)")], [_consent(part2)], TODAY)
    assert sharing_text(row.release) == "Yes, until end of treatment"
    (general,) = contact_rows([_contact(name="X")], [_consent(release("X"))], TODAY)
    assert sharing_text(general.release).endswith("(not substance use)")
    (nobody,) = contact_rows([_contact(name="Y")], [], TODAY)
    assert sharing_text(nobody.release) == "No: no release on file"
