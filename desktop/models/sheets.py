"""Writing spreadsheets people will open in Excel: every cell made safe first."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

# Excel runs a cell starting with one of these as a formula ("formula injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value for a cell: numbers and dates as they are; text Excel would run as a formula
    gets a leading ' so it stays text."""
    if value is None or isinstance(value, bool | int | float | date | datetime):
        return value
    if isinstance(value, Decimal):
        return float(value) if value == value.normalize() else str(value)
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def safe_text(value: Any) -> str:
    """The same rule for a tab-delimited or CSV field."""
    if value is None:
        return ""
    text = str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")
    return "'" + text if text.startswith(FORMULA_START[:4]) else text
