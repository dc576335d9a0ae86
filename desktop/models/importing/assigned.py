"""Values an import fills in that the file did not hold, and the end dates it may assign.

ACCME's November 2021 migration of legacy records (SPEC §7.1) is the model: one-day live
formats take their activity date as the end date; every other format ends on December 31 of
its reporting year, kept within the format's own limit. Anything else a file does not say is
left for the coordinator to choose, never guessed. Every such value is stored as a marker on
the activity until the coordinator confirms or changes it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from desktop.models.reference import ActivityFormat
from desktop.models.rules.checks import add_months


class Marker(StrEnum):
    ASSIGNED = "assigned"  # filled in by the import: confirm or change it
    CHOOSE = "needs_choice"  # the file does not say: the coordinator has to choose


@dataclass(frozen=True)
class ReviewMarker:
    """One field an import filled in (or left to choose), as the editor shows it."""

    field: str
    kind: Marker
    note: str


# Live formats held on one day: a missing end date is the start date. A Regularly Scheduled
# Series is live too, but runs over many sessions, so it is not here.
ONE_DAY_FORMATS = frozenset({"course"})

# The fields an import may fill in, as named on screen; the keys are ActivityRecord fields.
FIELD_LABELS = {
    "end_date": "End date",
    "description": "Description",
    "delivery_methods": "Delivery",
    "outcomes": "Outcomes measured",
    "passport": "CME Passport",
}


def takes_start_as_end(fmt: ActivityFormat | None) -> bool:
    """Only a one-day live format may take its start date as its end date."""
    return fmt is not None and fmt.code in ONE_DAY_FORMATS


def migrated_end_date(fmt: ActivityFormat, start: date, reporting_year: int | None) -> date:
    """The end date ACCME's 2021 migration gave an activity that had none.

    One-day live formats: the activity date. Others: Dec 31 of the reporting year (the start's
    year when the template does not say, or says a year before the start), never past the
    format's limit (RSS 12 months, enduring 3 years from the start).
    """
    if takes_start_as_end(fmt):
        return start
    year = reporting_year if reporting_year and reporting_year >= start.year else start.year
    end = date(year, 12, 31)
    if fmt.max_months is not None:
        # within_months allows up to the day before the same day `max_months` later.
        end = min(end, add_months(start, fmt.max_months) - timedelta(days=1))
    return end
