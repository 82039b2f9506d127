"""Refresh tokens remember their rotation, so a lost refresh answer can be recovered.

Revision ID: 0003
Revises: 0002

* ``device_tokens.rotated_at``: when a refresh token was exchanged.
* ``device_tokens.parent_id``: the refresh token whose exchange issued this token.

With both, a refresh token presented again shortly after its exchange, whose successor was
never exchanged, is answered with a new pair instead of revoking the laptop (RFC 9700
§4.14.2 allows such a grace period); the unused successor becomes a trap that revokes the
family if it ever shows up.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("device_tokens") as batch:
        batch.add_column(sa.Column("rotated_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("parent_id", sa.String(36), nullable=True))
    op.create_index("ix_device_tokens_parent_id", "device_tokens", ["parent_id"])


def downgrade() -> None:
    raise RuntimeError("the server schema is never downgraded; restore a backup instead")
