"""An error nothing else caught (issue 16 item 6): a clear dialog on the UI thread, and the
traceback — where, not what — in the private log."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThread, QTimer
from pytestqt.qtbot import QtBot

from desktop.models.services.provider import ProviderService
from desktop.models.store import open_store
from desktop.ui.crash_reporter import CrashReporter

SECRET = "Avery Testperson NPI 1234567893"


def _log() -> Path:
    return Path(os.environ["XDG_STATE_HOME"]) / "PARS Desktop" / "log" / "pars-desktop.log"


@pytest.fixture
def reporter() -> Iterator[tuple[CrashReporter, list[tuple[str, bool]]]]:
    """The hooks installed, the dialog seam replaced: (text shown, on the UI thread?)."""
    crashes = CrashReporter()
    shown: list[tuple[str, bool]] = []

    def show(text: str) -> None:
        shown.append((text, QThread.currentThread() is crashes.thread()))

    crashes.show = show  # type: ignore[method-assign]
    crashes.install()
    yield crashes, shown
    crashes.uninstall()


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_qt_slot_is_a_dialog_and_a_log_entry(
    qtbot: QtBot, reporter: tuple[CrashReporter, list[tuple[str, bool]]]
) -> None:
    _, shown = reporter

    def saving_the_row() -> None:
        raise KeyError(SECRET)

    QTimer.singleShot(0, saving_the_row)  # PySide6 hands a slot's error to sys.excepthook
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=5000)
    text, on_ui_thread = shown[0]
    assert on_ui_thread
    assert text.startswith("PARS Desktop hit an unexpected error (KeyError).")
    assert f"The details are in {_log()}." in text
    assert SECRET not in text
    logged = _log().read_text()
    assert "ERROR desktop.models.error_log: unhandled error" in logged
    assert "in saving_the_row" in logged and "builtins.KeyError" in logged
    assert "Testperson" not in logged and "1234567893" not in logged
    assert stat.S_IMODE(_log().stat().st_mode) == 0o600


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_python_thread_is_shown_by_the_ui_thread(
    qtbot: QtBot, reporter: tuple[CrashReporter, list[tuple[str, bool]]]
) -> None:
    _, shown = reporter

    def checking_in_the_background() -> None:
        raise ValueError(SECRET)

    worker = threading.Thread(target=checking_in_the_background)
    worker.start()
    worker.join(5)
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=5000)
    text, on_ui_thread = shown[0]
    assert on_ui_thread
    assert "(ValueError)" in text and SECRET not in text
    logged = _log().read_text()
    assert "in checking_in_the_background" in logged and "builtins.ValueError" in logged
    assert "Testperson" not in logged


@pytest.mark.qt_no_exception_capture
def test_uninstall_puts_the_previous_hooks_back(qtbot: QtBot) -> None:
    import sys

    before = (sys.excepthook, threading.excepthook)
    crashes = CrashReporter()
    crashes.install()
    assert sys.excepthook != before[0] and threading.excepthook != before[1]
    crashes.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


@pytest.mark.qt_no_exception_capture
def test_the_window_installs_it_for_the_whole_run(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """run_app installs the reporter before the window shows and removes it when the app ends."""
    import sys

    from PySide6.QtWidgets import QApplication

    from desktop import app as desktop_app

    store = tmp_path / "store.sqlite3"
    opened = open_store(store)
    ProviderService(opened).save(name="Synthetic CME Office")  # no first-run settings dialog
    opened.close()
    before = sys.excepthook
    hook_in_the_app: list[object] = []
    shown: list[str] = []

    def bug() -> None:
        hook_in_the_app.append(sys.excepthook)
        raise RuntimeError(SECRET)

    def show(_self: CrashReporter, text: str) -> None:
        shown.append(text)
        QApplication.exit(0)

    monkeypatch.setattr(CrashReporter, "show", show)
    guard = QTimer(singleShot=True, interval=60_000)  # a bound, should the dialog never come
    guard.timeout.connect(lambda: QApplication.exit(99))
    guard.start()
    QTimer.singleShot(0, bug)
    code = desktop_app.run_app(store, tmp_path / "prefs.ini")
    guard.stop()
    for left in QApplication.topLevelWidgets():  # run_app's window outlives the run
        left.close()
    assert code == 0
    assert hook_in_the_app and hook_in_the_app[0] is not before
    assert len(shown) == 1 and "(RuntimeError)" in shown[0] and SECRET not in shown[0]
    assert sys.excepthook is before
