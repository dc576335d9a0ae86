"""Redo answers to Ctrl+Shift+Z as the README and the Edit menu promise (issue 14)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui.context import AppContext
from desktop.ui.help_dialogs import ShortcutsDialog
from desktop.ui.main_window import MainWindow
from tests.ui.conftest import settle

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _retitle(qtbot: QtBot, window: MainWindow, text: str) -> None:
    title = window.workspace.editor.title
    title.setFocus()
    qtbot.keyClick(title, Qt.Key.Key_A, CTRL)  # replace
    qtbot.keyClicks(title, text)
    qtbot.keyClick(title, Qt.Key.Key_Return)


def test_ctrl_shift_z_redoes_after_an_undo(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    window.new_activity()
    editor = window.workspace.editor
    qtbot.waitUntil(lambda: editor.activity_id is not None)
    _retitle(qtbot, window, "First title")
    settle(qtbot, ui)
    _retitle(qtbot, window, "Second title")
    settle(qtbot, ui)
    activity_id = editor.activity_id
    assert activity_id is not None
    window.activateWindow()
    window.setFocus()  # the keys go to the window, not to the title's own undo
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: ui.core.activities.get(activity_id).title == "First title")
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT)
    qtbot.waitUntil(lambda: ui.core.activities.get(activity_id).title == "Second title")
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: ui.core.activities.get(activity_id).title == "First title")
    qtbot.keyClick(window, Qt.Key.Key_Y, CTRL)  # the platform's Redo still works
    qtbot.waitUntil(lambda: ui.core.activities.get(activity_id).title == "Second title")


def test_keyboard_shortcuts_help_lists_both_redo_keys(window: MainWindow, qtbot: QtBot) -> None:
    window.show_shortcuts()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ShortcutsDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ShortcutsDialog)
    rows = {}
    for i in range(dialog.table.rowCount()):
        name, keys = dialog.table.item(i, 0), dialog.table.item(i, 1)
        assert name is not None and keys is not None
        rows[name.text()] = keys.text()
    native = QKeySequence("Ctrl+Shift+Z").toString(QKeySequence.SequenceFormat.NativeText)
    assert native in rows["Edit → Redo"].split(" or ")
    assert rows["Learners grid: save the learner, start the next"] == "Tab at row end / Enter"
    assert rows["Learners grid: change a cell (typing replaces it)"] == "F2"
    assert rows["Learners → Not the same person: split off…"] == "Ctrl+Shift+P"
    assert rows["The menu of the chosen records"] == "Menu key / Shift+F10"
    dialog.reject()
