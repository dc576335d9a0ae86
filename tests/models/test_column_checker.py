"""The column-by-column checker (issue 17) against the row-by-row one it replaced: on random
messy files every row's problems, warnings (row, column, message, in order) and records agree."""

from __future__ import annotations

import difflib
import gc
import random
import string
import weakref
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from desktop.models.importing import columns, plan
from desktop.models.importing.columns import Kind
from desktop.models.importing.commit import commit_import
from desktop.models.importing.plan import ImportPlan, plan_import
from desktop.models.importing.reading import Table, no_cycle_collection
from desktop.models.records import MocRegistration
from desktop.models.services import ActivityService
from desktop.models.store import Store
from tests.factories import closable_activity
from tests.models.row_checker_reference import reference_plan

TODAY = date(2026, 6, 15)
HEADINGS = [
    "First Name",
    "Last Name",
    "DOB",
    "Birth Month",
    "Birth Day",
    "State of Licensure",
    "License Number",
    "NPI",
    "Completion Date",
    "CME Credits",
    "ABIM MOC Points",
    "ABIM Credit Type",
    "ABA MOC Points",
    "ABA Credit Type",
    "ABP MOC Points",
    "ABP Credit Type",
    "Activity ID",
    "ACCME Activity ID",
    "Consent",
    "Consent Date",
    "Consent Source",
    "ABIM ID",
    "ABA ID",
    "REMS Type",
    "Email",
]
KEYS = [columns.field_for(h, Kind.COMPLETIONS) for h in HEADINGS]
LONG = "x" * 120  # too long for a name (100) but not for a source (200)
LONGER = "y" * 260
POOLS: dict[str | None, list[Any]] = {
    "first_name": ["Avery", " avery ", "AVERY", "Jo\u00a0Ann", "", None, "  ", LONG, "Émile", 7],
    "last_name": ["Testperson", "Test  Person", "testperson", "", None, LONG, "O'Hara", 3.0],
    "birth_date": [
        "02/29",
        "2/30",
        "13/01",
        "1980-02-29",
        date(1975, 7, 4),
        datetime(1981, 1, 2, 0, 0),
        29000,
        29000.0,
        "29000",
        "--07-04",
        "soon",
        "",
        None,
        True,
    ],
    "license_state": ["IL", "il", "New York", "new  york", "ZZ", "", None, 12, "Texas"],
    "license_number": ["LIC-1", 1234567.0, 42, "", None, "001", LONGER],
    "npi": ["1234567893", 1234567893.0, "1234567890", "123", "", None, "12345678931", "abcdefghij"],
    "completion_date": [
        date(2026, 3, 2),
        datetime(2026, 3, 1, 9, 30),
        "03/02/2026",
        "3/2/26",
        "2026-03-02",
        "2026-03-05",
        "02-Mar-2026",
        date(2027, 1, 1),
        date(2025, 1, 1),
        46083,
        46083.0,
        "46083",
        "tomorrow",
        "",
        None,
        -5,
    ],
    "cme_credits": [1.5, "1.5", "1.50", 1, True, "1", 0, "0", -1, 0.3, "2.25", "abc", None, 3],
    "moc.ABIM": [1.5, "1.5", 0, None, "", 2, "x", 1],
    "moc_type.ABIM": ["MK", "Medical Knowledge", "PS", "MK+PS", "zz", "", None],
    "moc.ABA": [None, 1, "", "nan"],
    "moc_type.ABA": [None, "MOCA", "LL+PS", "nope"],
    "moc.ABP": [None, 2, "2", 1, "", 0],
    "moc_type.ABP": [None, "P2", "Part 2", "P4"],
    "provider_activity_id": ["T-0001", "T-0001", "T-0002", "NOPE-9", "", None, " T-0001 "],
    "accme_activity_id": [None, None, "", "100000001", "999", 100000001.0],
    "consent": ["Yes", "no", "Opt-out", "maybe", "03/01/2026", date(2026, 3, 1), "", None, 1],
    "consent_date": [date(2026, 3, 1), "03/01/2026", "later", "", None],
    "consent_source": ["sign-in sheet", "", None, LONGER],
    "board_id.ABIM": ["900001", 900001.0, "", None, "  "],
    "board_id.ABA": ["A-1", None, ""],
    "rems_type": [None, "", "Opioid Analgesic", "Not a REMS"],
    "birth_month": [None, 1, 12, 13, 0, "March", "mar", "Sept", 2.5, "-1", ""],
    "birth_day": [None, 1, 31, 32, "29", 29.0, "x", -3],
    None: ["someone@example.org", None, LONGER],
}


def messy_rows(rnd: random.Random, n: int, width: int) -> list[list[Any]]:
    """Synthetic rows drawn from the pools (mostly each pool's first, good value; names from a
    small set so that people repeat), with blank, short and repeated rows among them."""
    out: list[list[Any]] = []
    for _ in range(n):
        roll = rnd.random()
        if roll < 0.03:
            out.append([None] * width if rnd.random() < 0.5 else ["", "  ", None])
        elif roll < 0.15 and out:
            out.append(list(rnd.choice(out)))  # a duplicate (often)
        else:
            row = [
                rnd.choice(POOLS[k]) if rnd.random() < 0.12 else POOLS[k][0] for k in KEYS[:width]
            ]
            if rnd.random() < 0.9:
                row[0], row[1] = f"First{rnd.randrange(40)}", f"Last{rnd.randrange(400)}"
            if rnd.random() < 0.03:
                row = row[: rnd.randint(1, width - 1)]  # a ragged CSV line
            out.append(row)
    return out


@pytest.fixture
def activities(store: Store) -> Store:
    service = ActivityService(store, lambda: TODAY)
    service.create(closable_activity())  # T-0001: ABIM (MK) 1.5 points, ABP 2
    aba = MocRegistration("ABA", True, Decimal("1"), ("LL",), ("Anesthesiology",))
    service.create(
        replace(closable_activity(), provider_activity_id="T-0002", moc=(aba,), ama_credits=None)
    )
    return store


def _compare(new: ImportPlan, old: ImportPlan) -> None:
    assert new.blank_rows == old.blank_rows
    assert len(new.rows) == len(old.rows)
    for a, b in zip(new.rows, old.rows, strict=True):
        assert (a.row, a.cells) == (b.row, b.cells)
        assert a.problems == b.problems, a.row
        assert a.warnings == b.warnings, a.row
        assert a.record == b.record, a.row
        assert repr(a.record) == repr(b.record), a.row  # 1.5 and 1.50 are equal, not the same
        assert a.markers == b.markers


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("kind", [Kind.COMPLETIONS, Kind.LEARNERS])
def test_column_checker_names_every_problem_the_row_checker_names(
    activities: Store, monkeypatch: pytest.MonkeyPatch, seed: int, kind: Kind
) -> None:
    monkeypatch.setattr(plan, "CHUNK", 97)  # many chunks: duplicates and memos span them
    rnd = random.Random(seed)
    if seed == 0:  # what the store already holds is a duplicate too
        rows = [HEADINGS, *messy_rows(random.Random(99), 300, len(HEADINGS))]
        mapping = {k: i for i, k in enumerate(KEYS) if k is not None}
        first = plan_import(activities, Table("s", rows), kind, 0, mapping, TODAY)
        assert first.valid
        commit_import(activities, first, TODAY)
    # Some files lack columns (mapped or not), or map DOB beside month and day.
    keep = [i for i, k in enumerate(KEYS) if k is None or rnd.random() < 0.85 or k in REQUIRED]
    mapping = {k: i for i, k in enumerate(KEYS) if k is not None and i in keep}
    data = messy_rows(rnd, 1500, len(HEADINGS))
    table = Table("s", [["Registrations"], HEADINGS, *data])
    fixed = 1 if seed % 3 == 2 and kind is Kind.COMPLETIONS else None
    new = plan_import(activities, table, kind, 1, mapping, TODAY, fixed)
    old = reference_plan(activities, table, kind, 1, mapping, TODAY, fixed)
    assert new.valid and new.failed  # the data is messy, but not hopeless
    _compare(new, old)


REQUIRED = {"first_name", "last_name", "completion_date", "provider_activity_id", "license_state"}
REQUIRED |= {"birth_date"}


def test_the_messy_files_reach_every_kind_of_problem(activities: Store) -> None:
    """The comparison means something only if the messy rows reach the problems it compares."""
    data = messy_rows(random.Random(1), 1500, len(HEADINGS))
    mapping = {k: i for i, k in enumerate(KEYS) if k is not None}
    result = plan_import(
        activities, Table("s", [HEADINGS, *data]), Kind.COMPLETIONS, 0, mapping, TODAY
    )
    said = " ".join(p.message for r in result.rows for p in (*r.problems, *r.warnings))
    for phrase in (
        "characters is too long",
        "is not a date",
        "is not a day of the year",
        "is not a month",
        "is not a US state",
        "The NPI is not valid",
        "is not a number",
        "credit type",
        "There is no activity",
        "The activity ID is empty",
        "Credits must be",
        "is in the future",
        "would duplicate it",
        "Credit is reported only with the learner's consent",
        "refused",
        "ID: enter it",
        "is not a REMS type",
        "Enter the first name",
    ):
        assert phrase in said, phrase


def test_headings_are_recognised_as_before() -> None:
    """The synonym table built once and the length filter before difflib change no answer."""
    rnd = random.Random(7)
    names = [s for k in Kind for f in columns.FIELDS[k] for s in (f.key, f.label, *f.synonyms)]
    alphabet = string.ascii_letters + string.punctuation + " \u00a0_#/0123456789éß"
    for _ in range(3000):
        word = list(rnd.choice(names))
        for _ in range(rnd.randint(0, 3)):
            at = rnd.randrange(len(word) + 1)
            if rnd.random() < 0.5 and word:
                del word[min(at, len(word) - 1)]
            else:
                word.insert(at, rnd.choice(alphabet))
        heading = "".join(word) if rnd.random() < 0.8 else "".join(rnd.sample(alphabet, 9))
        for kind in Kind:
            assert columns.field_for(heading, kind) == _old_field_for(heading, kind), heading


def _old_field_for(heading: Any, kind: Kind) -> str | None:
    def norm(text: Any) -> str:
        cleaned = str(text).casefold().replace("_", " ")
        cleaned = "".join(c if c not in string.punctuation or c in "#/" else " " for c in cleaned)
        return " ".join(cleaned.split())

    h = norm(heading)
    if not h:
        return None
    by_synonym = {
        norm(s): f.key for f in columns.FIELDS[kind] for s in (f.key, f.label, *f.synonyms)
    }
    if h in by_synonym:
        return by_synonym[h]
    close = difflib.get_close_matches(h, list(by_synonym), n=1, cutoff=columns.FUZZY_CUTOFF)
    return by_synonym[close[0]] if close else None


def test_what_is_built_with_the_collector_off_is_not_left_young() -> None:
    """Left in the young generation, 100,000 rows' objects are walked by the collector again
    and again once it is back on; frozen for good, a closed window's cycles would never go."""
    assert gc.isenabled()
    with no_cycle_collection():
        built = [[i] for i in range(50_000)]
    assert gc.isenabled()
    young = {id(o) for generation in (0, 1) for o in gc.get_objects(generation)}
    assert not [row for row in built if id(row) in young]  # none left for the young passes
    assert gc.get_freeze_count() == 0  # and nothing kept from the collector for ever
    cycle: list[Any] = []
    cycle.append(cycle)
    probe = weakref.ref(_Node(cycle))
    with no_cycle_collection():
        del cycle
    gc.collect()
    assert probe() is None  # a cycle built before still goes when the collector runs
    assert len(built) == 50_000


class _Node:
    def __init__(self, cycle: list[Any]) -> None:
        cycle.append(self)
