"""Composition root: builds the store, the services and the window. Nothing else lives here."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.models.services import ActivityService
from desktop.models.store import open_store


def run_app(store_path: Path | None) -> int:
    from PySide6.QtWidgets import QApplication

    from desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("PARS Desktop")
    app.setOrganizationName("PARS Desktop")
    store = open_store(store_path)
    try:
        window = MainWindow(ActivityService(store), store_label=str(store.path))
        window.show()
        return int(app.exec())
    finally:
        store.close()
