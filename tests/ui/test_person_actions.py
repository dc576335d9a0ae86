"""Not the same person: a person's records split off to a new person from the Learners page
and from an activity's learners, by keyboard — asked first, refused in words when it cannot
apply, taken back by Ctrl+Z. Same person: two people merged again from their records."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models.entities import Completion, Learner
from desktop.models.store import Store
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.factories import closable_activity, completion, learner
from tests.ui.conftest import settle

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
SPLIT = "Not the same person: split off…"
MERGE = "Same person: merge…"
# A popup menu on the offscreen platform (no window manager) says so; nothing else may warn.
POPUP = pytest.mark.qt_log_ignore(
    "does not support raise", "does not support grabbing the keyboard"
)


def _owners(store: Store) -> dict[int, int]:
    """Completion → the person it belongs to."""
    with store.reading() as s:
        return {c: p for c, p in s.execute(select(Completion.id, Completion.learner_id))}


def _people(store: Store) -> dict[int, str]:
    """Person → their state of licensure."""
    with store.reading() as s:
        return {p: st for p, st in s.execute(select(Learner.id, Learner.license_state))}


def _activity(ui: AppContext, pai: str) -> int:
    activity_id, _ = ui.core.activities.create(
        closable_activity(provider_activity_id=pai, title=f"Grand rounds {pai}")
    )
    return activity_id


def _enter(ui: AppContext, activity_id: int, first_name: str = "Avery") -> int:
    """A completion entered for a synthetic physician (the same person each time by name)."""
    (cid,), changes = ui.core.learners.enter_completions(
        activity_id, [(learner(first_name=first_name), completion())]
    )
    ui.bus.publish(changes, None)
    return cid


def _to_learners_list(qtbot: QtBot, window: MainWindow, rows: int) -> None:
    """Ctrl+3, then Ctrl+F and Tab: the cursor in the list of every learner record."""
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    qtbot.waitUntil(lambda: window.learners.model.rowCount() == rows, timeout=10_000)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    qtbot.keyClick(window.learners.search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.learners.table
    # Coming in, the cursor is on the first record (chosen).
    assert window.learners.table.currentIndex().row() == 0


def _box(qtbot: QtBot) -> QMessageBox:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QMessageBox))
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox)
    return box


def _answer(qtbot: QtBot, window: MainWindow, box: QMessageBox, key: Qt.Key) -> None:
    """A key in the box; once it has closed, the window is active again — what a window
    manager does when a dialog closes (offscreen has none), so the window's keys work."""
    qtbot.keyClick(box, key)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _menu(qtbot: QtBot) -> QMenu:
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    return menu


def test_records_split_off_from_the_learners_list_then_undone_and_redone(
    window: MainWindow, ui: AppContext, store: Store, qtbot: QtBot
) -> None:
    first, second, third = (_enter(ui, _activity(ui, p)) for p in ("GR-1", "GR-2", "GR-3"))
    (person,) = _people(store)
    _to_learners_list(qtbot, window, 3)
    table = window.learners.table
    # The second and third records (the list is in name order, then as entered).
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(table, Qt.Key.Key_P, CTRL | SHIFT)

    box = _box(qtbot)
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["Cancel", "Split off"]
    _answer(qtbot, window, box, Qt.Key.Key_Escape)  # changed my mind: nothing happens
    settle(qtbot, ui)
    assert _owners(store) == dict.fromkeys((first, second, third), person)
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL | SHIFT)  # the same records are still chosen

    box = _box(qtbot)
    assert box.text() == "Give 2 records of Testperson, Avery to a new person?"
    details = box.informativeText().splitlines()
    assert details[:4] == [
        "Moving to the new person:",
        "  GR-2 — Grand rounds GR-2 (03/02/2026)",
        "  GR-3 — Grand rounds GR-3 (03/02/2026)",
        "Staying with Testperson, Avery: 1 record.",
    ]
    assert "PARS matches the new person again" in box.informativeText()
    assert _owners(store) == dict.fromkeys((first, second, third), person)  # nothing yet
    _answer(qtbot, window, box, Qt.Key.Key_Return)  # Split off

    qtbot.waitUntil(lambda: len(_people(store)) == 2)
    (new,) = set(_people(store)) - {person}
    assert _owners(store) == {first: person, second: new, third: new}
    qtbot.waitUntil(lambda: "2 records went to a new person" in window.statusBar().currentMessage())

    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: _people(store) == {person: "IL"})
    assert _owners(store) == dict.fromkeys((first, second, third), person)

    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.waitUntil(lambda: len(_people(store)) == 2)
    (again,) = set(_people(store)) - {person}
    assert _owners(store) == {first: person, second: again, third: again}
    settle(qtbot, ui)

    # Enter on a record that moved: its activity's learners, at its row, to correct the copy.
    qtbot.waitUntil(lambda: window.learners.model.rowCount() == 3)
    qtbot.keyClick(window, Qt.Key.Key_F, CTRL)
    qtbot.keyClick(window.learners.search, Qt.Key.Key_Tab)
    qtbot.keyClick(table, Qt.Key.Key_End, CTRL)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    view = window.workspace.grid
    qtbot.waitUntil(lambda: view.grid.rows[0].completion_id == third and view.hasFocus())
    assert view.currentIndex().row() == 0 and view.grid.rows[0].learner_id == again
    settle(qtbot, ui)


def _possibly_same(window: MainWindow) -> list[str]:
    tree = window.attention.tree
    return [
        tree.topLevelItem(i).text(0)  # type: ignore[union-attr]
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(0).startswith("Possibly the same person")  # type: ignore[union-attr]
    ]


@POPUP
def test_a_record_split_off_in_the_grid_is_corrected_there_and_not_offered_as_the_same(
    window: MainWindow, ui: AppContext, store: Store, qtbot: QtBot
) -> None:
    kept = _enter(ui, _activity(ui, "GR-1"))
    activity_id = _activity(ui, "GR-2")
    moved = _enter(ui, activity_id)
    (person,) = _people(store)
    window.open_activity(activity_id)
    view = window.workspace.grid
    qtbot.waitUntil(lambda: view.grid.activity_id == activity_id and len(view.grid.rows) == 2)
    qtbot.waitUntil(lambda: window.workspace.editor.activity_id == activity_id)
    qtbot.keyClick(window, Qt.Key.Key_L, CTRL)  # Learners of this activity
    assert QApplication.focusWidget() is view
    qtbot.keyClick(view, Qt.Key.Key_Up)  # from the entry row to Avery's record

    qtbot.keyClick(view, Qt.Key.Key_Menu)
    menu = _menu(qtbot)
    assert [a.text() for a in menu.actions()] == [SPLIT, MERGE]
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    box = _box(qtbot)
    assert box.text() == "Give 1 record of Testperson, Avery to a new person?"
    assert "Staying with Testperson, Avery: 1 record." in box.informativeText()
    _answer(qtbot, window, box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(_people(store)) == 2)
    (new,) = set(_people(store)) - {person}
    assert _owners(store) == {kept: person, moved: new}
    settle(qtbot, ui)

    # The new person is another Avery, licensed in Wisconsin: typed over the copy, in the row.
    qtbot.waitUntil(lambda: view.grid.rows[0].learner_id == new)
    assert QApplication.focusWidget() is view  # back where the coordinator was
    qtbot.keyClick(view, Qt.Key.Key_Home)
    for _ in range([k for k, _ in view.grid.columns].index("license_state")):
        qtbot.keyClick(view, Qt.Key.Key_Tab)
    for key in "WI":  # the first key opens the cell's editor; the next goes into it
        qtbot.keyClicks(QApplication.focusWidget(), key)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: _people(store) == {person: "IL", new: "WI"})
    # One name and birthday in two states — but the coordinator said they are two people.
    qtbot.waitUntil(lambda: not window.attention.refresh_later.isActive())
    settle(qtbot, ui)
    assert _possibly_same(window) == []
    assert ui.core.people.possibly_same() == []

    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)  # the split taken back, the copy with it
    qtbot.waitUntil(lambda: _people(store) == {person: "IL"})
    assert _owners(store) == {kept: person, moved: person}
    settle(qtbot, ui)


def _one_record(ui: AppContext) -> None:
    _enter(ui, _activity(ui, "GR-1"))


def _two_people(ui: AppContext) -> None:
    activity_id = _activity(ui, "GR-1")
    _enter(ui, activity_id)
    _enter(ui, activity_id, first_name="Blake")


@POPUP
@pytest.mark.parametrize(
    ("make", "rows", "chosen", "message"),
    [
        (
            _one_record,
            1,
            1,
            "These are all of Testperson, Avery's records (1): there is nothing to split off. "
            "If the person is wrong, correct their name, birthday, state or NPI in the "
            "learners grid instead.",
        ),
        (
            _two_people,
            2,
            2,
            "These records belong to 2 different people. Choose records of one person only: "
            "the records that are not theirs.",
        ),
    ],
)
def test_a_split_that_cannot_apply_says_why_and_changes_nothing(
    window: MainWindow,
    ui: AppContext,
    store: Store,
    qtbot: QtBot,
    make: Callable[[AppContext], None],
    rows: int,
    chosen: int,
    message: str,
) -> None:
    make(ui)
    before = (_owners(store), _people(store))
    _to_learners_list(qtbot, window, rows)
    table = window.learners.table
    for _ in range(chosen - 1):
        qtbot.keyClick(table, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(table, Qt.Key.Key_F10, SHIFT)  # the context menu, from the keyboard
    menu = _menu(qtbot)
    assert [a.text() for a in menu.actions() if not a.isSeparator()] == [
        "Open the activity's learners",
        SPLIT,
        MERGE,
    ]
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Down)  # past the separator, to the split
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    box = _box(qtbot)
    assert (box.windowTitle(), box.text()) == ("Not split", message)
    assert [b.text().replace("&", "") for b in box.buttons()] == ["OK"]
    _answer(qtbot, window, box, Qt.Key.Key_Return)
    settle(qtbot, ui)
    assert (_owners(store), _people(store)) == before


def test_records_pars_holds_are_not_split_off(
    window: MainWindow, ui: AppContext, store: Store, qtbot: QtBot
) -> None:
    sent = _enter(ui, _activity(ui, "GR-1"))
    with qtbot.waitSignal(window.sync_finished, timeout=30_000) as synced:
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert synced.args[0].completions_accepted == 1
    _enter(ui, _activity(ui, "GR-2"))
    before = (_owners(store), _people(store))
    assert len(before[1]) == 1 and len(before[0]) == 2
    _to_learners_list(qtbot, window, 2)
    assert window.learners.selected_completions() == [sent]
    qtbot.keyClick(window.learners.table, Qt.Key.Key_P, CTRL | SHIFT)
    box = _box(qtbot)
    assert box.text().startswith(
        "PARS already has 1 of these records as Testperson, Avery's, and a record PARS "
        "holds cannot be given to another person."
    )
    _answer(qtbot, window, box, Qt.Key.Key_Escape)
    settle(qtbot, ui)
    assert (_owners(store), _people(store)) == before


def test_two_people_split_apart_earlier_are_merged_again_from_their_records(
    window: MainWindow, ui: AppContext, store: Store, qtbot: QtBot
) -> None:
    first, second, third = (_enter(ui, _activity(ui, p)) for p in ("GR-1", "GR-2", "GR-3"))
    (person,) = _people(store)
    # Split apart some other day: that undo history is gone, and kept apart, the two are not
    # offered as possibly the same. The coordinator asks for the merge from their records.
    other, _ = ui.core.people.split(person, [third])
    split_apart = _owners(store)
    _to_learners_list(qtbot, window, 3)
    table = window.learners.table
    qtbot.keyClick(table, Qt.Key.Key_Down, SHIFT)  # both of the first person's records
    qtbot.keyClick(table, Qt.Key.Key_M, CTRL | SHIFT)
    box = _box(qtbot)
    assert (box.windowTitle(), box.text()) == (
        "Not merged",
        "These records are all one person's. Choose records of the two people who are one "
        "(a record of each is enough).",
    )
    _answer(qtbot, window, box, Qt.Key.Key_Return)
    assert _owners(store) == split_apart

    qtbot.keyClick(table, Qt.Key.Key_Down, SHIFT)  # and the other person's record
    assert window.learners.selected_completions() == [first, second, third]
    qtbot.keyClick(table, Qt.Key.Key_M, CTRL | SHIFT)
    box = _box(qtbot)
    assert box.text() == (
        "Merge Testperson, Avery (IL, 2 records) and Testperson, Avery (IL, 1 record) into one "
        "person?"
    )
    assert sorted(b.text().replace("&", "") for b in box.buttons()) == ["Cancel", "Merge"]
    _answer(qtbot, window, box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: set(_people(store)) == {person})
    assert _owners(store) == dict.fromkeys((first, second, third), person)
    qtbot.waitUntil(lambda: "Two people merged into one" in window.statusBar().currentMessage())

    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: set(_people(store)) == {person, other})
    assert _owners(store) == split_apart
    settle(qtbot, ui)


def test_the_actions_on_records_say_where_to_choose_them_elsewhere(
    window: MainWindow, ui: AppContext, store: Store, qtbot: QtBot
) -> None:
    _enter(ui, _activity(ui, "GR-1"))
    before = (_owners(store), _people(store))
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)  # the dashboard: no records to choose there
    for key in (Qt.Key.Key_P, Qt.Key.Key_M):
        window.statusBar().clearMessage()
        qtbot.keyClick(window, key, CTRL | SHIFT)
        assert window.statusBar().currentMessage() == (
            "Choose the records first: in Learners (Ctrl+3) or in an activity's learners (Ctrl+L)."
        )
        assert QApplication.activeModalWidget() is None
    settle(qtbot, ui)
    assert (_owners(store), _people(store)) == before
