"""Server configuration: where the database is, token lifetimes, limits, password cost.

Values come from the CLI flags, with ``FIELDCM_SERVER_*`` environment variables as the
channel to server worker processes (uvicorn starts workers by import string).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path

from fieldcm.sync import protocol

ENV_DATABASE_URL = "FIELDCM_SERVER_DATABASE_URL"
ENV_RATE_LIMITS = "FIELDCM_SERVER_RATE_LIMITS"
"""``login=10/60,refresh=30/60,enroll=10/60``: attempts per window seconds, per endpoint."""
ENV_ACCESS_TTL = "FIELDCM_ACCESS_TOKEN_TTL_SECONDS"
"""Access token lifetime in seconds (default 900); tests shorten it to watch expiry."""
ENV_REFRESH_GRACE = "FIELDCM_REFRESH_GRACE_SECONDS"
"""How soon a spent refresh token may come back for a lost answer (default 900)."""
ENV_ARGON2 = "FIELDCM_SERVER_ARGON2"
"""``time_cost,memory_kib,parallelism``; lower only for tests, never in production."""
ENV_BLOB_DIR = "FIELDCM_SERVER_BLOB_DIR"
"""Where attachment files live (default: beside a SQLite database, else the user data folder).
Several server processes over one PostgreSQL must share this folder."""
ENV_BLOB_CHUNK = "FIELDCM_SERVER_BLOB_CHUNK_BYTES"
"""Most bytes of a file taken in one upload request (default 1 MiB; tests make it small)."""
ENV_MAX_ATTACHMENT = "FIELDCM_SERVER_MAX_ATTACHMENT_BYTES"
"""Largest attachment accepted (default 64 MiB)."""


def default_database_url() -> str:
    """The embedded default: a SQLite file in the platform's user data folder."""
    from platformdirs import user_data_path

    folder = user_data_path("fieldcm-server", appauthor=False)
    return f"sqlite:///{Path(folder) / 'server.db'}"


@dataclass(frozen=True)
class RateLimit:
    """At most ``attempts`` per ``window_seconds`` for one endpoint and one caller."""

    attempts: int
    window_seconds: int


def _default_limits() -> dict[str, RateLimit]:
    return {
        "login": RateLimit(10, 60),
        "refresh": RateLimit(30, 60),
        "enroll": RateLimit(10, 60),
    }


@dataclass(frozen=True)
class PasswordCost:
    """Argon2id parameters (argon2-cffi's RFC 9106 low-memory profile by default)."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 4


@dataclass(frozen=True)
class ServerConfig:
    database_url: str = field(default_factory=default_database_url)
    access_token_ttl: timedelta = timedelta(minutes=15)
    refresh_token_ttl: timedelta = timedelta(days=30)
    refresh_grace: timedelta = timedelta(minutes=15)
    """A refresh token presented again this soon after its exchange, with its answer never
    used, gets a new pair (a lost answer) instead of revoking the device. Long enough for a
    laptop whose link dropped to try again; short, because until the laptop's own next
    refresh a thief replaying a stolen token inside it holds a pair too."""
    enroll_code_ttl: timedelta = timedelta(hours=24)
    rate_limits: dict[str, RateLimit] = field(default_factory=_default_limits)
    password_cost: PasswordCost = field(default_factory=PasswordCost)
    max_body_bytes: int = protocol.MAX_BODY_BYTES
    default_page_size: int = 200
    blob_dir: Path | None = None
    """None: :meth:`blob_root` decides."""
    blob_chunk_bytes: int = 1024 * 1024
    max_attachment_bytes: int = 64 * 1024 * 1024
    incomplete_upload_ttl: timedelta = timedelta(days=7)
    """Unfinished uploads (and finished blobs nobody linked) older than this are removed."""

    def with_database(self, url: str | None) -> ServerConfig:
        return self if not url else replace(self, database_url=url)

    def blob_root(self) -> Path:
        """The attachment folder: ``blob_dir``, else ``<db name>-blobs`` beside a SQLite
        file, else ``blobs`` in the user data folder (PostgreSQL)."""
        if self.blob_dir is not None:
            return self.blob_dir
        from fieldcm.server.db import sqlite_path

        database = sqlite_path(self.database_url)
        if database is not None:
            return database.with_name(f"{database.stem}-blobs")
        from platformdirs import user_data_path

        return Path(user_data_path("fieldcm-server", appauthor=False)) / "blobs"


def parse_rate_limits(text: str) -> dict[str, RateLimit]:
    """Parse ``name=attempts/seconds,...`` over the defaults; raise ValueError when malformed."""
    limits = _default_limits()
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, spec = part.partition("=")
        attempts, _, seconds = spec.partition("/")
        if name not in limits:
            raise ValueError(f"unknown rate limit {name!r}; known: {', '.join(sorted(limits))}")
        limits[name] = RateLimit(int(attempts), int(seconds))
    return limits


def config_from_env(environ: dict[str, str] | None = None) -> ServerConfig:
    """Build the configuration a server worker process runs with."""
    env = dict(os.environ if environ is None else environ)
    config = ServerConfig()
    if env.get(ENV_DATABASE_URL):
        config = replace(config, database_url=env[ENV_DATABASE_URL])
    if env.get(ENV_RATE_LIMITS):
        config = replace(config, rate_limits=parse_rate_limits(env[ENV_RATE_LIMITS]))
    if env.get(ENV_ACCESS_TTL):
        config = replace(config, access_token_ttl=timedelta(seconds=int(env[ENV_ACCESS_TTL])))
    if env.get(ENV_REFRESH_GRACE):
        config = replace(config, refresh_grace=timedelta(seconds=int(env[ENV_REFRESH_GRACE])))
    if env.get(ENV_ARGON2):
        t, m, p = (int(x) for x in env[ENV_ARGON2].split(","))
        config = replace(config, password_cost=PasswordCost(t, m, p))
    if env.get(ENV_BLOB_DIR):
        config = replace(config, blob_dir=Path(env[ENV_BLOB_DIR]))
    if env.get(ENV_BLOB_CHUNK):
        config = replace(config, blob_chunk_bytes=int(env[ENV_BLOB_CHUNK]))
    if env.get(ENV_MAX_ATTACHMENT):
        config = replace(config, max_attachment_bytes=int(env[ENV_MAX_ATTACHMENT]))
    return config
