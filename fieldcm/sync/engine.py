"""The sync engine: one call runs a whole sync and says, in words, how it went.

    tokens = ProfileTokenStore(store.engine)
    transport = SyncTransport(server_url, token_store=tokens)
    engine = SyncEngine(store, transport, tokens)   # the transport's own token store
    result = engine.sync()          # push, then pull; ``verify=True`` adds the digest check

A sync first sends the conflict decisions made here (:mod:`~fieldcm.sync.resolutions`), then
pushes the outbox (so the server merges this laptop's edits against what it
has, and a client being reassigned gets its edits before it leaves), then pulls pages until
the feed is exhausted. Every step commits on its own and no transaction is open during a
network call, so the person keeps writing notes while a sync runs and a sync interrupted
anywhere resumes where it stopped (properties 4 and 7). Entries left "in flight" by a crash
are put back at the start of the next run. With a ``blobs`` transport (the same
``SyncTransport`` will do), queued attachments go up and attachments other laptops linked come
down last, in their own phase whose failures never fail the sync (property 12).

Modules: :mod:`~fieldcm.sync.push`, :mod:`~fieldcm.sync.pull` (with :mod:`~fieldcm.sync.apply`
and :mod:`~fieldcm.sync.revocation`), :mod:`~fieldcm.sync.repair`, :mod:`~fieldcm.sync.wipe`,
:mod:`~fieldcm.sync.offline_age`, :mod:`~fieldcm.sync.blobs`, :mod:`~fieldcm.sync.progress`,
:mod:`~fieldcm.sync.profile` (tokens and settings in the store), :mod:`~fieldcm.sync.status`.

Outcomes (:class:`SyncResult.status`):

    ok               everything pushed that could be, the feed pulled to its end
    offline          no usable link (or the server is busy); try again later, by itself
    failed           refused or broken answer; ``message`` says why, ``is_bug`` if ours
    cancelled        stopped on request; nothing half-applied
    reauth_required  too long offline (SECURITY.md D3): sign in online first
    not_enrolled     no token pair in the store
    wiped            the agency ordered a wipe, revoked the laptop, or the offline limit
                     passed: the profile folder holds nothing of fieldcm any more

Which thread: any one thread that is not the UI thread (the network lane); the store's
units of work are opened and closed inside each step.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Final, Literal

from fieldcm.store.errors import StoreLocked
from fieldcm.store.repo_base import utc_now
from fieldcm.store.uow import UnitOfWork
from fieldcm.store.vault import UnlockedStore
from fieldcm.sync.blobs import AttachmentQueue, BlobRun, BlobTransport
from fieldcm.sync.offline_age import DEFAULT_WARN_DAYS, OfflineAge, assess
from fieldcm.sync.profile import (
    ProfileTokenStore,
    agency_settings,
    credentials_lost,
    mark_credentials_lost,
)
from fieldcm.sync.progress import (
    CancelToken,
    Phase,
    Progress,
    ProgressSink,
    SyncCancelled,
    Tracker,
    ignore_progress,
)
from fieldcm.sync.protocol import MAX_BATCH_SIZE, MAX_PAGE_SIZE
from fieldcm.sync.pull import PullCounts, Puller
from fieldcm.sync.push import PushCounts, Pusher
from fieldcm.sync.repair import RepairCounts, Repairer
from fieldcm.sync.resolutions import ResolutionCounts, ResolutionSender
from fieldcm.sync.revocation import Identity
from fieldcm.sync.transport import (
    AuthProblem,
    Offline,
    RateLimited,
    ServerRefused,
    SyncTransport,
    TransportError,
    WipeRequired,
)
from fieldcm.sync.wipe import wipe_profile

Status = Literal["ok", "offline", "failed", "cancelled", "reauth_required", "not_enrolled", "wiped"]
Clock = Callable[[], datetime]
CURSOR_REFUSED: Final = frozenset({"bad_cursor", "cursor_expired"})
WIPE_STATES: Final = frozenset({"revoked", "wipe_pending", "wiped"})
GONE_CODES: Final = frozenset({"device_revoked", "device_wiped"})
SELF_INFLICTED: Final = frozenset({"token_reuse"})


@dataclass(frozen=True)
class Credentials:
    """An online sign-in, asked for when the offline age limit requires one."""

    username: str
    password: str


@dataclass(frozen=True)
class SyncResult:
    status: Status
    message: str = ""
    push: PushCounts = field(default_factory=PushCounts)
    pull: PullCounts = field(default_factory=PullCounts)
    repair: RepairCounts | None = None
    blobs: BlobRun | None = None
    progress: Progress = field(default_factory=Progress)
    resolutions: ResolutionCounts = field(default_factory=ResolutionCounts)
    retry_after: float | None = None
    is_bug: bool = False
    reported_wipe: bool = False

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class _Wiped(Exception):
    def __init__(self, message: str, reported: bool) -> None:
        super().__init__(message)
        self.message = message
        self.reported = reported


@dataclass
class _Run:
    tracker: Tracker
    push: PushCounts = field(default_factory=PushCounts)
    pull: PullCounts = field(default_factory=PullCounts)
    repair: RepairCounts | None = None
    blobs: BlobRun | None = None
    started: datetime | None = None
    resolutions: ResolutionCounts = field(default_factory=ResolutionCounts)


class SyncEngine:
    """Syncs one unlocked profile through one transport; one sync at a time."""

    def __init__(
        self,
        store: UnlockedStore,
        transport: SyncTransport,
        tokens: ProfileTokenStore,
        *,
        clock: Clock = utc_now,
        progress: ProgressSink = ignore_progress,
        page_size: int = MAX_PAGE_SIZE,
        batch_size: int = MAX_BATCH_SIZE,
        warn_days: float = DEFAULT_WARN_DAYS,
        blobs: BlobTransport | None = None,
    ) -> None:
        self._store = store
        self._transport = transport
        self._tokens = tokens
        self._clock = clock
        self._progress = progress
        self._page_size = page_size
        self._batch_size = batch_size
        self._warn_days = warn_days
        self._blobs = blobs
        self._lock = threading.Lock()

    # ---- the offline age limit ------------------------------------------------------

    def offline_age(self) -> OfflineAge:
        return offline_age(self._store, self._clock(), warn_days=self._warn_days)

    def enforce_offline_age(self) -> SyncResult | None:
        """Wipe now if the offline limit passed (call at unlock, before showing data)."""
        age = enforce_offline_age(self._store, self._tokens, self._clock())
        return None if age is None else SyncResult("wiped", age.message())

    # ---- one sync -------------------------------------------------------------------

    def sync(
        self,
        *,
        verify: bool = False,
        cancel: CancelToken | None = None,
        credentials: Credentials | None = None,
    ) -> SyncResult:
        with self._lock:
            tracker = Tracker(
                self._progress, cancel or CancelToken(), wire=self._transport.wire.count
            )
            run = _Run(tracker)
            refused = self._refuse_to_start(credentials)
            if refused is not None:
                return refused
            try:
                return self._attempt(run, verify=verify, credentials=credentials)
            except _Wiped as wiped_now:
                return self._finish(run, "wiped", wiped_now.message, reported=wiped_now.reported)
            except SyncCancelled:
                return self._failed(run, "cancelled", "Sync stopped. Nothing was lost.")
            except StoreLocked:
                # The laptop locked itself mid-sync: every step committed so far stands.
                message = "The laptop locked; sync resumes after unlock."
                return self._finish(run, "cancelled", message)
            except TransportError as error:
                return self._transport_failure(run, error)

    def _attempt(self, run: _Run, *, verify: bool, credentials: Credentials | None) -> SyncResult:
        me = self._identity()
        if me is None:
            return SyncResult("not_enrolled", "This laptop is not enrolled yet.")
        if credentials is not None:
            self._reauthenticate(credentials, me)
        self._run(run, me, verify=verify)
        return self._succeeded(run)

    def _refuse_to_start(self, credentials: Credentials | None) -> SyncResult | None:
        """The offline age limit: wipe when it passed, ask for a sign-in when required."""
        age = self.offline_age()
        if age.wipe_due:
            wipe_profile(self._store, tokens=self._tokens)
            return SyncResult("wiped", age.message())
        if age.reauth_required and credentials is None:
            return SyncResult("reauth_required", age.message())
        return None

    def _run(self, run: _Run, me: Identity, *, verify: bool) -> None:
        engine = self._store.engine
        run.started = self._clock()
        with UnitOfWork(engine, read_only=True) as uow:
            stranded = uow.outbox.counts().in_flight
        if stranded:
            with UnitOfWork(engine) as uow:
                uow.outbox.requeue()  # entries a crash or a lost answer left in flight
                uow.commit()
        try:
            run.tracker.phase(Phase.PUSHING)
            # Decisions on conflicts first: the pull below then brings back what they wrote.
            run.resolutions = ResolutionSender(engine, self._transport, run.tracker).send_all()
            pusher = Pusher(engine, self._transport, run.tracker, batch_size=self._batch_size)
            run.push = pusher.push_all()
            run.tracker.phase(Phase.PULLING)
            run.pull, reset = self._pull(run, pusher, me)
            if verify or reset:
                repairer = Repairer(
                    engine,
                    self._transport,
                    run.tracker,
                    files=self._store.attachments,
                    me=me,
                    push_pending=lambda: _add(run.push, pusher.push_all()),
                )
                run.repair = repairer.verify()
            if self._blobs is not None:
                # After the records, and never a reason for the sync to fail (property 12).
                run.tracker.phase(Phase.ATTACHMENTS)
                queue = AttachmentQueue(engine, self._store.attachments, self._blobs, run.tracker)
                run.blobs = queue.run()  # uploads, then downloads
        except WipeRequired as order:
            raise self._wipe(order.user_message, report=True) from order
        except AuthProblem as problem:
            if problem.code in SELF_INFLICTED:
                self._remember_lost_credentials(problem.code or "")
            elif problem.code in GONE_CODES:
                self._wipe_if_withdrawn(problem)
            raise

    def _pull(self, run: _Run, pusher: Pusher, me: Identity) -> tuple[PullCounts, bool]:
        puller = Puller(
            self._store.engine,
            self._transport,
            run.tracker,
            files=self._store.attachments,
            me=me,
            push_pending=lambda: _add(run.push, pusher.push_all()),
            page_size=self._page_size,
        )
        try:
            return puller.pull_all(), False
        except ServerRefused as refused:
            if refused.code not in CURSOR_REFUSED:
                raise
        # The server no longer knows our position: start over from the beginning. Pages
        # already held change nothing; the digest check then removes what left the scope.
        with UnitOfWork(self._store.engine) as uow:
            uow.sync_state.update(cursor=None)
            uow.commit()
        return puller.pull_all(), True

    # ---- identity and authentication ------------------------------------------------

    def _identity(self) -> Identity | None:
        pair = self._tokens.get()
        if pair is None:
            return None
        return Identity(pair.user.id, pair.user.display_name, pair.device_id)

    def _reauthenticate(self, credentials: Credentials, me: Identity) -> None:
        answer = self._transport.login(credentials.username, credentials.password)
        if answer.user.id != me.user_id:
            raise AuthProblem(
                "online re-authentication by another user",
                code="wrong_user",
                user_message="Sign in as the person this laptop is enrolled for.",
            )

    def _remember_lost_credentials(self, code: str) -> None:
        with UnitOfWork(self._store.engine) as uow:
            mark_credentials_lost(uow, code)
            uow.commit()

    def _wipe_if_withdrawn(self, problem: AuthProblem) -> None:
        """A revoked laptop's next contact wipes it (DESIGN.md "Security model").

        Not when this laptop saw its own tokens revoked for reuse (a lost refresh answer):
        nobody withdrew it, and its unsynced work must survive until it is re-enrolled. A
        wipe order from the agency (``wipe_pending``) is obeyed whatever happened before.
        """
        with UnitOfWork(self._store.engine, read_only=True) as uow:
            lost = credentials_lost(uow.sync_state.get())
        try:
            state = self._transport.device_status().state
        except AuthProblem as status_problem:
            if status_problem.code != "device_wiped":
                return
            state = "wiped"
        except TransportError:
            return
        if state == "wipe_pending" or (state in WIPE_STATES and lost is None):
            raise self._wipe(problem.user_message, report=state == "wipe_pending")

    def _wipe(self, message: str, *, report: bool) -> _Wiped:
        self._progress(Progress(phase=Phase.WIPING))
        outcome = wipe_profile(
            self._store, tokens=self._tokens, transport=self._transport, report=report
        )
        return _Wiped(message, outcome.reported)

    # ---- outcomes -------------------------------------------------------------------

    def _succeeded(self, run: _Run) -> SyncResult:
        with UnitOfWork(self._store.engine) as uow:
            uow.sync_state.update(
                last_successful_sync_at=self._clock(),
                last_attempt_at=run.started,
                last_error=None,
            )
            uow.commit()
        run.tracker.phase(Phase.DONE)
        return self._finish(run, "ok", "")

    def _transport_failure(self, run: _Run, error: TransportError) -> SyncResult:
        status: Status = "offline" if isinstance(error, Offline | RateLimited) else "failed"
        retry_after = getattr(error, "retry_after", None)
        result = self._failed(run, status, error.user_message, is_bug=error.is_bug)
        return replace(result, retry_after=retry_after)

    def _failed(
        self, run: _Run, status: Status, message: str, *, is_bug: bool = False
    ) -> SyncResult:
        if not self._store.locked:
            with UnitOfWork(self._store.engine) as uow:
                uow.sync_state.update(last_error=message, last_attempt_at=run.started)
                uow.commit()
        return self._finish(run, status, message, is_bug=is_bug)

    def _finish(
        self,
        run: _Run,
        status: Status,
        message: str,
        *,
        is_bug: bool = False,
        reported: bool = False,
    ) -> SyncResult:
        return SyncResult(
            status,
            message,
            push=run.push,
            pull=run.pull,
            repair=run.repair,
            blobs=run.blobs,
            progress=run.tracker.current,
            resolutions=run.resolutions,
            is_bug=is_bug,
            reported_wipe=reported,
        )


def _add(total: PushCounts, more: PushCounts) -> PushCounts:
    for name in ("applied", "merged", "conflict", "rejected", "retry_later", "requests"):
        setattr(total, name, getattr(total, name) + getattr(more, name))
    return total


def offline_age(
    store: UnlockedStore, now: datetime, *, warn_days: float = DEFAULT_WARN_DAYS
) -> OfflineAge:
    """Where ``store`` stands against the agency's offline age limit at ``now``."""
    with UnitOfWork(store.engine, read_only=True) as uow:
        state = uow.sync_state.get()
    return assess(state.last_successful_sync_at, agency_settings(state), now, warn_days=warn_days)


def enforce_offline_age(
    store: UnlockedStore, tokens: ProfileTokenStore | None, now: datetime
) -> OfflineAge | None:
    """Wipe ``store`` if the offline limit has passed; returns the age that did it, if so."""
    age = offline_age(store, now)
    if not age.wipe_due:
        return None
    wipe_profile(store, tokens=tokens)
    return age
