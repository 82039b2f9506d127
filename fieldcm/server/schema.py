"""Schema versions: apply the Alembic migrations, and refuse a database from a newer server.

``init`` and ``serve`` call :func:`upgrade`; worker processes call :func:`check` and never
migrate (only one process should ever run DDL).
"""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from fieldcm.server.errors import SchemaError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _refuse_newer(current: str | None) -> None:
    if current is None:
        return
    known = {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}
    if current not in known:
        raise SchemaError(
            f"This database was written by a newer fieldcm server (schema {current}); "
            f"this server knows schemas up to {head_revision()}. Upgrade fieldcm, or point "
            "it at another database."
        )


def upgrade(engine: Engine) -> str:
    """Bring the database to the newest schema this server knows; return that revision."""
    from alembic import command

    _refuse_newer(current_revision(engine))
    with engine.begin() as connection:
        command.upgrade(_config(connection), "head")
    return head_revision()


def check(engine: Engine) -> None:
    """Raise :class:`SchemaError` unless the database is at exactly this server's schema."""
    current = current_revision(engine)
    if current is None:
        raise SchemaError("This database has not been set up; run `fieldcm-server init` first.")
    _refuse_newer(current)
    if current != head_revision():
        raise SchemaError(
            f"This database is at schema {current}, older than {head_revision()}; "
            "run `fieldcm-server init` to upgrade it."
        )
