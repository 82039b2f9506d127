"""The FastAPI application: ``create_app(config)``, and ``app_from_env`` for server workers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.gzip import GZipMiddleware

from fieldcm.server import blobs, feed, schema
from fieldcm.server.api import handlers, routes_admin, routes_auth, routes_blobs, routes_sync
from fieldcm.server.api.deps import ServerState
from fieldcm.server.api.middleware import BodyLimitMiddleware
from fieldcm.server.auth import Passwords
from fieldcm.server.config import ServerConfig, config_from_env
from fieldcm.server.db import Database
from fieldcm.sync.protocol import PROTOCOL_VERSION


def create_app(config: ServerConfig | None = None) -> FastAPI:
    """Open the database (which must be at this server's schema) and build the app.

    Raises:
        SchemaError: the database is not initialised or was written by a newer server.
    """
    config = config or ServerConfig()
    db = Database(config.database_url)
    try:
        schema.check(db.engine)
        with db.read() as session:
            cursor_key = feed.load_cursor_key(session)
    except BaseException:
        db.dispose()
        raise
    state = ServerState(db, config, Passwords(config.password_cost), cursor_key)
    # Unfinished uploads nobody touched for a long time (devices resume fresher ones).
    try:
        blobs.cleanup_partials(
            blobs.BlobStore(config.blob_root()),
            older_than=config.incomplete_upload_ttl.total_seconds(),
        )
    except OSError as exc:  # serve records anyway; uploads will report the disk problem
        blobs.log.warning("attachment folder not cleaned at start-up: %s", exc.strerror)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        db.dispose()

    app = FastAPI(
        title="fieldcm sync server",
        version=f"protocol {PROTOCOL_VERSION}",
        docs_url=None,  # no CDN-hosted docs page on an agency server; /openapi.json is served
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.fieldcm = state
    app.add_middleware(BodyLimitMiddleware, max_bytes=config.max_body_bytes)
    # Level 6, not Starlette's 9: compressing was a fifth of a first pull's server time, and
    # level 9 takes a third longer than 6 on notes for half a percent fewer bytes.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    handlers.install(app)
    app.include_router(routes_auth.router)
    app.include_router(routes_sync.router)
    app.include_router(routes_blobs.router)
    app.include_router(routes_admin.router)
    return app


def app_from_env() -> FastAPI:
    """The factory uvicorn workers import (configuration arrives in the environment)."""
    return create_app(config_from_env())
