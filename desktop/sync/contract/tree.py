"""Reading values out of a document tree, whichever encoding it came in.

A JSON body gives native numbers and booleans; an XML body gives text. These readers take both
and raise ``ContractError`` naming where a value is of the wrong kind, so a malformed answer from
PARS is a clear error (and retried), never a ``KeyError`` deep in the sync.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any


class ContractError(ValueError):
    """A document that does not follow the contract: what is wrong and where."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(f"{where}: {message}" if where else message)
        self.where = where


def as_obj(value: object, where: str) -> dict[str, Any]:
    if value is None or value == "":  # an empty XML element holds no text and no children
        return {}
    if not isinstance(value, dict):
        raise ContractError("expected an object", where)
    return value


def as_list(value: object, where: str) -> list[Any]:
    """A list; a single value stands for a list of one (XML cannot tell them apart)."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def as_text(value: object, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ContractError(f"expected text, found {type(value).__name__}", where)
    return str(value).strip()


def as_int(value: object, where: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ContractError("expected a whole number", where)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    try:
        return int(str(value).strip())
    except ValueError:
        raise ContractError(f"“{value}” is not a whole number", where) from None


def as_decimal(value: object, where: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ContractError("expected a number", where)
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ContractError(f"“{value}” is not a number", where) from None
    if not number.is_finite():
        raise ContractError(f"“{value}” is not a number", where)
    return number


def as_bool(value: object, where: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "1", "yes"}:
        return True
    if text in {"false", "0", "no"}:
        return False
    raise ContractError(f"“{value}” is not true or false", where)


def as_date(value: object, where: str) -> date | None:
    text = as_text(value, where)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise ContractError(f"“{text}” is not a date (YYYY-MM-DD)", where) from None


def date_time(d: date) -> str:
    """PARS ignores the time of day; ``date-time`` still needs one."""
    return f"{d.isoformat()}T00:00:00"


def number(value: Decimal) -> int | float:
    """A JSON number: credits and points are quarter steps, exact in binary floating point."""
    return int(value) if value == value.to_integral_value() else float(value)
