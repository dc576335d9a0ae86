"""The window refuses an unusable store with a dialog and closes — it never crashes
(issue 18, item 7). The dialog is the one modal seam, replaced here by a recorder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop import app as desktop_app
from desktop.commands import exit_codes
from desktop.models.store_problem import StoreProblem
from desktop.ui import store_refusal
from desktop.ui.store_refusal import refusal_box
from tests import store_files


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[StoreProblem]:
    seen: list[StoreProblem] = []
    monkeypatch.setattr(store_refusal, "show_refusal", lambda p, _parent=None: seen.append(p))
    return seen


def test_a_file_that_is_not_a_store_is_refused_before_the_window(
    qtbot: QtBot, tmp_path: Path, shown: list[StoreProblem]
) -> None:
    path = store_files.not_sqlite(tmp_path / "notes.sqlite3")
    before = store_files.snapshot(path)
    assert desktop_app.run_app(path, tmp_path / "prefs.ini") == exit_codes.STORE
    assert [p.kind for p in shown] == ["not_sqlite"]
    assert store_files.snapshot(path) == before
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_a_damaged_store_found_after_the_paint_is_one_dialog_then_the_app_closes(
    qtbot: QtBot, tmp_path: Path, shown: list[StoreProblem]
) -> None:
    path = store_files.corrupted(tmp_path / "store.sqlite3")
    before = store_files.snapshot(path)
    guard = QTimer(singleShot=True, interval=60_000)  # a bound, should the refusal never come
    guard.timeout.connect(lambda: QApplication.instance().exit(99))  # type: ignore[union-attr]
    guard.start()
    code = desktop_app.run_app(path, tmp_path / "prefs.ini")
    guard.stop()
    assert code == exit_codes.STORE
    assert [p.kind for p in shown] == ["corrupted"]
    assert store_files.snapshot(path) == before


def test_the_dialog_says_what_is_wrong_and_lists_the_backups(qtbot: QtBot, tmp_path: Path) -> None:
    backups = [tmp_path / "s.sqlite3.daily.2.bak", tmp_path / "s.sqlite3.daily.1.bak"]
    problem = StoreProblem("corrupted", tmp_path / "s.sqlite3", "it is damaged", backups)
    box = refusal_box(problem)
    qtbot.addWidget(box)
    assert box.icon() == QMessageBox.Icon.Critical
    assert box.text() == problem.message()
    assert box.text().startswith(f"cannot use the store {tmp_path / 's.sqlite3'}: it is damaged")
    assert box.informativeText().splitlines()[1:] == [str(p) for p in backups]
