"""Create an activity by typing and watch its status; undo; synced-activity warnings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.models.rules import Status
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import settle


def _type(qtbot: QtBot, widget: object, text: str) -> None:
    widget.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # replace
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def _choose(combo: object, label: str) -> None:
    index = combo.findText(label)  # type: ignore[attr-defined]
    assert index >= 0, label
    combo.setCurrentIndex(index)  # type: ignore[attr-defined]
    combo.activated.emit(index)  # type: ignore[attr-defined]


def test_typing_an_activity_takes_it_from_incomplete_to_active(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, ui)
    editor = window.workspace.editor
    qtbot.waitUntil(lambda: editor.activity_id is not None)
    assert editor.badge.text() == "Incomplete"
    _type(qtbot, editor.title, "Hypertension Update 2026")
    _choose(editor.format, "Course")
    _type(qtbot, editor.start, "06/01/2026")
    _type(qtbot, editor.end, "12/01/2026")
    settle(qtbot, ui)
    assert editor.badge.text() == "Draft"
    assert "Enter a description" in " ".join(
        editor.blockers.item(i).text() for i in range(editor.blockers.count())
    )
    editor.description.setFocus()
    qtbot.keyClicks(editor.description, "Objectives: apply the 2026 guideline.")
    editor.delivery["in_person"].setChecked(True)
    _type(qtbot, editor.city, "Springfield")
    _choose(editor.state, "Illinois (IL)")
    _choose(editor.country, "United States (USA)")
    _choose(editor.providership, "Direct")
    _type(qtbot, editor.credits, "1.5")
    _choose(editor.passport, "No")
    qtbot.waitUntil(lambda: editor.badge.text() == "Active", timeout=5000)
    settle(qtbot, ui)
    assert not editor.close_button.isEnabled()  # still running: cannot close yet
    activity_id = editor.activity_id
    assert activity_id is not None
    stored = ui.core.activities.get(activity_id)
    assert (stored.title, stored.format, stored.city, stored.state, stored.ama_credits) == (
        "Hypertension Update 2026",
        "course",
        "Springfield",
        "IL",
        Decimal("1.5"),
    )
    assert stored.description == "Objectives: apply the 2026 guideline."
    assert ui.core.activities.assess(activity_id).status is Status.ACTIVE
    # The table shows it, with the status computed in SQL.
    qtbot.waitUntil(lambda: window.activities.model.rowCount() == 1)
    assert window.activities.model.row(0).status is Status.ACTIVE


def test_undo_restores_the_previous_value(window: MainWindow, ui: AppContext, qtbot: QtBot) -> None:
    window.new_activity()
    editor = window.workspace.editor
    qtbot.waitUntil(lambda: editor.activity_id is not None)
    _type(qtbot, editor.title, "First title")
    settle(qtbot, ui)
    editor.title.selectAll()
    _type(qtbot, editor.title, "Second title")
    settle(qtbot, ui)
    assert editor.activity_id is not None
    assert ui.core.activities.get(editor.activity_id).title == "Second title"
    window.undo_action.trigger()
    settle(qtbot, ui)
    assert editor.title.text() == "First title"
    assert ui.core.activities.get(editor.activity_id).title == "First title"
    window.redo_action.trigger()
    settle(qtbot, ui)
    assert ui.core.activities.get(editor.activity_id).title == "Second title"


def test_closing_is_offered_only_when_the_engine_allows(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    from tests.factories import closable_activity

    activity_id, _ = ui.core.activities.create(closable_activity(close_requested=False))
    window.open_activity(activity_id)
    editor = window.workspace.editor
    qtbot.waitUntil(lambda: editor.activity_id == activity_id)
    assert editor.badge.text() == "Ready to close" and editor.close_button.isEnabled()
    editor.outcome_boxes["Learner Competence"][0].setChecked(False)  # removes the only outcome
    settle(qtbot, ui)
    assert not editor.close_button.isEnabled()
    editor.outcome_boxes["Patient Health"][1].setChecked(True)
    settle(qtbot, ui)
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    settle(qtbot, ui)
    assert editor.badge.text() == "Closed"
    assert ui.core.activities.assess(activity_id).status is Status.CLOSED


def test_changing_the_dates_of_a_synced_activity_asks_first(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    from desktop.models.entities import Activity
    from tests.factories import closable_activity

    activity_id, _ = ui.core.activities.create(closable_activity())
    with ui.core.activities._store.transaction() as s:  # as if a sync had happened
        row = s.get(Activity, activity_id)
        assert row is not None
        row.accme_activity_id, row.synced_revision = "123456789", row.revision
    window.open_activity(activity_id)
    editor = window.workspace.editor
    qtbot.waitUntil(lambda: editor.activity_id == activity_id)
    questions: list[str] = []

    def ask(title: str, text: str) -> bool:
        questions.append(text)
        return False

    editor.ask = ask  # type: ignore[method-assign]
    _type(qtbot, editor.end, "3/5/2026")
    settle(qtbot, ui)
    assert len(questions) == 1 and "new activity" in questions[0]
    assert ui.core.activities.get(activity_id).end_date == date(2026, 3, 2)  # refused: unchanged
    assert editor.end.value() == date(2026, 3, 2)
    editor.ask = lambda title, text: True  # type: ignore[method-assign]
    _type(qtbot, editor.end, "03/05/2026")
    settle(qtbot, ui)
    assert ui.core.activities.get(activity_id).end_date == date(2026, 3, 5)
