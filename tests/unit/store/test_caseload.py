"""The caseload: names, risk, program, last and next contact, open flags, for every client."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import Engine, text

from fieldcm.domain.records import Record, new_id
from fieldcm.store.uow import UnitOfWork

from .builders import T0, FixedClock, add_client, alert_fields, note_fields


def test_last_and_next_contact_come_from_contact_kinds_only(engine: Engine) -> None:
    client_id = add_client(engine, "Rowan Vale", risk_tier="high", program="ICM")
    with UnitOfWork(engine) as uow:
        uow.records.create("note", client_id, note_fields("older", T0 - timedelta(days=10)))
        uow.records.create("note", client_id, note_fields("latest", T0 - timedelta(days=2)))
        uow.records.create("encounter", client_id, {"planned_start": "2026-03-09T15:00:00Z"})
        uow.records.create("encounter", client_id, {"planned_start": "2026-03-20T15:00:00Z"})
        # Dated, later than the latest note, but not a contact with the client.
        uow.records.create("field_visit", client_id, {"check_out_at": "2026-03-01T09:00:00Z"})
        uow.commit()
        [row] = uow.caseload(now=T0)
    assert (row.client_id, row.preferred_name, row.risk_tier, row.program) == (
        client_id,
        "Rowan Vale",
        "high",
        "ICM",
    )
    assert row.last_contact_at == T0 - timedelta(days=2)
    assert row.next_contact_at == T0.replace(day=9, hour=15)
    assert row.open_flags == 0


def test_deleted_contacts_do_not_count(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        kept = uow.records.create("note", client_id, note_fields("kept", T0 - timedelta(days=5)))
        wrong = uow.records.create("note", client_id, note_fields("wrong", T0 - timedelta(days=1)))
        uow.records.delete(wrong.id)
        uow.commit()
        [row] = uow.caseload(now=T0)
    assert kept.fields["service_start"] == "2026-02-25T09:00:00Z"
    assert row.last_contact_at == T0 - timedelta(days=5)


def test_open_flags_are_alerts_nobody_acknowledged(engine: Engine) -> None:
    client_id = add_client(engine)
    with UnitOfWork(engine) as uow:
        first = uow.records.create("alert", client_id, alert_fields("safety_flag"))
        uow.records.create("alert", client_id, alert_fields("safety_plan_review"))
        uow.records.create("alert", client_id, alert_fields("acknowledgement", first.id))
        uow.commit()
        [row] = uow.caseload(now=T0)
    assert row.open_flags == 1


def test_every_client_is_listed_by_name_even_without_contacts(engine: Engine) -> None:
    ids = [add_client(engine, name) for name in ("zoe", "Ana", "mia")]
    removed = add_client(engine, "Removed")
    unnamed = new_id()
    with UnitOfWork(engine) as uow:
        uow.records.delete(removed)
        uow.records.apply_remote(Record("client", unnamed, unnamed, {"legal_name": "Bo"}, rev=1))
        uow.commit()
        rows = uow.caseload(now=T0)
    assert [r.preferred_name or r.legal_name for r in rows] == ["Ana", "Bo", "mia", "zoe"]
    assert {r.client_id for r in rows} == {*ids, unnamed}
    assert all(r.last_contact_at is None and r.next_contact_at is None for r in rows)


def test_renames_deletes_and_purges_reach_the_caseload(engine: Engine) -> None:
    kept = add_client(engine, "Old Name")
    deleted = add_client(engine, "Deleted")
    purged = new_id()
    with UnitOfWork(engine) as uow:
        uow.records.update(kept, {"preferred_name": "New Name", "risk_tier": "high"})
        uow.records.delete(deleted)
        uow.records.apply_remote(Record("client", purged, purged, {"preferred_name": "P"}, rev=1))
        uow.commit()
        assert [r.preferred_name for r in uow.caseload(now=T0)] == ["New Name", "P"]
        uow.records.purge_client(purged)
        uow.commit()
        [row] = uow.caseload(now=T0)
    assert (row.client_id, row.preferred_name, row.risk_tier) == (kept, "New Name", "high")


def _summary(uow: UnitOfWork) -> list[tuple[object, ...]]:
    return [
        tuple(row)
        for row in uow.connection.execute(text("SELECT * FROM client_summary ORDER BY client_id"))
    ]


def test_the_summary_cache_always_equals_a_fresh_computation(engine: Engine) -> None:
    """Seeded random writes of every kind; after each, the cache matches a rebuild."""
    rng = random.Random(3)
    clients = [add_client(engine, f"Client {i}") for i in range(4)]
    alerts: list[tuple[str, str]] = []
    with UnitOfWork(engine, clock=FixedClock()) as uow:
        for step in range(60):
            client_id = rng.choice(clients)
            action = rng.randrange(6)
            if action == 0:
                uow.records.update(client_id, {"preferred_name": f"Renamed {step}"})
            elif action == 1:
                alert = uow.records.create("alert", client_id, alert_fields())
                alerts.append((alert.id, client_id))
            elif action == 2 and alerts:
                source, owner = rng.choice(alerts)
                uow.records.create("alert", owner, alert_fields("acknowledgement", source))
            elif action == 3:
                uow.records.create("note", client_id, note_fields(start=T0))
            elif action == 4:
                remote_alert = Record("alert", new_id(), client_id, alert_fields(), rev=1)
                uow.records.apply_remote(remote_alert)
            else:
                uow.records.apply_remote(
                    Record("client", client_id, client_id, {"risk_tier": str(step)}, rev=step + 1)
                )
            cached = _summary(uow)
            uow.rebuild_caseload()
            assert _summary(uow) == cached, f"step {step}, action {action}"
        uow.commit()
    assert any(row[5] for row in cached), "no client ever had an open flag: nothing was tested"


def test_contacts_stay_right_as_time_passes_and_clocks_disagree(engine: Engine) -> None:
    """The cache was computed at one time; the caseload is asked about others."""
    client_id = add_client(engine)
    written_at = FixedClock(T0)
    with UnitOfWork(engine, clock=written_at) as uow:
        uow.records.create("note", client_id, note_fields("past", T0 - timedelta(days=3)))
        for day in (5, 9):
            uow.records.create(
                "encounter", client_id, {"planned_start": f"2026-03-{day:02d}T15:00:00Z"}
            )
        uow.commit()

    def contacts(now: datetime) -> tuple[datetime | None, datetime | None]:
        with UnitOfWork(engine, read_only=True) as uow:
            [row] = uow.caseload(now=now)
        return row.last_contact_at, row.next_contact_at

    visit_5, visit_9 = T0.replace(day=5, hour=15), T0.replace(day=9, hour=15)
    assert contacts(T0) == (T0 - timedelta(days=3), visit_5)
    # The planned visit of the 5th has passed: it is now the last contact.
    assert contacts(T0.replace(day=6)) == (visit_5, visit_9)
    assert contacts(T0.replace(day=10)) == (visit_9, None)
    # A laptop clock set back before every contact.
    assert contacts(T0 - timedelta(days=30)) == (None, T0 - timedelta(days=3))
    assert contacts(visit_5) == (visit_5, visit_9)
