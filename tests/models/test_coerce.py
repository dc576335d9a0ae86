from datetime import date, datetime
from decimal import Decimal

import pytest

from desktop.models.coerce import (
    clean,
    identifier,
    parse_board_ids,
    parse_date,
    parse_decimal,
    parse_month_day,
    parse_state,
    parse_yes_no,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1234567893.0, "1234567893"),
        ("1234567893.0", "1234567893"),
        ("0012345", "0012345"),
        (42, "42"),
        (" 036-1 ", "036-1"),
        (None, ""),
    ],
)
def test_identifiers_stay_text(value: object, expected: str) -> None:
    assert identifier(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("03/02/2026", date(2026, 3, 2)),
        ("3/2/26", date(2026, 3, 2)),
        ("2026-03-02", date(2026, 3, 2)),
        ("02-Mar-2026", date(2026, 3, 2)),
        ("March 2, 2026", date(2026, 3, 2)),
        (46083, date(2026, 3, 2)),
        (46083.0, date(2026, 3, 2)),
        ("46083", date(2026, 3, 2)),
        (datetime(2026, 3, 2, 9, 30), date(2026, 3, 2)),
        ("", None),
        (None, None),
    ],
)
def test_dates(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("bad", ["02/30/2026", "tomorrow", "13/01/2026"])
def test_bad_dates(bad: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(bad)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("02/29", (2, 29)),
        ("2-9", (2, 9)),
        ("--12-31", (12, 31)),
        ("07/04/1970", (7, 4)),
        (date(1980, 1, 5), (1, 5)),
        ("", None),
    ],
)
def test_month_day_discards_the_year(value: object, expected: tuple[int, int] | None) -> None:
    assert parse_month_day(value) == expected


def test_feb_30_is_refused() -> None:
    with pytest.raises(ValueError, match="not a day of the year"):
        parse_month_day("02/30")


def test_states_numbers_yes_no_and_boards() -> None:
    assert parse_state("new  york") == "NY" and parse_state("il") == "IL" and parse_state("") == ""
    with pytest.raises(ValueError, match="not a US state"):
        parse_state("Ontario")
    assert (
        parse_decimal("1.50") == Decimal("1.50")
        and parse_decimal(2.0) == Decimal("2")
        and parse_decimal("") is None
    )
    with pytest.raises(ValueError):
        parse_decimal("lots")
    assert [parse_yes_no(v) for v in ("Y", "no", "TRUE", "1", "")] == [
        True,
        False,
        True,
        True,
        None,
    ]
    assert parse_board_ids("abim: 900001; ABP 123.0") == {"ABIM": "900001", "ABP": "123"}
    with pytest.raises(ValueError, match="not a board ID"):
        parse_board_ids("XYZ: 1")
    assert clean("  a\u00a0 b ") == "a b"
