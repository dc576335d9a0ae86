"""The learners grid's rows without Qt: typed text per cell, the records it makes, and the
checks every cell shows (PARS's rules and the parsers), so they are tested as plain Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.models import coerce
from desktop.models.match_states import MULTIPLE, UNMATCHED
from desktop.models.queries.rows import CompletionRow
from desktop.models.record_state import UNSENT_STATES, local_problems
from desktop.models.records import (
    ActivityRecord,
    CompletionRecord,
    Consent,
    CreditRecord,
    LearnerRecord,
)
from desktop.models.rules import Problem
from desktop.models.rules.moc_learner_rules import parse_credit_type

BASE_COLUMNS = (
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("birth", "Birth (MM/DD)"),
    ("license_state", "State of licensure"),
    ("license_number", "License #"),
    ("npi", "NPI"),
    ("board_ids", "Board IDs"),
    # One cell answers both: Y/N, or the date consent was given (how sheets already have it).
    ("consent", "Consent (Y/N or date)"),
    ("completion_date", "Completed on"),
    ("cme", "CME credits"),
)
LEARNER_KEYS = {
    "first_name",
    "last_name",
    "birth",
    "license_state",
    "license_number",
    "npi",
    "board_ids",
    "consent",
}
# A birth typed as month/day, kept as typed even when it is not a day of the year (2/30), so
# the row is saved as a draft and the problem is shown on its cell rather than lost.
_MONTH_DAY = re.compile(r"(\d{1,2})[/\-.](\d{1,2})")


@dataclass
class GridRow:
    """One row as the grid edits it: typed text per column, and the stored ids once saved."""

    cells: dict[str, str] = field(default_factory=dict)
    learner_id: int | None = None
    completion_id: int | None = None
    state: str = ""
    reason: str = ""
    pars_errors: tuple[dict[str, str], ...] = ()
    match_status: str = "not_checked"
    replaces_id: int | None = None  # a correction: the submitted record it replaces
    # The rules' verdict for the current cells: painting asks for it for every visible cell.
    checked: dict[str, str] | None = None
    rule_problems: tuple[Problem, ...] = ()


def columns_for(activity: ActivityRecord) -> list[tuple[str, str]]:
    """The grid's columns for this activity: MOC points per board it offers, and the credit
    type only where the activity offers a choice."""
    boards = [m.board for m in activity.moc]
    typed = [m.board for m in activity.moc if len(m.credit_types) > 1]
    return [
        *BASE_COLUMNS,
        *((f"moc.{b}", f"{b} MOC points") for b in boards),
        *((f"moc_type.{b}", f"{b} credit type") for b in typed),
        ("state", "State"),
    ]


def from_stored(c: CompletionRow) -> GridRow:
    cells = {
        "first_name": c.first_name,
        "last_name": c.last_name,
        "birth": f"{c.birth_month:02d}/{c.birth_day:02d}" if c.birth_month and c.birth_day else "",
        "license_state": c.license_state,
        "license_number": c.license_number,
        "npi": c.npi,
        "board_ids": "; ".join(f"{b}: {i}" for b, i in sorted(c.board_ids.items())),
        "consent": consent_text(c.consent, c.consent_date),
        "completion_date": c.completion_date.strftime("%m/%d/%Y") if c.completion_date else "",
    }
    for board, points in c.credits.items():
        cells["cme" if board == "CME" else f"moc.{board}"] = str(points)
    for board, kind in c.credit_types.items():
        cells[f"moc_type.{board}"] = kind
    return GridRow(
        cells,
        c.learner_id,
        c.completion_id,
        c.state,
        c.state_reason or "",
        c.errors,
        c.match_status,
        c.replaces_id,
    )


def learner_of(row: GridRow) -> LearnerRecord:
    c = row.cells
    month_day = _try(coerce.parse_month_day, c.get("birth", "")) or _loose_month_day(
        c.get("birth", "")
    )
    return LearnerRecord(
        first_name=coerce.clean(c.get("first_name")),
        last_name=coerce.clean(c.get("last_name")),
        birth_month=month_day[0] if month_day else None,
        birth_day=month_day[1] if month_day else None,
        license_state=_try(coerce.parse_state, c.get("license_state", ""))
        or coerce.clean(c.get("license_state")),
        license_number=coerce.identifier(c.get("license_number")),
        npi=coerce.identifier(c.get("npi")),
        board_ids=_try(coerce.parse_board_ids, c.get("board_ids", "")) or {},
        consent=_consent_of(c),
        consent_date=(_try(coerce.parse_consent, c.get("consent", "")) or (None, None))[1],
        consent_source="learners grid" if _consent_of(c) else "",
    )


def completion_of(row: GridRow, columns: Sequence[tuple[str, str]]) -> CompletionRecord:
    c = row.cells
    credits = []
    cme = _try(coerce.parse_decimal, c.get("cme", ""))
    if cme is not None:
        credits.append(CreditRecord(None, cme))
    for key, _label in columns:
        if key.startswith("moc."):
            points = _try(coerce.parse_decimal, c.get(key, ""))
            if points is not None:
                kind = _try(_credit_type(key[4:]), c.get(f"moc_type.{key[4:]}", ""))
                credits.append(CreditRecord(key[4:], points, credit_type=kind))
    return CompletionRecord(_try(coerce.parse_date, c.get("completion_date", "")), tuple(credits))


def check(
    row: GridRow, columns: Sequence[tuple[str, str]], activity: ActivityRecord, today: date
) -> dict[str, str]:
    """Column key → message, from typing (unparseable cells) and from PARS's rules; the rules'
    problems are kept on the row for its state."""
    out: dict[str, str] = {}
    if not any(row.cells.values()):
        return out
    parsers: dict[str, Callable[[str], object]] = {
        "birth": coerce.parse_month_day,
        "license_state": coerce.parse_state,
        "board_ids": coerce.parse_board_ids,
        "consent": coerce.parse_consent,
        "completion_date": coerce.parse_date,
        "cme": coerce.parse_decimal,
    }
    for key, _label in columns:
        if key.startswith("moc_type."):
            parsers[key] = _credit_type(key[9:])
    for key, parse in parsers.items():
        try:
            parse(row.cells.get(key, ""))
        except ValueError as e:
            out[key] = str(e)
    learner, completion = learner_of(row), completion_of(row, columns)
    row.rule_problems = local_problems(learner, completion, activity, today)
    for p in row.rule_problems:
        out.setdefault(column_key(p.field), p.message)
    if row.match_status in UNMATCHED and row.state in UNSENT_STATES:
        key = "license_number" if row.match_status == MULTIPLE else "last_name"
        out.setdefault(key, UNMATCHED[row.match_status])
    for err in row.pars_errors:
        out.setdefault(column_key(err.get("field", "")), err.get("message", ""))
    return out


def _credit_type(board: str) -> Callable[[str], str | None]:
    return lambda text: parse_credit_type(text, board)


def _consent_of(cells: dict[str, str]) -> Consent | None:
    """The consent the row's cell says: Yes/No, or a date (given on that day)."""
    answer, _ = _try(coerce.parse_consent, cells.get("consent", "")) or (None, None)
    return Consent(answer) if answer else None


def consent_text(consent: str | None, when: date | None) -> str:
    if consent == Consent.REFUSED:
        return "No"
    if consent == Consent.GIVEN:
        return when.strftime("%m/%d/%Y") if when else "Yes"
    return ""


def column_key(problem_field: str) -> str:
    mapping = {
        "birth_date": "birth",
        "cme_credits": "cme",
        "credits": "cme",
        "learner": "last_name",
        "credit_id": "state",
        "accme_activity_id": "state",
        "consent_date": "consent",
    }
    if problem_field.startswith("board_ids"):
        return "board_ids"
    return mapping.get(problem_field, problem_field)


def _loose_month_day(text: str) -> tuple[int, int] | None:
    m = _MONTH_DAY.fullmatch(text.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


def _try(parse: Any, value: Any) -> Any:
    try:
        return parse(value)
    except ValueError:
        return None
