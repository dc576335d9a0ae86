"""UI fixtures: the real context over a real store, the practice sandbox on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.models.store import Store
from desktop.ui.context import AppContext, build_context
from desktop.ui.main_window import MainWindow
from tests.conftest import TODAY


@pytest.fixture
def ui(store: Store, tmp_path: Path) -> Iterator[AppContext]:
    ctx = build_context(store, tmp_path / "prefs.ini", today=lambda: TODAY)
    yield ctx
    ctx.tasks.wait()
    ctx.core.close()


@pytest.fixture
def window(ui: AppContext, qtbot: QtBot) -> Iterator[MainWindow]:
    w = MainWindow(ui)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.loaded, timeout=10_000):
        w.show()
    qtbot.waitUntil(lambda: not ui.tasks.busy, timeout=10_000)
    yield w
    ui.tasks.wait()


def settle(qtbot: QtBot, ctx: AppContext, **_: Any) -> None:
    """Wait until background work (saves, loads) has come back to the UI thread."""
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=15_000)
