"""Composition root: builds the window now and the store and services right after.

The window paints before the store is opened: the core (SQLAlchemy, the store, its services)
is built by ``desktop.core.open_core`` — the same root as the CLI's and the tests' — on the
database thread on first use.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.ui.context import AppContext
from desktop.ui.data_bus import DataBus
from desktop.ui.preferences import Preferences
from desktop.ui.tasks import TaskRunner

# Set to the launch time (time.time()) to have the app print its time to first paint and quit.
TIME_FIRST_PAINT = "PARS_DESKTOP_TIME_FIRST_PAINT"

if TYPE_CHECKING:
    from desktop.core import Core


def run_app(store_path: Path | None, prefs_path: Path | None = None) -> int:
    """Paint the window first; open the store on the database thread right after.

    ``prefs_path``: a settings file instead of the platform's own (tests).
    """
    from PySide6.QtWidgets import QApplication

    from desktop.commands import exit_codes
    from desktop.models.paths import default_store_path
    from desktop.models.store_checks import check_file
    from desktop.models.store_problem import StoreProblem
    from desktop.ui.app_icon import app_icon
    from desktop.ui.crash_reporter import CrashReporter
    from desktop.ui.main_window import MainWindow
    from desktop.ui.store_refusal import show_refusal

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("PARS Desktop")
    app.setOrganizationName("PARS Desktop")
    QApplication.setWindowIcon(app_icon())  # every window and dialog, and the taskbar
    crashes = CrashReporter()  # from here on, an error nothing caught is a dialog and a log entry
    crashes.install()
    opened: list[Core] = []
    refused: list[StoreProblem] = []
    # The look that costs microseconds (not SQLite, read-only, another user's) before the
    # window; the rest (damaged, newer, half-upgraded) when the store opens, after the paint.
    try:
        check_file((store_path or default_store_path()).resolve())
    except StoreProblem as e:
        crashes.uninstall()
        show_refusal(e)
        return exit_codes.STORE
    prefs = Preferences(prefs_path)

    def open_window_core() -> Core:
        from desktop.core import open_core

        if refused:  # every page asks for the store: one refusal, not one open per page
            raise refused[0]
        try:
            core = open_core(store_path, prefs.values, date.today, backup=True)
        except StoreProblem as e:
            refused.append(e)
            raise
        opened.append(core)
        return core

    bus = DataBus()
    ctx = AppContext(open_window_core, TaskRunner(bus), bus, prefs, date.today)
    try:
        window = MainWindow(ctx, ask_first_run=True)
        crashes.window = window

        shown: list[bool] = []

        def refuse(error: object) -> None:
            if isinstance(error, StoreProblem) and not shown:
                shown.append(True)
                show_refusal(error, window)
                app.exit(exit_codes.STORE)

        ctx.tasks.error.connect(refuse)
        started = os.environ.get(TIME_FIRST_PAINT)
        if started:  # measuring start-up (make build-check): report first paint, then quit
            window.loaded.connect(
                lambda: (
                    print(f"first paint after {time.time() - float(started):.3f} s", flush=True),
                    app.quit(),
                )
            )
        window.show()
        return int(app.exec())
    finally:
        crashes.uninstall()
        ctx.tasks.wait()
        for core in opened:
            core.close()
