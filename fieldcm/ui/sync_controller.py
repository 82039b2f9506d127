"""Background sync on the network lane, and what the status bar says about it.

The controller never blocks anyone: a sync runs on the network lane (the engine opens its
own short transactions), the counts shown are read on the database lane, and a note being
typed is saved on its own schedule whatever sync is doing.

When it syncs: shortly after unlock, a little after each local edit, every
:data:`INTERVAL_OK_S` when all is well, every :data:`INTERVAL_OFFLINE_S` while the server
cannot be reached (so a returning connection is noticed quickly), with growing pauses after
failures, and whenever the person presses "Sync now". After "sign in needed" it waits for the
person.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, Final, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from fieldcm.store.repo_base import utc_now
from fieldcm.store.uow import UnitOfWork
from fieldcm.store.vault import UnlockedStore
from fieldcm.sync.engine import Credentials, SyncEngine, SyncResult, offline_age
from fieldcm.sync.profile import ProfileTokenStore
from fieldcm.sync.progress import CancelToken, Progress, ProgressSink
from fieldcm.sync.status import SyncStatus, read_status
from fieldcm.sync.transport import SyncTransport
from fieldcm.ui.session import Session
from fieldcm.ui.tasks import Lane

log = logging.getLogger(__name__)

INTERVAL_OK_S: Final = 300
INTERVAL_OFFLINE_S: Final = 60
AFTER_EDIT_S: Final = 20
AFTER_UNLOCK_S: Final = 2
FAILURE_BACKOFF_S: Final = (120, 240, 480, 900)


class Syncer(Protocol):
    """What the controller needs of a sync engine (``fieldcm.sync.engine.SyncEngine``)."""

    def sync(
        self,
        *,
        verify: bool = False,
        cancel: CancelToken | None = None,
        credentials: Credentials | None = None,
    ) -> SyncResult: ...

    def close(self) -> None: ...


SyncerFactory = Callable[[UnlockedStore, ProgressSink], "Syncer | None"]
"""Builds the syncer of an unlocked profile (network lane); ``None``: no server known."""


class EngineSyncer:
    """The real engine over the profile's own server address and token pair."""

    def __init__(self, engine: SyncEngine, transport: SyncTransport) -> None:
        self._engine = engine
        self._transport = transport

    def sync(
        self,
        *,
        verify: bool = False,
        cancel: CancelToken | None = None,
        credentials: Credentials | None = None,
    ) -> SyncResult:
        return self._engine.sync(verify=verify, cancel=cancel, credentials=credentials)

    def close(self) -> None:
        self._transport.close()


def engine_syncer(
    store: UnlockedStore,
    progress: ProgressSink,
    *,
    clock: Callable[[], datetime] = utc_now,
    transport_options: Mapping[str, Any] | None = None,
) -> EngineSyncer | None:
    """The default :data:`SyncerFactory`: ``None`` for a profile that knows no server.

    ``transport_options`` go to :class:`SyncTransport` (tests use fewer retries).
    """
    with UnitOfWork(store.engine, read_only=True) as uow:
        server = uow.sync_state.get().server_url
    if not server:
        return None
    tokens = ProfileTokenStore(store.engine)
    transport = SyncTransport(server, token_store=tokens, **dict(transport_options or {}))
    engine = SyncEngine(store, transport, tokens, clock=clock, progress=progress, blobs=transport)
    return EngineSyncer(engine, transport)


class SyncState(StrEnum):
    UP_TO_DATE = "up_to_date"
    SYNCING = "syncing"
    OFFLINE = "offline"
    FAILED = "failed"
    SIGN_IN = "sign_in"
    LOCAL_ONLY = "local_only"
    NEVER = "never"


@dataclass(frozen=True)
class SyncView:
    """Everything the status area shows, as one value."""

    state: SyncState = SyncState.NEVER
    message: str = ""
    last_success: datetime | None = None
    pending: int = 0
    conflicts: int = 0
    attention: int = 0
    progress: Progress | None = None
    offline_warning: str = ""
    details: SyncStatus | None = None


class _Relay(QObject):
    progressed = Signal(object)


class SyncController(QObject):
    """GUI thread only; one per window, attached to one session at a time."""

    changed = Signal(object)
    """The new :class:`SyncView`."""
    finished = Signal(object)
    """The :class:`~fieldcm.sync.engine.SyncResult` of a run."""
    settled = Signal(object)
    """After a run, once the counts it changed are read: the run's :class:`SyncResult`."""
    wiped = Signal(str)
    """The engine erased this laptop's data (agency order, revoked, offline limit)."""

    def __init__(
        self, network: Lane, factory: SyncerFactory | None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._network = network
        self._factory = factory
        self._session: Session | None = None
        self._syncer: Syncer | None = None
        self._cancel = CancelToken()
        self._running = False
        self._again = False
        self._failures = 0
        self.view = SyncView()
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._progressed)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.sync_now)

    @property
    def running(self) -> bool:
        return self._running

    # ---- session --------------------------------------------------------------------

    def attach(self, session: Session) -> None:
        self._session = session
        self._cancel = CancelToken()
        self._failures = 0
        self._syncer = None
        session.data_changed.connect(self._edited)
        self.refresh()
        if self._factory is None:
            self._set(replace(self.view, state=SyncState.LOCAL_ONLY))
        else:
            self._schedule(AFTER_UNLOCK_S)

    def detach(self) -> None:
        """Lock: stop asking, cancel a running sync, close the connection, forget counts."""
        self._timer.stop()
        self._cancel.cancel()
        if self._session is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self._session.data_changed.disconnect(self._edited)
        self._session = None
        self._network.forget_pending()
        syncer, self._syncer = self._syncer, None
        if syncer is not None:
            self._network.run(syncer.close)
        self._running = False
        self._again = False
        self._set(SyncView())

    # ---- counts ---------------------------------------------------------------------

    def refresh(self, after: SyncResult | None = None) -> None:
        """Re-read pending edits, conflicts and the last sync (database lane).

        ``after``: the run this read follows; ``settled`` carries it once the counts show.
        """
        session = self._session
        if session is None:
            return
        store = session.store
        now = session.clock()
        op = session.db.run(lambda: read_status(store.engine, offline_age(store, now)))
        op.on_success(lambda status: self._counts(status, after)).on_failure(
            lambda e: log.warning("status: %s", type(e).__name__)
        )

    def _counts(self, status: SyncStatus, after: SyncResult | None) -> None:
        if self._session is None:
            return
        view = replace(
            self.view,
            last_success=status.last_successful_sync_at,
            pending=status.pending + status.in_flight,
            conflicts=len(status.open_conflicts),
            attention=len(status.needs_attention),
            offline_warning=status.offline.message(),
            details=status,
        )
        if view.state is SyncState.NEVER and status.last_successful_sync_at is not None:
            view = replace(view, state=SyncState.UP_TO_DATE)
        self._set(view)
        if after is not None:
            self.settled.emit(after)

    def _edited(self) -> None:
        self.refresh()
        if self._factory is not None and not self._running:
            remaining = self._timer.remainingTime() if self._timer.isActive() else None
            if remaining is None or remaining > AFTER_EDIT_S * 1000:
                self._schedule(AFTER_EDIT_S)

    # ---- syncing --------------------------------------------------------------------

    def sync_now(self, credentials: Credentials | None = None) -> None:
        session = self._session
        if session is None or self._factory is None:
            return
        if self._running:
            self._again = True
            return
        self._timer.stop()
        self._running = True
        self._set(replace(self.view, state=SyncState.SYNCING, message="", progress=Progress()))
        store = session.store
        cancel = self._cancel
        relay = self._relay
        factory = self._factory

        def run() -> tuple[Syncer | None, SyncResult | None]:
            syncer = self._syncer or factory(store, relay.progressed.emit)
            if syncer is None:
                return None, None
            return syncer, syncer.sync(cancel=cancel, credentials=credentials)

        self._network.run(run).on_success(self._done).on_failure(self._crashed)

    def _progressed(self, progress: Progress) -> None:
        if self._running:
            self._set(replace(self.view, progress=progress))

    def _done(self, outcome: tuple[Syncer | None, SyncResult | None]) -> None:
        self._running = False
        syncer, result = outcome
        self._syncer = syncer
        if result is None:
            self._set(replace(self.view, state=SyncState.LOCAL_ONLY, progress=None))
            return
        self.finished.emit(result)
        if result.status == "wiped":
            self.wiped.emit(result.message)
            return
        state, delay = self._after(result)
        self._set(replace(self.view, state=state, message=result.message, progress=None))
        self.refresh(after=result)
        if self._again:
            self._again = False
            delay = 0
        if delay is not None:
            self._schedule(delay)

    def _after(self, result: SyncResult) -> tuple[SyncState, float | None]:
        if result.status == "ok":
            self._failures = 0
            return SyncState.UP_TO_DATE, INTERVAL_OK_S
        if result.status == "offline":
            wait = max(INTERVAL_OFFLINE_S, result.retry_after or 0)
            return SyncState.OFFLINE, wait
        if result.status == "reauth_required":
            return SyncState.SIGN_IN, None
        if result.status == "not_enrolled":
            return SyncState.LOCAL_ONLY, None
        if result.status == "cancelled":
            return SyncState.OFFLINE, INTERVAL_OFFLINE_S
        wait = FAILURE_BACKOFF_S[min(self._failures, len(FAILURE_BACKOFF_S) - 1)]
        self._failures += 1
        return SyncState.FAILED, max(wait, result.retry_after or 0)

    def _crashed(self, error: BaseException) -> None:
        self._running = False
        log.error("sync crashed: %s", type(error).__name__, exc_info=error)
        from fieldcm.ui.messages import explain

        self._set(
            replace(self.view, state=SyncState.FAILED, message=explain(error).text, progress=None)
        )
        self._schedule(FAILURE_BACKOFF_S[-1])

    def _schedule(self, seconds: float) -> None:
        if self._session is not None:
            self._timer.start(int(seconds * 1000))

    def _set(self, view: SyncView) -> None:
        self.view = view
        self.changed.emit(view)
