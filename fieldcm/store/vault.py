"""The profile folder: create, unlock, lock, change passphrase, rotate the key, wipe.

A profile folder (mode 0700) holds::

    fieldcm.db (+ -wal, -shm)   the SQLCipher database, keyed by the random data key
    fieldcm.key                 the data key wrapped under the passphrase (keyfile.py)
    fieldcm.throttle            the wrong-passphrase counter (throttle.py)
    attachments/                encrypted files named by UUID (attachments.py)

Everything fails closed (SECURITY.md S4, pitfall 3): a wrong passphrase, a damaged key
file, a truncated database or a plain SQLite file in its place raises an error that names
what is wrong, changes none of the files (only the throttle counter records a wrong
passphrase) and never creates an empty database. Nothing is repaired or reset behind the
person's back; the way out of a broken profile is an explicit :meth:`Vault.wipe` and
re-enrollment from the agency server.

Usage::

    store = Vault.create(folder, passphrase_buffer(text), user_id, device_id)
    ...
    store.lock()
    store = Vault(folder).unlock(passphrase_buffer(text))
"""

from __future__ import annotations

import contextlib
import shutil
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Final

from sqlalchemy import Engine

from fieldcm.store.attachments import AttachmentPolicy, AttachmentStore
from fieldcm.store.datakey import DataKey
from fieldcm.store.engine import (
    WAL_SUFFIXES,
    check_file_before_open,
    dispose_engine,
    open_engine,
    rekey_database,
    remove_database_files,
)
from fieldcm.store.errors import (
    DatabaseCorrupt,
    KeyFileCorrupt,
    NoProfile,
    ProfileExists,
    StoreLocked,
    UnlockDisabled,
    WrongPassphrase,
)
from fieldcm.store.fsutil import (
    ensure_private_dir,
    fsync_dir,
    remove_stale_temp_files,
    secure_unlink,
)
from fieldcm.store.kdf import FLOOR, PRODUCTION, KdfParams, require_at_least, wipe
from fieldcm.store.keyfile import (
    KeyFile,
    UnwrappedKeys,
    enroll,
    read_key_file,
    rewrap,
    seal_with_kek,
    unwrap,
    write_key_file,
)
from fieldcm.store.migrations import upgrade
from fieldcm.store.throttle import Clock, ThrottlePolicy, UnlockThrottle

DB_NAME: Final = "fieldcm.db"
KEY_NAME: Final = "fieldcm.key"
THROTTLE_NAME: Final = "fieldcm.throttle"
ATTACHMENTS_DIR: Final = "attachments"

# Stages reported to a rotation's ``progress`` callback, in order.
ROTATION_PENDING_WRITTEN: Final = "pending-key-written"
ROTATION_ATTACHMENT_DONE: Final = "attachment-reencrypted"
ROTATION_DATABASE_REKEYED: Final = "database-rekeyed"
ROTATION_COMMITTED: Final = "rotation-committed"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class VaultPolicy:
    """Everything an agency (or a test) may tune about the local store's protection.

    ``kdf_params`` is what new and rewrapped key files get; ``kdf_floor`` is the least any
    key file may have (below it, the next unlock rewraps). Tests that are not about the KDF
    pass a cheaper pair; production code uses :data:`DEFAULT_POLICY`.
    """

    kdf_params: KdfParams = PRODUCTION
    kdf_floor: KdfParams = FLOOR
    throttle: ThrottlePolicy = field(default_factory=ThrottlePolicy)
    attachments: AttachmentPolicy = field(default_factory=AttachmentPolicy)

    def __post_init__(self) -> None:
        require_at_least(self.kdf_params, self.kdf_floor)


DEFAULT_POLICY: Final = VaultPolicy()


@dataclass(frozen=True)
class ProfilePaths:
    folder: Path

    @property
    def db(self) -> Path:
        return self.folder / DB_NAME

    @property
    def key(self) -> Path:
        return self.folder / KEY_NAME

    @property
    def throttle(self) -> Path:
        return self.folder / THROTTLE_NAME

    @property
    def attachments(self) -> Path:
        return self.folder / ATTACHMENTS_DIR

    def db_side_files(self) -> list[Path]:
        return [self.db.with_name(DB_NAME + suffix) for suffix in WAL_SUFFIXES]


@dataclass(frozen=True)
class _OpenedDatabase:
    """The engine, the key that opened it, and (mid-rotation) the other key in use."""

    engine: Engine
    key: DataKey
    other_key: DataKey | None
    with_pending: bool


class Vault:
    """One profile folder, locked. :meth:`unlock` returns the :class:`UnlockedStore`."""

    def __init__(
        self,
        profile_dir: Path,
        *,
        policy: VaultPolicy = DEFAULT_POLICY,
        clock: Clock = time.time,
    ) -> None:
        self.paths = ProfilePaths(Path(profile_dir))
        self.policy = policy
        self._clock = clock
        self._stores: weakref.WeakSet[UnlockedStore] = weakref.WeakSet()

    # -- creating -------------------------------------------------------------------------

    @classmethod
    def create(
        cls,
        profile_dir: Path,
        passphrase: bytearray,
        user_id: str,
        device_id: str,
        kdf_params: KdfParams | None = None,
        *,
        policy: VaultPolicy = DEFAULT_POLICY,
        clock: Clock = time.time,
    ) -> UnlockedStore:
        """Enroll a new profile in ``profile_dir`` and return it unlocked.

        ``passphrase`` is zeroed before this returns. The key file is written last: until it
        exists, nothing here can be unlocked, so a crash leaves no half-usable profile.

        Raises:
            KdfParamsTooWeak: ``kdf_params`` below the policy's floor (nothing is written).
            ProfileExists: the folder already holds a profile, or remains of one.
        """
        _require_wipeable(passphrase)
        vault = cls(profile_dir, policy=policy, clock=clock)
        try:
            params = require_at_least(kdf_params or policy.kdf_params, policy.kdf_floor)
            ensure_private_dir(vault.paths.folder)
            vault._refuse_existing_profile()
            data_key = DataKey.generate()
            key_file = enroll(
                data_key,
                passphrase,
                user_id=user_id,
                device_id=device_id,
                params=params,
                floor=policy.kdf_floor,
            )
        finally:
            wipe(passphrase)
        try:
            return vault._build_profile(key_file, data_key)
        except BaseException:
            data_key.wipe()
            raise

    def _refuse_existing_profile(self) -> None:
        if self.paths.key.exists():
            raise ProfileExists(f"{self.paths.folder} already holds a fieldcm profile.")
        leftovers = [
            path.name
            for path in (self.paths.db, self.paths.throttle, *self.paths.db_side_files())
            if path.exists()
        ]
        if self.paths.attachments.exists() and any(self.paths.attachments.iterdir()):
            leftovers.append(ATTACHMENTS_DIR)
        if leftovers:
            raise ProfileExists(
                f"{self.paths.folder} holds the remains of a profile without a key file "
                f"({', '.join(leftovers)}). Nothing was changed. Wipe the profile to start over."
            )

    def _build_profile(self, key_file: KeyFile, data_key: DataKey) -> UnlockedStore:
        made_attachments = not self.paths.attachments.exists()
        engine: Engine | None = None
        try:
            engine = open_engine(self.paths.db, data_key, create=True)
            upgrade(engine)
            attachments = AttachmentStore(
                self.paths.attachments, data_key, policy=self.policy.attachments
            )
            self._throttle(key_file).initialize()
            write_key_file(self.paths.key, key_file)
        except BaseException:
            if engine is not None:
                dispose_engine(engine)
            remove_database_files(self.paths.db)
            with contextlib.suppress(FileNotFoundError):
                self.paths.throttle.unlink()
            if made_attachments:
                shutil.rmtree(self.paths.attachments, ignore_errors=True)
            raise
        return self._adopt(UnlockedStore(self, key_file, data_key, engine, attachments))

    # -- unlocking ------------------------------------------------------------------------

    def exists(self) -> bool:
        """True when the folder holds a profile's key file (it may still be damaged)."""
        return self.paths.key.exists()

    def unlock(self, passphrase: bytearray) -> UnlockedStore:
        """Open the profile with ``passphrase`` (zeroed before this returns).

        Raises:
            NoProfile: nothing has been enrolled here.
            KeyFileCorrupt: the key file is missing, unreadable or was changed.
            PlaintextDatabase, DatabaseCorrupt: the database is not ours, damaged or gone.
            UnlockThrottled: too soon after a wrong passphrase (``retry_after`` seconds).
            UnlockDisabled: the failure limit was reached (``wiped`` says if data was erased).
            WrongPassphrase: the passphrase does not unwrap the key.
            DatabaseTooNew: a newer fieldcm wrote the database.
        """
        _require_wipeable(passphrase)
        try:
            key_file, opened = self._open_with(passphrase)
        finally:
            wipe(passphrase)
        try:
            attachments = AttachmentStore(
                self.paths.attachments,
                opened.key,
                read_keys=[opened.other_key] if opened.other_key else [],
                policy=self.policy.attachments,
            )
        except BaseException:
            _discard(opened)
            raise
        store = self._adopt(UnlockedStore(self, key_file, opened.key, opened.engine, attachments))
        try:
            if opened.other_key is not None:
                _resume_rotation(store, key_file, opened)
            upgrade(store.engine)
        except BaseException:
            store.lock()
            raise
        for name in (KEY_NAME, THROTTLE_NAME):  # leftovers of writes a crash interrupted
            remove_stale_temp_files(self.paths.folder, name)
        return store

    def _open_with(self, passphrase: bytearray) -> tuple[KeyFile, _OpenedDatabase]:
        """Every check that can fail closed, the unwrap, then the database; nothing written
        except the throttle counter (and a rewrap when the KDF floor was raised)."""
        key_file = self._read_key_file()
        self._check_database_file()
        throttle = self._throttle(key_file)
        throttle.check()
        keys = self._unwrap_counting_failures(key_file, passphrase, throttle)
        opened: _OpenedDatabase | None = None
        try:
            opened = self._open_database(keys)
            key_file = self._raise_kdf_to_floor(key_file, keys, passphrase)
        except BaseException:
            if opened is not None:
                dispose_engine(opened.engine)
            keys.wipe()
            raise
        finally:
            wipe(keys.kek)
        return key_file, opened

    def unlock_retry_after(self) -> float:
        """Seconds the lock screen should count down before it accepts another attempt."""
        return self._throttle(self._read_key_file()).retry_after()

    def failed_attempts(self) -> int:
        return self._throttle(self._read_key_file()).state().failures

    def unlock_disabled(self) -> bool:
        return self._throttle(self._read_key_file()).state().disabled

    def reenable_unlock(self) -> None:
        """Lift the lockout; call only after the person re-authenticated with the server."""
        self._throttle(self._read_key_file()).reenable()

    def _read_key_file(self) -> KeyFile:
        if not self.paths.key.exists():
            if self.paths.db.exists():
                raise KeyFileCorrupt(
                    f"{KEY_NAME} is missing from {self.paths.folder}, so {DB_NAME} cannot be "
                    "opened. Nothing was changed. Restore the key file or ask your "
                    "administrator to re-enroll this laptop."
                )
            raise NoProfile(f"No fieldcm profile in {self.paths.folder}.")
        return read_key_file(self.paths.key)

    def _check_database_file(self) -> None:
        if not self.paths.db.exists():
            raise DatabaseCorrupt(
                f"{DB_NAME} is missing from {self.paths.folder}. A new, empty one was not "
                "created. Ask your administrator to re-enroll this laptop."
            )
        check_file_before_open(self.paths.db, create=False)

    def _throttle(self, key_file: KeyFile) -> UnlockThrottle:
        return UnlockThrottle(
            self.paths.throttle, key_file.profile_id, self.policy.throttle, self._clock
        )

    def _unwrap_counting_failures(
        self, key_file: KeyFile, passphrase: bytearray, throttle: UnlockThrottle
    ) -> UnwrappedKeys:
        try:
            keys = unwrap(key_file, passphrase)
        except WrongPassphrase:
            state = throttle.record_failure()
            if not state.disabled:
                raise WrongPassphrase(
                    retry_after=throttle.policy.delay_after(state.failures),
                    attempts_left=throttle.attempts_left(state),
                ) from None
            wiped = throttle.policy.wipe_when_disabled
            if wiped:
                self.wipe()
            raise UnlockDisabled(wiped=wiped) from None
        throttle.record_success()
        return keys

    def _open_database(self, keys: UnwrappedKeys) -> _OpenedDatabase:
        """Open with the current key, or with the pending one if a rotation rekeyed the file."""
        try:
            engine = open_engine(self.paths.db, keys.current)
            return _OpenedDatabase(engine, keys.current, keys.pending, with_pending=False)
        except WrongPassphrase:
            if keys.pending is None:
                raise self._database_mismatch() from None
        try:
            engine = open_engine(self.paths.db, keys.pending)
            return _OpenedDatabase(engine, keys.pending, keys.current, with_pending=True)
        except WrongPassphrase:
            raise self._database_mismatch() from None

    def _database_mismatch(self) -> DatabaseCorrupt:
        return DatabaseCorrupt(
            f"The passphrase is right, but {DB_NAME} does not open with this profile's key: "
            "it belongs to another profile or is damaged. It was not changed. Ask your "
            "administrator to re-enroll this laptop."
        )

    def _raise_kdf_to_floor(
        self, key_file: KeyFile, keys: UnwrappedKeys, passphrase: bytearray
    ) -> KeyFile:
        """Rewrap a key file whose KDF costs are below today's floor (pitfall 8)."""
        if key_file.current.kdf.meets(self.policy.kdf_floor):
            return key_file
        upgraded = rewrap(
            key_file,
            keys.current,
            keys.pending,
            passphrase,
            params=self.policy.kdf_params,
            floor=self.policy.kdf_floor,
        )
        write_key_file(self.paths.key, upgraded)
        return upgraded

    def _adopt(self, store: UnlockedStore) -> UnlockedStore:
        self._stores.add(store)
        return store

    # -- wiping ---------------------------------------------------------------------------

    def wipe(self) -> None:
        """Erase everything fieldcm keeps in the folder; the folder itself stays, empty.

        Open stores of this vault are locked first. The key file goes first: without it
        the rest is unreadable even if a later step is interrupted.
        """
        for store in list(self._stores):
            store.lock()
        folder = self.paths.folder
        if not folder.exists():
            return
        secure_unlink(self.paths.key)
        remove_stale_temp_files(folder, KEY_NAME)
        fsync_dir(folder)
        for path in (self.paths.db, *self.paths.db_side_files()):
            secure_unlink(path)
        self._wipe_attachments()
        secure_unlink(self.paths.throttle)
        remove_stale_temp_files(folder, THROTTLE_NAME)
        fsync_dir(folder)

    def _wipe_attachments(self) -> None:
        directory = self.paths.attachments
        if not directory.exists():
            return
        for entry in directory.iterdir():
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                secure_unlink(entry)
        directory.rmdir()


def _discard(opened: _OpenedDatabase) -> None:
    dispose_engine(opened.engine)
    opened.key.wipe()
    if opened.other_key is not None:
        opened.other_key.wipe()


def _require_wipeable(*passphrases: object) -> None:
    # A str or bytes cannot be zeroed after use (M1), so the store refuses them outright.
    if not all(isinstance(p, bytearray) for p in passphrases):
        raise TypeError("pass the passphrase as a bytearray (see passphrase_buffer)")


def _ignore(_stage: str) -> None:
    """The default rotation progress callback."""


def _resume_rotation(store: UnlockedStore, key_file: KeyFile, opened: _OpenedDatabase) -> None:
    """Finish a rotation a crash interrupted, from whichever key opened the database."""
    assert opened.other_key is not None
    try:
        if opened.with_pending:
            old = DataKey(opened.other_key.raw())
        else:
            old = DataKey(opened.key.raw())
            opened.key.adopt(opened.other_key)  # the store and its engine move to the new key
        try:
            store._finish_rotation(key_file, old=old, db_rekeyed=opened.with_pending)
        finally:
            old.wipe()
    finally:
        opened.other_key.wipe()


class UnlockedStore:
    """An open profile: the engine, the attachments, and the operations that need the key.

    After :meth:`lock` every connection is closed, the key is zeroed, and using
    :attr:`engine` or :attr:`attachments` raises :class:`StoreLocked`.
    """

    def __init__(
        self,
        vault: Vault,
        key_file: KeyFile,
        data_key: DataKey,
        engine: Engine,
        attachments: AttachmentStore,
    ) -> None:
        self._vault = vault
        self._key_file = key_file
        self._data_key = data_key
        self._engine = engine
        self._attachments = attachments
        self._locked = False
        self._guard = threading.RLock()

    # -- what callers use -----------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        self._require_unlocked()
        return self._engine

    @property
    def attachments(self) -> AttachmentStore:
        self._require_unlocked()
        return self._attachments

    @property
    def profile_dir(self) -> Path:
        return self._vault.paths.folder

    @property
    def user_id(self) -> str:
        return self._key_file.user_id

    @property
    def device_id(self) -> str:
        return self._key_file.device_id

    @property
    def profile_id(self) -> str:
        return self._key_file.profile_id

    @property
    def locked(self) -> bool:
        return self._locked

    def lock(self) -> None:
        """Close every connection, drop the attachment keys, zero the data key (U4)."""
        with self._guard:
            if self._locked:
                return
            self._locked = True
            dispose_engine(self._engine)
            self._attachments.close()
            self._data_key.wipe()

    def __enter__(self) -> UnlockedStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.lock()

    # -- passphrase and key ---------------------------------------------------------------

    def change_passphrase(self, old: bytearray, new: bytearray) -> None:
        """Rewrap the data key under ``new`` (K3); nothing else is re-encrypted.

        ``old`` must be the current passphrase (a wrong one counts against the throttle).
        Both buffers are zeroed before this returns.
        """
        _require_wipeable(old, new)
        try:
            with self._guard:
                self._require_unlocked()
                keys = self._verify(old)
                try:
                    policy = self._vault.policy
                    updated = rewrap(
                        self._key_file,
                        keys.current,
                        keys.pending,
                        new,
                        params=policy.kdf_params,
                        floor=policy.kdf_floor,
                    )
                    write_key_file(self._vault.paths.key, updated)
                    self._key_file = updated
                finally:
                    keys.wipe()
        finally:
            wipe(old)
            wipe(new)

    def rotate_key(self, passphrase: bytearray, progress: Progress | None = None) -> None:
        """Replace the data key (K4): rekey the database and re-encrypt every attachment.

        Crash-safe: the new key is written to the key file as "pending" next to the current
        one first, so after a kill at any point the next unlock opens the database with
        whichever key it is under and finishes the rotation. No other work may use the
        store meanwhile; :attr:`engine` and :attr:`attachments` stay valid afterwards.
        """
        _require_wipeable(passphrase)
        report = progress or _ignore
        try:
            with self._guard:
                self._require_unlocked()
                keys = self._verify(passphrase)
                new_key = DataKey.generate()
                try:
                    current = self._key_file.current
                    pending = seal_with_kek(
                        self._key_file, new_key, keys.kek, current.kdf, current.salt
                    )
                finally:
                    keys.wipe()
                key_file = replace(self._key_file, pending=pending)
                write_key_file(self._vault.paths.key, key_file)
                self._key_file = key_file
                report(ROTATION_PENDING_WRITTEN)
                old_key = DataKey(self._data_key.raw())
                try:
                    self._data_key.adopt(new_key)
                    self._finish_rotation(key_file, old=old_key, db_rekeyed=False, report=report)
                except BaseException:
                    # The key file holds both keys: the next unlock finishes the job.
                    self.lock()
                    raise
                finally:
                    old_key.wipe()
                    new_key.wipe()
        finally:
            wipe(passphrase)

    def _finish_rotation(
        self,
        key_file: KeyFile,
        *,
        old: DataKey,
        db_rekeyed: bool,
        report: Progress = _ignore,
    ) -> None:
        """Complete a rotation whose pending key is (or becomes) ``self._data_key``.

        Each step is idempotent and ordered so the key file keeps both keys until the
        database and every attachment are under the new one.
        """
        paths = self._vault.paths
        self._attachments.switch_key(self._data_key, read_keys=[old])
        self._attachments.reencrypt_under_current_key(
            lambda _file_id: report(ROTATION_ATTACHMENT_DONE)
        )
        if not db_rekeyed:
            dispose_engine(self._engine)
            rekey_database(paths.db, old, self._data_key)
            report(ROTATION_DATABASE_REKEYED)
        assert key_file.pending is not None
        committed = replace(key_file, current=key_file.pending, pending=None)
        write_key_file(paths.key, committed)
        self._key_file = committed
        self._attachments.switch_key(self._data_key)
        report(ROTATION_COMMITTED)

    def _verify(self, passphrase: bytearray) -> UnwrappedKeys:
        """Prove ``passphrase`` by unwrapping, under the same throttle as unlock."""
        vault = self._vault
        throttle = vault._throttle(self._key_file)
        throttle.check()
        keys = vault._unwrap_counting_failures(self._key_file, passphrase, throttle)
        if not keys.current.same_as(self._data_key):
            keys.wipe()
            raise KeyFileCorrupt(
                f"{KEY_NAME} no longer holds the key this session was opened with. "
                "Nothing was changed. Lock and unlock again."
            )
        return keys

    # -- leaving --------------------------------------------------------------------------

    def wipe(self) -> None:
        """Lock, then erase the whole profile (remote wipe, or the person's request)."""
        self.lock()
        self._vault.wipe()

    def _require_unlocked(self) -> None:
        if self._locked:
            raise StoreLocked()
