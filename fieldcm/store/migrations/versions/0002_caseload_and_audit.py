"""Caseload index and the local audit queue.

Revision ID: 0002
Revises: 0001

* ``records.is_contact`` with a partial index on ``(client_id, occurred_at)``: the caseload's
  "last contact" per client becomes one index seek instead of a scan of the client's notes.
  Existing rows are backfilled from the kinds that counted as a contact when this revision
  was written (frozen here: a later change to the kinds needs its own revision).
* ``client_summary``: one narrow row per client (names, risk tier, program, open flags, last
  and next contact as of when it was computed), kept current by the store on every write
  of a client, alert or contact record, so the caseload reads 5,000 small rows instead of
  5,000 JSON documents scattered among the notes. Backfilled here from the records.
* ``local_audit``: reads and edits made offline, queued with their original time for the
  server's audit log.

Frozen: never edit this file; add a revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CONTACT_KINDS_AT_0002 = ("encounter", "note")
BACKFILL_SUMMARY = """
WITH t0(at) AS (SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
INSERT INTO client_summary
    (client_id, preferred_name, legal_name, risk_tier, program, open_flags,
     last_contact_at, next_contact_at)
SELECT c.client_id,
       json_extract(c.fields, '$.preferred_name'),
       json_extract(c.fields, '$.legal_name'),
       json_extract(c.fields, '$.risk_tier'),
       json_extract(c.fields, '$.program'),
       (SELECT count(*) FROM records a
         WHERE a.client_id = c.client_id AND a.kind = 'alert' AND a.deleted = 0
           AND json_extract(a.fields, '$.type') <> 'acknowledgement'
           AND NOT EXISTS (
               SELECT 1 FROM records k
                WHERE k.client_id = a.client_id AND k.kind = 'alert' AND k.deleted = 0
                  AND json_extract(k.fields, '$.type') = 'acknowledgement'
                  AND json_extract(k.fields, '$.source_id') = a.id)),
       (SELECT max(r.occurred_at) FROM records r
         WHERE r.client_id = c.client_id AND r.is_contact = 1 AND r.deleted = 0
           AND r.occurred_at <= (SELECT at FROM t0)),
       (SELECT min(r.occurred_at) FROM records r
         WHERE r.client_id = c.client_id AND r.is_contact = 1 AND r.deleted = 0
           AND r.occurred_at > (SELECT at FROM t0))
  FROM records c
 WHERE c.kind = 'client' AND c.deleted = 0
"""


def upgrade() -> None:
    op.add_column(
        "records",
        sa.Column("is_contact", sa.Boolean(), nullable=False, server_default=sa.text("0")),
    )
    records = sa.table("records", sa.column("kind", sa.String()), sa.column("is_contact"))
    op.execute(
        records.update()
        .where(records.c.kind.in_(CONTACT_KINDS_AT_0002))
        .values(is_contact=sa.true())
    )
    op.create_index(
        "ix_records_contacts",
        "records",
        ["client_id", "occurred_at"],
        sqlite_where=sa.text("is_contact = 1 AND deleted = 0"),
    )
    op.create_table(
        "client_summary",
        sa.Column("client_id", sa.String(36), primary_key=True),
        sa.Column("preferred_name", sa.Text(), nullable=True),
        sa.Column("legal_name", sa.Text(), nullable=True),
        sa.Column("risk_tier", sa.Text(), nullable=True),
        sa.Column("program", sa.Text(), nullable=True),
        sa.Column("open_flags", sa.Integer(), nullable=False, server_default=sa.text("0")),
        sa.Column("last_contact_at", sa.String(40), nullable=True),
        sa.Column("next_contact_at", sa.String(40), nullable=True),
    )
    op.execute(BACKFILL_SUMMARY)
    op.create_table(
        "local_audit",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("client_id", sa.String(36), nullable=True),
        sa.Column("record_id", sa.String(36), nullable=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    raise NotImplementedError("the local store never downgrades: it would drop unsynced work")
