"""Schema versions: migrations match the models, newer databases are refused (habit 7)."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from fieldcm.server import schema
from fieldcm.server.db import Database
from fieldcm.server.errors import SchemaError
from fieldcm.server.models import Base


def test_the_migrations_build_exactly_the_tables_the_models_describe(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)

    assert differences == []


def test_a_database_from_a_newer_server_is_refused(db: Database) -> None:
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))

    for action in (schema.check, schema.upgrade):
        with pytest.raises(SchemaError, match="newer fieldcm server"):
            action(db.engine)


def test_an_uninitialised_database_is_refused_by_check(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'empty.db'}")
    try:
        with pytest.raises(SchemaError, match="init"):
            schema.check(db.engine)
        schema.upgrade(db.engine)
        schema.check(db.engine)
        assert schema.upgrade(db.engine) == schema.head_revision(), "upgrading twice is a no-op"
    finally:
        db.dispose()


def test_sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 's.db'}")
    try:
        with db.engine.connect() as conn:
            values = [
                conn.execute(text(f"PRAGMA {name}")).scalar()
                for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
            ]
    finally:
        db.dispose()

    assert values == ["wal", 1, 15000, 2]


def test_unsupported_database_urls_are_refused() -> None:
    for url in ("sqlite://", "sqlite:///:memory:", "mysql://x@y/z"):
        with pytest.raises(ValueError):
            Database(url)
