"""A mapped column of a chunk of rows read at once: each cell limited in length, then coerced,
each distinct cell once (spreadsheets repeat the same date, state or credits on every row).

A refusal is the cell's problem: the value is then None, as an empty cell's would be.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
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
MEMO_LIMIT = 200_000  # distinct cells remembered per coercion; past it, coerced each time
_value = itemgetter(0)


@dataclass
class Column:
    cells: list[Any]  # as in the file
    values: list[Any]  # coerced: a blank, refused or too long cell is None (or its coercion's "")
    # Row offset → the message.
    too_long: dict[int, str] = field(default_factory=dict)
    refused: dict[int, str] = field(default_factory=dict)


class Coercion(dict[tuple[type, Any], tuple[Any, str | None, str | None]]):
    """(type, cell) → (value, why it is too long, why it is refused), each distinct cell worked
    out on first sight. The type is part of the key: 1, 1.0 and True are equal and hash alike.
    """

    def __init__(self, convert: Callable[[Any], Any], limit: int, refuses: bool) -> None:
        super().__init__()
        self.convert, self.limit, self.refuses = convert, limit, refuses
        self.troubled = False  # a cell was ever too long or refused: columns must be searched
        self.misses = 0  # distinct cells worked out

    def __missing__(self, key: tuple[type, Any]) -> tuple[Any, str | None, str | None]:
        cell = key[1]
        too_long = refused = None
        if isinstance(cell, str) and len(cell) > self.limit:
            # A cell too long is not read at all: as if empty, and said so.
            too_long = f"{len(cell):,} characters is too long (at most {self.limit:,})."
            value = None if self.refuses else self.convert(None)
        elif self.refuses:
            try:
                value = self.convert(cell)
            except ValueError as e:
                value, refused = None, f"{e}."
        else:
            value = self.convert(cell)
        found = (value, too_long, refused)
        self.misses += 1
        if too_long or refused:
            self.troubled = True
        if len(self) < MEMO_LIMIT:
            self[key] = found
        return found


def cells(rows: Sequence[Sequence[Any]], index: int, shortest: int) -> list[Any]:
    """The column's cells; a short row (a ragged CSV line) has None there. ``shortest`` is the
    length of the shortest row: when every row reaches the column, it is taken in C."""
    if index < shortest:
        return list(map(itemgetter(index), rows))
    return [r[index] if index < len(r) else None for r in rows]


def coerced(values: list[Any], coercion: Coercion) -> Column:
    """A column coerced; the loops run in C, Python only for each distinct cell."""
    found = list(map(coercion.__getitem__, zip(map(type, values), values, strict=True)))
    out = Column(values, list(map(_value, found)))
    if coercion.troubled:
        for offset, (_, too_long, refused) in enumerate(found):
            if too_long is not None:
                out.too_long[offset] = too_long
            if refused is not None:
                out.refused[offset] = refused
    return out


def converted(values: list[Any], convert: Callable[[Any], Any], limit: int) -> Column | None:
    """A column of text that never repeats (last names, license numbers), converted without a
    memo that would only grow; None when a cell may be too long or is not text."""
    if not set(map(type, values)) <= {str, type(None)}:
        return None
    if max(map(len, filter(None, values)), default=0) > limit:
        return None
    return Column(values, list(map(convert, values)))


def unread(_value: Any) -> None:
    """The coercion of a column this kind of file does not read (only its length counts)."""
    return None


whole_number = coerce.parse_count


_MONTHS = {
    m.casefold(): i
    for i, m in enumerate(
        coerce.MONTH_NAMES,
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
