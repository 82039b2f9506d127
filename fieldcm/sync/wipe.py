"""Erase this laptop's fieldcm data (remote wipe order, revoked device, offline age limit).

Order (SECURITY.md D2): keep the device token in memory only, erase the profile (the store's
:meth:`~fieldcm.store.vault.UnlockedStore.wipe`: key file first, then the database with its
``-wal`` and ``-shm``, attachments, the throttle file), remove anything else fieldcm left in
the folder (temporary files of interrupted writes), then tell the server, with the token held
in memory, that the wipe is done. Files that are not fieldcm's are left alone: the folder may
be shared with the person's own files.
"""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from fieldcm.store.fsutil import secure_unlink
from fieldcm.store.vault import ATTACHMENTS_DIR, DB_NAME, KEY_NAME, THROTTLE_NAME, UnlockedStore
from fieldcm.sync.profile import ProfileTokenStore
from fieldcm.sync.transport import SyncTransport, TransportError

OURS: Final = (DB_NAME, KEY_NAME, THROTTLE_NAME, "fieldcm.")
"""Names (and prefixes) of everything fieldcm writes in a profile folder."""


@dataclass(frozen=True)
class WipeOutcome:
    reported: bool
    """The server confirmed it heard of the wipe (only asked after a wipe order)."""
    problem: str | None = None


def wipe_profile(
    store: UnlockedStore,
    *,
    tokens: ProfileTokenStore | None = None,
    transport: SyncTransport | None = None,
    report: bool = False,
) -> WipeOutcome:
    """Erase the profile of ``store``; with ``report``, confirm to the server afterwards."""
    if tokens is not None:
        tokens.detach()
    folder = store.profile_dir
    store.wipe()
    remove_leftovers(folder)
    if not report or transport is None:
        return WipeOutcome(reported=False)
    try:
        transport.report_wiped()
    except TransportError as error:
        # The data is gone either way; the admin sees the device still "wipe pending".
        return WipeOutcome(reported=False, problem=error.user_message)
    return WipeOutcome(reported=True)


def remove_leftovers(folder: Path) -> None:
    """Remove fieldcm's files that survived the store's wipe (temporary files and the like)."""
    if not folder.exists():
        return
    for entry in folder.iterdir():
        if not _is_ours(entry.name):
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                secure_unlink(entry)


def _is_ours(name: str) -> bool:
    return name == ATTACHMENTS_DIR or any(name.startswith(prefix) for prefix in OURS)
