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
    # Worded for the window: which file, what is wrong, what to do — no --store option.
    assert str(tmp_path / "s.sqlite3") in box.text().splitlines()
    assert "It cannot be used: it is damaged." in box.text()
    advice = box.informativeText()
    assert "--store" not in box.text() + advice
    assert advice.startswith("Close PARS Desktop, move this file aside")
    lines = advice.splitlines()
    assert lines[lines.index("Backups you can restore (newest first):") + 1 :] == [
        str(p) for p in backups
    ]
    # The command line keeps its own one-line wording.
    assert "give another file with --store" in problem.message()


def test_the_dialog_never_tells_a_desktop_user_to_check_a_command_line_path(
    qtbot: QtBot, tmp_path: Path
) -> None:
    for kind in ("not_sqlite", "not_a_store", "not_a_file", "corrupted", "half_migrated"):
        problem = StoreProblem(kind, tmp_path / "s.sqlite3", "it is not a PARS Desktop store")
        box = refusal_box(problem)
        qtbot.addWidget(box)
        shown = box.text() + box.informativeText()
        assert "--store" not in shown, kind
        assert str(tmp_path / "s.sqlite3") in shown
        assert "--store" in problem.message()
    refused = refusal_box(StoreProblem("not_sqlite", tmp_path / "n.sqlite3", "not SQLite"))
    qtbot.addWidget(refused)
    assert "Nothing was changed" in refused.informativeText()
