"""What a person types into a date or number field, read strictly (pure Python, no Qt).

Each parser returns the value (None for an empty field) or raises ``ValueError`` with a
sentence the field shows. Nothing is rounded or guessed: "2/30/2026" is an error, not March 2.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from desktop.models.coerce import MONTH_NAMES

# M/D/YY, M/D/YYYY (also with - or .) and ISO YYYY-MM-DD.
_US = re.compile(r"(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTHS = MONTH_NAMES


def parse_typed_date(text: str) -> date | None:
    """A date from MM/DD/YYYY, M/D/YY, M/D/YYYY or YYYY-MM-DD; None when empty."""
    text = text.strip()
    if not text:
        return None
    iso = _ISO.fullmatch(text)
    us = _US.fullmatch(text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    elif us:
        month, day, year = (int(g) for g in us.groups())
        if len(us.group(3)) == 2:
            # Two-digit years are this century: CME dates are never in the 1900s.
            year += 2000
    else:
        raise ValueError(f"“{text}” is not a date: type it as MM/DD/YYYY.")
    if not 1 <= month <= 12:
        raise ValueError(f"“{text}” is not a date: there is no month {month}.")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(
            f"“{text}” is not a date: {_MONTHS[month - 1]} {year} has no day {day}."
        ) from None


def parse_typed_decimal(text: str) -> Decimal | None:
    """A number as typed: "1.5", ".75", "12,500", "$1,200.50"; None when empty."""
    cleaned = text.strip().replace("$", "").replace(" ", "")
    if not cleaned:
        return None
    # Thousands separators only where they belong: "1,5" is a typo, not 15.
    if "," in cleaned and not re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d*)?", cleaned):
        raise ValueError(f"“{text.strip()}” is not a number.")
    try:
        value = Decimal(cleaned.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"“{text.strip()}” is not a number.") from None
    if not value.is_finite():
        raise ValueError(f"“{text.strip()}” is not a number.")
    if value < 0:
        raise ValueError(f"“{text.strip()}” is less than 0.")
    return value.normalize() if value == value.to_integral_value() else value


def parse_typed_count(text: str) -> int | None:
    """A whole number as typed ("12,500"); None when empty."""
    value = parse_typed_decimal(text)
    if value is None:
        return None
    if value != value.to_integral_value():
        raise ValueError(f"“{text.strip()}” is not a whole number.")
    return int(value)


def off_step(value: Decimal, step: Decimal) -> bool:
    """True when ``value`` is not a whole multiple of ``step`` (PARS refuses such values)."""
    try:
        return value % step != 0
    except InvalidOperation:
        return True


def show_decimal(value: Decimal | None) -> str:
    """A stored number as a person would type it: 1.5, 0.75, 12,500."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,f}"
