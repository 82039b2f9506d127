"""The audit log: hash chain, append-only triggers, verify naming the first broken row (L1, L2)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from fieldcm.server import audit
from fieldcm.server.audit import AuditEntry
from tests.server.helpers import Agency


def _verify(agency: Agency) -> audit.VerifyResult:
    with agency.db.read() as session:
        return audit.verify(session)


def _drop_triggers(agency: Agency) -> None:
    """What a superuser (or an attacker with the file) could do."""
    with agency.db.engine.begin() as conn:
        if agency.db.is_postgres:
            conn.execute(text("DROP TRIGGER audit_append_only ON audit"))
        else:
            conn.execute(text("DROP TRIGGER audit_no_update"))
            conn.execute(text("DROP TRIGGER audit_no_delete"))


def _busy_agency(agency: Agency) -> None:
    ana = agency.person()
    agency.client(ana)
    agency.pull_all(agency.other_laptop(ana))


def test_an_untouched_chain_verifies(agency: Agency) -> None:
    _busy_agency(agency)

    result = _verify(agency)

    assert result.ok and result.rows == len(agency.audit_rows()) > 5
    assert result.describe().startswith("OK")


def test_an_empty_log_verifies(agency: Agency) -> None:
    assert _verify(agency).ok


@pytest.mark.parametrize("statement", ["UPDATE audit SET outcome = 'x'", "DELETE FROM audit"])
def test_the_log_refuses_updates_and_deletes(agency: Agency, statement: str) -> None:
    _busy_agency(agency)

    with pytest.raises(DBAPIError), agency.db.engine.begin() as conn:
        conn.execute(text(statement))

    assert _verify(agency).ok


def test_an_altered_row_is_named(agency: Agency) -> None:
    _busy_agency(agency)
    _drop_triggers(agency)
    with agency.db.engine.begin() as conn:
        conn.execute(text("UPDATE audit SET outcome = 'tampered' WHERE seq = 3"))

    result = _verify(agency)

    assert (result.ok, result.broken_seq) == (False, 3)
    assert "altered" in result.describe()


def test_a_deleted_row_is_named(agency: Agency) -> None:
    _busy_agency(agency)
    _drop_triggers(agency)
    with agency.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit WHERE seq = 2"))

    result = _verify(agency)

    assert (result.ok, result.broken_seq) == (False, 2)


def test_a_rewritten_row_with_a_fresh_hash_breaks_the_next_link(agency: Agency) -> None:
    _busy_agency(agency)
    _drop_triggers(agency)
    rows = agency.audit_rows()
    victim = rows[1]
    forged = audit.row_hash(
        victim.prev_hash,
        seq=victim.seq,
        at=victim.at,
        user_id=None,
        device_id=victim.device_id,
        client_id=victim.client_id,
        action=victim.action,
        outcome=victim.outcome,
    )
    with agency.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE audit SET user_id = NULL, hash = :h WHERE seq = :s"),
            {"h": forged, "s": victim.seq},
        )

    result = _verify(agency)

    assert (result.ok, result.broken_seq) == (False, victim.seq + 1)


def test_refusals_are_audited_even_though_their_transaction_rolls_back(agency: Agency) -> None:
    from fieldcm.server.errors import NotFound

    with pytest.raises(NotFound), agency.db.write() as uow:
        uow.audit.append(AuditEntry("kept", "ok"))  # rolled back with the transaction
        raise NotFound("no", audit=[AuditEntry("client_read", "denied")])

    assert [(r.action, r.outcome) for r in agency.audit_rows()] == [("client_read", "denied")]
