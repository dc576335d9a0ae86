"""The fields an import can fill, the headings people give them, and finding the header row.

Registration systems, sign-in sheets and LMS exports all name columns differently: headings
are matched by synonyms first, then by closeness ("Liscense State" is still the state).
"""

from __future__ import annotations

import difflib
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
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


@cache
def _synonyms(kind: Kind) -> _Synonyms:
    return _Synonyms({norm(s): f.key for f in FIELDS[kind] for s in (f.key, f.label, *f.synonyms)})


@cache
def _all_names() -> dict[int, tuple[frozenset[str], tuple[tuple[str, Counter[str]], ...]]]:
    """Length → (the letters its names use, (name, its letters counted) of every kind's names
    of that length): one fuzzy pass per cell serves all three kinds (header detection asks
    each of them of the same cells), and only the lengths that can come close are looked at."""
    names = sorted({n for kind in Kind for n in _synonyms(kind).by_name})
    out: dict[int, list[tuple[str, Counter[str]]]] = {}
    for name in names:
        out.setdefault(len(name), []).append((name, Counter(name)))
    return {
        length: (frozenset("".join(n for n, _ in found)), tuple(found))
        for length, found in out.items()
    }


@lru_cache(maxsize=4096)  # title and data rows repeat cells (dates, states, "Yes")
def _close_names(h: str) -> tuple[tuple[float, str], ...]:
    """(difflib's ratio, name) of every name at least FUZZY_CUTOFF close to ``h``.

    The same three tests as difflib.get_close_matches, with its arithmetic: the lengths alone
    (real_quick_ratio), the letters shared regardless of order (quick_ratio, here counted in C
    over the letters both have, not letter by letter in Python), then the ratio itself for
    the few names left."""
    n, letters = len(h), Counter(h)
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(h)
    out = []
    for length, (used, named) in _all_names().items():
        total = n + length
        if 2.0 * min(n, length) / total < FUZZY_CUTOFF:
            continue
        # No name of this length shares more letters with h than h has of the letters they
        # use (a data cell's digits rule most out here at once).
        usable = sum(map(letters.__getitem__, used & letters.keys()))
        if 2.0 * min(usable, length) / total < FUZZY_CUTOFF:
            continue
        for name, counts in named:
            common = counts.keys() & letters.keys()
            shared = sum(
                map(min, map(counts.__getitem__, common), map(letters.__getitem__, common))
            )
            if 2.0 * shared / total < FUZZY_CUTOFF:
                continue
            matcher.set_seq1(name)
            ratio = matcher.ratio()
            if ratio >= FUZZY_CUTOFF:
                out.append((ratio, name))
    return tuple(out)


def field_for(heading: Any, kind: Kind) -> str | None:
    """The field a heading means, or None."""
    h = norm(heading)
    if not h:
        return None
    by_name = _synonyms(kind).by_name
    found = by_name.get(h)
    if found is not None:
        return found
    # difflib.get_close_matches(h, names, n=1, cutoff=FUZZY_CUTOFF) over this kind's names:
    # the closest, a tie going to the name that sorts last (its heapq.nlargest of pairs).
    close = [pair for pair in _close_names(h) if pair[1] in by_name]
    return by_name[max(close)[1]] if close else None


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
