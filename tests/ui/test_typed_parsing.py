"""What the typed fields read from text: plain Python, no widgets."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from desktop.ui.fields.typed import (
    off_step,
    parse_typed_count,
    parse_typed_date,
    parse_typed_decimal,
    show_decimal,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10/10/2026", date(2026, 10, 10)),
        ("1/2/26", date(2026, 1, 2)),
        ("1/2/2026", date(2026, 1, 2)),
        ("2026-01-02", date(2026, 1, 2)),
        (" 02/29/2028 ", date(2028, 2, 29)),
        ("", None),
        ("   ", None),
    ],
)
def test_dates_as_people_type_them(text: str, expected: date | None) -> None:
    assert parse_typed_date(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("2/30/2026", "February 2026 has no day 30"),
        ("2/29/2026", "February 2026 has no day 29"),
        ("13/01/2026", "no month 13"),
        ("Not set10102026", "type it as MM/DD/YYYY"),
        ("10102026", "type it as MM/DD/YYYY"),
    ],
)
def test_impossible_dates_say_why(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_typed_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5", Decimal("1.5")),
        (".75", Decimal("0.75")),
        ("6.5", Decimal("6.5")),
        ("12,500", Decimal("12500")),
        ("$1,200.50", Decimal("1200.50")),
        ("2.00", Decimal("2")),
        ("", None),
    ],
)
def test_numbers_as_people_type_them(text: str, expected: Decimal | None) -> None:
    assert parse_typed_decimal(text) == expected


@pytest.mark.parametrize("text", ["1,5", "one", "1.2.3", "-1", "nan", "inf"])
def test_what_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_typed_decimal(text)


def test_counts_are_whole_and_steps_are_checked_not_rounded() -> None:
    assert parse_typed_count("12,500") == 12_500
    assert parse_typed_count("0") == 0
    with pytest.raises(ValueError, match="whole number"):
        parse_typed_count("2.5")
    assert off_step(Decimal("1.3"), Decimal("0.25"))
    assert not off_step(Decimal("1.25"), Decimal("0.25"))
    assert off_step(Decimal("1.5"), Decimal(1))
    assert [show_decimal(Decimal(v)) for v in ("1.5", "0.75", "12500")] == ["1.5", "0.75", "12,500"]
