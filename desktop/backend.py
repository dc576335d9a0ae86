"""The non-Qt half of the composition root: store, services, credentials, sync, practice."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.models.importing.service import ImportService
from desktop.models.queries.activity_list import ActivityList
from desktop.models.queries.attention import attention
from desktop.models.queries.completion_list import CompletionList
from desktop.models.queries.year_overview import year_overview
from desktop.models.services import ActivityService, LearnerService
from desktop.models.services.annual import AnnualService
from desktop.models.services.people import PeopleService
from desktop.models.services.provider import ProviderService
from desktop.models.services.series import SeriesService
from desktop.models.store import Store
from desktop.sync.credentials import Credentials
from desktop.sync.overview import overview
from desktop.sync.report import Progress, SyncReport
from desktop.sync.settings import Endpoint, SyncSettings
from desktop.ui.context import AppContext, Services, SyncHooks
from desktop.ui.data_bus import DataBus
from desktop.ui.preferences import Preferences
from desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from desktop.sync.views import Conflict
    from pars_sandbox.server import SandboxServer

# The network stack (requests), the XML contract (lxml) and the practice sandbox (Flask) are
# imported on first use, on a worker thread: the window paints without waiting for them.

log = logging.getLogger(__name__)


class Backend:
    """The non-Qt half of the app: store, services, credentials, practice sandbox, sync."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.provider = ProviderService(store)
        self.credentials = Credentials()
        self._practice: SandboxServer | None = None
        self._practice_endpoint: Endpoint | None = None
        self._lock = threading.Lock()
        # Read at every run, so a change in Settings applies to the next sync.
        self.sync_settings: Callable[[], SyncSettings] = SyncSettings

    def practice_endpoint(self) -> Endpoint:
        with self._lock:  # the probe and a sync may both ask first, from worker threads
            if self._practice_endpoint is None:
                from desktop.practice import start_practice_sandbox

                self._practice, self._practice_endpoint = start_practice_sandbox(self.store.path)
            return self._practice_endpoint

    def practice_admin_auth(self) -> tuple[str, str]:
        """The practice sandbox's admin credentials (demos and screenshots; never shown)."""
        self.practice_endpoint()
        assert self._practice is not None
        return self._practice.settings.admin_auth

    def endpoint(self) -> Endpoint:
        p = self.provider.get()
        if p is None or p.practice_mode:
            return self.practice_endpoint()
        password = self.credentials.get(p.ws_username) or ""
        return Endpoint(p.endpoint_url, p.ws_username, password, p.ca_bundle)

    def run_sync(self, cancel: threading.Event, progress: Progress) -> SyncReport:
        from desktop.sync.client import ParsClient
        from desktop.sync.engine import SyncEngine

        settings = self.sync_settings()
        with ParsClient(self.endpoint(), settings, cancel) as client:
            return SyncEngine(self.store, client, settings).run(progress)

    def match_learners(self, cancel: threading.Event) -> int:
        """Check learners waiting for matching with PARS; returns how many were checked."""
        from desktop.sync.client import ParsClient
        from desktop.sync.engine import SyncEngine

        settings = self.sync_settings()
        with ParsClient(self.endpoint(), settings, cancel) as client:
            return SyncEngine(self.store, client, settings).match_learners().checked

    def export(self, what: str, fmt: str, year: int | None, path: Path) -> object:
        from desktop.exports.run import export  # the XML stack loads on first export

        return export(self.store, what, fmt, year, path)

    def reachable(self) -> bool:
        from desktop.sync.probe import reachable

        return reachable(self.endpoint())

    def conflicts(self) -> list[Conflict]:
        from desktop.sync.conflicts import list_conflicts

        return list_conflicts(self.store)

    def keep_mine(self, activity_id: int) -> object:
        from desktop.sync.conflicts import keep_mine

        return keep_mine(self.store, activity_id)

    def take_pars(self, activity_id: int) -> object:
        from desktop.sync.conflicts import take_pars

        return take_pars(self.store, activity_id)

    def close(self) -> None:
        with self._lock:
            if self._practice is not None:
                self._practice.stop()
                self._practice = self._practice_endpoint = None


def services_for(store: Store, backend: Backend, today: Callable[[], date]) -> Services:
    return Services(
        store_label=str(store.path),
        activities=ActivityService(store, today),
        learners=LearnerService(store, today),
        provider=backend.provider,
        activity_list=ActivityList(store),
        completion_list=CompletionList(store),
        attention=lambda: attention(store, today()),
        annual=AnnualService(store),
        series=SeriesService(store, today),
        importer=ImportService(store),
        export=lambda what, fmt, year, path: backend.export(what, fmt, year, path),
        year_overview=lambda year: year_overview(store, year, today()),
        sync=SyncHooks(
            run=backend.run_sync,
            match=backend.match_learners,
            reachable=backend.reachable,
            overview=lambda: overview(store, today()),
            conflicts=backend.conflicts,
            keep_mine=backend.keep_mine,
            take_pars=backend.take_pars,
            set_password=backend.credentials.set,
            has_password=lambda user: bool(backend.credentials.get(user)),
        ),
        people=PeopleService(store, today),
    )


def build_context(
    store: Store, prefs_path: Path | None = None, today: Callable[[], date] = date.today
) -> tuple[AppContext, Backend]:
    """The UI's context over an open store (the screenshots script and tests)."""
    backend = Backend(store)
    prefs = Preferences(prefs_path)
    backend.sync_settings = lambda: prefs.sync_settings()
    ctx = AppContext(
        lambda: services_for(store, backend, today), TaskRunner(), DataBus(), prefs, today
    )
    return ctx, backend
