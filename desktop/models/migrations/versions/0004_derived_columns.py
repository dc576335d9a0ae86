"""derived columns for SQL status filter and name search

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 19:07:55.202725
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rule_level", sa.Integer(), nullable=True))
        batch_op.create_index("ix_activity_rule_level", ["rule_level", "end_date"], unique=False)

    with op.batch_alter_table("learner", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_key", sa.String(length=210), nullable=True))
        batch_op.create_index("ix_learner_search", ["search_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("learner", schema=None) as batch_op:
        batch_op.drop_index("ix_learner_search")
        batch_op.drop_column("search_key")

    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_rule_level")
        batch_op.drop_column("rule_level")
