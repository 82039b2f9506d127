"""Building blocks for server service tests: people with enrolled devices, mutations, pulls."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from fieldcm.server import accounts, devices, feed, push
from fieldcm.server.auth import Passwords
from fieldcm.server.authz import Principal
from fieldcm.server.config import PasswordCost
from fieldcm.server.db import Database
from fieldcm.server.devices import TokenLifetimes
from fieldcm.server.models import AuditRow, User
from fieldcm.sync.protocol import (
    Change,
    Mutation,
    MutationResult,
    PushBatch,
    RecordPayload,
    TokenPair,
)
from tests.mutations import create, new_id

CHEAP = PasswordCost(time_cost=1, memory_kib=8192, parallelism=1)
LIFETIMES = TokenLifetimes(access=timedelta(minutes=15), refresh=timedelta(days=30))


@dataclass
class Person:
    """A user with one enrolled device."""

    username: str
    who: Principal
    tokens: TokenPair


class Agency:
    """Creates teams, people, devices and clients through the real services."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.passwords = Passwords(CHEAP)
        self.key = self._cursor_key()

    def _cursor_key(self) -> bytes:
        with self.db.read() as session:
            return feed.load_cursor_key(session)

    def team(self) -> str:
        name = f"team-{uuid.uuid4().hex[:8]}"
        with self.db.write() as uow:
            accounts.add_team(uow, name=name)
        return name

    def person(
        self, *, role: str = "worker", team: str | None = None, password: str | None = None
    ) -> Person:
        username = f"{role}-{uuid.uuid4().hex[:8]}"
        with self.db.write() as uow:
            accounts.add_user(
                uow,
                username=username,
                role=role,
                team=team,
                password_hash=self.passwords.hash(password) if password else None,
            )
        return self.enroll(username)

    def enroll(self, username: str) -> Person:
        code = self.code(username)
        with self.db.write() as uow:
            pair = devices.enroll(
                uow, code=code, device_name="Test laptop", protocol_version=1, lifetimes=LIFETIMES
            )
        return Person(username, self.who(pair.access_token), pair)

    def other_laptop(self, person: Person) -> Person:
        """The same person on a second enrolled device.

        A device is not sent back in its feed what its own push answers already gave it (the
        "echo", feed.py); tests of what the feed carries read it from this other laptop.
        """
        return self.enroll(person.username)

    def code(self, username: str, ttl: timedelta = timedelta(hours=24)) -> str:
        with self.db.write() as uow:
            return devices.issue_enrollment_code(uow, username=username, ttl=ttl)

    def who(self, access_token: str) -> Principal:
        with self.db.read() as session:
            return devices.authenticate(session, token=access_token)

    def assign(self, client_id: str, person: Person) -> None:
        with self.db.write() as uow:
            accounts.assign(uow, client_id=client_id, username=person.username)

    def unassign(self, client_id: str, person: Person) -> None:
        with self.db.write() as uow:
            accounts.unassign(uow, client_id=client_id, username=person.username)

    def push(self, person: Person, *mutations: Mutation) -> list[MutationResult]:
        # Protocol 1: every answer carries the record, which these tests read (protocol 2's
        # compact answers have their own tests in test_push_compact.py).
        batch = PushBatch(mutations=list(mutations), protocol_version=1)
        response = push.push(self.db, who=person.who, batch=batch)
        return response.results

    def client(self, person: Person, **fields: Any) -> RecordPayload:
        """A new client registered from ``person``'s laptop (auto-assigned to them)."""
        client_id = new_id()
        values = {"preferred_name": "Synthetic Person", "program": "ICM", "risk_tier": "low"}
        [result] = self.push(
            person,
            create("client", {**values, **fields}, client_id=client_id, record_id=client_id),
        )
        assert result.status == "applied", result
        assert result.record is not None
        return result.record

    def record(self, person: Person, kind: str, client_id: str, **fields: Any) -> RecordPayload:
        [result] = self.push(person, create(kind, fields, client_id=client_id))
        assert result.status == "applied", result
        assert result.record is not None
        return result.record

    def pull(
        self, person: Person, cursor: str | None = None, *, limit: int = 200
    ) -> tuple[list[Change], str, bool]:
        page = feed.pull(self.db, who=person.who, cursor=cursor, limit=limit, cursor_key=self.key)
        return page.changes, page.cursor, page.has_more

    def pull_all(
        self, person: Person, cursor: str | None = None, *, limit: int = 200
    ) -> tuple[list[Change], str]:
        changes: list[Change] = []
        for _ in range(1000):
            page, cursor, more = self.pull(person, cursor, limit=limit)
            changes += page
            if not more:
                return changes, cursor
        raise AssertionError("the feed never ended")

    def audit_rows(self) -> list[AuditRow]:
        with self.db.read() as session:
            return list(session.scalars(select(AuditRow).order_by(AuditRow.seq)))

    def user(self, username: str) -> User:
        with self.db.read() as session:
            user = session.scalar(select(User).where(User.username == username))
            assert user is not None
            return user


def records_by_id(changes: list[Change]) -> dict[str, RecordPayload]:
    latest: dict[str, RecordPayload] = {}
    for change in changes:
        if change.record is not None:
            latest[change.record.id] = change.record
    return latest
