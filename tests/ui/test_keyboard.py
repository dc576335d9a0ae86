"""Keyboard only: Tab walks the editor in visual order and leaves the description; Ctrl+Tab
switches the editor's tabs without typing into either."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.models.entities import Completion
from desktop.models.rules import Status
from desktop.models.store import Store
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import settle


def focused() -> QWidget:
    w = QApplication.focusWidget()
    assert w is not None
    return w


def press(
    qtbot: QtBot, key: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """A key where a person's key would go: the focused widget."""
    qtbot.keyClick(focused(), key, mods)


def type_(qtbot: QtBot, text: str) -> None:
    """Each character to whatever has the cursor then (a first key may open an editor)."""
    for ch in text:
        qtbot.keyClicks(focused(), ch)


def new_activity(window: MainWindow, ui: AppContext, qtbot: QtBot) -> int:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workspace.editor.activity_id is not None)
    settle(qtbot, ui)
    qtbot.waitUntil(lambda: focused() is window.workspace.editor.title)
    activity_id = window.workspace.editor.activity_id
    assert activity_id is not None
    return activity_id


def test_tab_from_the_description_reaches_format_and_the_dates(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    activity_id = new_activity(window, ui, qtbot)
    editor = window.workspace.editor
    type_(qtbot, "Tab Test Rounds")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is editor.description
    type_(qtbot, "Objectives: reach every field by keyboard.")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is editor.internal_id  # Tab left the description, and added nothing
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is editor.format
    type_(qtbot, "Course")  # a closed combo box picks by typing
    seen: list[QWidget] = []
    while focused() is not editor.start and len(seen) < 10:
        press(qtbot, Qt.Key.Key_Tab)
        seen.append(focused())
    assert focused() is editor.start
    assert all(w in editor.delivery.values() for w in seen[:-1])  # only Delivery in between
    type_(qtbot, "6/1/26")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is editor.end
    type_(qtbot, "06/02/2026")
    press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is editor.start
    settle(qtbot, ui)
    stored = ui.core.activities.get(activity_id)
    assert stored.title == "Tab Test Rounds"
    assert stored.description == "Objectives: reach every field by keyboard."
    assert (stored.format, stored.start_date, stored.end_date) == (
        "course",
        date(2026, 6, 1),
        date(2026, 6, 2),
    )


def test_the_whole_form_is_walked_in_visual_order(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    """Shift+Tab retraces Tab exactly, and Tab never jumps back up the form."""
    new_activity(window, ui, qtbot)
    editor = window.workspace.editor
    forward: list[QWidget] = [focused()]
    for _ in range(25):
        press(qtbot, Qt.Key.Key_Tab)
        forward.append(focused())
    assert len(set(forward)) == len(forward)  # no field keeps the Tab key to itself
    tops = [w.mapTo(editor, w.rect().topLeft()).y() for w in forward]
    assert tops == sorted(tops), [type(w).__name__ for w in forward]
    backward = [focused()]
    for _ in range(25):
        press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        backward.append(focused())
    assert backward == forward[::-1]


def test_ctrl_tab_switches_tabs_without_typing_anywhere(
    window: MainWindow, ui: AppContext, qtbot: QtBot, store: Store
) -> None:
    activity_id = new_activity(window, ui, qtbot)
    editor, workspace = window.workspace.editor, window.workspace
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is editor.description
    type_(qtbot, "Kept as typed")
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert workspace.tabs.currentWidget() is workspace.grid
    assert focused() is workspace.grid
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert workspace.tabs.currentWidget() is editor
    assert focused() is editor.title
    press(
        qtbot,
        Qt.Key.Key_Backtab,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert workspace.tabs.currentWidget() is workspace.grid
    settle(qtbot, ui)
    assert editor.description.toPlainText() == "Kept as typed"
    assert ui.core.activities.get(activity_id).description == "Kept as typed"
    with store.reading() as s:  # nothing typed landed in the learners grid
        assert s.scalar(select(func.count()).select_from(Completion)) == 0


def tab_to(qtbot: QtBot, target: QWidget, back: bool = False, limit: int = 80) -> None:
    """Tab (or Shift+Tab) until ``target`` has the cursor, as a person would."""
    for _ in range(limit):
        if focused() is target:
            return
        if back:
            press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
        else:
            press(qtbot, Qt.Key.Key_Tab)
    assert focused() is target, f"Tab never reached {type(target).__name__}"


def test_keyboard_only_from_ctrl_n_to_a_closed_activity_with_a_learner(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    activity_id = new_activity(window, ui, qtbot)
    editor, workspace = window.workspace.editor, window.workspace
    type_(qtbot, "Keyboard Rounds 2026")
    press(qtbot, Qt.Key.Key_Tab)
    type_(qtbot, "Objectives: enter an activity without a mouse.")
    tab_to(qtbot, editor.format)
    type_(qtbot, "Course")
    settle(qtbot, ui)
    online = next(b for code, b in editor.delivery.items() if code != "in_person" and b.isVisible())
    tab_to(qtbot, online)
    press(qtbot, Qt.Key.Key_Space)
    tab_to(qtbot, editor.start)
    type_(qtbot, "5/1/26")
    press(qtbot, Qt.Key.Key_Tab)
    type_(qtbot, "05/01/2026")
    tab_to(qtbot, editor.credits)
    type_(qtbot, "1.5")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is editor.providership
    press(qtbot, Qt.Key.Key_Down)  # Direct
    tab_to(qtbot, editor.passport)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)  # No
    tab_to(qtbot, editor.support)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down)  # No
    tab_to(qtbot, editor.physicians)
    type_(qtbot, "25")
    press(qtbot, Qt.Key.Key_Tab)
    type_(qtbot, "0")
    press(qtbot, Qt.Key.Key_Tab)
    first_outcome = next(iter(editor.outcome_boxes.values()))[0]
    assert focused() is first_outcome
    press(qtbot, Qt.Key.Key_Space)
    settle(qtbot, ui)
    qtbot.waitUntil(lambda: editor.badge.text() == "Ready to close", timeout=5000)

    # A learner, typed into the grid: Ctrl+Tab, then cell, Tab, cell… and Enter.
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    grid = workspace.grid
    assert focused() is grid
    for text in (
        "Avery",
        "Testperson",
        "02/29",
        "IL",
        "IL-1",
        "1234567893",
        "",
        "",
        "05/01/2026",
        "1.5",
    ):
        if text:
            type_(qtbot, text)  # the first key opens the cell's editor, as in a spreadsheet
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_Return)  # leaving the row saves it
    qtbot.waitUntil(
        lambda: ui.core.completion_list.count(activity_id=activity_id) == 1, timeout=10_000
    )

    # Back to the details, up to "Close activity", and close it.
    press(
        qtbot,
        Qt.Key.Key_Backtab,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert focused() is editor.title
    tab_to(qtbot, editor.close_button, back=True, limit=10)
    press(qtbot, Qt.Key.Key_Space)
    settle(qtbot, ui)
    qtbot.waitUntil(lambda: editor.badge.text() == "Closed", timeout=5000)

    stored = ui.core.activities.get(activity_id)
    assert (stored.title, stored.format, stored.start_date, stored.end_date) == (
        "Keyboard Rounds 2026",
        "course",
        date(2026, 5, 1),
        date(2026, 5, 1),
    )
    assert (stored.ama_credits, stored.physician_learners, stored.other_learners) == (
        Decimal("1.5"),
        25,
        0,
    )
    assert ui.core.activities.assess(activity_id).status is Status.CLOSED
    (row,) = ui.core.completion_list.page(activity_id=activity_id)
    assert (row.first_name, row.last_name, row.birth_month, row.birth_day, row.npi) == (
        "Avery",
        "Testperson",
        2,
        29,
        "1234567893",
    )
    assert row.credits == {"CME": Decimal("1.5")}


def test_the_copy_wizard_runs_on_keys_alone(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    from PySide6.QtWidgets import QWizard

    from tests.factories import closable_activity

    source, _ = ui.core.activities.create(closable_activity(provider_activity_id="KEY-1"))
    window.open_activity(source)
    qtbot.waitUntil(lambda: window.workspace.editor.activity_id == source)
    settle(qtbot, ui)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QWizard), timeout=5000)
    wizard = QApplication.activeModalWidget()
    assert isinstance(wizard, QWizard)
    wizard.activateWindow()  # what a window manager does for a new window; offscreen has none
    qtbot.waitUntil(wizard.isActiveWindow)
    qtbot.waitUntil(lambda: wizard.currentPage().isComplete(), timeout=5000)
    press(qtbot, Qt.Key.Key_Return)  # Next: what to carry over
    press(qtbot, Qt.Key.Key_Return)  # Next: dates and place
    place = wizard.place  # type: ignore[attr-defined]
    tab_to(qtbot, place.end, limit=20)
    type_(qtbot, "3/3/27")
    tab_to(qtbot, place.city, limit=20)
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_(qtbot, "Peoria")
    with qtbot.waitSignal(wizard.created, timeout=5000) as created:  # type: ignore[attr-defined]
        press(qtbot, Qt.Key.Key_Return)  # Next: review
        press(qtbot, Qt.Key.Key_Return)  # Finish
    copy = ui.core.activities.get(created.args[0])
    assert (copy.title, copy.city, copy.start_date, copy.end_date) == (
        "Grand Rounds: Sepsis Update",
        "Peoria",
        date(2027, 3, 1),
        date(2027, 3, 3),
    )
