"""a completion's state is its pending work: no outbox row per completion; and the
index of corrections covers corrections only

The sync has always chosen which completions to send by their state (queued, submitted,
delete_queued) and sent them under their Credit IDs; the outbox row written beside every
completion only repeated that, and cost a bulk import a quarter of its writing. The rows go;
the outbox keeps activities' work. A completion's refusal stays where the views read it
(its state, reason and errors).

``ix_completion_replaces`` becomes partial (``replaces_id IS NOT NULL``): only corrections
have a value, so a bulk load of new records no longer builds or maintains an entry per row.
Lookups by ``replaces_id = ?`` (and foreign-key checks) use it as before.

Downgrade writes an unsent outbox row again for every completion still waiting to go (and a
sent one for the others), so an older build finds what it expects.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 17:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# What an older build's outbox held for a completion: its first Credit ID, or this form.
_KEY = (
    "COALESCE((SELECT k.credit_id FROM completion_credit k WHERE k.completion_id = c.id"
    " ORDER BY k.id LIMIT 1), 'completion-' || c.id)"
)


def upgrade() -> None:
    op.execute("DELETE FROM outbox WHERE entity = 'completion'")
    op.drop_index("ix_completion_replaces", table_name="completion")
    op.create_index(
        "ix_completion_replaces",
        "completion",
        ["replaces_id"],
        sqlite_where=sa.text("replaces_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_completion_replaces", table_name="completion")
    op.create_index("ix_completion_replaces", "completion", ["replaces_id"])
    op.execute(
        "INSERT INTO outbox (entity, entity_id, key, action, created_at, sent_at, attempts)"
        f" SELECT 'completion', c.id, {_KEY},"
        " CASE WHEN c.state IN ('delete_queued', 'deleted') THEN 'delete' ELSE 'add' END,"
        " c.updated_at,"
        " CASE WHEN c.state IN ('queued', 'submitted', 'delete_queued', 'draft', 'held')"
        " THEN NULL ELSE c.updated_at END,"
        " 0 FROM completion c"
    )
