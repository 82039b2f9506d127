"""Records remember which device a push answer already gave their current version.

Revision ID: 0004
Revises: 0003

* ``records.answered_device_id`` and ``records.answered_rev``: the device whose push wrote
  revision ``answered_rev`` and received it in the answer.

The feed and the first-pull backfill skip a record for that device while the record is still
at that revision, so a laptop does not download every note it has just uploaded (the "echo").
Any later write raises ``rev`` past ``answered_rev``, so a write path that forgets the pair
can only cause a redundant download, never a missed one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("answered_device_id", sa.String(36), nullable=True))
        batch.add_column(sa.Column("answered_rev", sa.Integer(), nullable=True))


def downgrade() -> None:
    raise RuntimeError("the server schema is never downgraded; restore a backup instead")
