"""consent given/refused, a completion's MOC credit type, the status PARS holds an activity at

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-30 15:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("learner", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consent", sa.String(length=10), nullable=True))
    # Until now only a date was kept, and a date was only ever entered for a consent given.
    op.execute("UPDATE learner SET consent = 'given' WHERE consent_date IS NOT NULL")
    with op.batch_alter_table("completion_credit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("credit_type", sa.String(length=100), nullable=True))
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pars_level", sa.Integer(), nullable=True))
    # Stores synced before this kept no PARS status: the level of the fields as they are is
    # the best guess (the next accepted push replaces it with the level PARS took).
    op.execute(
        "UPDATE activity SET pars_level = rule_level "
        "WHERE accme_activity_id IS NOT NULL AND synced_revision IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_column("pars_level")
    with op.batch_alter_table("completion_credit", schema=None) as batch_op:
        batch_op.drop_column("credit_type")
    with op.batch_alter_table("learner", schema=None) as batch_op:
        batch_op.drop_column("consent")
