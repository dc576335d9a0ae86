"""indexes for the matching queue and for corrections

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 21:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The background matcher looks for learners "not_checked"; the lists hide the old half of a
    # correction (a completion another one replaces).
    op.create_index("ix_learner_match", "learner", ["match_status"], unique=False)
    op.create_index("ix_completion_replaces", "completion", ["replaces_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_completion_replaces", table_name="completion")
    op.drop_index("ix_learner_match", table_name="learner")
