"""The local store's tables, as SQLAlchemy Core: the schema the newest migration produces.

Records are stored generically, ``(kind, id, client_id, fields)``, the shape every kind shares
(``fieldcm.domain.records``): fields this version does not know survive, and one merge serves
every kind. A few values are copied out of ``fields`` into columns so indexes can serve the
timeline and caseload queries without parsing JSON.

The migrations in ``fieldcm.store.migrations.versions`` are written by hand and frozen; a test
compares the database they build with this module, so the two cannot drift apart.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Dialect,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.types import TypeDecorator

ID_LENGTH = 36


class JsonText(TypeDecorator[Any]):
    """JSON kept as compact UTF-8 text; ``None`` is stored as SQL NULL."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)


metadata = MetaData()

records = Table(
    "records",
    metadata,
    # An integer key that never changes, not even across VACUUM: the full-text index is
    # keyed by it, so updating or deleting a record's search row is a rowid lookup rather
    # than a scan of the whole index by record id.
    Column("pk", Integer, primary_key=True),
    Column("id", String(ID_LENGTH), nullable=False, unique=True),
    Column("kind", String(40), nullable=False),
    Column("client_id", String(ID_LENGTH), nullable=False),
    Column("fields", JsonText, nullable=False),
    # The server revision the local copy is based on; 0 = never synced.
    Column("rev", Integer, nullable=False, server_default=text("0")),
    Column("deleted", Boolean, nullable=False, server_default=text("0")),
    # ``fields[spec.occurred_field]`` as UTC ISO text (sorts as time), for timelines.
    Column("occurred_at", String(40), nullable=True),
    Column("local_updated_at", String(40), nullable=False),
    # The last version the server sent: the base a three-way merge of pending local edits
    # needs, kept apart from the local values shown. NULL: never sent (rev = 0), or exactly
    # the shown ``fields`` (rev > 0; see records_batch.stored_server_copy).
    Column("server_fields", JsonText, nullable=True),
    # Added by 0002: ``spec.counts_as_contact`` of the kind, for the caseload index.
    Column("is_contact", Boolean, nullable=False, server_default=text("0")),
)
Index("ix_records_client_kind", records.c.client_id, records.c.kind, records.c.occurred_at)
Index("ix_records_kind_client", records.c.kind, records.c.client_id)
Index(
    "ix_records_contacts",
    records.c.client_id,
    records.c.occurred_at,
    sqlite_where=text("is_contact = 1 AND deleted = 0"),
)

outbox = Table(
    "outbox",
    metadata,
    # AUTOINCREMENT: a sequence number is never reused, even after the newest entries
    # were sent and deleted, so "local order" stays a total order over the device's life.
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("mutation_id", String(ID_LENGTH), nullable=False, unique=True),
    Column("record_id", String(ID_LENGTH), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("client_id", String(ID_LENGTH), nullable=False),
    Column("op", String(10), nullable=False),
    Column("base_rev", Integer, nullable=False),
    Column("changes", JsonText, nullable=False),
    Column("made_at", String(40), nullable=False),
    Column("state", String(20), nullable=False, server_default=text("'pending'")),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("reason_code", String(64), nullable=True),
    Column("reason", Text, nullable=True),
    CheckConstraint("op IN ('create', 'update', 'delete')", name="ck_outbox_op"),
    CheckConstraint("state IN ('pending', 'in_flight', 'needs_attention')", name="ck_outbox_state"),
    sqlite_autoincrement=True,
)
Index("ix_outbox_state_seq", outbox.c.state, outbox.c.seq)
Index("ix_outbox_record_seq", outbox.c.record_id, outbox.c.seq)
Index("ix_outbox_client", outbox.c.client_id)

conflicts = Table(
    "conflicts",
    metadata,
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("kind", String(40), nullable=False),
    Column("record_id", String(ID_LENGTH), nullable=False),
    Column("client_id", String(ID_LENGTH), nullable=False),
    Column("field", String(200), nullable=False),
    Column("item_id", String(200), nullable=True),
    Column("base", JsonText, nullable=True),
    Column("mine", JsonText, nullable=True),
    Column("theirs", JsonText, nullable=True),
    Column("mine_by", JsonText, nullable=False),
    Column("theirs_by", JsonText, nullable=True),
    Column("status", String(20), nullable=False, server_default=text("'open'")),
    Column("resolution", JsonText, nullable=True),
    Column("resolved_by", JsonText, nullable=True),
    Column("received_at", String(40), nullable=False),
    # Added by 0004: a decision made on this laptop, kept with the id its request carries
    # until the server accepts it (``resolution_sent_at`` set).
    Column("resolve_mutation_id", String(ID_LENGTH), nullable=True),
    Column("resolution_sent_at", String(40), nullable=True),
    CheckConstraint("status IN ('open', 'resolved')", name="ck_conflicts_status"),
)
Index("ix_conflicts_status", conflicts.c.status)
Index("ix_conflicts_record", conflicts.c.record_id)
Index("ix_conflicts_client", conflicts.c.client_id)

sync_state = Table(
    "sync_state",
    metadata,
    # One row, id 1: created by the first migration so readers never see "no row".
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("cursor", Text, nullable=True),
    Column("last_successful_sync_at", String(40), nullable=True),
    Column("last_attempt_at", String(40), nullable=True),
    Column("last_error", Text, nullable=True),
    Column("agency_settings", JsonText, nullable=True),
    Column("device_id", String(ID_LENGTH), nullable=True),
    Column("user_id", String(ID_LENGTH), nullable=True),
    Column("server_url", Text, nullable=True),
    CheckConstraint("id = 1", name="ck_sync_state_single_row"),
)

attachments_index = Table(
    "attachments_index",
    metadata,
    Column("file_id", String(ID_LENGTH), primary_key=True),
    Column("client_id", String(ID_LENGTH), nullable=False),
    Column("record_id", String(ID_LENGTH), nullable=True),
    Column("name", Text, nullable=False),
    Column("mime", String(200), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("version", Integer, nullable=False, server_default=text("1")),
    Column("created_at", String(40), nullable=False),
)
Index("ix_attachments_client", attachments_index.c.client_id)
Index("ix_attachments_record", attachments_index.c.record_id)

client_summary = Table(
    "client_summary",
    metadata,
    # Added by 0002: a cache of what the caseload shows of each live client record, kept
    # current on every write of a client, alert or contact record (``caseload``).
    Column("client_id", String(ID_LENGTH), primary_key=True),
    Column("preferred_name", Text, nullable=True),
    Column("legal_name", Text, nullable=True),
    Column("risk_tier", Text, nullable=True),
    Column("program", Text, nullable=True),
    Column("open_flags", Integer, nullable=False, server_default=text("0")),
    # The latest contact at or before, and the earliest after, the time of computing: still
    # right at any later time between the two (see ``caseload``).
    Column("last_contact_at", String(40), nullable=True),
    Column("next_contact_at", String(40), nullable=True),
)

local_audit = Table(
    "local_audit",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("action", String(40), nullable=False),
    Column("client_id", String(ID_LENGTH), nullable=True),
    Column("record_id", String(ID_LENGTH), nullable=True),
    # The time of the read or edit on this device, kept for the server's audit log.
    Column("at", String(40), nullable=False),
    Column("detail", JsonText, nullable=True),
    sqlite_autoincrement=True,
)

record_history = Table(
    "record_history",
    metadata,
    # Added by 0004: the versions of a record seen on this laptop, for kinds that keep
    # history (``KindSpec.keeps_history``): who changed what and when, offline.
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("record_id", String(ID_LENGTH), nullable=False),
    Column("client_id", String(ID_LENGTH), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("rev", Integer, nullable=False),
    Column("deleted", Boolean, nullable=False, server_default=text("0")),
    Column("fields", JsonText, nullable=False),
    Column("actor", JsonText, nullable=True),
    Column("source", String(10), nullable=False),
    Column("at", String(40), nullable=False),
    CheckConstraint("source IN ('local', 'server')", name="ck_record_history_source"),
    sqlite_autoincrement=True,
)
Index("ix_record_history_record", record_history.c.record_id, record_history.c.seq)
Index("ix_record_history_client", record_history.c.client_id)

# Full-text search lives in two FTS5 tables the migrations create (SQLAlchemy has no DDL for
# virtual tables) and ``search.py`` queries with SQL text:
#   search_index(record_id UNINDEXED, client_id UNINDEXED, kind UNINDEXED, title, body)
#   search_titles(record_id UNINDEXED, client_id UNINDEXED, kind UNINDEXED, title)
# Their rowid is ``-records.pk`` (since 0003), so FTS5's fast ascending order is newest
# first; ``search_titles`` repeats the non-empty titles alone, for "names first" without
# scanning every note's positions.
