"""The ``fieldcm`` command: the desktop app's entry point and its headless commands.

    fieldcm demo          a local server with a synthetic agency, this laptop enrolled, the app open
    fieldcm run           the desktop app on a profile folder
    fieldcm enroll|sync|status   headless commands for IT staff and scripts (fieldcm.sync.headless)
    fieldcm smoke         a headless walk-through of the encrypted store (no display needed)
    fieldcm self-check    what an installer runs: the encrypted store (and with --app, the window)

Qt is imported only by the commands that open a window.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fieldcm.domain.notes import NoteFormat, Role, Signer
from fieldcm.domain.records import new_id
from fieldcm.services import notes
from fieldcm.store.errors import EnvironmentProblem, UnlockThrottled, WrongPassphrase
from fieldcm.store.passphrase import passphrase_buffer
from fieldcm.store.uow import UnitOfWork
from fieldcm.store.vault import UnlockedStore, Vault
from fieldcm.sync import headless

# A synthetic passphrase for a throwaway profile that is wiped before the command ends.
DEMO_PASSPHRASE = "correct horse battery staple demo"  # noqa: S105
DEMO_WORKER = Signer(new_id(), "Demo Worker", "CM", Role.WORKER)
RISK_TIERS = ("low", "moderate", "high")


def _say(line: str) -> None:
    print(line, flush=True)


def _seed(store: UnlockedStore, clients: int) -> list[str]:
    ids = []
    with UnitOfWork(store.engine) as uow:
        for number in range(1, clients + 1):
            client_id = new_id()
            uow.records.create(
                "client",
                client_id,
                {
                    "preferred_name": f"Demo Client {number:04d}",
                    "risk_tier": RISK_TIERS[number % 3],
                    "program": "Intensive case management",
                    "safe_contact_instructions": "Text first; no voicemail.",
                },
            )
            ids.append(client_id)
        uow.commit()
    return ids


def _write_and_sign_note(store: UnlockedStore, client_id: str) -> str:
    start = datetime.now(UTC) - timedelta(hours=2)
    with UnitOfWork(store.engine) as uow:
        note = notes.start_note(
            uow,
            client_id=client_id,
            author_id=DEMO_WORKER.user_id,
            note_format=NoteFormat.DAP,
            service_start=start,
            service_end=start + timedelta(minutes=40),
        )
        notes.save_draft(
            uow,
            note.id,
            {
                "sections": {
                    "data": "Home visit. Reviewed the housing application together.",
                    "assessment": "Engaged and hopeful about the application.",
                    "plan": "Bring the signed form to the housing office on Friday.",
                },
                "contact_type": "home",
                "location": "Client residence",
                "client_present": True,
                "service_code": "T1017",
                "goal_ids": [new_id()],
            },
        )
        notes.sign(uow, note.id, DEMO_WORKER, at=datetime.now(UTC))
        uow.commit()
    return note.id


def run_smoke(profile: Path, clients: int) -> int:
    """The headless walk-through; returns the process exit code."""
    _say(f"Creating an encrypted profile in {profile} (Argon2id key derivation)...")
    started = time.perf_counter()
    store = Vault.create(profile, passphrase_buffer(DEMO_PASSPHRASE), DEMO_WORKER.user_id, new_id())
    _say(f"  enrolled in {time.perf_counter() - started:.2f} s")
    ids = _seed(store, clients)
    _write_and_sign_note(store, ids[0])
    with UnitOfWork(store.engine, read_only=True) as uow:
        rows = uow.caseload()
        hits = uow.search.query("housing appl")
        pending = uow.outbox.pending_count()
    _say(f"Caseload: {len(rows)} clients; first: {rows[0].preferred_name} ({rows[0].risk_tier})")
    _say(f"Search 'housing appl': {len(hits)} hit(s); edits waiting to sync: {pending}")
    store.lock()
    _say("Locked: connections closed, keys dropped.")
    vault = Vault(profile)
    try:
        vault.unlock(passphrase_buffer("not the passphrase at all"))
    except WrongPassphrase as error:
        _say(f"Wrong passphrase refused: {error}")
    try:
        vault.unlock(passphrase_buffer("still not the passphrase"))
    except (WrongPassphrase, UnlockThrottled) as error:
        _say(f"Next try: {error}")
    time.sleep(vault.unlock_retry_after())
    started = time.perf_counter()
    store = vault.unlock(passphrase_buffer(DEMO_PASSPHRASE))
    with UnitOfWork(store.engine, read_only=True) as uow:
        count = len(uow.caseload())
    _say(f"Unlocked in {time.perf_counter() - started:.2f} s; {count} clients still there.")
    store.wipe()
    _say("Demo profile wiped.")
    return 0


def run_self_check() -> int:
    """Open a temporary encrypted store and check the SQLCipher build we rely on."""
    from fieldcm.store.datakey import DataKey
    from fieldcm.store.engine import open_engine
    from fieldcm.store.engine import run_self_check as check

    with tempfile.TemporaryDirectory(prefix="fieldcm-check-") as folder:
        engine = open_engine(Path(folder) / "check.db", DataKey.generate(), create=True)
        try:
            result = check(engine)
        finally:
            engine.dispose()
    _say(f"SQLCipher {result.cipher_version}: FTS5, HMAC, in-memory temp store: ok")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fieldcm", description="fieldcm: field case management")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="start a local demo server and open the app on it")
    demo.add_argument("--language", choices=("en", "es"), default=None)
    run = commands.add_parser("run", help="open the desktop app")
    run.add_argument("--profile", type=Path, default=None, help="profile folder")
    run.add_argument("--language", choices=("en", "es"), default=None)
    smoke = commands.add_parser("smoke", help="a headless walk-through of the encrypted store")
    smoke.add_argument("--clients", type=int, default=40, help="synthetic clients to create")
    check = commands.add_parser("self-check", help="check the encrypted store on this machine")
    check.add_argument("--app", action="store_true", help="also render the main window")
    headless.register(commands)
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except EnvironmentProblem as problem:
        print(f"fieldcm: {problem}", file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "demo":
        from fieldcm.demo import run_demo

        return run_demo(language=args.language)
    if args.command == "run":
        from fieldcm.app import default_profile, run_app

        return run_app(args.profile or default_profile(), language=args.language)
    if args.command == "self-check":
        if args.app:
            from fieldcm.app import run_self_check as run_app_self_check

            return run_app_self_check()
        return run_self_check()
    if args.command == "smoke":
        with tempfile.TemporaryDirectory(prefix="fieldcm-smoke-") as folder:
            return run_smoke(Path(folder) / "profile", args.clients)
    return headless.dispatch(args)


if __name__ == "__main__":
    sys.exit(main())
