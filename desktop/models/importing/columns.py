"""The fields an import can fill, the headings people give them, and finding the header row.

Registration systems, sign-in sheets and LMS exports all name columns differently: headings
are matched by synonyms first, then by closeness ("Liscense State" is still the state).
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from desktop.models import fields as activity_fields
from desktop.models.reference import load_reference


class Kind(StrEnum):
    COMPLETIONS = "completions"
    LEARNERS = "learners"
    ACTIVITIES = "activities"


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    synonyms: tuple[str, ...]
    required: bool = False


_LEARNER = (
    Field(
        "first_name",
        "First name",
        ("first name", "fname", "first", "given name", "forename", "learner first name"),
        True,
    ),
    Field(
        "last_name",
        "Last name",
        ("last name", "lname", "last", "surname", "family name", "learner last name"),
        True,
    ),
    Field(
        "birth_date",
        "Birth date (year is dropped)",
        (
            "dob",
            "date of birth",
            "birth date",
            "birthdate",
            "birthday",
            "birth month/day",
            "birth (mm/dd)",
        ),
    ),
    Field("birth_month", "Birth month", ("birth month", "dob month", "month of birth")),
    Field("birth_day", "Birth day", ("birth day", "dob day", "day of birth")),
    Field(
        "license_state",
        "State of licensure",
        (
            "license state",
            "state of licensure",
            "licensing state",
            "state licensed",
            "lic state",
            "state",
            "medical license state",
        ),
    ),
    Field(
        "license_number",
        "License number",
        (
            "license number",
            "license #",
            "license no",
            "lic #",
            "license",
            "medical license",
            "state license number",
        ),
    ),
    Field("npi", "NPI", ("npi", "npi #", "npi number", "npi no", "national provider identifier")),
    # Consent is a Yes/No answer (a date in the same column is read as "given" on that day).
    Field(
        "consent",
        "Consent to report (Yes/No)",
        (
            "consent",
            "consent y/n",
            "consent yes/no",
            "consent given",
            "consented",
            "permission to report",
            "permission to share",
            "permission",
            "consent to share",
            "consent to report",
            "consent to report credit",
            "board consent",
            "moc consent",
            "share with board",
            "share with boards",
            "agree to share",
            "agrees to share",
            "ok to report",
            "report to pars",
            "report to accme",
        ),
    ),
    Field("consent_date", "Consent date", ("consent date", "date of consent", "consented on")),
    Field("consent_source", "Consent source", ("consent source", "consent method")),
)
_BOARD_IDS = tuple(
    Field(
        f"board_id.{b.code}",
        f"{b.code} ID",
        (f"{b.code} id", f"{b.code} number", f"{b.code} #", f"{b.name} id"),
    )
    for b in load_reference().boards
)
_COMPLETION = (
    Field(
        "completion_date",
        "Completion date",
        (
            "completion date",
            "date completed",
            "completed",
            "completed on",
            "attendance date",
            "date attended",
            "attended",
            "attended on",
            "session date",
            "date",
        ),
        True,
    ),
    Field(
        "cme_credits",
        "CME credits",
        (
            "cme credits",
            "credits",
            "ama credits",
            "credits claimed",
            "cme hours",
            "hours",
            "credit hours",
            "ama pra category 1 credits",
        ),
    ),
    Field(
        "provider_activity_id",
        "Provider Activity ID",
        (
            "provider activity id",
            "activity id",
            "course id",
            "course code",
            "event id",
            "session id",
        ),
    ),
    Field("accme_activity_id", "ACCME Activity ID", ("accme activity id", "accme id", "pars id")),
    Field("rems_type", "REMS type", ("rems type", "rems")),
)
_MOC_POINTS = tuple(
    Field(
        f"moc.{b.code}",
        f"{b.code} MOC points",
        (f"{b.code} moc points", f"{b.code} points", f"{b.code} moc", f"{b.code} moc credits"),
    )
    for b in load_reference().boards
)
_MOC_TYPES = tuple(
    Field(
        f"moc_type.{b.code}",
        f"{b.code} MOC credit type",
        (f"{b.code} credit type", f"{b.code} moc credit type", f"{b.code} moc type"),
    )
    for b in load_reference().boards
)
# Activity headings come from the field registry (every activity field, MOC per board).
_ACTIVITY = tuple(
    Field(c.key, c.heading, c.synonyms, c.required) for c in activity_fields.import_columns()
)

FIELDS: dict[Kind, tuple[Field, ...]] = {
    Kind.COMPLETIONS: _LEARNER + _BOARD_IDS + _COMPLETION + _MOC_POINTS + _MOC_TYPES,
    Kind.LEARNERS: _LEARNER + _BOARD_IDS,
    Kind.ACTIVITIES: _ACTIVITY,
}
FUZZY_CUTOFF = 0.86
HEADER_SCAN = 30


# Punctuation reads as a space, except "#" and "/" ("License #", "Birth (MM/DD)").
_PUNCTUATION_AS_SPACE = str.maketrans({c: " " for c in string.punctuation if c not in "#/"})


def norm(text: Any) -> str:
    """A heading as compared: case, punctuation (but #) and spacing ignored."""
    if text is None:
        return ""
    cleaned = str(text).casefold().replace("_", " ").translate(_PUNCTUATION_AS_SPACE)
    return " ".join(cleaned.split())


@dataclass(frozen=True)
class _Synonyms:
    """Every name a kind's fields go by, normalised once (not once per heading cell)."""

    by_name: dict[str, str]  # normalised synonym → field key
    by_length: tuple[tuple[int, str], ...]  # (length, synonym), for the fuzzy match


@cache
def _synonyms(kind: Kind) -> _Synonyms:
    by_name = {norm(s): f.key for f in FIELDS[kind] for s in (f.key, f.label, *f.synonyms)}
    return _Synonyms(by_name, tuple((len(s), s) for s in by_name))


def field_for(heading: Any, kind: Kind) -> str | None:
    """The field a heading means, or None."""
    h = norm(heading)
    if not h:
        return None
    table = _synonyms(kind)
    found = table.by_name.get(h)
    if found is not None:
        return found
    # difflib's first test is on the lengths alone (its real_quick_ratio, computed here the same
    # way): the names that fail it can never match, so they are dropped before difflib builds
    # a matcher for each of them.
    n = len(h)
    near = [
        s for length, s in table.by_length if 2.0 * min(n, length) / (n + length) >= FUZZY_CUTOFF
    ]
    close = difflib.get_close_matches(h, near, n=1, cutoff=FUZZY_CUTOFF)
    return table.by_name[close[0]] if close else None


def suggest(headings: Sequence[Any], kind: Kind) -> dict[str, int]:
    """Field → column index, each field once, the first matching column winning."""
    out: dict[str, int] = {}
    for i, heading in enumerate(headings):
        key = field_for(heading, kind)
        if key is not None and key not in out:
            out[key] = i
    if "birth_date" in out and ("birth_month" in out or "birth_day" in out):
        del out["birth_date"]  # separate month and day columns say more than a combined one
    return out


def find_header_row(rows: Sequence[Sequence[Any]], kind: Kind) -> int | None:
    """The index of the row that names the columns: the one among the first rows whose cells
    match the most fields (title rows and blank rows above it are skipped)."""
    best, best_score = None, 1
    for i, row in enumerate(rows[:HEADER_SCAN]):
        score = len(suggest(row, kind))
        if score > best_score:
            best, best_score = i, score
    return best


def column_name(headings: Sequence[Any], index: int) -> str:
    """How a column is named in messages: its heading, else its spreadsheet letter."""
    text = (
        str(headings[index]).strip()
        if index < len(headings) and headings[index] is not None
        else ""
    )
    return text or f"column {letter(index)}"


def letter(index: int) -> str:
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out
