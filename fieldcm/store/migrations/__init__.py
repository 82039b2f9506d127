"""Schema versions of the local store: upgrade on open, refuse a database from a newer fieldcm.

Alembic runs programmatically on the engine it is given (no ``alembic.ini`` at run time), in
one ``BEGIN IMMEDIATE`` transaction: SQLite runs DDL transactionally, so an upgrade either
completes or changes nothing, and two processes opening the same profile cannot both migrate.

Opening an up-to-date database is the common case and must be fast (it sits on the unlock
path), so the known revisions are listed here and a database already at ``HEAD`` is
recognised from one query, without loading Alembic's script directory. A test keeps
``REVISIONS`` equal to the revision files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from alembic.config import Config
from sqlalchemy import Connection, Engine, text

from fieldcm.store.errors import DatabaseCorrupt, DatabaseTooNew

SCRIPT_LOCATION: Final = Path(__file__).resolve().parent
REVISIONS: Final = ("0001", "0002", "0003", "0004")
"""Every revision this version of fieldcm knows, oldest first."""
HEAD: Final = REVISIONS[-1]


def _version_of(conn: Connection) -> str | None:
    has_table = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
    ).first()
    if has_table is None:
        if conn.execute(text("SELECT 1 FROM sqlite_master LIMIT 1")).first() is not None:
            raise DatabaseCorrupt(
                "This database holds tables but no fieldcm schema version, so it was not "
                "made by fieldcm. It was not changed."
            )
        return None
    versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(versions) != 1:
        raise DatabaseCorrupt(
            f"This database's schema version is unreadable ({len(versions)} entries). "
            "It was not changed."
        )
    return str(versions[0])


def current_version(engine: Engine) -> str | None:
    """The schema revision of the database, or ``None`` for a brand-new empty file."""
    with engine.connect() as conn:
        return _version_of(conn)


def _refuse_unknown(version: str | None) -> None:
    if version is not None and version not in REVISIONS:
        raise DatabaseTooNew(
            f"This database was written by a newer version of fieldcm (schema {version}; "
            f"this version knows schemas up to {HEAD}). It was not opened or changed, and "
            "no unsynced work in it was touched. Install the newer fieldcm to open it."
        )


def upgrade(engine: Engine, *, target: str = HEAD) -> None:
    """Bring the database to ``HEAD``; create the schema in an empty file.

    ``target`` exists for building old-version test fixtures; the app never passes it.

    Raises:
        DatabaseTooNew: the database carries a revision this code does not know.
        DatabaseCorrupt: the file holds tables but no readable schema version.
    """
    with engine.connect() as plain:
        conn = plain.execution_options(fieldcm_begin="IMMEDIATE")
        with conn.begin():
            version = _version_of(conn)
            _refuse_unknown(version)
            if version == target:
                return
            _run_alembic(conn, target)


def _run_alembic(conn: Connection, target: str) -> None:
    from alembic import command

    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    config.attributes["connection"] = conn
    command.upgrade(config, target)
