"""The menu bar holds every action with its shortcut; Help explains; first run asks three things."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QTableWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from desktop import __version__
from desktop.ui.context import AppContext
from desktop.ui.help_dialogs import AboutDialog, GettingStartedDialog, ShortcutsDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.menus import menu_rows
from desktop.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import settle

EXPECTED: dict[str, list[tuple[str, str | None]]] = {
    # menu → (action text, its shortcut) that must be there
    "File": [
        ("Import…", "Ctrl+I"),
        ("Export…", "Ctrl+E"),
        ("Settings", "Ctrl+,"),
        ("Quit", "Ctrl+Q"),
    ],
    "Edit": [("Undo", "Ctrl+Z"), ("Redo", None), ("Search…", "Ctrl+F")],
    "Activity": [("New activity", "Ctrl+N"), ("Copy…", "Ctrl+D"), ("New series…", "Ctrl+Shift+N")],
    "Learners": [
        ("Learners of this activity", "Ctrl+L"),
        ("Learners", "Ctrl+3"),
        ("Not the same person: split off…", "Ctrl+Shift+P"),
        ("Same person: merge…", "Ctrl+Shift+M"),
    ],
    "Sync": [("Sync", "F5"), ("Needs attention", "Ctrl+4")],
    "View": [
        ("Dashboard", "Ctrl+1"),
        ("Activities", "Ctrl+2"),
        ("Learners", "Ctrl+3"),
        ("Needs attention", "Ctrl+4"),
        ("Sync", "Ctrl+5"),
    ],
    "Help": [
        ("Getting started", "F1"),
        ("Keyboard shortcuts", "Ctrl+/"),
        ("About PARS Desktop", None),
    ],
}


def _cell(item: QTableWidgetItem | None) -> str:
    assert item is not None
    return item.text()


def _dialog(qtbot: QtBot, kind: type[QDialog]) -> QDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind), timeout=5000)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, kind)
    return dialog


def test_menu_bar_has_every_action_with_its_shortcut(window: MainWindow) -> None:
    bar = window.menuBar()
    titles = [a.text().replace("&", "") for a in bar.actions()]
    assert titles == ["File", "Edit", "Activity", "Learners", "Sync", "View", "Help"]
    for menu, wanted in EXPECTED.items():
        listed = [
            (a.text(), a.shortcut().toString())
            for a in window.menus[menu].actions()
            if not a.isSeparator()
        ]
        for text, keys in wanted:
            assert any(t == text and (keys is None or k == keys) for t, k in listed), (
                menu,
                text,
                listed,
            )
    # Every toolbar button and every window-wide shortcut is also in a menu.
    in_menus = {id(a) for _, a in menu_rows(window.menus)}
    toolbar = [a for a in window.findChildren(QWidget) if a.objectName() == "mainToolbar"]
    assert toolbar
    for a in [*toolbar[0].actions(), *window.actions()]:
        if not a.isSeparator():
            assert id(a) in in_menus, a.text() or a.shortcut().toString()


def test_page_shortcuts_and_quit_work_from_the_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    for i in range(5):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + i), Qt.KeyboardModifier.ControlModifier)
        assert window.pages.currentIndex() == i
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_help_getting_started_shortcuts_and_about(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    start = _dialog(qtbot, GettingStartedDialog)
    assert isinstance(start, GettingStartedDialog)
    text = start.text.toPlainText()
    for words in (
        "Annual agreement accepted",
        "Activities entered and closed",
        "Enduring materials: Dec 31 cumulative counts",
        "Program summary submitted",
        "Contacts reviewed",
        "Practice mode",
        "Import (Ctrl+I)",
        "Sync (F5)",
    ):
        assert words in text, words
    qtbot.keyClick(start, Qt.Key.Key_Escape)
    assert not start.isVisible()

    qtbot.keyClick(window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    keys = _dialog(qtbot, ShortcutsDialog)
    assert isinstance(keys, ShortcutsDialog)
    rows = {
        _cell(keys.table.item(i, 0)): _cell(keys.table.item(i, 1))
        for i in range(keys.table.rowCount())
    }
    native = QKeySequence("Ctrl+Shift+N").toString(QKeySequence.SequenceFormat.NativeText)
    assert rows["Activity → New series…"] == native
    assert rows["Sync → Sync"] == "F5"
    assert rows["Edit → Undo"] == "Ctrl+Z"  # not "Undo <last edit>"
    assert rows["Sync → Needs attention"].endswith("4")
    assert rows["Next field / previous field"] == "Tab / Shift+Tab"
    keys.reject()

    window.about_action.trigger()
    about = _dialog(qtbot, AboutDialog)
    assert isinstance(about, AboutDialog)
    shown = about.text.text()
    assert f"Version {__version__}" in shown
    assert ui.core.label in shown
    assert "Practice mode" in shown
    about.reject()


def test_first_run_asks_only_three_things_and_saves_them_typed(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    dialog = SettingsDialog(ui, window, first_run=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    asked = [
        w
        for w in dialog.findChildren(QWidget)
        if w.isVisible()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus
        and not isinstance(w.parent(), QDialogButtonBox)
    ]
    # Live needs PARS's address beside it, and only once live is chosen.
    assert set(asked) == {dialog.provider_id, dialog.name, dialog.practice, dialog.real, dialog.url}
    assert dialog.practice.isChecked() and not dialog.url.isEnabled()
    for hidden in (dialog.ca_bundle, dialog.batch, dialog.backups, dialog.user, dialog.password):
        assert not hidden.isVisible()
    dialog.provider_id.setFocus()
    qtbot.keyClick(dialog.provider_id, Qt.Key.Key_Home)
    qtbot.keyClicks(dialog.provider_id, "0012345")
    qtbot.keyClick(dialog.provider_id, Qt.Key.Key_Tab)
    focus = QApplication.focusWidget()
    assert focus is dialog.name
    qtbot.keyClicks(focus, "Example Medical Society")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(focus, Qt.Key.Key_Return)
    saved = ui.core.provider.get()
    assert saved is not None
    assert (saved.accme_provider_id, saved.name, saved.practice_mode) == (
        "0012345",
        "Example Medical Society",
        True,
    )


def test_settings_keeps_the_rest_under_advanced(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    dialog = SettingsDialog(ui, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.advanced.title() == "Advanced" and dialog.advanced.isVisible()
    for w in (dialog.ca_bundle, dialog.batch, dialog.backups):
        assert dialog.advanced.isAncestorOf(w)
    settle(qtbot, ui)
