"""What a copy of an activity carries over (SPEC M3) — chosen by the coordinator, group by group.

Never carried: the Provider Activity ID (a new one is made), the ACCME Activity ID, learners,
learner counts, the yearly enduring counts and the request to close: a copy is a new activity.
Next year's edition carries content, not money or results: commercial support and outcome
measures are offered unticked (``DEFAULT_CARRY``), to be answered afresh for the new year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from desktop.models.fields import copy_fields
from desktop.models.records import ActivityRecord


@dataclass(frozen=True)
class CarryGroup:
    key: str
    label: str
    carried_by_default: bool = True

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields it carries: those the field registry puts in this group."""
        return copy_fields(self.key)


CARRY_GROUPS = (
    CarryGroup("content", "Title and description"),
    CarryGroup("format", "Format and delivery methods"),
    CarryGroup("credits", "AMA PRA Category 1 Credit™"),
    CarryGroup("providership", "Providership and joint providers"),
    CarryGroup("passport", "CME Passport (URL, fee, registration)"),
    CarryGroup("support", "Commercial support", False),
    CarryGroup("outcomes", "Outcome measures", False),
    CarryGroup("tags", "Commendation tags"),
    CarryGroup("moc", "MOC registrations"),
    CarryGroup("rems_mips", "REMS and MIPS"),
    CarryGroup("internal_id", "Internal ID"),
)
ALL_GROUPS = frozenset(g.key for g in CARRY_GROUPS)
DEFAULT_CARRY = frozenset(g.key for g in CARRY_GROUPS if g.carried_by_default)
# Content a repeat series shares: every carried field. Dates, location, IDs and counts are each
# instance's own.
SHARED_FIELDS = frozenset(f for g in CARRY_GROUPS for f in g.fields)


@dataclass(frozen=True)
class Placement:
    """Where and when a new activity (or a series instance) happens."""

    start_date: date | None
    end_date: date | None
    city: str = ""
    state: str = ""
    country: str = ""


def copied_record(
    source: ActivityRecord, carry: frozenset[str], where: Placement
) -> ActivityRecord:
    """A new activity: the chosen groups of ``source``, the new dates and place, nothing else."""
    unknown = carry - ALL_GROUPS
    if unknown:
        raise ValueError(f"unknown groups to carry over: {sorted(unknown)}")
    values = {f: getattr(source, f) for g in CARRY_GROUPS if g.key in carry for f in g.fields}
    record = ActivityRecord(
        **values,
        start_date=where.start_date,
        end_date=where.end_date,
        city=where.city,
        state=where.state,
        country=where.country,
    )
    if "moc" in carry and source.start_date and where.start_date:
        # The boards' credit-claim deadlines move with the activity.
        shift = where.start_date - source.start_date
        record = replace(
            record,
            moc=tuple(
                replace(m, credit_claim_date=_moved(m.credit_claim_date, shift)) for m in record.moc
            ),
        )
    return record


def instance_ids(prefix: str, count: int) -> list[str]:
    """Readable Provider Activity IDs: ``GR2026-01`` … ``GR2026-10`` (wider for 100 or more)."""
    width = max(2, len(str(count)))
    return [f"{prefix}{n:0{width}d}" for n in range(1, count + 1)]


def _moved(day: date | None, shift: timedelta) -> date | None:
    return None if day is None else day + shift


def next_edition_title(title: str, from_year: int | None, to_year: int) -> str:
    """The copy's suggested title: the source's year, where the title names it, becomes the new
    one ("Cardiology Update 2026" → "Cardiology Update 2027"); other numbers stay."""
    if from_year is None or from_year == to_year:
        return title
    return re.sub(rf"(?<!\d){from_year}(?!\d)", str(to_year), title)
