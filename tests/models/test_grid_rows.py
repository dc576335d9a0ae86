"""The learners grid's row checks are plain Python (issue 16, item 5): no Qt needed."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

from desktop.models.grid_rows import GridRow, check, columns_for, completion_of, learner_of
from tests.factories import closable_activity


def test_a_typed_row_is_checked_without_qt() -> None:
    activity = closable_activity(provider_activity_id="A-1")
    columns = columns_for(activity)
    row = GridRow(
        {
            "first_name": "Avery",
            "last_name": "Testperson",
            "birth": "2/30",  # kept as typed, and its problem shown on its cell
            "completion_date": "13/45/2026",
            "cme": "1.5",
            "consent": "Yes",
        }
    )
    problems = check(row, columns, activity, date(2026, 6, 15))
    assert set(problems) >= {"birth", "completion_date"}
    assert learner_of(row).birth_month == 2 and learner_of(row).last_name == "Testperson"
    assert [c.points for c in completion_of(row, columns).credits] == [1.5]
    assert check(GridRow(), columns, activity, date(2026, 6, 15)) == {}  # the empty entry row


def test_the_row_checks_import_no_qt() -> None:
    code = "import sys, desktop.models.grid_rows; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
