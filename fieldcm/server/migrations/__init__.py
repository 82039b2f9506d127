"""Alembic environment and hand-written revisions of the server schema."""
