"""The one caseload policy (SECURITY.md A1-A3) and the admin account rules around it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from fieldcm.server import accounts
from fieldcm.server.authz import scope_of
from fieldcm.server.errors import AdminError
from fieldcm.server.uow import UnitOfWork
from tests.mutations import new_id
from tests.server.helpers import Agency, Person


def scope(agency: Agency, person: Person) -> set[str]:
    who = agency.who(person.tokens.access_token)  # re-read: role and team as of now
    with agency.db.read() as session:
        return scope_of(session, who)


def test_worker_supervisor_and_admin_scopes(agency: Agency) -> None:
    north, south = agency.team(), agency.team()
    ana, ben = agency.person(team=north), agency.person(team=north)
    carl = agency.person(team=south)
    boss = agency.person(role="supervisor", team=north)
    admin = agency.person(role="admin")
    a, b, c = new_id(), new_id(), new_id()
    own = new_id()
    agency.assign(a, ana)
    agency.assign(b, ben)
    agency.assign(c, carl)
    agency.assign(own, boss)

    assert scope(agency, ana) == {a}
    assert scope(agency, boss) == {a, b, own}
    assert scope(agency, carl) == {c}
    assert scope(agency, admin) == set()


def test_role_and_team_changes_apply_to_the_next_request(agency: Agency) -> None:
    north, south = agency.team(), agency.team()
    ana = agency.person(team=north)
    boss = agency.person(role="supervisor", team=north)
    client = new_id()
    agency.assign(client, ana)
    assert client in scope(agency, boss)

    with agency.db.write() as uow:
        accounts.set_team(uow, username=ana.username, team=south)
    assert client not in scope(agency, boss)

    with agency.db.write() as uow:
        accounts.set_team(uow, username=boss.username, team=south)
    assert client in scope(agency, boss)

    with agency.db.write() as uow:
        accounts.set_role(uow, username=boss.username, role="worker")
    assert scope(agency, boss) == set()


def test_a_supervisor_without_a_team_sees_only_their_own(agency: Agency) -> None:
    boss = agency.person(role="supervisor")
    ana = agency.person()
    mine = new_id()
    agency.assign(mine, boss)
    agency.assign(new_id(), ana)

    assert scope(agency, boss) == {mine}


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda uow, who: accounts.assign(uow, client_id=new_id(), username=who), "Admins"),
        (lambda uow, who: accounts.assign(uow, client_id="not-a-uuid", username=who), "UUID"),
        (lambda uow, who: accounts.add_team(uow, name=" "), "team name"),
        (lambda uow, who: accounts.add_user(uow, username="x y", role="worker"), "username"),
        (lambda uow, who: accounts.add_user(uow, username="z", role="boss"), "role"),
        (lambda uow, who: accounts.add_user(uow, username=who, role="worker"), "exists"),
        (lambda uow, who: accounts.set_team(uow, username=who, team="nope"), "No team"),
        (lambda uow, who: accounts.disable_user(uow, username="nobody"), "No user"),
    ],
)
def test_admin_mistakes_are_refused_in_plain_words(
    agency: Agency, action: Callable[[UnitOfWork, str], object], message: str
) -> None:
    admin = agency.person(role="admin")

    with pytest.raises(AdminError) as caught, agency.db.write() as uow:
        action(uow, admin.username)

    assert message in caught.value.message


def test_an_admin_role_is_refused_while_clients_are_assigned(agency: Agency) -> None:
    ana = agency.person()
    agency.assign(new_id(), ana)

    with pytest.raises(AdminError), agency.db.write() as uow:
        accounts.set_role(uow, username=ana.username, role="admin")


def test_assign_is_idempotent_and_unassign_reports_nothing_to_do(agency: Agency) -> None:
    ana = agency.person()
    client = new_id()
    with agency.db.write() as uow:
        assert accounts.assign(uow, client_id=client, username=ana.username)
        assert not accounts.assign(uow, client_id=client, username=ana.username)
    with agency.db.write() as uow:
        assert accounts.unassign(uow, client_id=client, username=ana.username)
        assert not accounts.unassign(uow, client_id=client, username=ana.username)
    with agency.db.read() as session:
        assert accounts.assignments_of(session, username=ana.username) == []
