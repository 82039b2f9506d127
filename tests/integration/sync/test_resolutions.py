"""Conflict decisions made on a laptop reach the server and every device (real server)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fieldcm.domain.records import new_id
from fieldcm.services.conflicts import Person, decide
from fieldcm.store.repositories import StoredConflict

from .laptops import Laptop, Office, assert_matches_server, item, plan_fields, snapshot

DEAD_LINK = "http://127.0.0.1:9"
"""Nothing listens on the discard port: a sync through it is offline."""


def _conflicted_plan(office: Office) -> tuple[Laptop, Laptop, str, str]:
    """Two workers edit the same safety-plan item offline; both sync; a conflict on both."""
    ana, ben = office.person(), office.person()
    one, two = office.laptop(ana), office.laptop(ben)
    client = one.new_client()
    first = item("Not sleeping")
    plan = one.create("safety_plan", client, plan_fields(warning_signs=[first])).id
    assert one.sync().ok
    office.server.assign(client, ben)
    assert two.sync().ok
    one.update(plan, {"warning_signs": [{**first, "text": "Not sleeping for two nights"}]})
    two.update(plan, {"warning_signs": [{**first, "text": "Pacing at night"}]})
    for laptop in (one, two, one):
        assert laptop.sync().ok
    assert len(one.conflicts()) == 1 and len(two.conflicts()) == 1
    return one, two, plan, one.conflicts()[0].id


def _decide(laptop: Laptop, conflict_id: str, resolution: Any) -> StoredConflict:
    me = Person(laptop.read(lambda uow: uow.sync_state.get().user_id), laptop.username)
    return laptop.write(  # type: ignore[no-any-return]
        lambda uow: decide(uow, conflict_id, resolution, by=me, at=datetime.now(UTC))
    )


def _texts(laptop: Laptop, plan: str) -> list[str]:
    record = laptop.get(plan)
    assert record is not None
    return [i["text"] for i in record.fields["warning_signs"]]


def test_a_decision_made_offline_shows_at_once_and_converges_after_sync(office: Office) -> None:
    one, two, plan, conflict_id = _conflicted_plan(office)
    [conflict] = two.conflicts()
    chosen = conflict.mine if "Pacing" in conflict.mine["text"] else conflict.theirs

    # Offline: the conflict leaves the list and the chosen text shows, nothing is queued.
    _decide(two, conflict_id, chosen)
    assert two.conflicts() == [] and _texts(two, plan) == ["Pacing at night"]
    assert two.outbox_count() == 0
    offline = two.sync(via=DEAD_LINK)
    assert offline.status == "offline"
    assert two.read(lambda uow: uow.conflicts.pending_decision_count()) == 1

    result = two.sync()
    assert result.ok and result.resolutions.sent == 1
    assert one.sync().ok and two.sync().ok
    for laptop in (one, two):
        assert laptop.conflicts() == []
        assert _texts(laptop, plan) == ["Pacing at night"]
        # The losing text is kept: the resolved conflict holds both values.
        [kept] = laptop.conflicts(status="resolved")
        assert {kept.mine["text"], kept.theirs["text"]} == {
            "Not sleeping for two nights",
            "Pacing at night",
        }
        assert kept.resolution == chosen
        assert_matches_server(laptop)
    assert snapshot(one) == snapshot(two)
    assert one.conflicts(status=None) == two.conflicts(status=None)


def test_decided_on_both_laptops_at_once_the_first_decision_counts(office: Office) -> None:
    one, two, plan, conflict_id = _conflicted_plan(office)
    [conflict] = one.conflicts()
    _decide(one, conflict_id, conflict.mine)
    _decide(two, conflict_id, conflict.theirs)
    assert one.sync().ok
    second = two.sync()
    assert second.ok and second.resolutions.already_resolved == 1
    assert two.sync().ok and one.sync().ok
    assert _texts(one, plan) == _texts(two, plan) == [conflict.mine["text"]]
    assert one.conflicts(status=None) == two.conflicts(status=None)
    [final] = two.conflicts(status="resolved")
    assert final.resolution == conflict.mine
    assert two.read(lambda uow: uow.conflicts.pending_decisions()) == []


def test_a_conflict_the_server_does_not_share_is_decided_here_only(office: Office) -> None:
    laptop = office.laptop()
    client = laptop.new_client()
    assert laptop.sync().ok
    local_only = StoredConflict(
        id=new_id(),
        kind="client",
        record_id=client,
        client_id=client,
        field="program",
        mine="ACT",
        base="ICM",
        mine_by={"user_id": new_id(), "user_name": "Synthetic", "at": "2026-03-02T09:00:00Z"},
    )
    laptop.write(lambda uow: uow.conflicts.put(local_only))
    _decide(laptop, local_only.id, "ACT")
    result = laptop.sync()
    assert result.ok and result.resolutions.out_of_scope == 1
    assert laptop.read(lambda uow: uow.conflicts.pending_decisions()) == []
    assert laptop.conflicts() == []  # decided here; never asked again


def test_a_decision_the_server_refuses_reopens_the_conflict(office: Office) -> None:
    one, _two, _plan, conflict_id = _conflicted_plan(office)
    # Bypass the service's shape check, as an older app might send: the server refuses it.
    one.write(
        lambda uow: uow.conflicts.decide(
            conflict_id,
            resolution="not an item",
            resolved_by={"user_id": "x"},
            mutation_id=new_id(),
        )
    )
    result = one.sync()
    assert result.ok and result.resolutions.refused == 1
    assert result.resolutions.refusals
    assert [c.id for c in one.conflicts()] == [conflict_id]
