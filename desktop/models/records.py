"""Plain, frozen records: what the status engine validates and what the UI receives.

They carry no database state, so the editor, the import, the CLI, the sync and the sandbox
share one set of rules over one shape of data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Providership(StrEnum):
    DIRECT = "direct"
    JOINT = "joint"


class Consent(StrEnum):
    """A learner's answer to "may we report your credit?" (SPEC §2.5)."""

    GIVEN = "given"
    REFUSED = "refused"


class SupportKind(StrEnum):
    MONETARY = "monetary"
    IN_KIND = "in_kind"


@dataclass(frozen=True)
class SupportSource:
    """One commercial supporter: a whole-dollar monetary amount, or in-kind."""

    source: str
    kind: SupportKind
    amount: int | None = None


@dataclass(frozen=True)
class Outcome:
    """A measured outcome, measured objectively and/or subjectively."""

    measure: str
    objective: bool = False
    subjective: bool = False


@dataclass(frozen=True)
class MocRegistration:
    """An activity's registration with one certifying board."""

    board: str
    attested: bool = False
    points: Decimal | None = None
    credit_types: tuple[str, ...] = ()
    practice_areas: tuple[str, ...] = ()
    content_area: str = ""
    internal_id: str = ""
    fee: str | None = None
    registration: str | None = None
    url: str = ""
    credit_claim_date: date | None = None


@dataclass(frozen=True)
class EnduringCountRecord:
    """An enduring material's cumulative learners as of Dec 31 of ``year``."""

    year: int
    physician_learners: int
    other_learners: int


@dataclass(frozen=True)
class ActivityRecord:
    """Every field of an activity (SPEC §2.2), as the engine and the contract see it."""

    provider_activity_id: str = ""
    accme_activity_id: str | None = None
    title: str = ""
    description: str = ""
    format: str | None = None
    delivery_methods: tuple[str, ...] = ()
    start_date: date | None = None
    end_date: date | None = None
    city: str = ""
    state: str = ""
    country: str = ""
    providership: Providership | None = None
    joint_providers: tuple[str, ...] = ()
    ama_credits: Decimal | None = None
    passport: bool | None = None
    activity_url: str = ""
    passport_fee: str | None = None
    passport_registration: str | None = None
    commercial_support: bool | None = None
    support_sources: tuple[SupportSource, ...] = ()
    physician_learners: int | None = None
    other_learners: int | None = None
    outcomes: tuple[Outcome, ...] = ()
    commendation_tags: tuple[str, ...] = ()
    moc: tuple[MocRegistration, ...] = ()
    rems_type: str | None = None
    rems_grant_id: str = ""
    mips: bool = False
    internal_id: str = ""
    close_requested: bool = False
    # Enduring materials: cumulative learners as of Dec 31 of each year, oldest first (SPEC M5).
    enduring_counts: tuple[EnduringCountRecord, ...] = ()

    def moc_for(self, board: str) -> MocRegistration | None:
        return next((m for m in self.moc if m.board == board), None)


@dataclass(frozen=True)
class LearnerRecord:
    """A physician learner's identity (SPEC §2.5). Birth month and day only, never a year."""

    first_name: str = ""
    last_name: str = ""
    birth_month: int | None = None
    birth_day: int | None = None
    license_state: str = ""
    license_number: str = ""
    npi: str = ""
    board_ids: dict[str, str] = field(default_factory=dict)
    consent: Consent | None = None  # None: not asked yet
    consent_date: date | None = None
    consent_source: str = ""

    def __post_init__(self) -> None:
        # A consent date alone was how a consent given was recorded before given/refused:
        # reading it as "given" keeps every older caller and store meaning what it meant.
        if self.consent is None and self.consent_date is not None:
            object.__setattr__(self, "consent", Consent.GIVEN)
        elif isinstance(self.consent, str) and not isinstance(self.consent, Consent):
            object.__setattr__(self, "consent", Consent(self.consent))


@dataclass(frozen=True)
class CreditRecord:
    """One credit of a completion: ``board`` is None for CME, else the board's code."""

    board: str | None
    points: Decimal
    credit_id: str = ""
    # MOC only: the learner's credit type with the board (one of the board's credit types).
    credit_type: str | None = None


@dataclass(frozen=True)
class CompletionRecord:
    """A learner's completion of an activity, with one credit per CME/board."""

    completion_date: date | None = None
    credits: tuple[CreditRecord, ...] = ()
    rems_type: str | None = None

    def cme(self) -> CreditRecord | None:
        return next((c for c in self.credits if c.board is None), None)


@dataclass(frozen=True)
class ProviderRecord:
    accme_provider_id: str = ""
    name: str = ""
    ws_username: str = ""
    endpoint_url: str = ""  # empty: the embedded practice sandbox
    ca_bundle: str = ""
    deadline_month: int | None = None  # both None: ACCME's deadline
    deadline_day: int | None = None

    @property
    def practice_mode(self) -> bool:
        return not self.endpoint_url


@dataclass(frozen=True)
class ProgramSummaryRecord:
    """A year's program income in whole dollars (SPEC §2.7); None means not answered yet."""

    advertising_exhibit_income: int | None = None
    registration_fees: int | None = None
    government_grants: int | None = None
    private_donations: int | None = None
    submitted_on: date | None = None  # when the coordinator submitted it in PARS

    @property
    def complete(self) -> bool:
        return None not in (
            self.advertising_exhibit_income,
            self.registration_fees,
            self.government_grants,
            self.private_donations,
        )


@dataclass(frozen=True)
class AgreementRecord:
    accepted_on: date
    accepted_by: str


@dataclass(frozen=True)
class ContactRecord:
    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    reviewed_on: date | None = None


_new = object.__new__
_set = object.__setattr__


def checked_learner(
    first_name: str,
    last_name: str,
    birth_month: int | None,
    birth_day: int | None,
    license_state: str,
    license_number: str,
    npi: str,
    board_ids: dict[str, str],
    consent: Consent | None,
    consent_date: date | None,
    consent_source: str,
) -> LearnerRecord:
    """``LearnerRecord(...)`` of values already as its ``__post_init__`` leaves them (consent a
    ``Consent`` or None, and given whenever a consent date is recorded): equal to it, built
    without a frozen assignment per field. The import builds one per row, 100,000 at a time,
    where the dataclass's own ``__init__`` was a fifth of the check."""
    record = _new(LearnerRecord)
    _set(
        record,
        "__dict__",
        {
            "first_name": first_name,
            "last_name": last_name,
            "birth_month": birth_month,
            "birth_day": birth_day,
            "license_state": license_state,
            "license_number": license_number,
            "npi": npi,
            "board_ids": board_ids,
            "consent": consent,
            "consent_date": consent_date,
            "consent_source": consent_source,
        },
    )
    return record
