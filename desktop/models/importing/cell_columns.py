"""A mapped column of a chunk of rows read at once: each cell limited in length, then coerced,
each distinct cell once (spreadsheets repeat the same date, state or credits on every row).

A refusal is the cell's problem: the value is then None, as an empty cell's would be.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from itertools import compress
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


@dataclass
class Column:
    cells: list[Any]  # as in the file
    values: list[Any]  # coerced: a blank, refused or too long cell is None (or its coercion's "")
    # Row offset → the message.
    too_long: dict[int, str] = field(default_factory=dict)
    refused: dict[int, str] = field(default_factory=dict)


# Cells of these types equal no cell of another type; numbers do (1 == 1.0 == True, and they
# hash alike), so a memo keyed by the cell alone holds numbers of one type only.
_NEVER_EQUAL = frozenset({str, type(None), date, datetime, time, timedelta})


class Coercion:
    """Each distinct cell's value (and why it is too long, or refused), worked out on first
    sight and remembered for every chunk. Looked up by the cell alone where a column's cells
    cannot be equal across types; by (type, cell) where they can (1, 1.0 and True)."""

    def __init__(self, convert: Callable[[Any], Any], limit: int, refuses: bool) -> None:
        self.convert, self.limit, self.refuses = convert, limit, refuses
        # The number type a memo may hold (None: none) → cell → value.
        self.by_cell: dict[type | None, _Memo] = {}
        self.by_type = _Memo(self, typed=True)  # (type, cell) → value
        # (type, cell) → (why it is too long, why it is refused), of the cells with trouble.
        self.trouble: dict[tuple[type, Any], tuple[str | None, str | None]] = {}
        self.misses = 0  # distinct cells worked out

    def work_out(self, cell: Any) -> Any:
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
        self.misses += 1
        if too_long or refused:
            self.trouble[type(cell), cell] = (too_long, refused)
        return value

    def values(self, cells: list[Any]) -> list[Any]:
        numbers = set(map(type, cells)) - _NEVER_EQUAL
        if len(numbers) > 1:
            return list(map(self.by_type.__getitem__, zip(map(type, cells), cells, strict=True)))
        number = next(iter(numbers), None)
        memo = self.by_cell.get(number)
        if memo is None:
            memo = self.by_cell[number] = _Memo(self, typed=False)
        return list(map(memo.__getitem__, cells))


class _Memo(dict[Any, Any]):
    def __init__(self, coercion: Coercion, typed: bool) -> None:
        super().__init__()
        self.coercion, self.typed = coercion, typed

    def __missing__(self, key: Any) -> Any:
        value = self.coercion.work_out(key[1] if self.typed else key)
        if len(self) < MEMO_LIMIT:
            self[key] = value
        return value


def cells(rows: Sequence[Sequence[Any]], index: int, shortest: int) -> list[Any]:
    """The column's cells; a short row (a ragged CSV line) has None there. ``shortest`` is the
    length of the shortest row: when every row reaches the column, it is taken in C."""
    if index < shortest:
        return list(map(itemgetter(index), rows))
    return [r[index] if index < len(r) else None for r in rows]


def coerced(values: list[Any], coercion: Coercion) -> Column:
    """A column coerced; the loops run in C, Python only for each distinct cell."""
    out = Column(values, coercion.values(values))
    trouble = coercion.trouble
    if trouble:  # the rows whose cells had trouble, found in C; then each said
        keys = list(zip(map(type, values), values, strict=True))
        for offset in compress(range(len(keys)), map(trouble.__contains__, keys)):
            too_long, refused = trouble[keys[offset]]
            if too_long is not None:
                out.too_long[offset] = too_long
            if refused is not None:
                out.refused[offset] = refused
    return out


def converted(values: list[Any], convert: Callable[[Any], Any], limit: int) -> Column | None:
    """A column of text that never repeats (last names, license numbers), converted without a
    memo that would only grow; None when a cell may be too long or is not text."""
    kinds = set(map(type, values))
    if not kinds <= {str, type(None)}:
        return None
    texts = list(filter(None, values)) if type(None) in kinds else values
    if max(map(len, texts), default=0) > limit:
        return None
    if convert is unread:
        return Column(values, [None] * len(values))
    if convert in (coerce.clean, coerce.identifier) and _left_as_is(texts, convert):
        # Both make None "" and leave such text as it is (the column's own list: never
        # changed, by either).
        if type(None) not in kinds:
            return Column(values, values)
        return Column(values, [v if v is not None else "" for v in values])
    return Column(values, list(map(convert, values)))


# What coerce.identifier changes besides what coerce.clean does: a spreadsheet's whole number
# as text ("1234.0"), sought in a column's texts joined by "|".
_ID_FLOAT = re.compile(r"(?:\A|\|)\d+\.0+(?=\||\Z)")


def _left_as_is(values: list[str], convert: Callable[[Any], Any]) -> bool:
    """Whether ``convert`` (coerce.clean or coerce.identifier) leaves every text of the column
    as it is, asked of the column's texts joined by "|" with a few scans in C instead of a
    call per cell. Text clean() leaves alone has no whitespace but single spaces between
    words: every other whitespace character is unprintable to str.isprintable (as are a few
    harmless ones, which only send the column the slow way). A text holding "|" itself can
    only make it say no, never yes."""
    joined = "|".join(values)
    if not joined.isprintable() or "  " in joined or "| " in joined or " |" in joined:
        return False
    if joined.startswith(" ") or joined.endswith(" "):
        return False
    return convert is not coerce.identifier or ".0" not in joined or not _ID_FLOAT.search(joined)


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
