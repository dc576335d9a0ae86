"""Turning what people type or paste (and what spreadsheets hold) into PARS values.

Each function returns the value, or raises ``ValueError`` with a message a coordinator can act on.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from desktop.models.reference import load_reference
from desktop.models.rules.checks import is_valid_month_day

_US_DATE_FORMATS = (
    "%m/%d/%Y",
    "%m/%d/%y",
    "%Y-%m-%d",
    "%m-%d-%Y",
    "%d-%b-%Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%m.%d.%Y",
)
_EXCEL_EPOCH = date(1899, 12, 30)
_ID_FLOAT = re.compile(r"^\d+\.0+$")


def clean(text: object) -> str:
    """Text with stray and non-breaking spaces removed; None becomes empty."""
    if text is None:
        return ""
    return " ".join(str(text).replace("\u00a0", " ").split())


def identifier(value: object) -> str:
    """IDs are text: 1234567893.0 (a spreadsheet's number) is "1234567893"; leading zeros stay."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    text = clean(value)
    return text[: text.index(".")] if _ID_FLOAT.match(text) else text


def parse_date(value: object) -> date | None:
    """A date from a date, an Excel serial number, or US/ISO text; None when empty."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's serial day numbers up to 9999-12-31
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise ValueError(f"{value} is not a date")
    text = clean(value)
    if not text:
        return None
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _EXCEL_EPOCH + timedelta(days=int(float(text)))
    for fmt in _US_DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date (use MM/DD/YYYY)")


def parse_month_day(value: object) -> tuple[int, int] | None:
    """A birth month and day from "MM/DD", or from a full birth date (the year is discarded)."""
    if value is None or value == "":
        return None
    if isinstance(value, date | datetime) or (
        isinstance(value, int | float) and not isinstance(value, bool)
    ):
        d = parse_date(value)
        return None if d is None else (d.month, d.day)
    text = clean(value)
    if not text:
        return None
    m = re.fullmatch(r"(\d{1,2})[/\-.](\d{1,2})", text) or re.fullmatch(r"--(\d{2})-(\d{2})", text)
    if m:
        month, day = int(m.group(1)), int(m.group(2))
        if not is_valid_month_day(month, day):
            raise ValueError(f"“{text}” is not a day of the year")
        return month, day
    d = parse_date(text)
    return None if d is None else (d.month, d.day)


def parse_state(value: object) -> str:
    """A US state or territory code from a code or a full name ("new york" → "NY")."""
    text = clean(value)
    if not text:
        return ""
    code = load_reference().state_for_name(text)
    if code is None:
        raise ValueError(f"“{text}” is not a US state or territory")
    return code


def parse_decimal(value: object) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        value = repr(value)
    text = clean(value).replace(",", "")
    if not text:
        return None
    try:
        d = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{text}” is not a number") from None
    if not d.is_finite():
        raise ValueError(f"“{text}” is not a number")
    return d.normalize() if d == d.to_integral_value() else d


# Month names as written in English files and messages. Not ``calendar.month_name``: that
# follows the process locale, which Qt sets from the environment in the window.
MONTH_NAMES = (
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
)


def parse_count(value: object) -> int | None:
    """A whole number, 0 or more (learner counts, birth days): the one reading every path uses."""
    d = parse_decimal(value)
    if d is None:
        return None
    if d != d.to_integral_value() or d < 0:
        raise ValueError(f"“{clean(value)}” is not a whole number, 0 or more")
    return int(d)


def parse_yes_no(value: object) -> bool | None:
    text = clean(value).casefold()
    if not text:
        return None
    if text in {"yes", "y", "true", "t", "1", "x"}:
        return True
    if text in {"no", "n", "false", "f", "0"}:
        return False
    raise ValueError(f"“{clean(value)}” is not yes or no")


_CONSENT_GIVEN = frozenset(
    {"yes", "y", "true", "t", "1", "x", "given", "agreed", "agree", "consented", "ok", "opt in"}
)
_CONSENT_REFUSED = frozenset(
    {"no", "n", "false", "f", "0", "refused", "declined", "decline", "opt out", "opted out"}
)


def parse_consent(value: object) -> tuple[str | None, date | None]:
    """A consent cell → ("given" | "refused" | None, the date when the cell holds one).

    Sign-in sheets answer Yes/No; registration exports often put the date consent was given
    in a column named "Consent": both are read as written, an empty cell as not asked.
    """
    text = " ".join(clean(value).casefold().replace("-", " ").split())
    if not text:
        return None, None
    if text in _CONSENT_GIVEN:
        return "given", None
    if text in _CONSENT_REFUSED:
        return "refused", None
    try:
        when = parse_date(value)
    except ValueError:
        raise ValueError(f"“{clean(value)}” is not a consent answer (Yes or No)") from None
    return ("given", when) if when is not None else (None, None)


def parse_board_ids(value: object) -> dict[str, str]:
    """ "ABIM: 123; ABP 456" → {"ABIM": "123", "ABP": "456"}."""
    text = clean(value)
    if not text:
        return {}
    boards = {b.code.casefold(): b.code for b in load_reference().boards}
    out: dict[str, str] = {}
    for part in re.split(r"[;,]", text):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"([A-Za-z]+)\s*[:=]?\s*(\S+)", part)
        if m is None or m.group(1).casefold() not in boards:
            raise ValueError(f"“{part}” is not a board ID (e.g. ABIM: 123456)")
        out[boards[m.group(1).casefold()]] = identifier(m.group(2))
    return out
