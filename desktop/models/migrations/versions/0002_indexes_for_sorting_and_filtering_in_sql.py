"""indexes for sorting and filtering in SQL

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 18:37:55.284710
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.create_index("ix_activity_series", ["series_id"], unique=False)
        batch_op.create_index("ix_activity_start_date", ["start_date"], unique=False)
        batch_op.create_index("ix_activity_sync_state", ["sync_state"], unique=False)

    with op.batch_alter_table("completion", schema=None) as batch_op:
        batch_op.create_index("ix_completion_activity", ["activity_id"], unique=False)
        batch_op.create_index("ix_completion_learner", ["learner_id"], unique=False)
        batch_op.create_index("ix_completion_state", ["state"], unique=False)

    with op.batch_alter_table("completion_credit", schema=None) as batch_op:
        batch_op.create_index("ix_completion_credit_completion", ["completion_id"], unique=False)

    with op.batch_alter_table("learner", schema=None) as batch_op:
        batch_op.create_index("ix_learner_name", ["last_name", "first_name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("learner", schema=None) as batch_op:
        batch_op.drop_index("ix_learner_name")

    with op.batch_alter_table("completion_credit", schema=None) as batch_op:
        batch_op.drop_index("ix_completion_credit_completion")

    with op.batch_alter_table("completion", schema=None) as batch_op:
        batch_op.drop_index("ix_completion_state")
        batch_op.drop_index("ix_completion_learner")
        batch_op.drop_index("ix_completion_activity")

    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_index("ix_activity_sync_state")
        batch_op.drop_index("ix_activity_start_date")
        batch_op.drop_index("ix_activity_series")
