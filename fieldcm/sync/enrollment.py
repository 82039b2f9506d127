"""Enrolling a laptop: one-time code, token pair, encrypted profile, first sync.

One piece for every way in: ``fieldcm enroll`` (:mod:`fieldcm.sync.headless`), the
first-run screen and the demo (``fieldcm.ui``). The steps, in this order:

1. trade the one-time code for the device's token pair (this spends the code);
2. check the passphrase against the person's names, which only the server knew;
3. create the encrypted profile and record who the laptop is, in one transaction;
4. (:func:`enroll_and_sync`) run the first sync with progress.

The passphrase rules that need no names (length, common, repeated) are checked by the caller
before step 1, so a weak passphrase rarely costs a code; when the names catch it, the error
says the code is spent. No Qt here: the UI runs this on its network lane.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fieldcm.domain.errors import DomainError
from fieldcm.domain.passphrase import require_acceptable
from fieldcm.store.errors import ProfileExists
from fieldcm.store.passphrase import passphrase_buffer
from fieldcm.store.repo_base import utc_now
from fieldcm.store.uow import UnitOfWork
from fieldcm.store.vault import DEFAULT_POLICY, UnlockedStore, Vault, VaultPolicy
from fieldcm.sync.engine import SyncEngine, SyncResult
from fieldcm.sync.profile import ProfileTokenStore, save_enrollment
from fieldcm.sync.progress import CancelToken, ProgressSink, ignore_progress
from fieldcm.sync.protocol import TokenPair
from fieldcm.sync.transport import InMemoryTokenStore, SyncTransport, TokenStore

TransportFactory = Callable[[str, TokenStore], SyncTransport]
"""``(server_url, token_store) -> transport``: where TLS options (CA bundle, pins) go."""
StepSink = Callable[[str], None]
"""Hears ``"enrolling"``, ``"creating"`` and ``"syncing"`` as each step starts."""


@dataclass(frozen=True)
class Enrollment:
    server_url: str
    code: str
    passphrase: str
    device_name: str = ""


class CodeSpentPassphraseRefused(DomainError):
    """The passphrase was refused after the one-time code was spent (it holds a name)."""


def default_device_name() -> str:
    """How the admin sees this laptop when the person named none."""
    return socket.gethostname()[:200] or "fieldcm laptop"


def plain_transport(server_url: str, tokens: TokenStore) -> SyncTransport:
    return SyncTransport(server_url, token_store=tokens)


def _no_step(_step: str) -> None:
    """The default step sink."""


def enroll_profile(
    folder: Path,
    enrollment: Enrollment,
    *,
    policy: VaultPolicy = DEFAULT_POLICY,
    clock: Callable[[], datetime] = utc_now,
    transport: TransportFactory = plain_transport,
    step: StepSink = _no_step,
) -> tuple[UnlockedStore, TokenPair]:
    """Steps 1-3: the new profile in ``folder``, unlocked, and the pair it was given.

    Raises:
        ProfileExists: ``folder`` already holds a profile (nothing was sent).
        CodeSpentPassphraseRefused: the passphrase holds the person's name; the code is used.
        TransportError: the server refused the code or could not be reached.
    """
    if Vault(folder, policy=policy).exists():
        raise ProfileExists(f"{folder} already holds a fieldcm profile; use another folder.")
    device = enrollment.device_name or default_device_name()
    step("enrolling")
    with transport(enrollment.server_url, InMemoryTokenStore()) as link:
        pair = link.enroll(enrollment.code, device)
    try:
        text = require_acceptable(
            enrollment.passphrase, context=[pair.user.username, pair.user.display_name]
        )
    except DomainError as weak:
        raise CodeSpentPassphraseRefused(
            f"{weak} The enrollment code is now used: ask for a new one and choose another "
            "passphrase."
        ) from weak
    step("creating")
    store = Vault.create(
        folder, passphrase_buffer(text), pair.user.id, pair.device_id, policy=policy
    )
    try:
        with UnitOfWork(store.engine) as uow:
            save_enrollment(uow, pair, enrollment.server_url)
            # Enrollment is an authenticated contact: the offline age counts from here.
            uow.sync_state.update(last_successful_sync_at=clock())
            uow.commit()
    except BaseException:
        store.lock()
        raise
    return store, pair


def enroll_and_sync(
    folder: Path,
    enrollment: Enrollment,
    *,
    policy: VaultPolicy = DEFAULT_POLICY,
    clock: Callable[[], datetime] = utc_now,
    transport: TransportFactory = plain_transport,
    progress: ProgressSink = ignore_progress,
    step: StepSink = _no_step,
    cancel: CancelToken | None = None,
) -> tuple[UnlockedStore, SyncResult]:
    """Enroll, create the profile and run the first sync; returns the profile unlocked.

    A sync that fails (offline right after enrolling) is reported in the result, not raised:
    the profile exists and the next sync finishes the download.
    """
    store, _pair = enroll_profile(
        folder, enrollment, policy=policy, clock=clock, transport=transport, step=step
    )
    try:
        step("syncing")
        tokens = ProfileTokenStore(store.engine)
        with transport(enrollment.server_url, tokens) as link:
            engine = SyncEngine(store, link, tokens, clock=clock, progress=progress, blobs=link)
            result = engine.sync(cancel=cancel)
    except BaseException:
        store.lock()
        raise
    return store, result
