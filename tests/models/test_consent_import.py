"""Consent as sign-in sheets and registration exports write it (SPEC §2.5, issue 15 item 2)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from desktop.models import coerce
from desktop.models.entities import Learner
from desktop.models.importing.columns import Kind, field_for
from desktop.models.importing.commit import commit_import
from desktop.models.importing.session import plan, prepare
from desktop.models.services import ActivityService
from desktop.models.store import Store
from tests.conftest import TODAY
from tests.factories import closable_activity


@pytest.fixture
def seeded(store: Store) -> Store:
    ActivityService(store, lambda: TODAY).create(closable_activity())  # T-0001, 03/01–03/02/2026
    return store


def _consents(store: Store) -> dict[str, tuple[str | None, date | None]]:
    with store.reading() as s:
        return {
            last: (consent, when)
            for last, consent, when in s.execute(
                select(Learner.last_name, Learner.consent, Learner.consent_date)
            )
        }


@pytest.mark.parametrize(
    "heading",
    [
        "Consent",
        "Consent (Y/N)",
        "CONSENT  (Y / N)",
        "Permission to report",
        "Consent to share",
        "Consent to report",
        "Board consent",
    ],
)
def test_consent_headings_map_to_the_yes_no_answer(heading: str) -> None:
    assert field_for(heading, Kind.COMPLETIONS) == "consent"
    assert field_for("Consent date", Kind.COMPLETIONS) == "consent_date"


def test_consent_cells_read_as_written() -> None:
    for given in ("Y", " yes ", "YES", "x", 1, True, "Agreed"):
        assert coerce.parse_consent(given) == ("given", None), given
    for refused in ("N", "no ", "No", 0, False, "Declined", "opt-out"):
        assert coerce.parse_consent(refused) == ("refused", None), refused
    assert coerce.parse_consent("") == (None, None)
    assert coerce.parse_consent(None) == (None, None)
    assert coerce.parse_consent(date(2026, 2, 1)) == ("given", date(2026, 2, 1))
    assert coerce.parse_consent("02/01/2026") == ("given", date(2026, 2, 1))
    with pytest.raises(ValueError, match="“maybe” is not a consent answer"):
        coerce.parse_consent("maybe")


def _sign_in_sheet(path: Path) -> None:
    """A sign-in sheet as typed at the door: title rows, a blank row, headings with odd
    spacing and case, answers in every spelling, one left empty."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Medicine Grand Rounds — Sign-in"])
    ws.append(["Please print clearly", None, None, "Thank you!"])
    ws.append([])
    ws.append(
        [
            "  First Name ",
            "LAST NAME",
            "DOB",
            " State  of Licensure",
            "Consent (Y/N) ",
            "Date",
            "Credits",
            "Activity ID",
        ]
    )
    rows = [
        ("Avery", "Yesperson", "Y"),
        ("Blake", "Noperson", "N"),
        ("Casey", "Lowercase", " y "),
        ("Dana", "Spelledout", "No"),
        ("Eli", "Blankperson", None),
        ("Finley", "Wordy", "Yes"),
    ]
    for i, (first, last, consent) in enumerate(rows):
        ws.append(
            [first, last, f"0{i + 1}/1{i}/1980", "Illinois", consent, "3/2/2026", "1.5", "T-0001"]
        )
    wb.save(path)


def test_a_messy_sign_in_sheet_imports_each_rows_consent_as_written(
    seeded: Store, tmp_path: Path
) -> None:
    path = tmp_path / "sign-in.xlsx"
    _sign_in_sheet(path)
    prepared = prepare(seeded, path)
    assert prepared.header_row == 3
    assert prepared.mapping["consent"] == 4
    result = plan(seeded, prepared, TODAY)
    # Every row imports: consent decides what is sent, not what is kept.
    assert [r.row for r in result.valid] == [5, 6, 7, 8, 9, 10]
    held = {r.row: [w.message for w in r.warnings] for r in result.valid if r.warnings}
    assert set(held) == {6, 8, 9}
    assert "refused" in held[6][0] and "consent" in held[9][0]
    commit_import(seeded, result, TODAY)
    assert _consents(seeded) == {
        "Yesperson": ("given", None),
        "Noperson": ("refused", None),
        "Lowercase": ("given", None),
        "Spelledout": ("refused", None),
        "Blankperson": (None, None),
        "Wordy": ("given", None),
    }


def test_a_consent_column_holding_dates_records_consent_given_on_that_day(
    seeded: Store, tmp_path: Path
) -> None:
    path = tmp_path / "registrations.csv"
    path.write_text(
        "First Name,Last Name,Birth Date,License State,Consent,Completion Date,CME Credits,"
        "Activity ID\n"
        "Gray,Dated,04/04/1970,IL,02/15/2026,03/02/2026,1.5,T-0001\n"
        "Harper,Letter,05/05/1970,IL,Y,03/02/2026,1.5,T-0001\n"
        "Indy,Unsure,06/06/1970,IL,maybe,03/02/2026,1.5,T-0001\n",
        encoding="utf-8",
    )
    result = plan(seeded, prepare(seeded, path), TODAY)
    assert [r.row for r in result.valid] == [2, 3]
    [bad] = result.failed
    assert [str(p) for p in bad.problems] == [
        "Row 4, Consent: “maybe” is not a consent answer (Yes or No)."
    ]
    commit_import(seeded, result, TODAY)
    assert _consents(seeded) == {
        "Dated": ("given", date(2026, 2, 15)),
        "Letter": ("given", None),
    }
