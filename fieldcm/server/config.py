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
ENV_ARGON2 = "FIELDCM_SERVER_ARGON2"
"""``time_cost,memory_kib,parallelism``; lower only for tests, never in production."""


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
    enroll_code_ttl: timedelta = timedelta(hours=24)
    rate_limits: dict[str, RateLimit] = field(default_factory=_default_limits)
    password_cost: PasswordCost = field(default_factory=PasswordCost)
    max_body_bytes: int = protocol.MAX_BODY_BYTES
    default_page_size: int = 200

    def with_database(self, url: str | None) -> ServerConfig:
        return self if not url else replace(self, database_url=url)


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
    if env.get(ENV_ARGON2):
        t, m, p = (int(x) for x in env[ENV_ARGON2].split(","))
        config = replace(config, password_cost=PasswordCost(t, m, p))
    return config
