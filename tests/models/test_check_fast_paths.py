"""The import check's fast paths (issue 17): what they build is what the slow way builds."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from desktop.models import coerce
from desktop.models.importing import columns, plan
from desktop.models.importing.cell_columns import converted
from desktop.models.importing.columns import Kind
from desktop.models.importing.commit import commit_import
from desktop.models.importing.plan import plan_import
from desktop.models.importing.reading import Table
from desktop.models.records import Consent, LearnerRecord, checked_learner
from desktop.models.services import ActivityService
from desktop.models.store import Store
from tests.factories import closable_activity
from tests.models.row_checker_reference import reference_plan
from tests.models.test_column_checker import _compare

TODAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("consent", "consent_date", "source"),
    [
        (None, None, ""),
        (Consent.GIVEN, date(2026, 3, 1), "import"),
        (Consent.GIVEN, None, "sign-in sheet"),
        (Consent.REFUSED, None, "import"),
        (Consent.REFUSED, date(2026, 3, 1), "import"),
    ],
)
def test_a_checked_learner_is_the_record_its_constructor_makes(
    consent: Consent | None, consent_date: date | None, source: str
) -> None:
    values = ("Avery", "Testperson", 2, 29, "IL", "LIC-1", "1234567893", {"ABIM": "900001"})
    fast = checked_learner(*values, consent, consent_date, source)
    slow = LearnerRecord(*values, consent, consent_date, source)
    assert fast == slow
    assert repr(fast) == repr(slow)
    assert vars(fast) == vars(slow)
    with pytest.raises(AttributeError):
        fast.first_name = "Blake"  # type: ignore[misc]  # frozen like any other


@pytest.mark.parametrize("convert", [coerce.clean, coerce.identifier])
def test_a_column_left_as_it_is_is_what_converting_each_cell_gives(
    convert: Callable[[Any], Any],
) -> None:
    """Unique text columns (last names, license numbers) are searched once for anything the
    conversion would change; on random texts the answer is the cell-by-cell conversion's."""
    rnd = random.Random(3)
    plain = ["A", "b", "7", "0", ".", "-", " ", "é", "'"]
    odd = [" ", "  ", "\t", "\u00a0", "\u2003", "\x00", "\n", "12.0", "7.00", "|", "\u200b"]
    for _ in range(2000):
        values: list[str | None] = [
            "".join(rnd.choice(plain) for _ in range(rnd.randint(0, 6)))
            if rnd.random() < 0.9
            else None
            for _ in range(rnd.randint(1, 8))
        ]
        if rnd.random() < 0.7:  # one odd piece, at the start, the end or inside a cell
            at = rnd.randrange(len(values))
            text, piece = values[at] or "", rnd.choice(odd)
            cut = rnd.choice([0, len(text), rnd.randint(0, len(text))])
            values[at] = text[:cut] + piece + text[cut:]
        column = converted(values, convert, 200)
        assert column is not None
        assert column.values == [convert(v) for v in values], values
    clean = [f"Last{i}-{i // 7}" for i in range(50)] + [None, "", "12.5", "O'Hara Smith"]
    assert converted(clean, convert, 200).values == [convert(v) for v in clean]  # type: ignore[union-attr]


@pytest.fixture
def activity(store: Store) -> Store:
    ActivityService(store, lambda: TODAY).create(closable_activity())  # T-0001, ABIM registered
    return store


def _registrations(n: int) -> list[list[Any]]:
    """A sign-in sheet as most are: one person per row, nearly all of them valid."""
    rows: list[list[Any]] = []
    for i in range(n):
        abim = i % 3 == 0
        rows.append(
            [
                f"First{i % 37}",
                f"Last{i}",
                date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
                ("IL", "New York", "TX")[i % 3],
                f"LIC-{i:05d}",
                "",
                date(2026, 3, 2),
                1.5,
                1.5 if abim else "",
                "T-0001",
                date(2026, 3, 1),
                f"{900000 + i}" if abim else "",
            ]
        )
    rows[7][3] = "ZZ"  # not a state
    rows[31][10] = ""  # no consent: held, a warning
    rows[64][11] = ""  # ABIM points without the ABIM ID: held, a warning
    rows[90] = list(rows[12])  # a duplicate of a row of an earlier chunk
    rows[131] = list(rows[130])  # and of the row just before it
    rows[150][9] = "NOPE-1"  # no such activity
    rows[170][6] = "someday"  # not a completion date
    rows[171][7] = "abc"  # nor a number of credits
    return rows


@pytest.mark.parametrize("kind", [Kind.COMPLETIONS, Kind.LEARNERS])
def test_a_mostly_valid_sheet_is_checked_as_row_by_row(
    activity: Store, monkeypatch: pytest.MonkeyPatch, kind: Kind
) -> None:
    """Most chunks of a real sheet have no problem and no duplicate: their rows take the
    column-by-column way (records as the rows are made, duplicates found a chunk at once),
    and every row still gets what the row-by-row check gives it."""
    headings = [
        "First Name",
        "Last Name",
        "Date of Birth",
        "State",
        "License Number",
        "NPI",
        "Completion Date",
        "CME Credits",
        "ABIM MOC Points",
        "Activity ID",
        "Consent Date",
        "ABIM ID",
    ]
    mapping = columns.suggest(headings, kind)
    assert len(mapping) == (12 if kind is Kind.COMPLETIONS else 8)
    earlier = Table("s", [headings, *_registrations(300)[200:220]])
    if kind is Kind.COMPLETIONS:  # some of the sheet is in the store already
        commit_import(activity, plan_import(activity, earlier, kind, 0, mapping, TODAY), TODAY)
    monkeypatch.setattr(plan, "CHUNK", 25)
    table = Table("s", [headings, *_registrations(300)])
    asked: list[int] = []
    duplicate = plan._Checker.duplicate

    def counted(self: Any, result: Any, *args: Any, **kwargs: Any) -> None:
        asked.append(result.row)
        duplicate(self, result, *args, **kwargs)

    monkeypatch.setattr(plan._Checker, "duplicate", counted)
    new = plan_import(activity, table, kind, 0, mapping, TODAY)
    monkeypatch.setattr(plan._Checker, "duplicate", duplicate)
    old = reference_plan(activity, table, kind, 0, mapping, TODAY)
    _compare(new, old)
    assert new.failed and new.valid
    assert any(r.warnings for r in new.valid) == (kind is Kind.COMPLETIONS)
    assert 0 < len(asked) < 300 // 3  # the chunks with a duplicate only, row by row


def test_the_filled_rows_are_those_with_a_filled_cell() -> None:
    """Blank rows are skipped: found from the first column at once when every row's first
    cell is filled text, else row by row; either way the rows with any filled cell."""
    rnd = random.Random(5)
    cells: list[Any] = ["Avery", " Avery", "", "  ", "\u00a0", "\t", None, 0, 0.0, False, 7]
    for _ in range(600):
        first = rnd.choice([["Avery", " Blake ", "x"], cells])
        rows: list[list[Any]] = [
            [rnd.choice(first), *(rnd.choice(cells) for _ in range(rnd.randint(0, 3)))]
            for _ in range(rnd.randint(1, 6))
        ]
        if rnd.random() < 0.1:
            rows.append([])
        expected = [any(plan._filled(c) for c in row) for row in rows]
        assert plan._filled_rows(rows) == expected, rows
