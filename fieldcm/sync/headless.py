"""``fieldcm enroll``, ``fieldcm sync``, ``fieldcm status``: sync for IT staff and scripts.

Each command takes ``--profile DIR`` so several laptops can live on one machine (training,
tests). The passphrase is prompted without echo, or read from the first line of standard
input with ``--passphrase-stdin``; nothing secret is accepted on the command line, where
other users could read it from the process list.

Exit codes: 0 done; 1 the sync did not complete (offline, refused: try again later);
2 a problem with the profile or the input (wrong passphrase, weak passphrase, no profile);
3 online sign-in required (offline age limit); 4 the profile was wiped.

``fieldcm.cli`` adds these commands with :func:`register`; :func:`main` runs them alone
(tests and child processes pass a :class:`HeadlessEnv` with a cheaper key derivation).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final, TextIO

from fieldcm.domain.errors import DomainError
from fieldcm.domain.passphrase import require_acceptable
from fieldcm.store.errors import EnvironmentProblem, ProfileExists
from fieldcm.store.passphrase import passphrase_buffer
from fieldcm.store.repo_base import utc_now
from fieldcm.store.uow import UnitOfWork
from fieldcm.store.vault import DEFAULT_POLICY, UnlockedStore, Vault, VaultPolicy
from fieldcm.sync.engine import (
    Credentials,
    SyncEngine,
    SyncResult,
    enforce_offline_age,
    offline_age,
)
from fieldcm.sync.enrollment import Enrollment, enroll_profile
from fieldcm.sync.profile import ProfileTokenStore
from fieldcm.sync.progress import Progress
from fieldcm.sync.status import SyncStatus, read_status
from fieldcm.sync.transport import SyncTransport, TransportError

COMMANDS: Final = ("enroll", "sync", "status")
EXIT_OK: Final = 0
EXIT_SYNC_FAILED: Final = 1
EXIT_PROBLEM: Final = 2
EXIT_REAUTH: Final = 3
EXIT_WIPED: Final = 4
_RESULT_EXIT: Final = {
    "ok": EXIT_OK,
    "reauth_required": EXIT_REAUTH,
    "wiped": EXIT_WIPED,
    "not_enrolled": EXIT_PROBLEM,
}


@dataclass(frozen=True)
class HeadlessEnv:
    """What the commands read and write besides their arguments (swappable in tests)."""

    policy: VaultPolicy = DEFAULT_POLICY
    clock: Callable[[], datetime] = utc_now
    stdin: TextIO | None = None
    out: TextIO | None = None
    err: TextIO | None = None
    transport_options: dict[str, Any] = field(default_factory=dict)
    """Extra keyword arguments for :class:`SyncTransport` (timeouts, retries)."""

    @property
    def input(self) -> TextIO:
        return self.stdin or sys.stdin

    def say(self, line: str) -> None:
        print(line, file=self.out or sys.stdout, flush=True)

    def complain(self, line: str) -> None:
        print(f"fieldcm: {line}", file=self.err or sys.stderr, flush=True)


class _Refused(Exception):
    """A problem the person can fix; printed and turned into an exit code."""

    def __init__(self, message: str, code: int = EXIT_PROBLEM) -> None:
        super().__init__(message)
        self.code = code


# ---- argparse --------------------------------------------------------------------------


def register(subparsers: Any, env: HeadlessEnv | None = None) -> None:
    """Add ``enroll``, ``sync`` and ``status`` to a parser's subcommands."""
    environment = env or HeadlessEnv()
    enroll = subparsers.add_parser("enroll", help="enroll this laptop with the agency server")
    _profile_args(enroll)
    enroll.add_argument("--server", required=True, help="the agency server's https:// address")
    enroll.add_argument("--code", required=True, help="the one-time enrollment code")
    enroll.add_argument("--device-name", default=None, help="how the admin sees this laptop")
    _tls_args(enroll)
    enroll.set_defaults(headless=lambda a: run_enroll(a, environment))

    sync = subparsers.add_parser("sync", help="sync this profile with the agency server")
    _profile_args(sync)
    sync.add_argument("--verify", action="store_true", help="also compare digests and repair")
    sync.add_argument(
        "--reauth-user",
        default=None,
        help="sign in online as this user (asked for after a long time offline); the "
        "password is prompted, or read from the next line of standard input",
    )
    sync.add_argument("--quiet", action="store_true", help="no progress lines")
    _tls_args(sync)
    sync.set_defaults(headless=lambda a: run_sync(a, environment))

    status = subparsers.add_parser("status", help="what is pending and what needs a decision")
    _profile_args(status)
    status.add_argument("--json", action="store_true", help="machine-readable output")
    status.set_defaults(headless=lambda a: run_status(a, environment))


def dispatch(args: argparse.Namespace) -> int:
    """Run the command :func:`register` attached to ``args``."""
    handler: Callable[[argparse.Namespace], int] = args.headless
    return handler(args)


def main(argv: Sequence[str] | None = None, env: HeadlessEnv | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fieldcm")
    register(parser.add_subparsers(dest="command", required=True), env)
    return dispatch(parser.parse_args(argv))


def _profile_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--profile", required=True, type=Path, help="the profile folder")
    parser.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read the passphrase from the first line of standard input (for scripts)",
    )


def _tls_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--ca-bundle", default=None, help="the agency's CA certificates (PEM)")
    parser.add_argument(
        "--pin",
        action="append",
        default=[],
        help="an SPKI pin (sha256/BASE64); give a backup pin too",
    )


# ---- the commands ----------------------------------------------------------------------


def run_enroll(args: argparse.Namespace, env: HeadlessEnv) -> int:
    return _guarded(env, lambda: _enroll(args, env))


def run_sync(args: argparse.Namespace, env: HeadlessEnv) -> int:
    return _guarded(env, lambda: _sync(args, env))


def run_status(args: argparse.Namespace, env: HeadlessEnv) -> int:
    return _guarded(env, lambda: _status(args, env))


def _guarded(env: HeadlessEnv, command: Callable[[], int]) -> int:
    try:
        return command()
    except _Refused as refused:
        env.complain(str(refused))
        return refused.code
    except (EnvironmentProblem, DomainError) as problem:
        env.complain(str(problem))
        return EXIT_PROBLEM
    except TransportError as error:
        env.complain(error.user_message)
        return EXIT_SYNC_FAILED


def _enroll(args: argparse.Namespace, env: HeadlessEnv) -> int:
    profile: Path = args.profile
    if Vault(profile, policy=env.policy).exists():
        raise ProfileExists(f"{profile} already holds a fieldcm profile; use another folder.")
    enrollment = Enrollment(
        server_url=args.server,
        code=args.code,
        passphrase=_new_passphrase(args, env),
        device_name=args.device_name or "",
    )
    store, pair = enroll_profile(
        profile,
        enrollment,
        policy=env.policy,
        clock=env.clock,
        transport=lambda server, tokens: _transport(server, tokens, args, env),
    )
    with store:
        env.say(
            f"Enrolled as {pair.user.display_name or pair.user.username}; device {pair.device_id}."
        )
        result = _engine(store, args, env, quiet=False).sync()
        _report(result, env)
    return EXIT_OK


def _sync(args: argparse.Namespace, env: HeadlessEnv) -> int:
    with _unlock(args, env) as store:
        credentials = None
        if args.reauth_user:
            credentials = Credentials(args.reauth_user, _password(args, env))
        result = _engine(store, args, env, quiet=args.quiet).sync(
            verify=args.verify, credentials=credentials
        )
        _report(result, env)
    return _RESULT_EXIT.get(result.status, EXIT_SYNC_FAILED)


def _status(args: argparse.Namespace, env: HeadlessEnv) -> int:
    with _unlock(args, env) as store:
        now = env.clock()
        wiped = enforce_offline_age(store, ProfileTokenStore(store.engine), now)
        if wiped is not None:
            env.say(wiped.message())
            return EXIT_WIPED
        status = read_status(store.engine, offline_age(store, now))
    if args.json:
        env.say(json.dumps(status.as_json(), indent=2, sort_keys=True))
    else:
        for line in status.lines():
            env.say(line)
    return EXIT_OK


# ---- helpers ---------------------------------------------------------------------------


def _engine(
    store: UnlockedStore, args: argparse.Namespace, env: HeadlessEnv, *, quiet: bool
) -> SyncEngine:
    tokens = ProfileTokenStore(store.engine)
    with UnitOfWork(store.engine, read_only=True) as uow:
        server = uow.sync_state.get().server_url
    if not server:
        raise _Refused("This profile does not know its server; enroll it again.")
    transport = _transport(server, tokens, args, env)
    return SyncEngine(
        store,
        transport,
        tokens,
        clock=env.clock,
        progress=(lambda _p: None) if quiet else _progress_printer(env),
        blobs=transport,
    )


def _transport(
    server: str, tokens: Any, args: argparse.Namespace, env: HeadlessEnv
) -> SyncTransport:
    return SyncTransport(
        server,
        token_store=tokens,
        ca_bundle=getattr(args, "ca_bundle", None),
        spki_pins=tuple(getattr(args, "pin", ()) or ()),
        **env.transport_options,
    )


def _progress_printer(env: HeadlessEnv) -> Callable[[Progress], None]:
    last: list[str] = []

    def show(progress: Progress) -> None:
        if last and last[0] == progress.phase:
            return
        last[:] = [progress.phase]
        env.say(f"... {progress.phase}")

    return show


def _report(result: SyncResult, env: HeadlessEnv) -> None:
    p = result.progress
    if result.ok:
        env.say(
            f"Sync complete: {result.push.answered} edits sent, {p.pages} pages "
            f"({p.records} changes) received."
        )
        if result.push.rejected:
            env.say(f"{result.push.rejected} edits need attention: see `fieldcm status`.")
        return
    env.complain(result.message)


def _read_line(env: HeadlessEnv) -> str:
    line = env.input.readline()
    if not line:
        raise _Refused("expected a line on standard input")
    return line.rstrip("\r\n")


def _new_passphrase(args: argparse.Namespace, env: HeadlessEnv) -> str:
    if args.passphrase_stdin:
        text = _read_line(env)
    else:
        text = getpass.getpass("New passphrase for this laptop (15 characters or more): ")
        if getpass.getpass("Type it again: ") != text:
            raise _Refused("The two passphrases differ; nothing was changed.")
    return require_acceptable(text)


def _password(args: argparse.Namespace, env: HeadlessEnv) -> str:
    if args.passphrase_stdin:
        return _read_line(env)
    return getpass.getpass(f"Agency password for {args.reauth_user}: ")


def _unlock(args: argparse.Namespace, env: HeadlessEnv) -> UnlockedStore:
    text = _read_line(env) if args.passphrase_stdin else getpass.getpass("Passphrase: ")
    return Vault(args.profile, policy=env.policy).unlock(passphrase_buffer(text))


__all__ = [
    "COMMANDS",
    "HeadlessEnv",
    "SyncStatus",
    "dispatch",
    "main",
    "register",
]


if __name__ == "__main__":
    sys.exit(main())
