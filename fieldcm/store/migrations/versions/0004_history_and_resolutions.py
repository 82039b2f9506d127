"""Record history, and conflict resolutions queued while offline.

Revision ID: 0004
Revises: 0003

* ``record_history``: every version of a record this laptop has seen (a local edit or one
  the server sent), with who made it and when, for kinds whose ``KindSpec`` keeps history
  (safety plans: "who changed what and when", DOMAIN.md D4). Versions are kept on the
  laptop so the history shows offline; they are purged with the client's other records.
* ``conflicts.resolve_mutation_id`` / ``conflicts.resolution_sent_at``: a person may
  resolve a conflict offline. The decision is kept with the id its request will carry
  (so a resent request answers the same) until the server has accepted it.

Frozen: never edit this file; add a revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_history",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("rev", sa.Integer, nullable=False),
        sa.Column("deleted", sa.Boolean, nullable=False, server_default=sa.text("0")),
        sa.Column("fields", sa.Text, nullable=False),
        # The protocol's Actor in JSON form (who, from which device, when), or NULL when
        # the server did not say.
        sa.Column("actor", sa.Text, nullable=True),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.CheckConstraint("source IN ('local', 'server')", name="ck_record_history_source"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_record_history_record", "record_history", ["record_id", "seq"])
    op.create_index("ix_record_history_client", "record_history", ["client_id"])
    op.add_column("conflicts", sa.Column("resolve_mutation_id", sa.String(36), nullable=True))
    op.add_column("conflicts", sa.Column("resolution_sent_at", sa.String(40), nullable=True))


def downgrade() -> None:
    raise NotImplementedError("the local store never downgrades: it would drop unsynced work")
