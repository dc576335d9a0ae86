"""The Settings dialog refuses PARS addresses the password must not go to (issue 18, item 4):
typed as a person types them, nothing saved, the reason on screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.settings_dialog import SettingsDialog


def _type_address(dialog: SettingsDialog, qtbot: QtBot, url: str) -> None:
    qtbot.mouseClick(dialog.real, Qt.MouseButton.LeftButton)
    dialog.url.selectAll()
    qtbot.keyClick(dialog.url, Qt.Key.Key_Delete)
    qtbot.keyClicks(dialog.url, url)
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://127.0.0.1@pars.example.org/ws", "'@'"),
        ("http://localhost.attacker.example/ws", "HTTPS"),
        ("http://localhost:8765", "HTTPS"),
        ("http://pars.example.org/ws", "HTTPS"),
    ],
)
def test_disguised_and_clear_text_addresses_are_refused(
    window: MainWindow, ui: AppContext, qtbot: QtBot, url: str, reason: str
) -> None:
    dialog = SettingsDialog(ui, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Example Medical Society")
    _type_address(dialog, qtbot, url)
    qtbot.waitUntil(lambda: reason in dialog.message.text(), timeout=5000)
    assert dialog.isVisible() and ui.core.provider.get() is None  # nothing saved


def test_https_and_a_loopback_literal_are_saved(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    for url, saved in (
        ("https://pars.example.org/ws/", "https://pars.example.org/ws"),
        ("http://127.0.0.1:8765", "http://127.0.0.1:8765"),
    ):
        dialog = SettingsDialog(ui, window)
        qtbot.addWidget(dialog)
        dialog.show()
        with qtbot.waitSignal(dialog.accepted, timeout=5000):
            _type_address(dialog, qtbot, url)
        provider = ui.core.provider.get()
        assert provider is not None and provider.endpoint_url == saved
