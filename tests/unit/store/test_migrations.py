"""Schema versions: upgrades from a stored old file lose nothing; a newer file is refused."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from fieldcm.domain.records import Record
from fieldcm.store import migrations
from fieldcm.store.datakey import DataKey
from fieldcm.store.engine import dispose_engine, open_engine
from fieldcm.store.errors import DatabaseCorrupt, DatabaseTooNew
from fieldcm.store.tables import metadata
from fieldcm.store.uow import UnitOfWork
from tests.data import make_store_v1 as v1

from .builders import T0, add_client, note_fields

FIXTURE = Path(__file__).resolve().parents[2] / "data" / "store_v1.db"
# Written here, not imported, so a changed generator cannot silently change the expectation.
FIXTURE_KEY_HEX = "5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_listed_revisions_are_the_revision_files() -> None:
    config = Config()
    config.set_main_option("script_location", str(migrations.SCRIPT_LOCATION))
    script = ScriptDirectory.from_config(config)
    walked = [rev.revision for rev in script.walk_revisions()]
    assert tuple(reversed(walked)) == migrations.REVISIONS
    assert script.get_current_head() == migrations.HEAD


def test_a_new_file_gets_the_newest_schema_and_it_matches_tables_py(engine: Engine) -> None:
    assert migrations.current_version(engine) == migrations.HEAD

    def include(obj: Any, name: str | None, type_: str, *_: Any) -> bool:
        # FTS5 and its shadow tables are created by hand; SQLAlchemy cannot describe them.
        return not (type_ == "table" and name is not None and name.startswith("search_"))

    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": include, "compare_type": True}
        )
        assert compare_metadata(context, metadata) == []
        fts = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'search_index'")
        ).scalar_one()
        partial = conn.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'ix_records_contacts'")
        ).scalar_one()
    assert "fts5" in fts
    assert "WHERE is_contact = 1 AND deleted = 0" in partial


def test_upgrading_an_up_to_date_file_changes_nothing(engine: Engine, db_path: Path) -> None:
    add_client(engine)
    migrations.upgrade(engine)
    migrations.upgrade(engine)
    assert migrations.current_version(engine) == migrations.HEAD
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM records")).scalar_one() == 1


@pytest.fixture
def v1_engine(tmp_path: Path) -> Iterator[Engine]:
    """A copy of the stored schema-0001 file, opened with its key."""
    path = tmp_path / "store.db"
    shutil.copyfile(FIXTURE, path)
    eng = open_engine(path, DataKey(bytes.fromhex(FIXTURE_KEY_HEX)))
    yield eng
    dispose_engine(eng)


def test_the_stored_v1_file_is_really_schema_0001(v1_engine: Engine) -> None:
    assert FIXTURE_KEY_HEX == v1.KEY_HEX
    assert migrations.current_version(v1_engine) == "0001"
    with v1_engine.connect() as conn:
        columns = {row[1] for row in conn.execute(text("PRAGMA table_info(records)"))}
        tables = set(conn.execute(text("SELECT name FROM sqlite_master")).scalars())
    assert "is_contact" not in columns
    assert "local_audit" not in tables


def test_upgrading_the_v1_file_loses_nothing(v1_engine: Engine) -> None:
    migrations.upgrade(v1_engine)
    assert migrations.current_version(v1_engine) == migrations.HEAD
    with UnitOfWork(v1_engine, read_only=True) as uow:
        for record_id, (kind, client_id, fields, rev, deleted, _, _) in v1.RECORDS.items():
            assert uow.records.get(record_id, include_deleted=True) == Record(
                kind, record_id, client_id, fields, rev, deleted
            )
            server = uow.records.server_version(record_id)
            assert (None if server is None else server.fields) == v1.server_fields_of(record_id)
        everything = sorted(
            (entry for record_id in v1.RECORDS for entry in uow.outbox.for_record(record_id)),
            key=lambda e: e.seq,
        )
        state = uow.sync_state.get()
        [conflict] = uow.conflicts.find()
        [attachment] = uow.attachments.for_client(v1.CLIENT_A)
        found = {hit.record_id for hit in uow.search.query("shelter bed")}
        names_first = [hit.record_id for hit in uow.search.query("rowan")]
        rowids = uow.connection.execute(text("SELECT rowid FROM search_index")).scalars().all()
    assert [
        (e.seq, e.mutation_id, e.record_id, e.op, e.base_rev, e.changes, e.state, *_reasons(e))
        for e in everything
    ] == [tuple(entry) for entry in v1.OUTBOX]
    assert state.cursor == "feed:000000000042"
    assert state.device_id == v1.DEVICE_ID
    assert state.agency_settings == {"revision": 3, "auto_lock_minutes": 5}
    assert (conflict.id, conflict.mine, conflict.theirs) == (v1.CONFLICT_1, "ICM", "Housing First")
    assert (attachment.file_id, attachment.size) == (v1.FILE_1, 48213)
    assert found == {v1.NOTE_A2}
    # 0003 re-keyed the search rows and copied the titles: names still come first.
    assert names_first == [v1.CLIENT_A]
    assert rowids and all(rowid < 0 for rowid in rowids)


def _reasons(entry: Any) -> tuple[int, str | None, str | None]:
    return entry.attempts, entry.reason_code, entry.reason


def test_the_upgraded_v1_file_keeps_working(v1_engine: Engine) -> None:
    migrations.upgrade(v1_engine)
    with UnitOfWork(v1_engine) as uow:
        note = uow.records.create("note", v1.CLIENT_C, note_fields("after the upgrade"))
        uow.audit.log("view_client", client_id=v1.CLIENT_C)
        uow.commit()
        [entry] = uow.outbox.for_record(note.id)
        caseload = {row.client_id: row for row in uow.caseload(now=T0)}
        waiting = [e.record_id for e in uow.outbox.pending()]
    # Local order continues after the old entries; nothing renumbered.
    assert entry.seq == len(v1.OUTBOX) + 1
    # 0002 backfilled is_contact: the old notes and the planned encounter count.
    last_contact = caseload[v1.CLIENT_A].last_contact_at
    assert last_contact is not None
    assert last_contact.isoformat() == "2026-03-01T14:30:00+00:00"
    assert caseload[v1.CLIENT_C].next_contact_at is not None
    assert caseload[v1.CLIENT_A].open_flags == 1
    # NOTE_A2's create is in flight and NOTE_B3's update needs attention: neither is resent.
    assert v1.NOTE_A2 not in waiting
    assert v1.NOTE_B3 not in waiting
    assert waiting[0] == v1.CLIENT_C


def test_a_failed_upgrade_leaves_the_file_as_it_was(v1_engine: Engine) -> None:
    # Sabotage 0002: a table of the name it creates already exists, so it fails half-way
    # (after adding its column); the whole upgrade must roll back.
    with v1_engine.connect() as conn:
        conn.execute(text("CREATE TABLE local_audit (x INTEGER)"))
        conn.commit()
    with pytest.raises(Exception, match="local_audit"):
        migrations.upgrade(v1_engine)
    assert migrations.current_version(v1_engine) == "0001"
    with v1_engine.connect() as conn:
        columns = {row[1] for row in conn.execute(text("PRAGMA table_info(records)"))}
    assert "is_contact" not in columns


def test_a_file_from_a_newer_fieldcm_is_refused_and_left_unchanged(
    engine: Engine, db_path: Path, key: DataKey
) -> None:
    client_id = add_client(engine)
    with engine.connect() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0042'"))
        conn.execute(text("CREATE TABLE from_the_future (x INTEGER)"))
        conn.commit()
    dispose_engine(engine)
    before = _sha256(db_path)

    newer = open_engine(db_path, key)
    try:
        with pytest.raises(DatabaseTooNew, match="newer version of fieldcm") as refused:
            migrations.upgrade(newer)
        assert "0042" in str(refused.value)
        assert migrations.current_version(newer) == "0042"
        with newer.connect() as conn:
            assert conn.execute(text("SELECT id FROM records")).scalar_one() == client_id
    finally:
        dispose_engine(newer)
    assert _sha256(db_path) == before


def test_a_file_with_tables_but_no_version_is_not_ours(engine: Engine, db_path: Path) -> None:
    with engine.connect() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
        conn.commit()
    with pytest.raises(DatabaseCorrupt, match="not made by fieldcm"):
        migrations.upgrade(engine)


def test_the_v1_fixture_can_be_regenerated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The generator still runs against today's code (it writes 0001 with plain SQL)."""
    monkeypatch.setattr(v1, "PATH", tmp_path / "regenerated.db")
    v1.main()
    eng = open_engine(tmp_path / "regenerated.db", DataKey(bytes.fromhex(v1.KEY_HEX)))
    try:
        assert migrations.current_version(eng) == "0001"
    finally:
        dispose_engine(eng)
