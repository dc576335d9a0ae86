"""Composition root: builds the store, services, sync hooks and the window. Nothing else here."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from desktop.models.queries.activity_list import ActivityList
from desktop.models.queries.completion_list import CompletionList
from desktop.models.services import ActivityService, LearnerService
from desktop.models.services.provider import ProviderService
from desktop.models.store import Store, open_store
from desktop.practice import start_practice_sandbox
from desktop.sync.client import ParsClient
from desktop.sync.conflicts import keep_mine, list_conflicts, take_pars
from desktop.sync.credentials import Credentials
from desktop.sync.engine import SyncEngine
from desktop.sync.overview import overview
from desktop.sync.probe import reachable
from desktop.sync.report import Progress, SyncReport
from desktop.sync.settings import Endpoint, SyncSettings
from pars_sandbox.server import SandboxServer

log = logging.getLogger(__name__)


class Backend:
    """The non-Qt half of the app: store, services, credentials, practice sandbox, sync."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.provider = ProviderService(store)
        self.credentials = Credentials()
        self._practice: SandboxServer | None = None
        self._practice_endpoint: Endpoint | None = None
        self.batch_size: Callable[[], int] = lambda: 500

    def practice_endpoint(self) -> Endpoint:
        if self._practice_endpoint is None:
            self._practice, self._practice_endpoint = start_practice_sandbox(self.store.path)
        return self._practice_endpoint

    def endpoint(self) -> Endpoint:
        p = self.provider.get()
        if p is None or p.practice_mode:
            return self.practice_endpoint()
        password = self.credentials.get(p.ws_username) or ""
        return Endpoint(p.endpoint_url, p.ws_username, password, p.ca_bundle)

    def run_sync(self, cancel: threading.Event, progress: Progress) -> SyncReport:
        settings = SyncSettings(batch_size=self.batch_size())
        with ParsClient(self.endpoint(), settings, cancel) as client:
            return SyncEngine(self.store, client, settings).run(progress)

    def close(self) -> None:
        if self._practice is not None:
            self._practice.stop()


def build_context(
    store: Store, prefs_path: Path | None = None, today: object = date.today
) -> tuple[object, Backend]:
    """The UI's context over a store (used by the app, the screenshots script and tests)."""
    from desktop.ui.context import AppContext, SyncHooks
    from desktop.ui.data_bus import DataBus
    from desktop.ui.preferences import Preferences
    from desktop.ui.tasks import TaskRunner

    backend = Backend(store)
    prefs = Preferences(prefs_path)
    backend.batch_size = lambda: prefs.batch_size
    provider = backend.provider.get()
    practice_url = (
        backend.practice_endpoint().base_url if provider is None or provider.practice_mode else None
    )
    clock = today if callable(today) else date.today
    hooks = SyncHooks(
        run=backend.run_sync,
        reachable=lambda: reachable(backend.endpoint()),
        overview=lambda: overview(store, clock()),
        conflicts=lambda: list_conflicts(store),
        keep_mine=lambda aid: keep_mine(store, aid),
        take_pars=lambda aid: take_pars(store, aid),
        set_password=backend.credentials.set,
        has_password=lambda user: bool(backend.credentials.get(user)),
    )
    ctx = AppContext(
        store_label=str(store.path),
        activities=ActivityService(store, clock),
        learners=LearnerService(store, clock),
        provider=backend.provider,
        activity_list=ActivityList(store),
        completion_list=CompletionList(store),
        sync=hooks,
        tasks=TaskRunner(),
        bus=DataBus(),
        prefs=prefs,
        today=clock,
        practice_url=practice_url,
    )
    return ctx, backend


def run_app(store_path: Path | None) -> int:
    from PySide6.QtWidgets import QApplication

    from desktop.ui.main_window import MainWindow
    from desktop.ui.settings_dialog import SettingsDialog

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("PARS Desktop")
    app.setOrganizationName("PARS Desktop")
    store = open_store(store_path)
    ctx, backend = build_context(store)
    try:
        window = MainWindow(ctx)  # type: ignore[arg-type]
        window.show()
        if backend.provider.get() is None:
            SettingsDialog(ctx, window, first_run=True).exec()  # type: ignore[arg-type]
        return int(app.exec())
    finally:
        backend.close()
        store.close()
