"""Small value checks shared by the activity, learner and completion rules."""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal, InvalidOperation

QUARTER = Decimal("0.25")
_DIGITS = re.compile(r"\d+")


def is_quarter_step(value: Decimal) -> bool:
    """True when ``value`` is a whole multiple of 0.25."""
    try:
        return (value % QUARTER) == 0
    except InvalidOperation:
        return False


def is_whole(value: Decimal) -> bool:
    return value == value.to_integral_value()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's last day (Jan 31 + 1 → Feb 28/29)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def within_months(start: date, end: date, months: int) -> bool:
    """True when ``end`` falls before the same day ``months`` after ``start``.

    A 12-month series started on 2025-01-01 may end on 2025-12-31 but not on 2026-01-01.
    """
    return end < add_months(start, months)


def is_valid_month_day(month: int | None, day: int | None) -> bool:
    """A birth month/day with no year: Feb 29 exists (in leap years), Feb 30 never does."""
    if month is None or day is None or not 1 <= month <= 12:
        return False
    return 1 <= day <= _DAYS_IN_MONTH[month - 1]


# Days of each month in a leap year (Feb 29 is a birthday too); checked for every imported row.
_DAYS_IN_MONTH = tuple(calendar.monthrange(2000, m)[1] for m in range(1, 13))


def is_valid_npi(npi: str) -> bool:
    """NPI: 10 digits whose Luhn check (computed with the 80840 prefix) holds."""
    if len(npi) != 10 or not _DIGITS.fullmatch(npi):
        return False
    return luhn_ok("80840" + npi)


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def npi_check_digit(first_nine: str) -> str:
    """The check digit that makes ``first_nine`` a valid NPI (used to make synthetic NPIs)."""
    for d in "0123456789":
        if luhn_ok("80840" + first_nine + d):
            return d
    raise ValueError(first_nine)  # unreachable: one digit always satisfies Luhn
