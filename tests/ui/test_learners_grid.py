"""Entering completions by keyboard and by paste, with PARS's rules per cell."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import text as sql

from desktop.models.store import Store
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.factories import ABA, closable_activity
from tests.ui.conftest import settle

PEOPLE = [
    (
        "Avery",
        "Testperson",
        "02/29",
        "IL",
        "IL-1",
        "1234567893",
        "ABIM: 900001",  # MOC points go to the board with the learner's ID
        "03/01/2026",
        "03/02/2026",
        "1.5",
        "1.5",
    ),
    ("Blake", "Samplename", "11/30", "new york", "", "", "ABIM: 900002", "", "3/2/2026", "1", ""),
    ("Casey", "Exampleton", "7/4", "CA", "CA-77", "", "", "", "2026-03-02", "0.75", "0.5"),
]


def _open(window: MainWindow, ui: AppContext, qtbot: QtBot) -> int:
    activity_id, _ = ui.core.activities.create(closable_activity())
    window.open_activity(activity_id, learners=True)
    qtbot.waitUntil(lambda: window.workspace.grid.grid.activity_id == activity_id)
    return activity_id


def _type_row(qtbot: QtBot, window: MainWindow, values: tuple[str, ...]) -> None:
    """Type a row the way a coordinator does: text, Tab, text, Tab…, then Enter."""
    view = window.workspace.grid
    model = view.grid
    start = model.index(model.rowCount() - 1, 0)  # the empty entry row
    view.setFocus()
    view.setCurrentIndex(start)
    view.edit(start)
    for text in values:
        editor = QApplication.focusWidget()
        assert editor is not None and editor is not view
        if text:
            qtbot.keyClicks(editor, text)
        qtbot.keyClick(editor, Qt.Key.Key_Tab)  # commits, and opens the next cell's editor
    focused = QApplication.focusWidget()
    if focused is not None and focused is not view:
        qtbot.keyClick(focused, Qt.Key.Key_Escape)
    qtbot.keyClick(view, Qt.Key.Key_Return)  # leaving the row saves it


def test_three_learners_by_keyboard(
    window: MainWindow, ui: AppContext, qtbot: QtBot, store: Store
) -> None:
    activity_id = _open(window, ui, qtbot)
    model = window.workspace.grid.grid
    assert [k for k, _ in model.columns][-3:] == ["moc.ABIM", "moc.ABP", "state"]
    for person in PEOPLE:
        _type_row(qtbot, window, person)
        settle(qtbot, ui)
    qtbot.waitUntil(lambda: ui.core.completion_list.count(activity_id=activity_id) == 3)
    rows = ui.core.completion_list.page(activity_id=activity_id)
    got = [
        (
            r.first_name,
            r.last_name,
            r.birth_month,
            r.birth_day,
            r.license_state,
            r.npi,
            r.board_ids,
            r.state,
        )
        for r in rows
    ]
    assert got == [
        ("Avery", "Testperson", 2, 29, "IL", "1234567893", {"ABIM": "900001"}, "queued"),
        # No consent typed: CME-only credit is kept as a draft too (consent covers every credit).
        ("Blake", "Samplename", 11, 30, "NY", "", {"ABIM": "900002"}, "draft"),
        # ABIM points without the learner's consent: kept as a draft, never sent.
        ("Casey", "Exampleton", 7, 4, "CA", "", {}, "draft"),
    ]
    assert rows[0].credits == {"CME": Decimal("1.5"), "ABIM": Decimal("1.5")}
    assert rows[2].credits == {"CME": Decimal("0.75"), "ABIM": Decimal("0.5")}
    with store.reading() as s:  # as stored: the CME credit on its record's row, ABIM a row
        stored = s.execute(
            sql(
                "SELECT c.cme_points, group_concat(k.board || ' ' || k.points) FROM completion c"
                " LEFT JOIN completion_credit k ON k.completion_id = c.id"
                " GROUP BY c.id ORDER BY c.id"
            )
        ).all()
    assert [tuple(r) for r in stored] == [("1.5", "ABIM 1.5"), ("1", None), ("0.75", "ABIM 0.5")]
    qtbot.waitUntil(lambda: model.rowCount() == 4)
    assert model.data(model.index(0, len(model.columns) - 1)) == "Waiting to send"


def test_twenty_rows_pasted_from_a_spreadsheet(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    activity_id = _open(window, ui, qtbot)
    lines = [
        f"Paste{i}\tPerson{i:02d}\t{1 + i % 12:02d}/{1 + i:02d}\tTX\t\t\t\t\t03/02/2026\t1.25"
        for i in range(20)
    ]
    QApplication.clipboard().setText("\r\n".join(lines) + "\r\n")  # Excel ends rows with CRLF
    view = window.workspace.grid
    view.setCurrentIndex(view.grid.index(view.grid.rowCount() - 1, 0))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, ui)
    qtbot.waitUntil(lambda: ui.core.completion_list.count(activity_id=activity_id) == 20)
    rows = ui.core.completion_list.page(activity_id=activity_id)
    assert [r.last_name for r in rows] == [f"Person{i:02d}" for i in range(20)]
    assert {r.license_state for r in rows} == {"TX"} and {r.credits["CME"] for r in rows} == {
        Decimal("1.25")
    }


def test_each_cell_says_what_is_wrong_and_the_row_is_kept_as_a_draft(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    activity_id = _open(window, ui, qtbot)
    _type_row(
        qtbot,
        window,
        ("Dana", "Badrow", "02/30", "Ontario", "", "1234567890", "", "", "03/09/2026", "1.3"),
    )
    settle(qtbot, ui)
    # Nothing typed is lost: the row is in the store as a draft, and nothing goes to PARS.
    qtbot.waitUntil(lambda: ui.core.completion_list.count(activity_id=activity_id) == 1)
    (stored,) = ui.core.completion_list.page(activity_id=activity_id)
    assert (stored.last_name, stored.birth_month, stored.birth_day, stored.npi) == (
        "Badrow",
        2,
        30,
        "1234567890",
    )
    assert stored.state == "draft"
    model = window.workspace.grid.grid
    qtbot.waitUntil(lambda: (model.rows[0].completion_id or 0) > 0)
    row = 0
    keys = [k for k, _ in model.columns]

    def tip(key: str) -> str:
        return str(model.data(model.index(row, keys.index(key)), Qt.ItemDataRole.ToolTipRole))

    assert "not a day of the year" in tip("birth")
    assert "not a US state" in tip("license_state")
    assert "NPI is not valid" in tip("npi")
    assert "ended on 2026-03-02" in tip("completion_date")
    assert "steps of 0.25" in tip("cme")
    assert (
        model.data(model.index(row, keys.index("birth")), Qt.ItemDataRole.BackgroundRole)
        is not None
    )
    assert model.data(model.index(row, keys.index("state"))).startswith("Draft (not sent): ")


def test_delete_key_deletes_after_asking(window: MainWindow, ui: AppContext, qtbot: QtBot) -> None:
    activity_id = _open(window, ui, qtbot)
    _type_row(qtbot, window, PEOPLE[0])
    qtbot.waitUntil(lambda: ui.core.completion_list.count(activity_id=activity_id) == 1)
    view = window.workspace.grid
    qtbot.waitUntil(lambda: (view.grid.rows[0].completion_id or 0) > 0)
    view.ask = lambda title, text: True  # type: ignore[method-assign]
    view.setCurrentIndex(view.grid.index(0, 1))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: ui.core.completion_list.count(activity_id=activity_id) == 0)


def test_a_refusal_typed_in_the_consent_cell_is_kept_and_shown(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    activity_id = _open(window, ui, qtbot)
    refused = ("Rory", "Refuser", "05/06", "IL", "", "", "", "N", "03/02/2026", "1.5")
    unasked = ("Sky", "Unasked", "06/07", "IL", "", "", "", "", "03/02/2026", "1.5")
    for person in (refused, unasked):
        _type_row(qtbot, window, person)
        settle(qtbot, ui)
    qtbot.waitUntil(lambda: ui.core.completion_list.count(activity_id=activity_id) == 2)
    rows = {r.last_name: r for r in ui.core.completion_list.page(activity_id=activity_id)}
    assert (rows["Refuser"].consent, rows["Unasked"].consent) == ("refused", None)
    model = window.workspace.grid.grid
    keys = [k for k, _ in model.columns]
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    shown = {
        model.data(model.index(i, 1)): (
            model.data(model.index(i, keys.index("consent"))),
            model.data(model.index(i, keys.index("state"))),
        )
        for i in range(2)
    }
    assert shown == {
        "Refuser": (
            "No",
            "Draft (not sent): The learner refused to have their credit reported; "
            "this record stays here.",
        ),
        "Unasked": (
            "",
            "Draft (not sent): Credit is reported only with the learner's consent: record "
            "whether they agreed (Yes or No) and when.",
        ),
    }


def test_the_aba_pair_typed_with_each_learners_credit_type(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    aba = ABA
    activity_id, _ = ui.core.activities.create(closable_activity(moc=(aba,)))
    window.open_activity(activity_id, learners=True)
    qtbot.waitUntil(lambda: window.workspace.grid.grid.activity_id == activity_id)
    model = window.workspace.grid.grid
    assert [k for k, _ in model.columns][-3:] == ["moc.ABA", "moc_type.ABA", "state"]
    person = ("Avery", "Testperson", "02/29", "IL", "", "", "ABA: A-77", "Y", "03/02/2026", "1.5")
    for kind in ("MOCA", "MOCA + patient safety"):
        _type_row(qtbot, window, (*person, "1.5", kind))
        settle(qtbot, ui)
    qtbot.waitUntil(lambda: ui.core.completion_list.count(activity_id=activity_id) == 2)
    rows = ui.core.completion_list.page(activity_id=activity_id)
    assert [r.credit_types for r in rows] == [{"ABA": "LL"}, {"ABA": "LL+PS"}]
    assert [r.credits["ABA"] for r in rows] == [Decimal("1.5"), Decimal("1.5")]
