"""Small readers over a request's JSON tree, for a body that already passed the schema.

The schema says which keys may hold what; these only save the rules from repeating
``isinstance`` checks, and never raise: a missing or odd value reads as absent.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any


def obj(value: object, *path: str) -> dict[str, Any]:
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, dict) else {}


def items(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def number(value: object) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


def day(value: object) -> date | None:
    """A date from ``YYYY-MM-DD`` or the date part of a ``date-time``."""
    raw = text(value)
    try:
        return date.fromisoformat(raw[:10]) if len(raw) >= 10 else None
    except ValueError:
        return None


def quarter_steps(d: Decimal) -> bool:
    return (d * 4) == (d * 4).to_integral_value()
