"""``fieldcm-server``: the agency admin's command line (argparse).

Every command takes ``--database-url`` (default: ``$FIELDCM_SERVER_DATABASE_URL``, else a
SQLite file in the user data folder). Output meant for scripts goes to stdout (for example
``devices enroll-code`` prints only the code); explanations and errors go to stderr. Exit
codes: 0 done, 1 refused (the message says why), 2 wrong usage or unusable environment.
"""

from __future__ import annotations

import argparse
import getpass
import ipaddress
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from fieldcm.server import accounts, audit, blobs, devices, schema, seed, settings
from fieldcm.server.auth import Passwords
from fieldcm.server.authz import ROLES
from fieldcm.server.backup import PG_ADVICE, backup_sqlite
from fieldcm.server.config import ENV_DATABASE_URL, ServerConfig, config_from_env
from fieldcm.server.db import Database, sqlite_path
from fieldcm.server.errors import AdminError, SchemaError, ServerError

MIN_PASSWORD_LENGTH = 15
"""Single-factor secret: NIST SP 800-63B-4 asks for at least 15 characters."""


class UsageError(Exception):
    """Wrong use of the command line or an environment it cannot work in (exit 2)."""


def _out(text: str) -> None:
    print(text, file=sys.stdout)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


# ---- helpers ---------------------------------------------------------------------------


def _config(args: argparse.Namespace) -> ServerConfig:
    config: ServerConfig = config_from_env()
    return config.with_database(args.database_url)


@contextmanager
def _database(args: argparse.Namespace, *, migrate: bool = False) -> Iterator[Database]:
    db = _open(args, migrate=migrate)
    try:
        yield db
    finally:
        db.dispose()


def _open(args: argparse.Namespace, *, migrate: bool = False) -> Database:
    config = _config(args)
    path = sqlite_path(config.database_url)
    if path is not None and not path.exists() and not migrate:
        raise SchemaError(f"No database at {path}; run `fieldcm-server init` first.")
    if path is not None and migrate:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        db = Database(config.database_url)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    try:
        if migrate:
            schema.upgrade(db.engine)
            if path is not None:
                path.chmod(0o600)  # client records: readable by the server's account only
        else:
            schema.check(db.engine)
    except BaseException:
        db.dispose()
        raise
    return db


def _read_password(args: argparse.Namespace) -> str | None:
    if getattr(args, "password_stdin", False):
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("Password (empty for none): ")
        if password and password != getpass.getpass("Again: "):
            raise AdminError("The two passwords differ.")
    else:
        return None
    if not password:
        return None
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AdminError(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    return password


def _redacted(url: str) -> str:
    from sqlalchemy import make_url

    return make_url(url).render_as_string(hide_password=True)


# ---- commands --------------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    db = _open(args, migrate=True)
    db.dispose()
    _out(f"Database ready: {_redacted(db.url)} (schema {schema.head_revision()})")
    return 0


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    tls = bool(args.tls_cert and args.tls_key)
    if bool(args.tls_cert) != bool(args.tls_key):
        raise UsageError("Give both --tls-cert and --tls-key, or neither.")
    if not tls and not _is_loopback(args.host) and not args.i_know_this_is_plain_http:
        raise UsageError(
            f"Refusing to serve plain HTTP on {args.host}: laptops would send tokens and client "
            "records unencrypted. Give --tls-cert and --tls-key, put a TLS proxy in front and "
            "bind to 127.0.0.1, or pass --i-know-this-is-plain-http."
        )
    if args.workers < 1:
        raise UsageError("--workers must be at least 1.")
    db = _open(args, migrate=True)  # migrate once here; worker processes only check
    db.dispose()
    os.environ[ENV_DATABASE_URL] = db.url
    _err(f"fieldcm server on {'https' if tls else 'http'}://{args.host}:{args.port}")
    uvicorn.run(
        "fieldcm.server.app:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        ssl_certfile=args.tls_cert,
        ssl_keyfile=args.tls_key,
        log_level=args.log_level,
        proxy_headers=False,  # rate limits key on the real peer, never a forwarded header
        server_header=False,
        # Longer than uvicorn's 5 s: a client reusing a connection the server just closed
        # sees a reset; laptops on slow links pause between pages.
        timeout_keep_alive=65,
    )
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    password = _read_password(args)
    passwords = Passwords(_config(args).password_cost)
    with _database(args) as db, db.write() as uow:
        accounts.add_user(
            uow,
            username=args.username,
            role=args.role,
            team=args.team,
            display_name=args.display_name,
            credentials=args.credentials or "",
            password_hash=passwords.hash(password) if password else None,
        )
    _err(f"Added {args.role} {args.username}" + ("" if password else " (no password set)"))
    return 0


def cmd_users_set_password(args: argparse.Namespace) -> int:
    password = _read_password(args)
    if password is None:
        raise AdminError("No password given (use --password-stdin).")
    with _database(args) as db, db.write() as uow:
        accounts.set_password(
            uow,
            username=args.username,
            password_hash=Passwords(_config(args).password_cost).hash(password),
        )
    _err(f"Password of {args.username} changed")
    return 0


def cmd_users_disable(args: argparse.Namespace) -> int:
    with _database(args) as db, db.write() as uow:
        accounts.disable_user(uow, username=args.username)
    _err(f"{args.username} is disabled; their laptops are refused from their next request")
    return 0


def cmd_users_list(args: argparse.Namespace) -> int:
    with _database(args) as db, db.read() as session:
        users = accounts.list_users(session)
    _out(f"{'USERNAME':24} {'ROLE':10} {'TEAM':20} {'STATE':9} DISPLAY NAME")
    for u in users:
        state = "disabled" if u.disabled else "active"
        _out(f"{u.username:24} {u.role:10} {u.team or '-':20} {state:9} {u.display_name}")
    return 0


def cmd_users_set_role(args: argparse.Namespace) -> int:
    with _database(args) as db, db.write() as uow:
        accounts.set_role(uow, username=args.username, role=args.role)
    _err(f"{args.username} is now {args.role} (from their next request)")
    return 0


def cmd_users_set_team(args: argparse.Namespace) -> int:
    team = None if args.team in ("-", "") else args.team
    with _database(args) as db, db.write() as uow:
        accounts.set_team(uow, username=args.username, team=team)
    _err(f"{args.username} is now in {team or 'no team'} (from the next request)")
    return 0


def cmd_teams_add(args: argparse.Namespace) -> int:
    with _database(args) as db, db.write() as uow:
        accounts.add_team(uow, name=args.name)
    _err(f"Team {args.name} added")
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    with _database(args) as db, db.write() as uow:
        added = accounts.assign(uow, client_id=args.client_id, username=args.username)
    _err(
        f"{args.client_id} {'assigned to' if added else 'was already assigned to'} {args.username}"
    )
    return 0


def cmd_unassign(args: argparse.Namespace) -> int:
    with _database(args) as db, db.write() as uow:
        removed = accounts.unassign(uow, client_id=args.client_id, username=args.username)
    if not removed:
        raise AdminError(f"{args.client_id} was not assigned to {args.username}.")
    _err(f"{args.client_id} unassigned from {args.username}; their laptops purge it on next sync")
    return 0


def cmd_devices_enroll_code(args: argparse.Namespace) -> int:
    config = _config(args)
    with _database(args) as db, db.write() as uow:
        code = devices.issue_enrollment_code(
            uow, username=args.username, ttl=config.enroll_code_ttl
        )
    hours = int(config.enroll_code_ttl.total_seconds() // 3600)
    _err(f"One-time enrollment code for {args.username} (valid {hours} h, single use):")
    _out(code)
    return 0


def cmd_devices_list(args: argparse.Namespace) -> int:
    with _database(args) as db, db.read() as session:
        rows = devices.list_devices(session)
    _out(f"{'DEVICE ID':36} {'USER':24} {'STATE':12} {'LAST SEEN':20} NAME")
    for d in rows:
        seen = d.last_seen_at.strftime("%Y-%m-%d %H:%M UTC") if d.last_seen_at else "-"
        _out(f"{d.id:36} {d.username:24} {d.state:12} {seen:20} {d.name}")
    return 0


def cmd_devices_revoke(args: argparse.Namespace) -> int:
    with _database(args) as db, db.write() as uow:
        devices.revoke_device(uow, device_id=args.device_id)
    _err(f"Device {args.device_id} revoked")
    return 0


def cmd_devices_wipe(args: argparse.Namespace) -> int:
    with _database(args) as db, db.write() as uow:
        devices.request_wipe(uow, device_id=args.device_id)
    _err(f"Device {args.device_id} will be told to wipe on its next contact")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    with _database(args) as db, db.read() as session:
        result = audit.verify(session)
    (_out if result.ok else _err)(result.describe())
    return 0 if result.ok else 1


def cmd_settings_show(args: argparse.Namespace) -> int:
    with _database(args) as db, db.read() as session:
        _out(settings.current(session).model_dump_json(indent=2))
    return 0


def cmd_settings_set(args: argparse.Namespace) -> int:
    with _database(args) as db, db.write() as uow:
        new = settings.set_one(uow, key=args.key, value=args.value)
    _err(f"{args.key} set (settings revision {new.revision}); laptops receive it on next sync")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    config = _config(args)
    url = config.database_url
    if sqlite_path(url) is None:
        _err(PG_ADVICE)
        _err(
            f"Attachment files are not in the database: copy the folder {config.blob_root()} "
            "as well, after the dump (its files never change once written)."
        )
        return 2
    _open(args).dispose()  # refuses an uninitialised or newer database
    size = backup_sqlite(url, Path(args.path))
    _err(f"Backup written to {args.path} ({size} bytes)")
    # After the database: every attachment the copy refers to is already a complete blob.
    blob_copy = Path(f"{args.path}-blobs")
    copied = blobs.BlobStore(config.blob_root()).copy_objects(blob_copy)
    _err(f"Attachment files copied to {blob_copy} ({copied} files); keep both together")
    return 0


def cmd_blobs_cleanup(args: argparse.Namespace) -> int:
    config = _config(args)
    hours = args.older_than_hours
    if hours is None:
        hours = config.incomplete_upload_ttl.total_seconds() / 3600
    if hours < 1:
        raise UsageError("--older-than-hours must be at least 1.")
    store = blobs.BlobStore(config.blob_root())
    with _database(args) as db:
        done = blobs.cleanup(db, store, older_than=hours * 3600)
    _err(
        f"Removed from {store.root}: {done.partials} unfinished uploads, {done.objects} files "
        f"no attachment uses, {done.claims} upload records (all older than {hours:g} h)"
    )
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    passwords = Passwords(_config(args).password_cost)
    with _database(args, migrate=True) as db, db.write() as uow:
        agency = seed.seed_demo(uow, clients=args.clients, passwords=passwords)
    _out(f"Demo agency: {agency.clients} clients, {agency.records} records (synthetic).")
    _out("Demo accounts (demo passwords; never use them for real data):")
    for person in agency.people:
        _out(f"  {person.username:18} {person.role:10} {person.team or '-':16} {person.password}")
    _out(f"Enrollment code for {seed.DEMO_WORKER}: {agency.enrollment_code}")
    return 0


# ---- the parser ------------------------------------------------------------------------

Handler = Callable[[argparse.Namespace], int]
if TYPE_CHECKING:  # argparse's class is generic only to type checkers
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def _command(parent: Subparsers, name: str, handler: Handler, text: str) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = parent.add_parser(name, help=text, description=text)
    p.set_defaults(handler=handler)
    return p


def _group(parent: Subparsers, name: str, text: str) -> Subparsers:
    p = _command(parent, name, _group_help, text)
    return p.add_subparsers(dest=f"{name}_command", required=True, metavar="ACTION")


def _add_serve(sub: Subparsers) -> None:
    serve = _command(sub, "serve", cmd_serve, "Run the sync server.")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8750)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--tls-cert")
    serve.add_argument("--tls-key")
    serve.add_argument("--i-know-this-is-plain-http", action="store_true")
    serve.add_argument("--log-level", default="info")


def _add_users(sub: Subparsers) -> None:
    users = _group(sub, "users", "Manage user accounts.")
    add = _command(users, "add", cmd_users_add, "Add a user.")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--team")
    add.add_argument("--display-name")
    add.add_argument("--credentials", help="e.g. LSW, QMHP (recorded with signatures)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    pw = _command(users, "set-password", cmd_users_set_password, "Set a user's password.")
    pw.add_argument("username")
    pw.add_argument("--password-stdin", action="store_true")
    _command(users, "disable", cmd_users_disable, "Disable a user.").add_argument("username")
    _command(users, "list", cmd_users_list, "List users.")
    role = _command(users, "set-role", cmd_users_set_role, "Change a user's role.")
    role.add_argument("username")
    role.add_argument("role", choices=ROLES)
    team = _command(users, "set-team", cmd_users_set_team, "Move a user to a team (- for none).")
    team.add_argument("username")
    team.add_argument("team")
    teams = _group(sub, "teams", "Manage teams.")
    _command(teams, "add", cmd_teams_add, "Add a team.").add_argument("name")
    for name, handler, text in (
        ("assign", cmd_assign, "Put a client on a user's caseload."),
        ("unassign", cmd_unassign, "Take a client off a user's caseload."),
    ):
        p = _command(sub, name, handler, text)
        p.add_argument("client_id")
        p.add_argument("username")


def _add_devices(sub: Subparsers) -> None:
    devs = _group(sub, "devices", "Enroll, list, revoke and wipe laptops.")
    code = _command(devs, "enroll-code", cmd_devices_enroll_code, "Issue a one-time code.")
    code.add_argument("username")
    _command(devs, "list", cmd_devices_list, "List enrolled devices.")
    _command(devs, "revoke", cmd_devices_revoke, "Revoke a device.").add_argument("device_id")
    wipe = _command(devs, "wipe", cmd_devices_wipe, "Tell a device to wipe itself.")
    wipe.add_argument("device_id")


def _add_maintenance(sub: Subparsers) -> None:
    aud = _group(sub, "audit", "Check the audit log.")
    _command(aud, "verify", cmd_audit_verify, "Verify the audit hash chain.")
    sets = _group(sub, "settings", "Show or change agency settings.")
    _command(sets, "show", cmd_settings_show, "Print the agency settings as JSON.")
    set_one = _command(sets, "set", cmd_settings_set, "Set one setting (JSON or text).")
    set_one.add_argument("key")
    set_one.add_argument("value")
    backup = _command(
        sub,
        "backup",
        cmd_backup,
        "Copy the SQLite database safely while serving, and its attachment files to PATH-blobs.",
    )
    backup.add_argument("path")
    files = _group(sub, "blobs", "Attachment files (folder: $FIELDCM_SERVER_BLOB_DIR or default).")
    clean = _command(
        files,
        "cleanup",
        cmd_blobs_cleanup,
        "Remove unfinished uploads and unused attachment files older than a limit.",
    )
    clean.add_argument("--older-than-hours", type=float, default=None, help="default: 7 days")
    demo = _command(sub, "seed-demo", cmd_seed_demo, "Create a synthetic demo agency.")
    demo.add_argument("--clients", type=int, default=300)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fieldcm-server", description="Run and administer the fieldcm sync server."
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(ENV_DATABASE_URL),
        help="sqlite:///path/server.db or postgresql+psycopg://user@host/db "
        "(default: $FIELDCM_SERVER_DATABASE_URL or a SQLite file in your user data folder)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _command(sub, "init", cmd_init, "Create or upgrade the server database.")
    _add_serve(sub)
    _add_users(sub)
    _add_devices(sub)
    _add_maintenance(sub)
    return parser


def _group_help(args: argparse.Namespace) -> int:  # pragma: no cover - argparse requires ACTION
    raise UsageError("choose an action; see --help")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except (AdminError, ServerError) as exc:
        _err(f"error: {exc.message}")
        return 1
    except (SchemaError, UsageError) as exc:
        _err(f"error: {exc}")
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
