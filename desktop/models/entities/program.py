"""The provider, its contacts, and the yearly program summary and agreement (SPEC §2.1, §2.7)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.entities.base import Base


class Provider(Base):
    """The one accredited provider this store reports for. The password is never here."""

    __tablename__ = "provider"
    id: Mapped[int] = mapped_column(primary_key=True)
    accme_provider_id: Mapped[str] = mapped_column(String(7), default="")
    name: Mapped[str] = mapped_column(String(300), default="")
    ws_username: Mapped[str] = mapped_column(String(200), default="")
    # Empty means the embedded practice sandbox; otherwise the PARS web-services base URL.
    endpoint_url: Mapped[str] = mapped_column(String(500), default="")
    ca_bundle: Mapped[str] = mapped_column(String(1000), default="")
    # A state accreditor's own yearly deadline (month and day in the following year); both
    # empty means ACCME's (reporting_year.deadline_for).
    deadline_month: Mapped[int | None] = mapped_column(Integer)
    deadline_day: Mapped[int | None] = mapped_column(Integer)


class Contact(Base):
    __tablename__ = "contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    reviewed_on: Mapped[date | None] = mapped_column(Date)


class ProgramSummary(Base):
    """Yearly income figures in whole dollars; commercial support is computed from activities."""

    __tablename__ = "program_summary"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    advertising_exhibit_income: Mapped[int | None] = mapped_column(Integer)
    registration_fees: Mapped[int | None] = mapped_column(Integer)
    government_grants: Mapped[int | None] = mapped_column(Integer)
    private_donations: Mapped[int | None] = mapped_column(Integer)
    submitted_on: Mapped[date | None] = mapped_column(Date)


class AnnualAgreement(Base):
    __tablename__ = "annual_agreement"
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    accepted_on: Mapped[date] = mapped_column(Date)
    accepted_by: Mapped[str] = mapped_column(String(200))
