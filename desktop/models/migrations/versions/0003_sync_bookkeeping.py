"""sync bookkeeping: PARS versions, conflicts, endpoint

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 18:56:38.895869
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.add_column(sa.Column("server_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("conflict_document", sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column("conflict_version", sa.Integer(), nullable=True))

    with op.batch_alter_table("completion", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sync_errors", sa.JSON(), nullable=False, server_default="[]")
        )

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_entity", ["entity", "entity_id"], unique=False)

    with op.batch_alter_table("provider", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("endpoint_url", sa.String(length=500), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("ca_bundle", sa.String(length=1000), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_entity")

    with op.batch_alter_table("completion", schema=None) as batch_op:
        batch_op.drop_column("sync_errors")

    with op.batch_alter_table("completion", schema=None) as batch_op:
        batch_op.drop_column("sync_errors")

    with op.batch_alter_table("provider", schema=None) as batch_op:
        batch_op.drop_column("ca_bundle")
        batch_op.drop_column("endpoint_url")

    with op.batch_alter_table("activity", schema=None) as batch_op:
        batch_op.drop_column("conflict_version")
        batch_op.drop_column("conflict_document")
        batch_op.drop_column("server_version")
