"""Enrolling this laptop from the first-run screen or the demo (network lane, no Qt here).

The same steps as ``fieldcm enroll`` (:mod:`fieldcm.sync.headless`): trade the one-time
code for a token pair, check the passphrase against the person's names, create the
encrypted profile, record who the laptop is, then run the first sync with progress.
The code is spent by the first step, so the passphrase is checked for everything that can
be checked before it (length, common, repeated) by the caller first.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fieldcm.domain.passphrase import require_acceptable
from fieldcm.store.passphrase import passphrase_buffer
from fieldcm.store.repo_base import utc_now
from fieldcm.store.uow import UnitOfWork
from fieldcm.store.vault import DEFAULT_POLICY, UnlockedStore, Vault, VaultPolicy
from fieldcm.sync.engine import SyncEngine, SyncResult
from fieldcm.sync.profile import ProfileTokenStore, save_enrollment
from fieldcm.sync.progress import CancelToken, ProgressSink, ignore_progress
from fieldcm.sync.transport import InMemoryTokenStore, SyncTransport


@dataclass(frozen=True)
class Enrollment:
    server_url: str
    code: str
    passphrase: str
    device_name: str = ""


def enroll_and_sync(
    folder: Path,
    enrollment: Enrollment,
    *,
    policy: VaultPolicy = DEFAULT_POLICY,
    clock: Callable[[], datetime] = utc_now,
    progress: ProgressSink = ignore_progress,
    step: Callable[[str], None] = lambda _s: None,
    cancel: CancelToken | None = None,
) -> tuple[UnlockedStore, SyncResult]:
    """Enroll, create the profile in ``folder`` and run the first sync; returns it unlocked.

    ``step`` hears ``"enrolling"``, ``"creating"`` and ``"syncing"`` as they start.
    """
    device = enrollment.device_name or socket.gethostname()[:200] or "fieldcm laptop"
    step("enrolling")
    with SyncTransport(enrollment.server_url, token_store=InMemoryTokenStore()) as transport:
        pair = transport.enroll(enrollment.code, device)
    text = require_acceptable(
        enrollment.passphrase, context=[pair.user.username, pair.user.display_name]
    )
    step("creating")
    store = Vault.create(
        folder, passphrase_buffer(text), pair.user.id, pair.device_id, policy=policy
    )
    try:
        with UnitOfWork(store.engine) as uow:
            save_enrollment(uow, pair, enrollment.server_url)
            uow.sync_state.update(last_successful_sync_at=clock())
            uow.commit()
        step("syncing")
        tokens = ProfileTokenStore(store.engine)
        transport = SyncTransport(enrollment.server_url, token_store=tokens)
        with transport:
            engine = SyncEngine(store, transport, tokens, clock=clock, progress=progress)
            result = engine.sync(cancel=cancel)
    except BaseException:
        store.lock()
        raise
    return store, result
