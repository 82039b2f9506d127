"""Laptops for sync tests: a real SQCipher profile, a real transport, the real engine.

A :class:`Laptop` is what one worker carries: a profile folder enrolled against the test
server, unlocked with a cheap KDF (these tests are not about the KDF), and a
:class:`~fieldcm.sync.engine.SyncEngine` over a :class:`~fieldcm.sync.transport.SyncTransport`.
Edits go through the store's own repositories, exactly as the app makes them.

:func:`server_view` asks the server (digest, then fetch) what it holds for a laptop's scope,
so tests can say "this laptop equals the server" without a side door into the server.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fieldcm.domain.records import Record, new_id
from fieldcm.store.repositories import StoredConflict
from fieldcm.store.uow import UnitOfWork
from fieldcm.store.vault import UnlockedStore, Vault
from fieldcm.sync.engine import SyncEngine, SyncResult
from fieldcm.sync.profile import ProfileTokenStore, save_enrollment
from fieldcm.sync.progress import Progress
from fieldcm.sync.protocol import DigestRequest, FetchRequest, RecordPayload
from fieldcm.sync.repair import local_digests
from fieldcm.sync.transport import InMemoryTokenStore, SyncTransport
from tests.integration.server_harness import ServerProcess, add_team, default_password, unique
from tests.security.helpers import FAST_POLICY, PASSPHRASE, pw

NO_WAIT: dict[str, Any] = {"sleeper": lambda _s: None, "max_retries": 2, "read_timeout": 20.0}
"""Transport options for tests: retries without sleeping (no timing in tests)."""


class Clock:
    """A laptop's wall clock, skewable and movable by hand."""

    def __init__(self, skew: timedelta = timedelta(0)) -> None:
        self.skew = skew

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.skew


@dataclass
class Laptop:
    name: str
    username: str
    folder: Path
    server_url: str
    store: UnlockedStore
    clock: Any
    transport_options: dict[str, Any] = field(default_factory=dict)
    progress: list[Progress] = field(default_factory=list)

    # ---- sync ---------------------------------------------------------------------------

    def engine(self, base_url: str | None = None, **engine_options: Any) -> SyncEngine:
        tokens = ProfileTokenStore(self.store.engine)
        transport = SyncTransport(
            base_url or self.server_url,
            token_store=tokens,
            **{**NO_WAIT, **self.transport_options},
        )
        options = {"clock": self.clock, "progress": self.progress.append, **engine_options}
        return SyncEngine(self.store, transport, tokens, **options)

    def sync(self, *, verify: bool = False, via: str | None = None, **options: Any) -> SyncResult:
        return self.engine(via, **options).sync(verify=verify)

    def transport(self) -> SyncTransport:
        return SyncTransport(
            self.server_url, token_store=ProfileTokenStore(self.store.engine), **NO_WAIT
        )

    # ---- edits --------------------------------------------------------------------------

    def write(self, action: Callable[[UnitOfWork], Any]) -> Any:
        with UnitOfWork(self.store.engine, clock=self.clock) as uow:
            result = action(uow)
            uow.commit()
        return result

    def create(
        self, kind: str, client_id: str, fields: dict[str, Any], record_id: str | None = None
    ) -> Record:
        return self.write(lambda uow: uow.records.create(kind, client_id, fields, record_id))  # type: ignore[no-any-return]

    def update(self, record_id: str, fields: dict[str, Any]) -> Record:
        return self.write(lambda uow: uow.records.update(record_id, fields))  # type: ignore[no-any-return]

    def delete(self, record_id: str) -> None:
        self.write(lambda uow: uow.records.delete(record_id))

    def new_client(self, name: str | None = None) -> str:
        client_id = new_id()
        self.create("client", client_id, client_fields(name or unique("Client")), client_id)
        return client_id

    def new_note(self, client_id: str, text: str, **extra: Any) -> str:
        return self.create("note", client_id, note_fields(text, **extra)).id

    # ---- reading ------------------------------------------------------------------------

    def read(self, action: Callable[[UnitOfWork], Any]) -> Any:
        with UnitOfWork(self.store.engine, read_only=True) as uow:
            return action(uow)

    def get(self, record_id: str) -> Record | None:
        return self.read(lambda uow: uow.records.get(record_id, include_deleted=True))  # type: ignore[no-any-return]

    def records(self) -> dict[str, Record]:
        """Every record held (tombstones included), by id."""

        def all_records(uow: UnitOfWork) -> dict[str, Record]:
            out: dict[str, Record] = {}
            for client_id in client_ids(uow):
                for record in uow.records.for_client(client_id, include_deleted=True):
                    out[record.id] = record
            return out

        return self.read(all_records)  # type: ignore[no-any-return]

    def conflicts(self, status: str | None = "open") -> list[StoredConflict]:
        return self.read(lambda uow: uow.conflicts.find(status=status))  # type: ignore[no-any-return]

    def outbox_count(self) -> int:
        return self.read(lambda uow: uow.outbox.pending_count())  # type: ignore[no-any-return]

    def attention(self) -> list[Any]:
        return self.read(lambda uow: uow.outbox.attention())  # type: ignore[no-any-return]

    def cursor(self) -> str | None:
        return self.read(lambda uow: uow.sync_state.get().cursor)  # type: ignore[no-any-return]

    def close(self) -> None:
        if not self.store.locked:
            self.store.lock()

    def reopen(self) -> None:
        self.close()
        self.store = Vault(self.folder, policy=FAST_POLICY).unlock(pw())


def client_ids(uow: UnitOfWork) -> list[str]:
    from sqlalchemy import select

    from fieldcm.store.tables import records

    return list(uow.connection.scalars(select(records.c.client_id).distinct()))


# ---- people ----------------------------------------------------------------------------


@dataclass
class Office:
    """The test server with a team, and a way to hand out laptops."""

    server: ServerProcess
    root: Path
    team: str = ""
    made: list[Laptop] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.team = self.team or add_team(self.server)

    def person(self, role: str = "worker") -> str:
        username = unique(role)
        self.server.add_user(username, role=role, team=self.team)
        return username

    def laptop(
        self,
        username: str | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        **transport_options: Any,
    ) -> Laptop:
        username = username or self.person()
        name = f"laptop-{uuid.uuid4().hex[:8]}"
        folder = self.root / name
        clock = clock or Clock()
        setup = SyncTransport(self.server.base_url, token_store=InMemoryTokenStore(), **NO_WAIT)
        with setup:
            pair = setup.enroll(self.server.enroll_code(username), name)
        store = Vault.create(
            folder, pw(PASSPHRASE), pair.user.id, pair.device_id, policy=FAST_POLICY
        )
        with UnitOfWork(store.engine) as uow:
            save_enrollment(uow, pair, self.server.base_url)
            uow.sync_state.update(last_successful_sync_at=clock())
            uow.commit()
        laptop = Laptop(
            name, username, folder, self.server.base_url, store, clock, dict(transport_options)
        )
        self.made.append(laptop)
        return laptop

    def close(self) -> None:
        for laptop in self.made:
            laptop.close()

    def password(self, username: str) -> str:
        return default_password(username)


# ---- what the server holds -------------------------------------------------------------


def server_view(laptop: Laptop) -> dict[str, RecordPayload]:
    """The server's current records (tombstones included) for everything in the laptop's scope."""
    with laptop.transport() as transport:
        digests = laptop.read(local_digests)
        answer = transport.digest(DigestRequest(clients=digests))
        scope = sorted((set(digests) - set(answer.not_in_scope)) | set(answer.missing_on_device))
        out: dict[str, RecordPayload] = {}
        for start in range(0, len(scope), 20):
            fetched = transport.fetch(FetchRequest(client_ids=scope[start : start + 20]))
            out.update({r.id: r for r in fetched.records})
    return out


def assert_matches_server(laptop: Laptop) -> None:
    """The laptop holds exactly the server's records for its scope, nothing pending."""
    assert laptop.outbox_count() == 0, laptop.attention()
    theirs = server_view(laptop)
    mine = laptop.records()
    assert set(mine) == set(theirs), sorted(set(mine) ^ set(theirs))
    for record_id, payload in theirs.items():
        local = mine[record_id]
        assert (local.rev, local.deleted) == (payload.rev, payload.deleted), record_id
        if not payload.deleted:
            assert local.fields == payload.fields, record_id


def snapshot(laptop: Laptop) -> dict[str, tuple[int, bool, Any]]:
    return {
        r.id: (r.rev, r.deleted, None if r.deleted else r.fields) for r in laptop.records().values()
    }


def conflict_keys(laptop: Laptop) -> set[str]:
    return {c.id for c in laptop.conflicts(status=None)}


# ---- synthetic content -----------------------------------------------------------------


def client_fields(name: str) -> dict[str, Any]:
    return {
        "preferred_name": name,
        "legal_name": f"{name} Legal",
        "pronouns": "they/them",
        "program": "ICM",
        "risk_tier": "moderate",
        "safe_contact_instructions": "Text first; no voicemail.",
    }


def note_fields(text: str, **extra: Any) -> dict[str, Any]:
    return {
        "format": "free",
        "status": "draft",
        "author_id": "synthetic-author",
        "service_start": "2026-01-05T09:00:00Z",
        "service_end": "2026-01-05T09:45:00Z",
        "narrative": text,
        "contact_type": "home",
        "client_present": True,
        "service_code": "T1017",
        "goal_ids": ["goal-synthetic"],
        **extra,
    }


def plan_fields(**sections: list[dict[str, Any]]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "warning_signs": [],
        "coping_strategies": [],
        "social_distractions": [],
        "help_contacts": [],
        "professional_contacts": [],
        "environment_safety": [],
        "reasons_for_living": [],
        "reviewed_at": None,
        "reviewed_by": None,
        "kept_where": None,
    }
    fields.update(sections)
    return fields


def item(text: str) -> dict[str, Any]:
    return {"id": new_id(), "text": text}


def laptops_in(tmp: Path) -> Iterator[Path]:
    yield from sorted(tmp.iterdir())
