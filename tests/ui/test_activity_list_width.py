"""The activity list at the smallest window we support: its Status column is on screen and
a long title ends in "…" with the whole title as its tooltip."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.ui.activities_model import COLUMNS
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.factories import closable_activity

SHOTS = Path("/tmp/states-shots")
LONG_TITLE = (
    "Annual Interdisciplinary Update on Sepsis Recognition, Early Management and the "
    "Hour-1 Bundle in Community Emergency Departments"
)


def test_status_is_on_screen_at_1280_and_long_titles_elide(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    ui.core.activities.create(closable_activity(title=LONG_TITLE))
    window.resize(1280, 800)
    window.nav.setCurrentRow(1)
    window.activities.model.reload()
    table = window.activities.table
    qtbot.waitUntil(lambda: window.activities.model.rowCount() == 1)
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    keys = [k for k, _ in COLUMNS]
    header = table.horizontalHeader()
    status = keys.index("status")
    right_edge = header.sectionViewportPosition(status) + header.sectionSize(status)
    assert header.sectionViewportPosition(status) >= 0 and right_edge <= table.viewport().width()
    title = keys.index("title")
    assert header.sectionSize(title) >= 150  # more than two words of a title
    index = window.activities.model.index(0, title)
    assert window.activities.model.data(index, Qt.ItemDataRole.ToolTipRole) == LONG_TITLE
    assert not table.wordWrap()  # one line that ends in "…", never two cut words
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "activities-1280.png"))
