"""Learners, their completions and each completion's credits."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.entities.base import Base, DecimalText, UTCDateTime, utcnow


class Learner(Base):
    """A physician learner. Birth month and day only: the year is never stored."""

    __tablename__ = "learner"
    __table_args__ = (
        # No (last_name, first_name) index: search_key is the same names, folded, and the
        # one every name query uses; a second copy only made each insert pay twice.
        Index("ix_learner_search", "search_key"),
        Index("ix_learner_match", "match_status"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    birth_month: Mapped[int | None] = mapped_column(Integer)
    birth_day: Mapped[int | None] = mapped_column(Integer)
    license_state: Mapped[str] = mapped_column(String(2), default="")
    license_number: Mapped[str] = mapped_column(String(50), default="")
    npi: Mapped[str] = mapped_column(String(10), default="")
    # "last first", case-folded: name search is a prefix range on an index, not a scan.
    search_key: Mapped[str | None] = mapped_column(String(210))
    board_ids: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # "given" | "refused" | NULL (not asked yet): it covers every credit reported (SPEC §2.5).
    consent: Mapped[str | None] = mapped_column(String(10))
    consent_date: Mapped[date | None] = mapped_column(Date)
    consent_source: Mapped[str] = mapped_column(String(200), default="")
    match_status: Mapped[str] = mapped_column(String(20), default="not_checked")
    match_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    match_detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    completions: Mapped[list[Completion]] = relationship(back_populates="learner")


class Completion(Base):
    """A learner's completion of an activity. Immutable once submitted (SPEC §2.5)."""

    __tablename__ = "completion"
    __table_args__ = (
        Index("ix_completion_activity", "activity_id"),
        Index("ix_completion_learner", "learner_id"),
        Index("ix_completion_state", "state"),
        # Only corrections have one: a partial index costs a bulk load of new records nothing.
        Index(
            "ix_completion_replaces", "replaces_id", sqlite_where=text("replaces_id IS NOT NULL")
        ),
        # A Credit ID is unique wherever it is kept (see cme_credit_id).
        Index(
            "uq_completion_cme_credit",
            "cme_credit_id",
            unique=True,
            sqlite_where=text("cme_credit_id IS NOT NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("learner.id"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id"))
    completion_date: Mapped[date | None] = mapped_column(Date)
    rems_type: Mapped[str | None] = mapped_column(String(40))
    # draft → queued → submitted → accepted → pending_board → board_accepted | rejected;
    # delete_queued → deleted once PARS confirms a delete.
    state: Mapped[str] = mapped_column(String(20), default="queued")
    state_reason: Mapped[str | None] = mapped_column(Text)
    # PARS's per-field errors for a rejected completion: [{"field", "code", "message"}].
    sync_errors: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("completion.id"))
    # The CME credit, when it is the record's first credit (as nearly every record has it),
    # is kept on the record's own row: a row of its own per completion cost a bulk load of
    # 100,000 records a tenth of its writing (bench/import_bench.py measures both layouts).
    # Every other credit is a CompletionCredit; ``mapping.completion_record`` puts them
    # together again, this one first, so a record's credits and its key keep their order.
    cme_points: Mapped[Decimal | None] = mapped_column(DecimalText)
    cme_credit_id: Mapped[str | None] = mapped_column(String(40))
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    learner: Mapped[Learner] = relationship(back_populates="completions")
    credits: Mapped[list[CompletionCredit]] = relationship(
        cascade="all, delete-orphan", order_by="CompletionCredit.id"
    )


class CompletionCredit(Base):
    """One credit of a completion: one board's MOC points, or a CME credit (``board`` NULL)
    that is not the record's first (the first is on the completion's row)."""

    __tablename__ = "completion_credit"
    __table_args__ = (Index("ix_completion_credit_completion", "completion_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    completion_id: Mapped[int] = mapped_column(ForeignKey("completion.id", ondelete="CASCADE"))
    board: Mapped[str | None] = mapped_column(String(10))
    points: Mapped[Decimal] = mapped_column(DecimalText)
    # The learner's MOC credit type with this board (ABA: "MOCA", then "MOCA Patient Safety").
    credit_type: Mapped[str | None] = mapped_column(String(100))
    # Generated locally, unique and stable: PARS treats a repeated Credit ID as the same record.
    credit_id: Mapped[str] = mapped_column(String(40), unique=True)
    board_status: Mapped[str | None] = mapped_column(String(20))
    board_reason: Mapped[str | None] = mapped_column(Text)


class KeptApart(Base):
    """Two people the user said are not the same person, though name and birthday agree:
    they are no longer shown as "possibly the same person"."""

    __tablename__ = "learner_kept_apart"
    __table_args__ = (UniqueConstraint("first_id", "second_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    # first_id < second_id: one row per pair.
    first_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"))
    second_id: Mapped[int] = mapped_column(ForeignKey("learner.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
