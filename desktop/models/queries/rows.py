"""The plain rows and filters of the list queries (no SQL here: the UI imports these)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from desktop.models.rules import Status


@dataclass(frozen=True)
class ActivityFilter:
    text: str = ""
    status: Status | None = None
    format: str | None = None
    year: int | None = None
    # Only activities with values an import filled in that nobody has reviewed yet.
    unreviewed: bool = False


@dataclass(frozen=True)
class ActivityRow:
    id: int
    provider_activity_id: str
    accme_activity_id: str | None
    title: str
    format: str | None
    start_date: date | None
    end_date: date | None
    status: Status
    ama_credits: Decimal | None
    sync_state: str


SORT_COLUMNS = (
    "provider_activity_id",
    "accme_activity_id",
    "title",
    "format",
    "start_date",
    "end_date",
    "status",
    "ama_credits",
    "sync_state",
)


@dataclass(frozen=True)
class CompletionRow:
    completion_id: int
    learner_id: int
    activity_id: int
    first_name: str
    last_name: str
    birth_month: int | None
    birth_day: int | None
    license_state: str
    license_number: str
    npi: str
    board_ids: dict[str, str]
    consent_date: date | None
    match_status: str
    provider_activity_id: str
    activity_title: str
    completion_date: date | None
    state: str
    state_reason: str | None
    errors: tuple[dict[str, str], ...]
    credits: dict[str, Decimal] = field(default_factory=dict)  # "CME" or board → points
    replaces_id: int | None = None  # set on a correction: the submitted record it replaces
    consent: str | None = None  # "given" | "refused" | None (not asked yet)
    credit_types: dict[str, str] = field(default_factory=dict)  # board → the learner's type
