"""A mapped column of a chunk of rows read at once: each cell limited in length, then coerced,
each distinct value once (spreadsheets repeat the same date, state or credits on every row).

A refusal is the cell's problem: the value is then None, as an empty cell's would be.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from desktop.models import coerce
from desktop.models.rules.moc_learner_rules import parse_credit_type

MAX_CELL = {
    "first_name": 100,
    "last_name": 100,
    "license_number": 50,
    "npi": 20,
    "consent_source": 200,
    "title": 500,
    "description": 2500,
    "city": 100,
    "internal_id": 100,
    "provider_activity_id": 50,
}
DEFAULT_MAX_CELL = 200
MEMO_LIMIT = 200_000  # distinct values remembered per coercion; past it, coerced each time

# What a coercion found for one (type, value): the value, or the ValueError that refused it.
Memo = dict[tuple[type, Any], Any]


@dataclass
class Column:
    cells: list[Any]  # as in the file, a cell too long blanked
    values: list[Any]  # coerced: a refused or blank cell is None
    # Row offset → the message; a cell too long is never coerced.
    too_long: dict[int, str] = field(default_factory=dict)
    refused: dict[int, str] = field(default_factory=dict)


def cells(rows: Sequence[Sequence[Any]], index: int) -> list[Any]:
    """The column's cells; a short row (a ragged CSV line) has None there."""
    return [r[index] if index < len(r) else None for r in rows]


def limited(values: list[Any], limit: int) -> dict[int, str]:
    """Blank out (in place) the text cells longer than ``limit``; their messages by offset."""
    out: dict[int, str] = {}
    for offset, v in enumerate(values):
        if isinstance(v, str) and len(v) > limit:
            out[offset] = f"{len(v):,} characters is too long (at most {limit:,})."
            values[offset] = None
    return out


def plain(values: list[Any], limit: int, convert: Callable[[Any], Any]) -> Column:
    """A column whose conversion never refuses (names, IDs): converted cell by cell."""
    too_long = limited(values, limit)
    return Column(values, [convert(v) for v in values], too_long)


def parsed(values: list[Any], limit: int, parse: Callable[[Any], Any], memo: Memo) -> Column:
    """A column each distinct value of which is parsed once; a ``ValueError`` is its problem."""
    too_long = limited(values, limit)
    out: list[Any] = []
    refused: dict[int, str] = {}
    for offset, v in enumerate(values):
        # The type is part of the key: 1, 1.0 and True are equal and hash alike.
        key = (type(v), v)
        try:
            found = memo[key]
        except KeyError:
            try:
                found = parse(v)
            except ValueError as e:
                found = e
            if len(memo) < MEMO_LIMIT:
                memo[key] = found
        if isinstance(found, ValueError):
            refused[offset] = f"{found}."
            out.append(None)
        else:
            out.append(found)
    return Column(values, out, too_long, refused)


def whole_number(value: Any) -> int | None:
    d = coerce.parse_decimal(value)
    if d is None:
        return None
    if d != d.to_integral_value() or d < 0:
        raise ValueError(f"“{coerce.clean(value)}” is not a whole number, 0 or more")
    return int(d)


_MONTHS = {
    m.casefold(): i
    for i, m in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        start=1,
    )
}


def month(value: Any) -> int | None:
    text = coerce.clean(value).casefold()
    if not text:
        return None
    for name, number in _MONTHS.items():
        if text in (name, name[:3]):
            return number
    n = whole_number(value)
    if n is None or not 1 <= n <= 12:
        raise ValueError(f"“{coerce.clean(value)}” is not a month")
    return n


@cache  # one parser per board, so the row memo finds it again
def credit_type_parser(board: str) -> Callable[[Any], str | None]:
    def parse(value: Any) -> str | None:
        return parse_credit_type(coerce.clean(value), board)

    return parse
