from datetime import date
from decimal import Decimal

import pytest

from desktop.models.rules.checks import (
    add_months,
    is_quarter_step,
    is_valid_month_day,
    is_valid_npi,
    npi_check_digit,
    within_months,
)


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("0.25", True),
        ("1", True),
        ("1.5", True),
        ("2.75", True),
        ("0.3", False),
        ("1.1", False),
        ("0.125", False),
        ("100.00", True),
    ],
)
def test_quarter_steps(value: str, ok: bool) -> None:
    assert is_quarter_step(Decimal(value)) is ok


@pytest.mark.parametrize(
    ("npi", "ok"),
    [
        ("1234567893", True),  # the CMS worked example
        ("1234567890", False),
        ("123456789", False),
        ("12345678930", False),
        ("123456789A", False),
        ("", False),
    ],
)
def test_npi_luhn_with_80840_prefix(npi: str, ok: bool) -> None:
    assert is_valid_npi(npi) is ok


def test_npi_check_digit_makes_valid_numbers() -> None:
    for body in ("123456789", "100000000", "999999999"):
        assert is_valid_npi(body + npi_check_digit(body))


@pytest.mark.parametrize(
    ("month", "day", "ok"),
    [
        (2, 29, True),
        (2, 30, False),
        (4, 30, True),
        (4, 31, False),
        (12, 31, True),
        (1, 0, False),
        (13, 1, False),
        (0, 5, False),
        (None, 5, False),
        (6, None, False),
    ],
)
def test_birth_month_day(month: int | None, day: int | None, ok: bool) -> None:
    assert is_valid_month_day(month, day) is ok


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2025, 11, 15), 2, date(2026, 1, 15)),
        (date(2025, 1, 1), 36, date(2028, 1, 1)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_within_months_boundary() -> None:
    assert within_months(date(2025, 1, 1), date(2025, 12, 31), 12)
    assert not within_months(date(2025, 1, 1), date(2026, 1, 1), 12)
