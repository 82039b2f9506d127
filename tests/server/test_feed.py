"""The change feed: scope, paging, cursors, tombstones, revocations, conflicts, settings."""

from __future__ import annotations

from collections import Counter

import pytest

from fieldcm.server import accounts, feed, settings
from fieldcm.server.errors import BadRequest
from fieldcm.sync.protocol import AgencySettings, Change
from tests.mutations import delete, update
from tests.server.helpers import Agency, records_by_id


def upsert_ids(changes: list[Change]) -> list[str]:
    return [c.record.id for c in changes if c.type == "upsert" and c.record is not None]


def test_first_pull_sends_settings_and_the_whole_scope_in_pages(agency: Agency) -> None:
    ana = agency.person()
    client = agency.client(ana)
    notes = [agency.record(ana, "note", client.id, narrative=f"v{i}") for i in range(11)]
    laptop = agency.enroll(ana.username)

    pages = []
    cursor = None
    while True:
        changes, cursor, more = agency.pull(laptop, cursor, limit=4)
        assert len(changes) <= 4
        pages.append(changes)
        if not more:
            break

    everything = [c for page in pages for c in page]
    assert everything[0].type == "settings"
    assert Counter(upsert_ids(everything)) == Counter([client.id] + [n.id for n in notes])
    assert agency.pull(laptop, cursor)[:1] == ([],)


def test_a_pull_after_the_cursor_holds_only_what_changed(agency: Agency) -> None:
    ana = agency.person()
    laptop = agency.other_laptop(ana)
    client = agency.client(ana)
    note = agency.record(ana, "note", client.id, narrative="first")
    _, cursor = agency.pull_all(laptop)

    [answer] = agency.push(ana, update(note, {"narrative": "second"}))
    assert answer.record is not None
    [answer2] = agency.push(ana, update(answer.record, {"narrative": "third"}))
    changes, cursor = agency.pull_all(laptop, cursor)

    assert [(c.type, c.record) for c in changes] == [("upsert", answer2.record)], "one per record"
    assert agency.pull(laptop, cursor)[0] == []
    assert agency.pull_all(ana, agency.pull_all(ana)[1])[0] == [], "no echo to the pusher"


def test_deletions_arrive_as_tombstones_without_fields(agency: Agency) -> None:
    ana = agency.person()
    laptop = agency.other_laptop(ana)
    client = agency.client(ana)
    note = agency.record(ana, "note", client.id, narrative="secret text")
    _, cursor = agency.pull_all(laptop)

    agency.push(ana, delete(note))
    changes, _ = agency.pull_all(laptop, cursor)

    [tombstone] = changes
    assert tombstone.type == "tombstone" and tombstone.record is not None
    assert (tombstone.record.id, tombstone.record.deleted, tombstone.record.fields) == (
        note.id,
        True,
        {},
    )


def test_a_client_leaving_the_scope_is_revoked_once_and_nothing_follows(agency: Agency) -> None:
    team = agency.team()
    ana, ben = agency.person(team=team), agency.person(team=team)
    client = agency.client(ana)
    _, cursor = agency.pull_all(ana)

    agency.assign(client.id, ben)
    agency.unassign(client.id, ana)
    revoked, after_revoke = agency.pull_all(ana, cursor)
    replayed, _ = agency.pull_all(ana, cursor)  # the first answer was lost: same page again
    agency.record(ben, "note", client.id, narrative="after the handoff")
    later, _ = agency.pull_all(ana, after_revoke)

    assert [(c.type, c.client_id) for c in revoked] == [("revoke", client.id)]
    assert replayed == revoked
    assert later == []


def test_a_client_entering_the_scope_is_backfilled(agency: Agency) -> None:
    team = agency.team()
    ana, ben = agency.person(team=team), agency.person(team=team)
    client = agency.client(ben)
    note = agency.record(ben, "note", client.id, narrative="before the handoff")
    _, cursor = agency.pull_all(ana)

    agency.assign(client.id, ana)
    changes, _ = agency.pull_all(ana, cursor, limit=1)

    assert set(upsert_ids(changes)) == {client.id, note.id}


def test_a_supervisor_sees_the_team_and_a_team_change_revokes(agency: Agency) -> None:
    north, south = agency.team(), agency.team()
    boss = agency.person(role="supervisor", team=north)
    ana, carl = agency.person(team=north), agency.person(team=south)
    mine, theirs = agency.client(ana), agency.client(carl)

    changes, cursor = agency.pull_all(boss)
    assert {r.client_id for r in records_by_id(changes).values()} == {mine.id}
    assert theirs.id not in str(changes)

    with agency.db.write() as uow:
        accounts.set_team(uow, username=ana.username, team=south)
    changes, _ = agency.pull_all(boss, cursor)
    assert [(c.type, c.client_id) for c in changes] == [("revoke", mine.id)]


def test_an_admin_receives_settings_and_no_client_data(agency: Agency) -> None:
    admin, ana = agency.person(role="admin"), agency.person()
    agency.client(ana)

    changes, _ = agency.pull_all(admin)

    assert [c.type for c in changes] == ["settings"]


def test_conflicts_reach_the_people_involved_and_their_resolution_too(agency: Agency) -> None:
    team = agency.team()
    ana, ben = agency.person(team=team), agency.person(team=team)
    boss = agency.person(role="supervisor", team=team)
    client = agency.client(ana)
    agency.assign(client.id, ben)
    _, ana_cursor = agency.pull_all(ana)
    _, boss_cursor = agency.pull_all(boss)
    agency.push(ana, update(client, {"risk_tier": "high"}))
    [answer] = agency.push(ben, update(client, {"risk_tier": "moderate"}))
    [conflict] = answer.conflicts

    ana_changes, _ = agency.pull_all(ana, ana_cursor)
    ben_first_pull, _ = agency.pull_all(ben)
    boss_changes, _ = agency.pull_all(boss, boss_cursor)

    for changes in (ana_changes, ben_first_pull):
        assert conflict.id in {c.conflict.id for c in changes if c.conflict}
    assert not [c for c in boss_changes if c.type == "conflict"]


def test_settings_changes_reach_every_device(agency: Agency) -> None:
    ana = agency.person()
    _, cursor = agency.pull_all(ana)

    with agency.db.write() as uow:
        settings.replace(uow, new=AgencySettings(auto_lock_minutes=3))
    changes, _ = agency.pull_all(ana, cursor)

    [change] = changes
    assert change.type == "settings" and change.settings is not None
    assert (change.settings.auto_lock_minutes, change.settings.revision) == (3, 1)


@pytest.mark.parametrize("cursor", ["garbage", "", "e30.AAAA", "x" * 300, "eyJzIjotMX0.abc"])
def test_a_garbage_cursor_is_refused(agency: Agency, cursor: str) -> None:
    ana = agency.person()

    with pytest.raises(BadRequest) as caught:
        agency.pull(ana, cursor)

    assert caught.value.code == "bad_cursor"


def test_another_devices_cursor_is_refused(agency: Agency) -> None:
    ana = agency.person()
    other = agency.enroll(ana.username)
    _, cursor = agency.pull_all(ana)

    with pytest.raises(BadRequest):
        agency.pull(other, cursor)


def test_cursor_round_trip_and_tamper_detection() -> None:
    key, device = b"k" * 32, "d"
    cursor = feed.Cursor(seq=42, snapshot="abc", scope_hash="h", partial=("c", "r:x"))

    text = feed.encode_cursor(cursor, key=key, device_id=device)

    assert feed.decode_cursor(text, key=key, device_id=device) == cursor
    with pytest.raises(BadRequest):
        feed.decode_cursor(text, key=b"j" * 32, device_id=device)
    with pytest.raises(BadRequest):
        feed.decode_cursor(text[:-2] + "AA", key=key, device_id=device)


def test_pulls_are_audited_per_client_delivered(agency: Agency) -> None:
    ana = agency.person()
    one, two = agency.client(ana), agency.client(ana)

    agency.pull_all(agency.other_laptop(ana))

    pulled = {r.client_id for r in agency.audit_rows() if r.action == "pull"}
    assert pulled == {one.id, two.id}
