"""Alembic environment: runs inside the transaction ``fieldcm.store.migrations`` opened."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
# SQLite runs DDL inside transactions; the caller's BEGIN IMMEDIATE covers every revision,
# so an upgrade either completes or leaves the file exactly as it was.
context.configure(connection=connection, target_metadata=None, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
