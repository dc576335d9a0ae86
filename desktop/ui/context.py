"""Everything a window needs, built once by the composition root (``desktop.app``) and passed in.

The UI gets plain services and callables: it never opens a database session or an HTTP
connection itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.sync.report import Progress, SyncReport
from desktop.sync.views import Conflict, Overview
from desktop.ui.data_bus import DataBus
from desktop.ui.preferences import Preferences
from desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the services pull in SQLAlchemy, which the first paint does not wait for
    from desktop.models.importing.service import ImportService
    from desktop.models.queries.activity_list import ActivityList
    from desktop.models.queries.attention import Attention
    from desktop.models.queries.completion_list import CompletionList
    from desktop.models.queries.year_overview import YearOverview
    from desktop.models.services import ActivityService, LearnerService
    from desktop.models.services.annual import AnnualService
    from desktop.models.services.people import PeopleService
    from desktop.models.services.provider import ProviderService
    from desktop.models.services.series import SeriesService


@dataclass
class SyncHooks:
    """What the UI may ask of the sync layer."""

    run: Callable[[threading.Event, Progress], SyncReport]
    # Background learner matching: how many were checked; the event stops it (window closing).
    match: Callable[[threading.Event], int]
    reachable: Callable[[], bool]
    overview: Callable[[], Overview]
    conflicts: Callable[[], list[Conflict]]
    keep_mine: Callable[[int], object]
    take_pars: Callable[[int], object]
    set_password: Callable[[str, str], str]  # → "keyring" | "memory"
    has_password: Callable[[str], bool]


@dataclass
class Services:
    """The store's services, built once the store is open."""

    store_label: str
    activities: ActivityService
    learners: LearnerService
    provider: ProviderService
    activity_list: ActivityList
    completion_list: CompletionList
    attention: Callable[[], Attention]
    annual: AnnualService
    series: SeriesService
    importer: ImportService
    # (what, format, year, path) → the export's result; runs on a worker thread.
    export: Callable[[str, str, int | None, Path], Any]
    year_overview: Callable[[int], YearOverview]
    sync: SyncHooks
    people: PeopleService  # the learner directory: possibly the same, merge, split, names


class AppContext:
    """The window's collaborators. Services are built on first use — on the database thread,
    after the window has painted — so start-up never waits for the store or SQLAlchemy."""

    def __init__(
        self,
        open_services: Callable[[], Services],
        tasks: TaskRunner,
        bus: DataBus,
        prefs: Preferences,
        today: Callable[[], date],
    ) -> None:
        self._open_services = open_services
        self._services: Services | None = None
        self._lock = threading.Lock()
        self.tasks = tasks
        self.bus = bus
        self.prefs = prefs
        self.today = today
        self.practice = False  # known once the provider settings have been read

    @property
    def services(self) -> Services:
        with self._lock:
            if self._services is None:
                self._services = self._open_services()
            return self._services

    @property
    def store_label(self) -> str:
        return self.services.store_label

    @property
    def activities(self) -> ActivityService:
        return self.services.activities

    @property
    def learners(self) -> LearnerService:
        return self.services.learners

    @property
    def provider(self) -> ProviderService:
        return self.services.provider

    @property
    def activity_list(self) -> ActivityList:
        return self.services.activity_list

    @property
    def completion_list(self) -> CompletionList:
        return self.services.completion_list

    def attention(self) -> Attention:
        return self.services.attention()

    @property
    def annual(self) -> AnnualService:
        return self.services.annual

    @property
    def importer(self) -> ImportService:
        return self.services.importer

    @property
    def series(self) -> SeriesService:
        return self.services.series

    def year_overview(self, year: int) -> YearOverview:
        return self.services.year_overview(year)

    @property
    def people(self) -> PeopleService:
        return self.services.people

    @property
    def sync(self) -> SyncHooks:
        return self.services.sync
