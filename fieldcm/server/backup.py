"""A consistent copy of a SQLite server database, safe while the server is serving."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from fieldcm.server.db import sqlite_path
from fieldcm.server.errors import AdminError

PG_ADVICE = (
    "For PostgreSQL use its own tool, for example:\n"
    "  pg_dump --format=custom --file=fieldcm.dump <database>\n"
    "It takes a consistent snapshot while the server keeps serving."
)


def backup_sqlite(database_url: str, target: Path) -> int:
    """Copy the database to ``target`` with SQLite's online backup API; return its size.

    The copy is written next to ``target`` and renamed into place, so a crash never leaves
    a half-written backup under the final name.
    """
    source = sqlite_path(database_url)
    if source is None:
        raise AdminError(PG_ADVICE)
    if not source.exists():
        raise AdminError(f"No database at {source}; nothing to back up.")
    if target.exists():
        raise AdminError(f"{target} already exists; choose a new file name.")
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dst.close()
    finally:
        src.close()
    os.chmod(partial, 0o600)
    os.replace(partial, target)
    return target.stat().st_size
