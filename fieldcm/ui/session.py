"""An unlocked profile as the UI holds it: the store, who is working, the agency's rules.

A :class:`Session` exists from unlock to lock and is the only way widgets reach the
database: :meth:`Session.read` and :meth:`Session.write` run a function over a unit of work
on the database lane and hand the result back on the GUI thread. Closing the session (lock)
forgets every pending result, then closes the store on the database lane after whatever was
already queued there (so a draft flushed at lock time is still saved) and reports
``closed`` when no connection is left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from fieldcm.domain.billing import DEFAULT_RULE, PayerRule
from fieldcm.domain.notes import Role, Signer
from fieldcm.store.passphrase import passphrase_buffer
from fieldcm.store.uow import UnitOfWork
from fieldcm.store.vault import UnlockedStore, Vault
from fieldcm.sync.profile import ProfileTokenStore, agency_settings, payer_rules
from fieldcm.sync.protocol import AgencySettings
from fieldcm.ui.tasks import Lane, Op

T = TypeVar("T")
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Identity:
    """The person working on this laptop, as the agency server enrolled them."""

    user_id: str
    name: str
    credentials: str
    role: Role = Role.WORKER

    def signer(self) -> Signer:
        return Signer(self.user_id, self.name, self.credentials, self.role)


@dataclass(frozen=True)
class Workspace:
    """What the UI needs to know once, right after unlock (read on the database lane)."""

    identity: Identity
    settings: AgencySettings
    payer_rules: tuple[PayerRule, ...]

    def rule_for(self, payer: str | None) -> PayerRule:
        """The agency's rule for ``payer``; its first rule when none is named."""
        for rule in self.payer_rules:
            if rule.payer == payer:
                return rule
        return self.payer_rules[0] if self.payer_rules else DEFAULT_RULE


def read_workspace(store: UnlockedStore) -> Workspace:
    """Identity and agency settings of an unlocked store (database lane)."""
    with UnitOfWork(store.engine, read_only=True) as uow:
        state = uow.sync_state.get()
    settings = agency_settings(state)
    pair = ProfileTokenStore(store.engine).get()
    if pair is not None:
        user = pair.user
        identity = Identity(user.id, user.display_name, user.credentials, Role(user.role))
    else:  # a profile that never talked to a server (tests, self-check)
        identity = Identity(store.user_id, "", "")
    return Workspace(identity=identity, settings=settings, payer_rules=payer_rules(settings))


class Session(QObject):
    """One unlocked profile. GUI thread only; the work itself runs on ``db``."""

    data_changed = Signal()
    """Something was written (here or by sync): views re-read what they show."""
    closed = Signal()
    """The store is locked: every connection closed, the key dropped."""

    def __init__(
        self,
        store: UnlockedStore,
        workspace: Workspace,
        *,
        vault: Vault,
        db: Lane,
        clock: Clock = utc_now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store: UnlockedStore | None = store
        self._vault = vault
        self.workspace = workspace
        self.db = db
        self.clock = clock

    @property
    def open(self) -> bool:
        return self._store is not None

    @property
    def store(self) -> UnlockedStore:
        if self._store is None:
            raise RuntimeError("the session is closed")
        return self._store

    @property
    def identity(self) -> Identity:
        return self.workspace.identity

    def read(self, fn: Callable[[UnitOfWork], T]) -> Op[T]:
        """Run ``fn`` over a read-only unit of work on the database lane."""
        store = self.store

        def job() -> T:
            with UnitOfWork(store.engine, read_only=True) as uow:
                return fn(uow)

        return self.db.run(job)

    def write(self, fn: Callable[[UnitOfWork], T], *, announce: bool = True) -> Op[T]:
        """Run ``fn`` over a writing unit of work and commit; ``data_changed`` follows."""
        store = self.store

        def job() -> T:
            with UnitOfWork(store.engine) as uow:
                result = fn(uow)
                uow.commit()
                return result

        op = self.db.run(job)
        if announce:
            op.on_success(lambda _result: self.data_changed.emit())
        return op

    def verify_passphrase(self, text: str) -> Op[None]:
        """Prove ``text`` is this profile's passphrase (signing); counts against the throttle.

        The proof is a real unwrap of the key file (SECURITY.md pitfall 6: no fast verifier):
        a second handle on the profile is opened and closed again at once.
        """
        buffer = passphrase_buffer(text)
        vault = self._vault

        def job() -> None:
            vault.unlock(buffer).lock()

        return self.db.run(job)

    def close(self) -> None:
        """Lock: forget pending results, close the store after queued writes, emit ``closed``."""
        store, self._store = self._store, None
        if store is None:
            return
        self.db.forget_pending()
        self.db.run(store.lock).on_done(self.closed.emit)
