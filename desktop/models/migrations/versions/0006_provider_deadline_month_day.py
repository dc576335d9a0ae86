"""a provider's own yearly deadline as a month and day

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 21:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A deadline recurs every year: a month and day, not one timestamp (never set until now).
    with op.batch_alter_table("provider", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deadline_month", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("deadline_day", sa.Integer(), nullable=True))
        batch_op.drop_column("deadline")


def downgrade() -> None:
    with op.batch_alter_table("provider", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deadline", sa.DateTime(), nullable=True))
        batch_op.drop_column("deadline_day")
        batch_op.drop_column("deadline_month")
