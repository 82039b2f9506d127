"""Child processes for the security tests: each does real store work until it is SIGKILLed.

Run as ``python -m tests.security.store_child COMMAND ...`` (see :func:`main`). A child
signals that it reached the interesting moment by creating its ``--ready`` file, then keeps
working (or sleeps) until the parent kills it with SIGKILL.
"""

from __future__ import annotations

import argparse
import os
import signal
import sqlite3
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Heavy imports (SQLAlchemy, Alembic, the vault) happen inside the commands that need them,
# so a child that only writes key files starts fast and the kill tests can run many rounds.
if TYPE_CHECKING:
    from sqlalchemy import Engine

    from fieldcm.store.vault import UnlockedStore

FILLER = "lorem ipsum dolor sit amet " * 40  # ~1 KB of synthetic note text per section
BIG_FILLER = FILLER * 8


def _touch(path: Path) -> None:
    path.write_bytes(b"")


def _sleep_until_killed() -> None:
    while True:
        time.sleep(60)


def _die_now() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


# -- S1: the marker recipe ----------------------------------------------------------------


def plain_engine(path: Path) -> Engine:
    """A plain (unencrypted) SQLite engine configured like ours: the S1 control."""
    from sqlalchemy import create_engine, event

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        return conn

    engine = create_engine("sqlite://", creator=connect)

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("fieldcm_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def client_id_for(marker: str, number: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"fieldcm-test/{marker}/{number}"))


def add_clients_and_notes(engine: Engine, marker: str, clients: int, notes: int) -> None:
    from fieldcm.store.uow import UnitOfWork

    with UnitOfWork(engine) as uow:
        for c in range(clients):
            client_id = client_id_for(marker, c)
            uow.records.create(
                "client",
                client_id,
                {
                    "preferred_name": f"{marker} client {c}",
                    "legal_name": f"Legal {marker} {c}",
                    "safe_contact_instructions": f"no voicemail {marker}",
                },
            )
            for n in range(notes):
                uow.records.create(
                    "note",
                    client_id,
                    {
                        "narrative": f"visit {n} {marker}",
                        "sections": {"data": f"observed {marker} {n} {FILLER}"},
                    },
                )
        uow.commit()


def search_and_sort(engine: Engine, marker: str) -> None:
    from sqlalchemy import text

    from fieldcm.store.uow import UnitOfWork

    with UnitOfWork(engine, read_only=True) as uow:
        hits = uow.search.query(marker, limit=10_000)
        assert hits, "the marker must be found by full-text search"
        uow.caseload()
        conn = uow.connection
        conn.execute(text("SELECT fields FROM records ORDER BY fields DESC")).all()
        conn.execute(text("SELECT body FROM search_index ORDER BY body, title")).all()
        conn.execute(
            text("SELECT client_id, group_concat(fields) FROM records GROUP BY client_id")
        ).all()
        conn.execute(text("CREATE TEMP TABLE sorted AS SELECT fields FROM records ORDER BY 1"))
        conn.execute(text("SELECT count(*) FROM sorted")).one()


def s1(args: argparse.Namespace) -> None:
    from fieldcm.store.migrations import upgrade
    from fieldcm.store.uow import UnitOfWork
    from fieldcm.store.vault import Vault
    from tests.security.helpers import FAST_POLICY, pw

    profile = Path(args.profile)
    if args.mode == "plain":
        profile.mkdir(parents=True, exist_ok=True)
        engine = plain_engine(profile / "fieldcm.db")
        upgrade(engine)
    else:
        store = Vault(profile, policy=FAST_POLICY).unlock(pw())
        engine = store.engine
        document = f"%PDF-1.4 consent form signed by {args.marker}".encode()
        store.attachments.put(document, client_id=client_id_for(args.marker, 0))
    add_clients_and_notes(engine, args.marker, clients=args.clients, notes=args.notes)
    search_and_sort(engine, args.marker)
    # The transaction the kill interrupts: larger than the page cache (8 MiB), so SQLite
    # spills its uncommitted pages into the WAL before the kill.
    with UnitOfWork(engine) as uow:
        client_id = client_id_for(args.marker, 0)
        for n in range(args.uncommitted):
            uow.records.create(
                "note",
                client_id,
                {"narrative": f"unsaved {args.marker} {n}", "sections": {"data": BIG_FILLER}},
            )
        uow.search.query(args.marker)
        _touch(Path(args.ready))
        _sleep_until_killed()


# -- K4: key rotation ---------------------------------------------------------------------


def _unlock(profile: str, passphrase: str = "") -> UnlockedStore:
    from fieldcm.store.vault import Vault
    from tests.security.helpers import FAST_POLICY, pw

    return Vault(Path(profile), policy=FAST_POLICY).unlock(pw(passphrase) if passphrase else pw())


def rotate_loop(args: argparse.Namespace) -> None:
    from tests.security.helpers import pw

    store = _unlock(args.profile)
    _touch(Path(args.ready))
    while True:
        store.rotate_key(pw())


def rotate_kill_at(args: argparse.Namespace) -> None:
    from tests.security.helpers import pw

    store = _unlock(args.profile)
    seen = 0

    def progress(stage: str) -> None:
        nonlocal seen
        if stage == args.stage:
            seen += 1
            if seen == args.nth:
                _die_now()

    store.rotate_key(pw(), progress=progress)
    sys.exit(3)  # the stage never came: the parent reports it


# -- S6: atomic key-file writes -----------------------------------------------------------


def keyfile_loop(args: argparse.Namespace) -> None:
    from fieldcm.store.keyfile import KeyFile, write_key_file

    first = KeyFile.from_bytes(Path(args.a).read_bytes())
    second = KeyFile.from_bytes(Path(args.b).read_bytes())
    target = Path(args.path)
    _touch(Path(args.ready))
    while True:
        write_key_file(target, first)
        write_key_file(target, second)


def passphrase_loop(args: argparse.Namespace) -> None:
    from tests.security.helpers import OTHER_PASSPHRASE, PASSPHRASE, pw

    store = _unlock(args.profile)
    _touch(Path(args.ready))
    while True:
        store.change_passphrase(pw(PASSPHRASE), pw(OTHER_PASSPHRASE))
        store.change_passphrase(pw(OTHER_PASSPHRASE), pw(PASSPHRASE))


# -- U1: throttle state seen by a fresh process -------------------------------------------


def try_unlock(args: argparse.Namespace) -> None:
    from fieldcm.store.errors import UnlockDisabled, UnlockThrottled, WrongPassphrase
    from fieldcm.store.vault import Vault
    from tests.security.helpers import FAST_POLICY, pw

    vault = Vault(Path(args.profile), policy=FAST_POLICY)
    try:
        vault.unlock(pw(args.passphrase) if args.passphrase else pw()).lock()
    except UnlockThrottled:
        sys.exit(10)
    except UnlockDisabled:
        sys.exit(11)
    except WrongPassphrase:
        sys.exit(12)
    sys.exit(0)


# -- M1: a process for gcore --------------------------------------------------------------


def hold_after_lock(args: argparse.Namespace, *, keep_str: bool = False) -> None:
    """Read the passphrase from stdin straight into a bytearray, unlock, work, lock, wait.

    Imports nothing from ``tests.security.helpers``: its passphrase constants would be in
    this process's memory for a reason that has nothing to do with the store.
    """
    from fieldcm.store.kdf import KdfParams
    from fieldcm.store.vault import Vault, VaultPolicy

    fast = KdfParams(memory_kib=1024, iterations=1, lanes=1)  # TEST ONLY, as FAST_KDF
    passphrase = bytearray(256)
    length = os.readv(0, [passphrase])
    del passphrase[length:]
    kept = passphrase.decode("utf-8") if keep_str else None  # the control's mistake
    store = Vault(Path(args.profile), policy=VaultPolicy(fast, fast)).unlock(passphrase)
    add_clients_and_notes(store.engine, "gcore", clients=2, notes=2)
    store.lock()
    _touch(Path(args.ready))
    _sleep_until_killed()
    del kept


def hold_after_lock_keeping_str(args: argparse.Namespace) -> None:
    hold_after_lock(args, keep_str=True)


def kdf_only(args: argparse.Namespace) -> None:
    """Derive a KEK from a passphrase read from stdin, zero everything, wait for gcore.

    ``--mode plain`` calls Argon2id on the passphrase directly (the control); otherwise the
    store's :func:`derive_kek_into` runs.
    """
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    from fieldcm.store.kdf import KdfParams, derive_kek_into

    passphrase = bytearray(256)
    del passphrase[os.readv(0, [passphrase]) :]
    kek = bytearray(32)
    if args.mode == "plain":
        argon = Argon2id(salt=bytes(16), length=32, iterations=1, lanes=1, memory_cost=1024)
        argon.derive_into(passphrase, kek)  # type: ignore[arg-type]  # any buffer works
    else:
        derive_kek_into(passphrase, bytes(16), KdfParams(1024, 1, 1), kek)
    passphrase[:] = bytes(len(passphrase))
    kek[:] = bytes(len(kek))
    _touch(Path(args.ready))
    _sleep_until_killed()


COMMANDS: dict[str, Callable[[argparse.Namespace], None]] = {
    "s1": s1,
    "rotate-loop": rotate_loop,
    "rotate-kill-at": rotate_kill_at,
    "keyfile-loop": keyfile_loop,
    "passphrase-loop": passphrase_loop,
    "try-unlock": try_unlock,
    "hold-after-lock": hold_after_lock,
    "hold-after-lock-keeping-str": hold_after_lock_keeping_str,
    "kdf-only": kdf_only,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("--profile")
    parser.add_argument("--ready")
    parser.add_argument("--marker")
    parser.add_argument("--mode", choices=("encrypted", "plain"), default="encrypted")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--notes", type=int, default=10)
    parser.add_argument("--uncommitted", type=int, default=800)
    parser.add_argument("--stage")
    parser.add_argument("--nth", type=int, default=1)
    parser.add_argument("--path")
    parser.add_argument("--a")
    parser.add_argument("--b")
    parser.add_argument("--passphrase", default="")
    args = parser.parse_args()
    COMMANDS[args.command](args)


if __name__ == "__main__":
    main()
