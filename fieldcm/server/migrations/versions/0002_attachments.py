"""Attachments: file metadata linked to clients, and the blobs each device has uploaded.

The files themselves are content-addressed blobs on disk (fieldcm/server/blobs.py), never
in the database, on SQLite and PostgreSQL alike.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.String(36)


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("file_id", ID, primary_key=True),
        sa.Column("client_id", ID, nullable=False),
        sa.Column("record_id", ID, nullable=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("mime", sa.String(200), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("uploaded_by", ID, nullable=False),
        sa.Column("device_id", ID, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_attachments_client_id", "attachments", ["client_id"])
    op.create_index("ix_attachments_sha256", "attachments", ["sha256"])
    op.create_table(
        "blob_uploads",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("device_id", ID, primary_key=True),
        sa.Column("user_id", ID, nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    raise RuntimeError("the server schema is never downgraded; restore a backup instead")
