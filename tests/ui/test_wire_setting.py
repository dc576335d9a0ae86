"""XML web services as a setting (SPEC §5): chosen in Settings, used by every sync after."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from desktop.sync.contract.encoding import WireFormat
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow


def test_the_web_services_format_is_chosen_in_settings(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    from desktop.ui.settings_dialog import SettingsDialog

    assert ui.prefs.sync_settings().wire_format is WireFormat.JSON  # the default
    dialog = SettingsDialog(ui, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.wire_format.setFocus()
    QTest.keyClick(dialog.wire_format, Qt.Key.Key_Down)  # JSON → XML, as with the arrow key
    assert dialog.wire_format.currentText() == "XML"
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.save()
    assert ui.prefs.wire_format is WireFormat.XML
    assert ui.prefs.sync_settings().wire_format is WireFormat.XML
