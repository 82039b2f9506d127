"""Fixtures for the server's service-layer tests: a fresh database per test on each backend.

Every test using ``db`` runs twice, on a SQLite file and on PostgreSQL (the same contract,
STYLE.md habit 8). SQLite files are copies of a migrated template; PostgreSQL uses one
uniquely named database per session (dropped at the end), emptied before each test.
PostgreSQL tests skip with the reason when 127.0.0.1:5432 does not answer, unless CI=true.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldcm.server import schema
from fieldcm.server.db import Database
from fieldcm.server.models import Base
from tests.server.helpers import Agency

PG_ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
# Tests need no durability across a power cut: skip the commit fsync to keep them fast.
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/{name}?options=-c%20synchronous_commit%3Doff"


def _pg_unreachable() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_DSN, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        return f"PostgreSQL is not reachable on 127.0.0.1:5432 as postgres: {exc}"
    return None


def _pg_admin(statement: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(statement.encode())


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = Database(f"sqlite:///{path}")
    schema.upgrade(db.engine)
    db.dispose()
    return path


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """One migrated PostgreSQL database for the session, emptied before each test."""
    reason = _pg_unreachable()
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true and {reason}")
        pytest.skip(reason)
    name = f"fieldcm_srv_{uuid.uuid4().hex[:12]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    url = PG_URL.format(name=name)
    db = Database(url)
    schema.upgrade(db.engine)
    db.dispose()
    yield url
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Emptying (DELETE: the tables are tiny) is much faster than a database per test. Replica
# mode skips the audit table's append-only triggers (the test user is a superuser); the
# trigger a test dropped comes back.
_PG_RESET = """
SET session_replication_role = replica;
{deletes}
SET session_replication_role = DEFAULT;
UPDATE alembic_version SET version_num = '{head}';
DROP TRIGGER IF EXISTS audit_append_only ON audit;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION fieldcm_audit_append_only();
"""


def _reset_postgres(url: str) -> None:
    import psycopg

    kept = {"server_meta", "alembic_version"}
    deletes = "\n".join(
        f"DELETE FROM {t.name};"
        for t in reversed(Base.metadata.sorted_tables)
        if t.name not in kept
    )
    dsn = url.replace("postgresql+psycopg://", "postgresql://").split("?")[0]
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(_PG_RESET.format(deletes=deletes, head=schema.head_revision()).encode())


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ]
)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty, migrated database of each backend."""
    if request.param == "sqlite":
        path = tmp_path / "server.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("pg_database")
    _reset_postgres(url)
    return url


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


@pytest.fixture
def agency(db: Database) -> Agency:
    return Agency(db)
