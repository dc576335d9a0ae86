"""initial store schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-25 18:37:44.164561
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "annual_agreement",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("accepted_on", sa.Date(), nullable=False),
        sa.Column("accepted_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_annual_agreement")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entity", ["entity", "entity_id"], unique=False)

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=100), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=50), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact")),
    )
    op.create_table(
        "import_batch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.Column("row_count", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_batch")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=50), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_pending", ["sent_at", "entity"], unique=False)

    op.create_table(
        "program_summary",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("advertising_exhibit_income", sa.Integer(), nullable=True),
        sa.Column("registration_fees", sa.Integer(), nullable=True),
        sa.Column("government_grants", sa.Integer(), nullable=True),
        sa.Column("private_donations", sa.Integer(), nullable=True),
        sa.Column("submitted_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_program_summary")),
    )
    op.create_table(
        "provider",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("accme_provider_id", sa.String(length=7), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("ws_username", sa.String(length=200), nullable=False),
        sa.Column("deadline", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider")),
    )
    op.create_table(
        "repeat_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("id_pattern", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repeat_series")),
    )
    op.create_table(
        "activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("provider_activity_id", sa.String(length=50), nullable=False),
        sa.Column("accme_activity_id", sa.String(length=9), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("format", sa.String(length=40), nullable=True),
        sa.Column("delivery_methods", sa.JSON(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=False),
        sa.Column("providership", sa.String(length=10), nullable=True),
        sa.Column("joint_providers", sa.JSON(), nullable=False),
        sa.Column("ama_credits", sa.String(length=32), nullable=True),
        sa.Column("passport", sa.Boolean(), nullable=True),
        sa.Column("activity_url", sa.String(length=2000), nullable=False),
        sa.Column("passport_fee", sa.String(length=30), nullable=True),
        sa.Column("passport_registration", sa.String(length=30), nullable=True),
        sa.Column("commercial_support", sa.Boolean(), nullable=True),
        sa.Column("physician_learners", sa.Integer(), nullable=True),
        sa.Column("other_learners", sa.Integer(), nullable=True),
        sa.Column("commendation_tags", sa.JSON(), nullable=False),
        sa.Column("rems_type", sa.String(length=40), nullable=True),
        sa.Column("rems_grant_id", sa.String(length=50), nullable=False),
        sa.Column("mips", sa.Boolean(), nullable=False),
        sa.Column("internal_id", sa.String(length=100), nullable=False),
        sa.Column("close_requested", sa.Boolean(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("synced_revision", sa.Integer(), nullable=True),
        sa.Column("sync_state", sa.String(length=20), nullable=False),
        sa.Column("sync_error", sa.Text(), nullable=True),
        sa.Column("last_synced_at", sa.DateTime(), nullable=True),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_activity_import_batch_id_import_batch"),
        ),
        sa.ForeignKeyConstraint(
            ["series_id"], ["repeat_series.id"], name=op.f("fk_activity_series_id_repeat_series")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity")),
        sa.UniqueConstraint("accme_activity_id", name=op.f("uq_activity_accme_activity_id")),
        sa.UniqueConstraint("provider_activity_id", name=op.f("uq_activity_provider_activity_id")),
    )
    op.create_table(
        "learner",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column("birth_month", sa.Integer(), nullable=True),
        sa.Column("birth_day", sa.Integer(), nullable=True),
        sa.Column("license_state", sa.String(length=2), nullable=False),
        sa.Column("license_number", sa.String(length=50), nullable=False),
        sa.Column("npi", sa.String(length=10), nullable=False),
        sa.Column("board_ids", sa.JSON(), nullable=False),
        sa.Column("consent_date", sa.Date(), nullable=True),
        sa.Column("consent_source", sa.String(length=200), nullable=False),
        sa.Column("match_status", sa.String(length=20), nullable=False),
        sa.Column("match_checked_at", sa.DateTime(), nullable=True),
        sa.Column("match_detail", sa.JSON(), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_learner_import_batch_id_import_batch"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learner")),
    )
    op.create_table(
        "activity_outcome",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("objective", sa.Boolean(), nullable=False),
        sa.Column("subjective", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_outcome_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_outcome")),
        sa.UniqueConstraint("activity_id", "measure", name=op.f("uq_activity_outcome_activity_id")),
    )
    op.create_table(
        "activity_support_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_activity_support_source_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activity_support_source")),
    )
    op.create_table(
        "completion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("completion_date", sa.Date(), nullable=True),
        sa.Column("rems_type", sa.String(length=40), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("state_reason", sa.Text(), nullable=True),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"], ["activity.id"], name=op.f("fk_completion_activity_id_activity")
        ),
        sa.ForeignKeyConstraint(
            ["import_batch_id"],
            ["import_batch.id"],
            name=op.f("fk_completion_import_batch_id_import_batch"),
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learner.id"], name=op.f("fk_completion_learner_id_learner")
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"], ["completion.id"], name=op.f("fk_completion_replaces_id_completion")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_completion")),
    )
    op.create_table(
        "enduring_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("physician_learners", sa.Integer(), nullable=False),
        sa.Column("other_learners", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_enduring_count_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enduring_count")),
        sa.UniqueConstraint("activity_id", "year", name=op.f("uq_enduring_count_activity_id")),
    )
    op.create_table(
        "moc_registration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("board", sa.String(length=10), nullable=False),
        sa.Column("attested", sa.Boolean(), nullable=False),
        sa.Column("points", sa.String(length=32), nullable=True),
        sa.Column("credit_types", sa.JSON(), nullable=False),
        sa.Column("practice_areas", sa.JSON(), nullable=False),
        sa.Column("content_area", sa.String(length=200), nullable=False),
        sa.Column("internal_id", sa.String(length=100), nullable=False),
        sa.Column("fee", sa.String(length=30), nullable=True),
        sa.Column("registration", sa.String(length=30), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("credit_claim_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activity.id"],
            name=op.f("fk_moc_registration_activity_id_activity"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moc_registration")),
        sa.UniqueConstraint("activity_id", "board", name=op.f("uq_moc_registration_activity_id")),
    )
    op.create_table(
        "completion_credit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("completion_id", sa.Integer(), nullable=False),
        sa.Column("board", sa.String(length=10), nullable=True),
        sa.Column("points", sa.String(length=32), nullable=False),
        sa.Column("credit_id", sa.String(length=40), nullable=False),
        sa.Column("board_status", sa.String(length=20), nullable=True),
        sa.Column("board_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["completion_id"],
            ["completion.id"],
            name=op.f("fk_completion_credit_completion_id_completion"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_completion_credit")),
        sa.UniqueConstraint("credit_id", name=op.f("uq_completion_credit_credit_id")),
    )


def downgrade() -> None:
    op.drop_table("completion_credit")
    op.drop_table("moc_registration")
    op.drop_table("enduring_count")
    op.drop_table("completion")
    op.drop_table("activity_support_source")
    op.drop_table("activity_outcome")
    op.drop_table("learner")
    op.drop_table("activity")
    op.drop_table("repeat_series")
    op.drop_table("provider")
    op.drop_table("program_summary")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_pending")

    op.drop_table("outbox")
    op.drop_table("import_batch")
    op.drop_table("contact")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entity")

    op.drop_table("audit_log")
    op.drop_table("annual_agreement")
