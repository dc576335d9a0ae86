"""The learners grid completes a typed last name from the directory, and the saved row points
to the person chosen instead of making a new one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.models.entities import Completion, Learner
from desktop.models.store import Store
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.factories import closable_activity, completion, learner
from tests.ui.conftest import settle


# The completer's popup is a window of its own; the offscreen platform cannot raise it.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_a_name_typed_is_completed_from_the_directory_and_reuses_the_person(
    window: MainWindow, ui: AppContext, store: Store, qtbot: QtBot
) -> None:
    earlier, _ = ui.core.activities.create(closable_activity(provider_activity_id="GR-EARLIER"))
    ui.core.learners.enter_completions(earlier, [(learner(), completion())])
    ui.core.learners.enter_completions(earlier, [(learner(last_name="Otherperson"), completion())])
    activity_id, _ = ui.core.activities.create(closable_activity(provider_activity_id="GR-TODAY"))
    window.open_activity(activity_id, learners=True)
    qtbot.waitUntil(lambda: window.workspace.grid.grid.activity_id == activity_id)
    view = window.workspace.grid
    model = view.grid
    keys = [k for k, _ in model.columns]
    cell = model.index(model.rowCount() - 1, keys.index("last_name"))
    view.setFocus()
    view.setCurrentIndex(cell)
    view.edit(cell)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    qtbot.keyClicks(editor, "tes")
    completer = editor.completer()
    assert completer is not None
    popup = completer.popup()
    assert popup is not None
    qtbot.waitUntil(lambda: popup.isVisible() and completer.completionCount() == 1)
    assert completer.completionModel().index(0, 0).data() == "Testperson, Avery (02/29, IL)"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    row = model.rows[cell.row()]
    qtbot.waitUntil(lambda: row.cells.get("npi") == "1234567893")
    assert (row.cells["first_name"], row.cells["birth"], row.cells["license_state"]) == (
        "Avery",
        "02/29",
        "IL",
    )
    # The completion date and credits are typed as usual, then the row is left.
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    date_cell = model.index(cell.row(), keys.index("completion_date"))
    view.setCurrentIndex(date_cell)
    view.edit(date_cell)
    date_editor = QApplication.focusWidget()
    assert date_editor is not None and date_editor is not view
    qtbot.keyClicks(date_editor, "03/02/2026")
    qtbot.keyClick(date_editor, Qt.Key.Key_Tab)
    cme = QApplication.focusWidget()
    assert cme is not None and cme is not view
    qtbot.keyClicks(cme, "1.5")
    qtbot.keyClick(cme, Qt.Key.Key_Escape)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    settle(qtbot, ui)
    qtbot.waitUntil(lambda: ui.core.completion_list.count(activity_id=activity_id) == 1)
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Learner)) == 2
        owners = s.execute(
            select(Learner.last_name, func.count())
            .join(Completion, Completion.learner_id == Learner.id)
            .group_by(Learner.id)
            .order_by(Learner.last_name)
        ).all()
    assert owners == [("Otherperson", 1), ("Testperson", 2)]
