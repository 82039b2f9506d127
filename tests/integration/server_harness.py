"""A real fieldcm server on loopback for end-to-end tests: processes, databases, admin, API.

Pieces (each usable alone; ``conftest.py`` wires them into fixtures):

* :class:`PostgresDatabase` creates a uniquely named database on 127.0.0.1:5432 and drops it.
* :class:`ServerProcess` runs ``fieldcm-server`` (``python -m fieldcm.server.cli``): ``init``,
  ``serve`` on a free loopback port, readiness wait, clean stop, and the admin commands
  (teams, users, assignments, devices, audit) exactly as an agency admin types them.
* :class:`ApiClient` is one enrolled laptop: a ``requests.Session`` whose every response is
  parsed with the models of :mod:`fieldcm.sync.protocol`, so a response that breaks the wire
  contract fails the test that received it. Errors raise :class:`ApiError` carrying the
  parsed :class:`~fieldcm.sync.protocol.ErrorBody`.
* Mutation builders (:func:`create`, :func:`update`, :func:`delete`) and
  :func:`new_client` make the outbox entries a laptop would push.

Only synthetic data; only 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import pytest
import requests
from pydantic import BaseModel, ValidationError

from fieldcm.sync.protocol import (
    BLOB_OCTETS,
    AgencySettings,
    AttachmentLink,
    AttachmentPayload,
    BlobReceipt,
    BlobStatus,
    Change,
    ChangesPage,
    ConflictPayload,
    DeviceStatus,
    DigestRequest,
    DigestResponse,
    EnrollRequest,
    ErrorBody,
    FetchRequest,
    FetchResponse,
    LoginRequest,
    LoginResponse,
    Mutation,
    PushBatch,
    PushResponse,
    RecordPayload,
    RefreshRequest,
    ResolveConflict,
    TokenPair,
)
from tests.mutations import create, new_id, now, update

LOOPBACK = "127.0.0.1"
PG_HOST = os.environ.get("FIELDCM_TEST_PG_HOST", LOOPBACK)
PG_PORT = int(os.environ.get("FIELDCM_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("FIELDCM_TEST_PG_USER", "postgres")
STARTUP_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 15.0
CLI_TIMEOUT_S = 120.0
HTTP_TIMEOUT_S = 60.0
BACKENDS = ("sqlite", "postgres")
CLI_SUBPROCESS_ENV = "FIELDCM_TEST_CLI_SUBPROCESS"
BLOB_DIR_ENV = "FIELDCM_SERVER_BLOB_DIR"
TEST_SERVER_ENV = {
    # Cheap password hashing: tests create many users; never do this in production.
    "FIELDCM_SERVER_ARGON2": "1,8192,1",
    # Every test talks from 127.0.0.1, so per-caller limits would be shared by the whole
    # suite; tests of the limits themselves start a server with their own values.
    "FIELDCM_SERVER_RATE_LIMITS": "login=100000/60,refresh=100000/60,enroll=100000/60",
}

ModelT = TypeVar("ModelT", bound=BaseModel)


def unique(prefix: str) -> str:
    """A short unique name, so tests sharing one server never see each other's people."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


# ---- PostgreSQL ------------------------------------------------------------------------


def postgres_unreachable_reason() -> str | None:
    """``None`` when PostgreSQL answers on 127.0.0.1:5432, else why not."""
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - psycopg is a server dependency
        return f"psycopg is not installed: {exc}"
    try:
        with psycopg.connect(_admin_dsn(), connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return f"PostgreSQL is not reachable at {PG_HOST}:{PG_PORT} as {PG_USER}: {exc}"
    return None


def require_postgres() -> None:
    """Skip with a reason when PostgreSQL is not there; in CI (``CI=true``) fail instead."""
    reason = postgres_unreachable_reason()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


def postgres_dsn(database: str) -> str:
    """A libpq connection string for one database on the test PostgreSQL."""
    return f"host={PG_HOST} port={PG_PORT} user={PG_USER} dbname={database}"


def _admin_dsn() -> str:
    return postgres_dsn("postgres")


class PostgresDatabase:
    """A uniquely named PostgreSQL database that exists between :meth:`create` and :meth:`drop`."""

    def __init__(self, prefix: str = "fieldcm_test") -> None:
        self.name = f"{prefix}_{uuid.uuid4().hex[:12]}"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{self.name}"

    @property
    def dsn(self) -> str:
        return postgres_dsn(self.name)

    def create(self) -> None:
        self._admin(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        # FORCE ends sessions a killed server process may have left behind.
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _admin(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(_admin_dsn(), autocommit=True) as conn:
            conn.execute(statement.encode())


# ---- the server process ----------------------------------------------------------------


class ServerError(RuntimeError):
    """The server process or an admin command did not do what was asked."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class ServerProcess:
    """One ``fieldcm-server serve`` process over ``database_url``.

    Several :class:`ServerProcess` objects may share one database (stateless servers over one
    PostgreSQL); only the first needs :meth:`init`.
    """

    database_url: str
    workdir: Path
    env: Mapping[str, str] = field(default_factory=dict)
    backend: str = "sqlite"
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    log_path: Path | None = None

    @property
    def base_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    # -- lifecycle --

    def init(self) -> None:
        self.cli("init")

    def start(self, *, workers: int = 1) -> None:
        if self.process is not None:
            raise ServerError("server already started")
        self.port = free_port()
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.workdir / f"server-{self.port}.log"
        args = ["serve", "--host", LOOPBACK, "--port", str(self.port)]
        if workers > 1:
            args += ["--workers", str(workers)]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                self._command(*args),
                stdout=log,
                stderr=subprocess.STDOUT,
                env=self._environment(),
                cwd=self.workdir,
                start_new_session=True,
            )
        self._wait_ready()

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        # SIGINT is uvicorn's graceful shutdown; the whole session so --workers children go too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_TIMEOUT_S)

    def log_tail(self, chars: int = 4000) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(errors="replace")[-chars:]

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise ServerError(
                    f"server exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{self.base_url}/openapi.json", timeout=2).status_code == 200:
                    return
            time.sleep(0.1)
        self.stop()
        raise ServerError(f"server not ready after {STARTUP_TIMEOUT_S}s:\n{self.log_tail()}")

    def openapi(self) -> dict[str, Any]:
        response = requests.get(f"{self.base_url}/openapi.json", timeout=HTTP_TIMEOUT_S)
        response.raise_for_status()
        document: dict[str, Any] = response.json()
        return document

    # -- the admin CLI --

    def cli(self, *args: str, stdin: str | None = None) -> str:
        """Run one admin command against this server's database and return its stdout."""
        completed = self.cli_result(*args, stdin=stdin)
        if completed.returncode != 0:
            raise ServerError(
                f"fieldcm-server {' '.join(args)} exited {completed.returncode}:\n"
                f"{completed.stdout}\n{completed.stderr}"
            )
        return completed.stdout

    def cli_result(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run ``fieldcm-server ARGS``: in this process by default, as a child when asked.

        In-process runs call the CLI's own ``main(argv)`` (same parsing, same handlers, same
        exit codes) and save a Python start-up per command, which is most of a test's time;
        ``FIELDCM_TEST_CLI_SUBPROCESS=1`` runs every command as a real child process instead.
        """
        if os.environ.get(CLI_SUBPROCESS_ENV) == "1":
            return self.cli_subprocess(*args, stdin=stdin)
        return run_cli_in_process(
            ["--database-url", self.database_url, *args], stdin=stdin, env=self._overrides()
        )

    def cli_subprocess(
        self, *args: str, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        """Run ``fieldcm-server ARGS`` as a child process, exactly as an admin would."""
        return subprocess.run(
            self._command(*args),
            input=stdin,
            capture_output=True,
            text=True,
            env=self._environment(),
            cwd=self.workdir,
            timeout=CLI_TIMEOUT_S,
            check=False,
        )

    def add_team(self, name: str) -> None:
        self.cli("teams", "add", name)

    def add_user(self, username: str, *, role: str, team: str, password: str | None = None) -> None:
        self.cli(
            "users",
            "add",
            username,
            "--role",
            role,
            "--team",
            team,
            "--password-stdin",
            stdin=(password or default_password(username)) + "\n",
        )

    def disable_user(self, username: str) -> None:
        self.cli("users", "disable", username)

    def assign(self, client_id: str, username: str) -> None:
        self.cli("assign", client_id, username)

    def unassign(self, client_id: str, username: str) -> None:
        self.cli("unassign", client_id, username)

    def enroll_code(self, username: str) -> str:
        """The one-time code ``devices enroll-code`` prints (its last non-empty word)."""
        output = self.cli("devices", "enroll-code", username)
        words = output.split()
        if not words:
            raise ServerError(f"devices enroll-code {username} printed nothing")
        return words[-1]

    def revoke_device(self, device_id: str) -> None:
        self.cli("devices", "revoke", device_id)

    def wipe_device(self, device_id: str) -> None:
        self.cli("devices", "wipe", device_id)

    def list_devices(self) -> str:
        return self.cli("devices", "list")

    def audit_verify(self) -> subprocess.CompletedProcess[str]:
        return self.cli_result("audit", "verify")

    def enroll(self, username: str, device_name: str = "Test laptop") -> ApiClient:
        """Enroll a new laptop for ``username`` and return its API client."""
        client = ApiClient(self.base_url)
        client.enroll(self.enroll_code(username), device_name=device_name)
        return client

    # -- plumbing --

    def _command(self, *args: str) -> list[str]:
        return [
            sys.executable,
            "-m",
            "fieldcm.server.cli",
            "--database-url",
            self.database_url,
            *args,
        ]

    def _overrides(self) -> dict[str, str]:
        return {**TEST_SERVER_ENV, **self.env}

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(self._overrides())
        env["PYTHONUNBUFFERED"] = "1"
        return env


_CLI_LOCK = threading.Lock()


def run_cli_in_process(
    argv: Sequence[str], *, stdin: str | None, env: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    """``fieldcm.server.cli.main(argv)`` with its own stdin, stdout, stderr and environment.

    Serialized: the CLI reads ``sys.stdin`` and ``os.environ``, which are process-wide.
    """
    from fieldcm.server import cli

    out, err = io.StringIO(), io.StringIO()
    with _CLI_LOCK, _patched_environ(env):
        saved_stdin = sys.stdin
        sys.stdin = io.StringIO(stdin or "")
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                try:
                    code = cli.main(list(argv))
                except SystemExit as exc:  # argparse usage errors
                    code = exc.code if isinstance(exc.code, int) else 2
        finally:
            sys.stdin = saved_stdin
    return subprocess.CompletedProcess(
        ["fieldcm-server", *argv], code, out.getvalue(), err.getvalue()
    )


@contextlib.contextmanager
def _patched_environ(overrides: Mapping[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in overrides}
    os.environ.update(overrides)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def default_password(username: str) -> str:
    """A synthetic password long enough for any sensible policy."""
    return f"correct horse battery staple {username}"


@contextlib.contextmanager
def running_server(
    backend: str,
    workdir: Path,
    *,
    env: Mapping[str, str] | None = None,
    workers: int = 1,
) -> Iterator[ServerProcess]:
    """A fresh database (SQLite file, or a new PostgreSQL database) with one server over it."""
    with fresh_database(backend, workdir) as url:
        server_env = {**own_blob_folder(backend, workdir), **(env or {})}
        server = ServerProcess(url, workdir, env=server_env, backend=backend)
        server.init()
        server.start(workers=workers)
        try:
            yield server
        finally:
            server.stop()


def own_blob_folder(backend: str, workdir: Path) -> dict[str, str]:
    """The environment giving a new server an attachment folder of its own in ``workdir``.

    A SQLite server keeps its blobs beside its database file already; a PostgreSQL one
    would use the user's data folder, shared by every test run and every database.
    """
    if backend == "sqlite":
        return {}
    return {BLOB_DIR_ENV: str(workdir / f"blobs-{uuid.uuid4().hex[:8]}")}


@contextlib.contextmanager
def fresh_database(backend: str, workdir: Path) -> Iterator[str]:
    """Yield the URL of an empty database of ``backend``; PostgreSQL ones are dropped after."""
    if backend == "sqlite":
        workdir.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{workdir / f'server-{uuid.uuid4().hex[:8]}.db'}"
        return
    if backend != "postgres":
        raise ValueError(f"unknown backend {backend!r}")
    require_postgres()
    database = PostgresDatabase()
    database.create()
    try:
        yield database.url
    finally:
        database.drop()


# ---- the API client --------------------------------------------------------------------


class ApiError(Exception):
    """The server answered 4xx/5xx; ``body`` is the parsed :class:`ErrorBody`."""

    def __init__(self, status: int, body: ErrorBody, text: str) -> None:
        super().__init__(f"{status} {body.code}: {body.message}")
        self.status = status
        self.body = body
        self.text = text


def parse_error(response: requests.Response) -> ApiError:
    """Every error must be an :class:`ErrorBody`; anything else breaks the wire contract."""
    try:
        body = ErrorBody.model_validate_json(response.content)
    except ValidationError as exc:
        raise AssertionError(
            f"{response.request.method} {response.url} -> {response.status_code} "
            f"with a body that is not ErrorBody: {response.text[:500]!r}"
        ) from exc
    return ApiError(response.status_code, body, response.text)


class ApiClient:
    """One enrolled laptop talking to the server, typed with the protocol models."""

    def __init__(self, base_url: str, *, timeout: float = HTTP_TIMEOUT_S) -> None:
        self.base_url = base_url
        self.session = requests.Session()
        self.timeout = timeout
        self.tokens: TokenPair | None = None

    def close(self) -> None:
        self.session.close()

    # -- identity --

    @property
    def access_token(self) -> str:
        assert self.tokens is not None, "device not enrolled"
        return self.tokens.access_token

    @property
    def device_id(self) -> str:
        assert self.tokens is not None, "device not enrolled"
        return self.tokens.device_id

    @property
    def user_id(self) -> str:
        assert self.tokens is not None, "device not enrolled"
        return self.tokens.user.id

    def enroll(self, code: str, *, device_name: str = "Test laptop") -> TokenPair:
        request = EnrollRequest(code=code, device_name=device_name)
        self.tokens = self.call("POST", "/v1/enroll", TokenPair, body=request, auth=False)
        return self.tokens

    def refresh(self, refresh_token: str | None = None) -> TokenPair:
        """Rotate the token pair (with ``refresh_token`` to replay an old one)."""
        assert self.tokens is not None, "device not enrolled"
        token = refresh_token or self.tokens.refresh_token
        pair = self.call(
            "POST",
            "/v1/token/refresh",
            TokenPair,
            body=RefreshRequest(refresh_token=token),
            auth=False,
        )
        self.tokens = pair
        return pair

    def login(self, username: str, password: str) -> LoginResponse:
        request = LoginRequest(username=username, password=password)
        return self.call("POST", "/v1/login", LoginResponse, body=request, auth=False)

    # -- sync --

    def pull(self, cursor: str | None = None, *, limit: int | None = None) -> ChangesPage:
        params: dict[str, str | int] = {}
        if cursor is not None:
            params["cursor"] = cursor
        if limit is not None:
            params["limit"] = limit
        return self.call("GET", "/v1/changes", ChangesPage, params=params)

    def pull_all(
        self, cursor: str | None = None, *, limit: int | None = None, max_pages: int = 10_000
    ) -> tuple[list[Change], str | None]:
        """Every change after ``cursor``, page by page, and the cursor to continue from."""
        changes: list[Change] = []
        for _ in range(max_pages):
            page = self.pull(cursor, limit=limit)
            changes.extend(page.changes)
            cursor = page.cursor
            if not page.has_more:
                return changes, cursor
        raise AssertionError(f"feed still has_more after {max_pages} pages")

    def push(self, mutations: Sequence[Mutation]) -> PushResponse:
        # Protocol 1: every answer carries the record, which these tests read.
        batch = PushBatch(mutations=list(mutations), protocol_version=1)
        return self.call("POST", "/v1/push", PushResponse, body=batch)

    def push_one(self, mutation: Mutation) -> PushResponse:
        return self.push([mutation])

    def digest(self, clients: Mapping[str, str]) -> DigestResponse:
        return self.call(
            "POST", "/v1/digest", DigestResponse, body=DigestRequest(clients=dict(clients))
        )

    def fetch(self, client_ids: Sequence[str]) -> FetchResponse:
        body = FetchRequest(client_ids=list(client_ids))
        return self.call("POST", "/v1/records/fetch", FetchResponse, body=body)

    def resolve(self, conflict_id: str, resolution: Any, mutation_id: str) -> ConflictPayload:
        body = ResolveConflict(resolution=resolution, mutation_id=mutation_id)
        return self.call("POST", f"/v1/conflicts/{conflict_id}/resolve", ConflictPayload, body=body)

    def device_status(self) -> DeviceStatus:
        return self.call("GET", "/v1/device/status", DeviceStatus)

    def device_wiped(self) -> DeviceStatus:
        return self.call("POST", "/v1/device/wiped", DeviceStatus)

    def get_client(self, client_id: str) -> RecordPayload:
        return self.call("GET", f"/v1/clients/{client_id}", RecordPayload)

    def settings(self) -> AgencySettings:
        return self.call("GET", "/v1/settings", AgencySettings)

    # -- attachments --

    def blob_status(self, sha256: str) -> BlobStatus:
        return self.call("GET", f"/v1/blobs/{sha256}/status", BlobStatus)

    def put_chunk(self, sha256: str, data: bytes, *, offset: int, size: int) -> requests.Response:
        """One raw chunk of an upload (unparsed: tests of refusals read the status)."""
        return self.raw(
            "PUT",
            f"/v1/blobs/{sha256}",
            params={"offset": offset, "size": size},
            headers={"Content-Type": BLOB_OCTETS},
            data=data,
        )

    def upload_blob(self, data: bytes) -> str:
        """Upload ``data`` in one chunk (small test files) and return its SHA-256."""
        sha256 = hashlib.sha256(data).hexdigest()
        response = self.put_chunk(sha256, data, offset=0, size=len(data))
        if response.status_code >= 400:
            raise parse_error(response)
        receipt = BlobReceipt.model_validate_json(response.content)
        assert receipt.complete, receipt
        return sha256

    def link_attachment(self, link: AttachmentLink) -> AttachmentPayload:
        return self.call("POST", "/v1/attachments", AttachmentPayload, body=link)

    def download_blob(self, sha256: str) -> requests.Response:
        return self.raw("GET", f"/v1/blobs/{sha256}")

    # -- transport --

    def call(
        self,
        method: str,
        path: str,
        model: type[ModelT],
        *,
        body: BaseModel | None = None,
        params: Mapping[str, str | int] | None = None,
        auth: bool = True,
    ) -> ModelT:
        """Send a request and parse the answer with ``model``; errors raise :class:`ApiError`."""
        response = self.raw(
            method,
            path,
            json=None if body is None else body.model_dump(mode="json"),
            params=params,
            auth=auth,
        )
        if response.status_code >= 400:
            raise parse_error(response)
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise AssertionError(
                f"{method} {path} -> {response.status_code}: body is not {model.__name__}: "
                f"{response.text[:500]!r}"
            ) from exc

    def raw(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, str | int] | None = None,
        auth: bool = True,
        token: str | None = None,
        headers: Mapping[str, str] | None = None,
        data: bytes | None = None,
    ) -> requests.Response:
        """The unparsed response, for tests that look at status codes and bytes."""
        all_headers = dict(headers or {})
        bearer = token or (self.access_token if auth and self.tokens is not None else None)
        if bearer is not None:
            all_headers["Authorization"] = f"Bearer {bearer}"
        return self.session.request(
            method,
            f"{self.base_url}{path}",
            json=json,
            data=data,
            params=dict(params or {}),
            headers=all_headers,
            timeout=self.timeout,
        )


def expect_error(status: int | Sequence[int], call: Any, *args: Any, **kwargs: Any) -> ApiError:
    """Call ``call(*args, **kwargs)``, which must fail with ``status``; return the error."""
    allowed = (status,) if isinstance(status, int) else tuple(status)
    with pytest.raises(ApiError) as caught:
        call(*args, **kwargs)
    assert caught.value.status in allowed, f"expected {allowed}, got {caught.value}"
    return caught.value


# ---- mutations a laptop would push -----------------------------------------------------


def client_fields(name: str) -> dict[str, Any]:
    """A synthetic client; ``name`` doubles as a marker to search responses for."""
    return {
        "preferred_name": name,
        "legal_name": f"{name} Legal",
        "pronouns": "they/them",
        "program": "ICM",
        "risk_tier": "moderate",
        "safe_contact_instructions": f"No voicemail ({name})",
    }


def new_client(name: str | None = None) -> tuple[str, Mutation]:
    """A client record created on a laptop: its id (also its client_id) and the create."""
    client_id = new_id()
    mutation = create(
        "client",
        client_fields(name or unique("Synthetic")),
        client_id=client_id,
        record_id=client_id,
    )
    return client_id, mutation


def applied_record(response: PushResponse, index: int = 0) -> RecordPayload:
    """The server's record from an applied or merged answer (fails loudly otherwise)."""
    result = response.results[index]
    assert result.status in ("applied", "merged"), result
    assert result.record is not None, result
    return result.record


def upserts(changes: Sequence[Change]) -> list[RecordPayload]:
    return [c.record for c in changes if c.type == "upsert" and c.record is not None]


def latest_by_id(changes: Sequence[Change]) -> dict[str, RecordPayload]:
    """The last version of each record the feed delivered (tombstones included)."""
    latest: dict[str, RecordPayload] = {}
    for change in changes:
        if change.type in ("upsert", "tombstone") and change.record is not None:
            latest[change.record.id] = change.record
    return latest


# ---- people and caseloads --------------------------------------------------------------


@dataclass
class Person:
    """A user with one enrolled laptop."""

    username: str
    role: str
    team: str
    device: ApiClient
    password: str

    @property
    def user_id(self) -> str:
        return self.device.user_id


def other_laptop(
    server: ServerProcess, person: Person, device_name: str = "Second laptop"
) -> ApiClient:
    """The same person on another enrolled laptop.

    A laptop is not sent back in its feed what its own push answers already gave it (the
    "echo", fieldcm/server/feed.py); tests of what the feed carries read it from this one.
    """
    return server.enroll(person.username, device_name)


def add_team(server: ServerProcess) -> str:
    name = unique("team")
    server.add_team(name)
    return name


def add_person(
    server: ServerProcess, *, team: str, role: str = "worker", device_name: str = "Test laptop"
) -> Person:
    username = unique(role)
    password = default_password(username)
    server.add_user(username, role=role, team=team, password=password)
    return Person(username, role, team, server.enroll(username, device_name), password)


def give_client(server: ServerProcess, worker: Person, name: str | None = None) -> RecordPayload:
    """Put a new client on ``worker``'s caseload and create its record from their laptop."""
    client_id, mutation = new_client(name)
    server.assign(client_id, worker.username)
    return applied_record(worker.device.push_one(mutation))


def add_note(worker: Person, client_id: str, text: str, **extra: Any) -> RecordPayload:
    """A draft progress note by ``worker``; ``text`` doubles as a marker."""
    fields = {
        "format": "free",
        "status": "draft",
        "author_id": worker.user_id,
        "service_start": "2026-01-05T09:00:00Z",
        "service_end": "2026-01-05T09:45:00Z",
        "narrative": text,
        **extra,
    }
    return applied_record(worker.device.push_one(create("note", fields, client_id=client_id)))


def signing(note: RecordPayload, signer: Person) -> Mutation:
    """The edit that signs ``note`` as ``signer`` (its author), made with the domain's rules."""
    from fieldcm.domain.billing import PayerRule
    from fieldcm.domain.notes import Signer
    from fieldcm.domain.signing import sign_note

    signed = sign_note(
        note.fields,
        Signer(user_id=signer.user_id, name=signer.username, credentials="MSW"),
        at=now(),
        rule=PayerRule(payer="synthetic", required_fields=()),
    )
    return update(note, {k: v for k, v in signed.items() if note.fields.get(k) != v})
