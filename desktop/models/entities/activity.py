"""Activities with their child rows, repeat series and enduring-material yearly counts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.entities.base import Base, DecimalText, UTCDateTime, utcnow
from desktop.models.sync_states import SyncState


class RepeatSeries(Base):
    """One content definition repeated as N linked activities (SPEC §2.4)."""

    __tablename__ = "repeat_series"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    id_pattern: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    activities: Mapped[list[Activity]] = relationship(back_populates="series")


class Activity(Base):
    """A CME activity with every field of SPEC §2.2 and its sync bookkeeping."""

    __tablename__ = "activity"
    __table_args__ = (
        Index("ix_activity_start_date", "start_date"),
        Index("ix_activity_sync_state", "sync_state"),
        Index("ix_activity_series", "series_id"),
        Index("ix_activity_rule_level", "rule_level", "end_date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    provider_activity_id: Mapped[str] = mapped_column(String(50), unique=True)
    accme_activity_id: Mapped[str | None] = mapped_column(String(9), unique=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[str | None] = mapped_column(String(40))
    delivery_methods: Mapped[list[str]] = mapped_column(JSON, default=list)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    city: Mapped[str] = mapped_column(String(100), default="")
    state: Mapped[str] = mapped_column(String(2), default="")
    country: Mapped[str] = mapped_column(String(3), default="")
    providership: Mapped[str | None] = mapped_column(String(10))
    joint_providers: Mapped[list[str]] = mapped_column(JSON, default=list)
    ama_credits: Mapped[Decimal | None] = mapped_column(DecimalText)
    passport: Mapped[bool | None] = mapped_column(Boolean)
    activity_url: Mapped[str] = mapped_column(String(2000), default="")
    passport_fee: Mapped[str | None] = mapped_column(String(30))
    passport_registration: Mapped[str | None] = mapped_column(String(30))
    commercial_support: Mapped[bool | None] = mapped_column(Boolean)
    physician_learners: Mapped[int | None] = mapped_column(Integer)
    other_learners: Mapped[int | None] = mapped_column(Integer)
    commendation_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    rems_type: Mapped[str | None] = mapped_column(String(40))
    rems_grant_id: Mapped[str] = mapped_column(String(50), default="")
    mips: Mapped[bool] = mapped_column(Boolean, default=False)
    internal_id: Mapped[str] = mapped_column(String(100), default="")
    close_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    # rules.rule_level of the stored fields, kept current by every write (SQL status filter).
    rule_level: Mapped[int | None] = mapped_column(Integer)

    series_id: Mapped[int | None] = mapped_column(ForeignKey("repeat_series.id"))
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Local edits bump ``revision``; a sync records the revision PARS has, so "edited since the
    # last sync" is ``revision != synced_revision`` with no guessing from timestamps.
    revision: Mapped[int] = mapped_column(Integer, default=1)
    synced_revision: Mapped[int | None] = mapped_column(Integer)
    sync_state: Mapped[str] = mapped_column(String(20), default=SyncState.NEVER_SYNCED.value)
    sync_error: Mapped[str | None] = mapped_column(Text)
    last_synced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # PARS's version counter of the record as of our last sync; a pull that finds another
    # version knows PARS changed it since.
    server_version: Mapped[int | None] = mapped_column(Integer)
    # The status (rules.Status value) of the version PARS last accepted: completions wait
    # until PARS holds the activity as Active or later (SPEC §2.5).
    pars_level: Mapped[int | None] = mapped_column(Integer)
    # When PARS and the coordinator both changed the record: PARS's side, kept for the user.
    conflict_document: Mapped[bytes | None] = mapped_column(LargeBinary)
    conflict_version: Mapped[int | None] = mapped_column(Integer)
    # A synced activity is deleted only once PARS confirms; until then it is marked here.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    series: Mapped[RepeatSeries | None] = relationship(back_populates="activities")
    support_sources: Mapped[list[SupportSourceRow]] = relationship(
        cascade="all, delete-orphan", order_by="SupportSourceRow.position"
    )
    outcomes: Mapped[list[ActivityOutcome]] = relationship(
        cascade="all, delete-orphan", order_by="ActivityOutcome.id"
    )
    moc_registrations: Mapped[list[MocRegistrationRow]] = relationship(
        cascade="all, delete-orphan", order_by="MocRegistrationRow.board"
    )
    enduring_counts: Mapped[list[EnduringCount]] = relationship(
        cascade="all, delete-orphan", order_by="EnduringCount.year"
    )


class SupportSourceRow(Base):
    __tablename__ = "activity_support_source"
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(10))
    amount: Mapped[int | None] = mapped_column(Integer)


class ActivityOutcome(Base):
    __tablename__ = "activity_outcome"
    __table_args__ = (UniqueConstraint("activity_id", "measure"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    measure: Mapped[str] = mapped_column(String(40))
    objective: Mapped[bool] = mapped_column(Boolean, default=False)
    subjective: Mapped[bool] = mapped_column(Boolean, default=False)


class MocRegistrationRow(Base):
    __tablename__ = "moc_registration"
    __table_args__ = (UniqueConstraint("activity_id", "board"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    board: Mapped[str] = mapped_column(String(10))
    attested: Mapped[bool] = mapped_column(Boolean, default=False)
    points: Mapped[Decimal | None] = mapped_column(DecimalText)
    credit_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    practice_areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    content_area: Mapped[str] = mapped_column(String(200), default="")
    internal_id: Mapped[str] = mapped_column(String(100), default="")
    fee: Mapped[str | None] = mapped_column(String(30))
    registration: Mapped[str | None] = mapped_column(String(30))
    url: Mapped[str] = mapped_column(String(2000), default="")
    credit_claim_date: Mapped[date | None] = mapped_column(Date)


class ImportMarker(Base):
    """A value an import filled in (or left for the user to choose), not yet reviewed (SPEC §7.1).

    The row goes when the user confirms the value or changes the field.
    """

    __tablename__ = "activity_import_marker"
    __table_args__ = (UniqueConstraint("activity_id", "field"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(40))  # an ActivityRecord field name
    kind: Mapped[str] = mapped_column(String(20))  # importing.assigned.Marker
    note: Mapped[str] = mapped_column(String(300), default="")


class EnduringCount(Base):
    """Cumulative learners of an enduring material as of Dec 31 of one year (SPEC M5)."""

    __tablename__ = "enduring_count"
    __table_args__ = (UniqueConstraint("activity_id", "year"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activity.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    physician_learners: Mapped[int] = mapped_column(Integer)
    other_learners: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
