"""Typing learner after learner by keyboard only never overwrites the one before (issue 14:
"Nothing typed is lost", "Keyboard everywhere")."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.factories import closable_activity
from tests.ui.conftest import settle

# Every editable column of the closable activity, in order (the State column is not typed).
PEOPLE = [
    ("Avery", "Testperson", "02/29", "IL", "IL-1", "", "", "Y", "03/02/2026", "1.5", "", ""),
    ("Blake", "Samplename", "11/30", "NY", "NY-2", "", "", "Y", "03/02/2026", "1", "", ""),
    ("Casey", "Exampleton", "07/04", "CA", "CA-3", "", "", "Y", "03/02/2026", "0.75", "", ""),
]


def _open(window: MainWindow, ui: AppContext, qtbot: QtBot) -> int:
    activity_id, _ = ui.core.activities.create(closable_activity())
    window.open_activity(activity_id, learners=True)
    qtbot.waitUntil(lambda: window.workspace.grid.grid.activity_id == activity_id)
    view = window.workspace.grid
    view.setFocus()
    view.setCurrentIndex(view.grid.index(0, 0))  # the empty entry row
    return activity_id


def _focused(window: MainWindow) -> QWidget:
    widget = QApplication.focusWidget()
    return widget if widget is not None else window.workspace.grid


def _on_entry_row(window: MainWindow) -> bool:
    """The current cell is the first cell of the empty row at the bottom."""
    view = window.workspace.grid
    current = view.currentIndex()
    last = view.grid.rowCount() - 1
    return (current.row(), current.column()) == (last, 0) and not view.grid.rows[last].cells


def _keys(qtbot: QtBot, window: MainWindow, text: str) -> None:
    """Each key goes where the focus is as it is pressed (the first one opens the editor)."""
    for key in text:
        qtbot.keyClicks(_focused(window), key)


def _type(qtbot: QtBot, window: MainWindow, values: tuple[str, ...], last: Qt.Key) -> None:
    """Type into whatever has the focus, Tab between cells, ``last`` after the last cell."""
    for i, text in enumerate(values):
        _keys(qtbot, window, text)
        qtbot.keyClick(_focused(window), last if i == len(values) - 1 else Qt.Key.Key_Tab)


def _stored(ui: AppContext, activity_id: int) -> list[tuple[str, str, str, str, Decimal]]:
    return sorted(
        (r.first_name, r.last_name, r.license_state, r.license_number, r.credits["CME"])
        for r in ui.core.completion_list.page(activity_id=activity_id)
    )


EXPECTED = [
    ("Avery", "Testperson", "IL", "IL-1", Decimal("1.5")),
    ("Blake", "Samplename", "NY", "NY-2", Decimal("1")),
    ("Casey", "Exampleton", "CA", "CA-3", Decimal("0.75")),
]


def test_tab_only_types_three_learners_back_to_back(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    activity_id = _open(window, ui, qtbot)
    for person in PEOPLE:
        _type(qtbot, window, person, Qt.Key.Key_Tab)
        qtbot.waitUntil(lambda: _on_entry_row(window))  # Enter's commit arrives queued
        settle(qtbot, ui)  # the save comes back, and the cell stays where typing goes on
        assert _on_entry_row(window)
    qtbot.waitUntil(lambda: ui.core.completion_list.count(activity_id=activity_id) == 3)
    assert _stored(ui, activity_id) == EXPECTED


def test_enter_ends_each_learner_and_the_next_starts_on_the_entry_row(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    activity_id = _open(window, ui, qtbot)
    for person in PEOPLE:
        _type(qtbot, window, person[:10], Qt.Key.Key_Return)  # Enter after the CME cell
        qtbot.waitUntil(lambda: _on_entry_row(window))  # Enter's commit arrives queued
        settle(qtbot, ui)  # the save comes back, and the cell stays where typing goes on
        assert _on_entry_row(window)
    qtbot.waitUntil(lambda: ui.core.completion_list.count(activity_id=activity_id) == 3)
    assert _stored(ui, activity_id) == EXPECTED


def test_shift_tab_from_the_first_cell_saves_and_goes_back_a_row(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    activity_id = _open(window, ui, qtbot)
    view = window.workspace.grid
    _type(qtbot, window, PEOPLE[0], Qt.Key.Key_Tab)
    settle(qtbot, ui)
    _keys(qtbot, window, "Dana")
    qtbot.keyClick(_focused(window), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, ui)
    qtbot.waitUntil(lambda: ui.core.completion_list.count(activity_id=activity_id) == 2)
    keys = [k for k, _ in view.grid.columns]
    # Back on the first learner's last typed column, not wrapped to the bottom row.
    assert view.currentIndex().row() == 0
    assert keys[view.currentIndex().column()] == "moc.ABP"
    assert sorted(r.first_name for r in ui.core.completion_list.page(activity_id=activity_id)) == [
        "Avery",
        "Dana",
    ]


def test_typing_into_a_filled_cell_opened_by_tab_replaces_it(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    activity_id = _open(window, ui, qtbot)
    view = window.workspace.grid
    _type(qtbot, window, PEOPLE[0], Qt.Key.Key_Tab)
    settle(qtbot, ui)
    qtbot.waitUntil(lambda: (view.grid.rows[0].completion_id or 0) > 0)
    keys = [k for k, _ in view.grid.columns]
    view.setCurrentIndex(view.grid.index(0, keys.index("birth")))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F2)  # F2 edits the birth cell at its end…
    qtbot.keyClick(_focused(window), Qt.Key.Key_Tab)  # …Tab opens the State of licensure cell
    _keys(qtbot, window, "WI")  # typing replaces "IL", as in Excel
    qtbot.keyClick(_focused(window), Qt.Key.Key_Tab)
    _keys(qtbot, window, "WI-9")  # and a cell opened by typing replaces too
    qtbot.keyClick(_focused(window), Qt.Key.Key_Return)
    settle(qtbot, ui)
    qtbot.waitUntil(
        lambda: (
            [
                (r.license_state, r.license_number)
                for r in ui.core.completion_list.page(activity_id=activity_id)
            ]
            == [("WI", "WI-9")]
        )
    )
    view.setCurrentIndex(view.grid.index(0, keys.index("first_name")))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    _keys(qtbot, window, "na")  # F2 edits at the end
    qtbot.keyClick(_focused(window), Qt.Key.Key_Return)
    settle(qtbot, ui)
    qtbot.waitUntil(
        lambda: (
            [r.first_name for r in ui.core.completion_list.page(activity_id=activity_id)]
            == ["Averyna"]
        )
    )
