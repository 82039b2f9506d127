"""Initial local schema: records, outbox, conflicts, sync state, search, attachments index.

Revision ID: 0001
Revises:

Frozen: this file describes the schema as first shipped. Never edit it; add a revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(36)
STAMP = sa.String(40)


def upgrade() -> None:
    _records()
    _outbox()
    _conflicts()
    _sync_state()
    _attachments_index()
    op.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "record_id UNINDEXED, client_id UNINDEXED, kind UNINDEXED, title, body, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )


def downgrade() -> None:
    raise NotImplementedError("the local store never downgrades: it would drop unsynced work")


def _records() -> None:
    op.create_table(
        "records",
        sa.Column("pk", sa.Integer(), primary_key=True),
        sa.Column("id", ID, nullable=False, unique=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("client_id", ID, nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("rev", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.text("0")),
        sa.Column("occurred_at", STAMP, nullable=True),
        sa.Column("local_updated_at", STAMP, nullable=False),
        sa.Column("server_fields", sa.Text(), nullable=True),
    )
    op.create_index("ix_records_client_kind", "records", ["client_id", "kind", "occurred_at"])
    op.create_index("ix_records_kind_client", "records", ["kind", "client_id"])


def _outbox() -> None:
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("mutation_id", ID, nullable=False, unique=True),
        sa.Column("record_id", ID, nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("client_id", ID, nullable=False),
        sa.Column("op", sa.String(10), nullable=False),
        sa.Column("base_rev", sa.Integer(), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("made_at", STAMP, nullable=False),
        sa.Column("state", sa.String(20), nullable=False, server_default=sa.text("'pending'")),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("reason_code", sa.String(64), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint("op IN ('create', 'update', 'delete')", name="ck_outbox_op"),
        sa.CheckConstraint(
            "state IN ('pending', 'in_flight', 'needs_attention')", name="ck_outbox_state"
        ),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_outbox_state_seq", "outbox", ["state", "seq"])
    op.create_index("ix_outbox_record_seq", "outbox", ["record_id", "seq"])
    op.create_index("ix_outbox_client", "outbox", ["client_id"])


def _conflicts() -> None:
    op.create_table(
        "conflicts",
        sa.Column("id", ID, primary_key=True),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("record_id", ID, nullable=False),
        sa.Column("client_id", ID, nullable=False),
        sa.Column("field", sa.String(200), nullable=False),
        sa.Column("item_id", sa.String(200), nullable=True),
        sa.Column("base", sa.Text(), nullable=True),
        sa.Column("mine", sa.Text(), nullable=True),
        sa.Column("theirs", sa.Text(), nullable=True),
        sa.Column("mine_by", sa.Text(), nullable=False),
        sa.Column("theirs_by", sa.Text(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False, server_default=sa.text("'open'")),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("resolved_by", sa.Text(), nullable=True),
        sa.Column("received_at", STAMP, nullable=False),
        sa.CheckConstraint("status IN ('open', 'resolved')", name="ck_conflicts_status"),
    )
    op.create_index("ix_conflicts_status", "conflicts", ["status"])
    op.create_index("ix_conflicts_record", "conflicts", ["record_id"])
    op.create_index("ix_conflicts_client", "conflicts", ["client_id"])


def _sync_state() -> None:
    table = op.create_table(
        "sync_state",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        sa.Column("last_successful_sync_at", STAMP, nullable=True),
        sa.Column("last_attempt_at", STAMP, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("agency_settings", sa.Text(), nullable=True),
        sa.Column("device_id", ID, nullable=True),
        sa.Column("user_id", ID, nullable=True),
        sa.Column("server_url", sa.Text(), nullable=True),
        sa.CheckConstraint("id = 1", name="ck_sync_state_single_row"),
    )
    assert table is not None
    op.bulk_insert(table, [{"id": 1}])


def _attachments_index() -> None:
    op.create_table(
        "attachments_index",
        sa.Column("file_id", ID, primary_key=True),
        sa.Column("client_id", ID, nullable=False),
        sa.Column("record_id", ID, nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("mime", sa.String(200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default=sa.text("1")),
        sa.Column("created_at", STAMP, nullable=False),
    )
    op.create_index("ix_attachments_client", "attachments_index", ["client_id"])
    op.create_index("ix_attachments_record", "attachments_index", ["record_id"])
