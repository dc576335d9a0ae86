"""a completion's first credit, when it is CME, kept on the completion's own row

Nearly every completion has a CME credit, first; a row of its own per completion made a bulk
load write a third more rows. The credit moves to two columns of the completion
(``cme_points``, ``cme_credit_id``, the Credit ID unique there as it is in its table) when it
is the completion's first credit (lowest id), a CME credit (no board) with no credit type and
no board status — so a record's credits keep their order, and the key PARS knows the record
by (its first Credit ID) stays the same. Any other credit stays a row.

Downgrade puts each back as a row, before the completion's other credits.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 18:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each completion's first credit, when it is one that moves to the row.
_FIRST_CME = (
    "SELECT k.id FROM completion_credit k WHERE k.id IN"
    " (SELECT min(id) FROM completion_credit GROUP BY completion_id)"
    " AND k.board IS NULL AND k.credit_type IS NULL AND k.board_status IS NULL"
)


def upgrade() -> None:
    op.add_column("completion", sa.Column("cme_points", sa.String(length=32), nullable=True))
    op.add_column("completion", sa.Column("cme_credit_id", sa.String(length=40), nullable=True))
    op.execute(f"CREATE TEMP TABLE moving AS {_FIRST_CME}")
    op.execute(
        "UPDATE completion SET (cme_points, cme_credit_id) = (SELECT k.points, k.credit_id"
        " FROM completion_credit k WHERE k.completion_id = completion.id"
        " AND k.id IN (SELECT id FROM moving))"
        " WHERE id IN (SELECT completion_id FROM completion_credit"
        " WHERE id IN (SELECT id FROM moving))"
    )
    op.execute("DELETE FROM completion_credit WHERE id IN (SELECT id FROM moving)")
    op.execute("DROP TABLE moving")
    op.create_index(
        "uq_completion_cme_credit",
        "completion",
        ["cme_credit_id"],
        unique=True,
        sqlite_where=sa.text("cme_credit_id IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_completion_cme_credit", table_name="completion")
    # Back as rows with ids below every other credit of theirs (negative: free, and first).
    op.execute(
        "INSERT INTO completion_credit (id, completion_id, board, points, credit_id)"
        " SELECT -id, id, NULL, cme_points, cme_credit_id FROM completion"
        " WHERE cme_points IS NOT NULL"
    )
    # SQLite's own DROP COLUMN: a batch rebuild would drop the old table, and with it (by
    # ON DELETE CASCADE) every credit.
    op.execute("ALTER TABLE completion DROP COLUMN cme_credit_id")
    op.execute("ALTER TABLE completion DROP COLUMN cme_points")
