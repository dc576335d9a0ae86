"""The import wizard walked with the keyboard only: Enter moves on at every page, and a
button on the page never takes Enter away from Next/Finish (issue 14, "Keyboard everywhere")."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget, QWizard
from pytestqt.qtbot import QtBot

from desktop.models.store import Store
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.factories import closable_activity
from tests.models.test_import import _messy
from tests.ui.conftest import settle
from tests.ui.test_import_wizard import _completions


def _enter(qtbot: QtBot, wizard: QWizard) -> None:
    """Enter where the focus is in the wizard, as a person presses it."""
    focused: QWidget = wizard.focusWidget() or wizard
    qtbot.keyClick(focused, Qt.Key.Key_Return)


def test_enter_walks_the_import_wizard_to_the_store(
    window: MainWindow, ui: AppContext, qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    ui.core.activities.create(closable_activity())
    source = tmp_path / "regsys.xlsx"
    _messy(source)
    wizard = window.import_file()
    wizard.file.path.setFocus()
    qtbot.keyClicks(wizard.file.path, str(source))
    _enter(qtbot, wizard)  # reads the file, then moves on
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.sheet, timeout=10_000)
    _enter(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.mapping, timeout=5000)
    _enter(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.preview, timeout=5000)
    qtbot.waitUntil(lambda: wizard.preview.isComplete(), timeout=15_000)
    # Checking is over: the focus is back on the page, not on "Cancel checking".
    assert wizard.focusWidget() is not wizard.preview.cancel
    with qtbot.waitSignal(wizard.imported, timeout=10_000):
        _enter(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary, timeout=5000)
    assert _completions(store) == ["Example", "Sample", "Testperson"]
    # Enter on the last page is Finish, not "Export failed rows…".
    asked: list[str] = []

    def ask(suggested: str) -> str:
        asked.append(suggested)
        return ""  # as if the save dialog were cancelled

    wizard.summary.ask_save_path = ask
    with qtbot.waitSignal(wizard.finished, timeout=5000):
        _enter(qtbot, wizard)
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert asked == []  # no save dialog was asked for
    assert _completions(store) == ["Example", "Sample", "Testperson"]
    settle(qtbot, ui)
