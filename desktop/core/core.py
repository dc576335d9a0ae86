"""``Core``: the store and everything that acts on it, with no Qt (Anki's ``Collection``).

The window and the command line are two faces of this one object: the same services, the same
settings values, the same practice-or-real decision, the same sync. Mutating methods return
``Changes``; the UI publishes them, the CLI ignores them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop.core.endpoint import NoCredentials, Target, is_practice, real_account
from desktop.core.settings import Settings
from desktop.models.changes import Changes
from desktop.models.entities import Activity
from desktop.models.importing.service import ImportService
from desktop.models.queries.activity_list import ActivityList
from desktop.models.queries.attention import Attention, attention, attention_counts
from desktop.models.queries.completion_list import CompletionList
from desktop.models.queries.year_overview import YearOverview, year_overview
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
from desktop.sync.views import Conflict, Overview

if TYPE_CHECKING:
    from desktop.exports.xml_batch import Exported
    from pars_sandbox.server import SandboxServer

# The network stack (requests), the XML contract (lxml) and the practice sandbox (Flask) are
# imported on first use, on a worker thread: the window paints without waiting for them.

log = logging.getLogger(__name__)

NO_TARGET = Target()  # as Settings say


def _no_progress(_done: int, _total: int, _message: str) -> None:
    return None


class Core:
    """One open store and its services, settings, credentials, practice sandbox and sync."""

    def __init__(
        self,
        store: Store,
        settings: Callable[[], Settings],
        today: Callable[[], date] = date.today,
        credentials: Credentials | None = None,
        *,
        owns_store: bool = True,
    ) -> None:
        self.store = store
        self._owns_store = owns_store
        self.today = today
        # Read at every use, so a change made in the window's Settings applies at once.
        self._settings = settings
        self.credentials = credentials or Credentials()
        self.activities = ActivityService(store, today)
        self.learners = LearnerService(store, today)
        self.provider = ProviderService(store)
        self.activity_list = ActivityList(store)
        self.completion_list = CompletionList(store)
        self.annual = AnnualService(store)
        self.series = SeriesService(store, today)
        self.people = PeopleService(store, today)  # the learner directory
        self.importer = ImportService(store)
        # Time limits and the knobs nobody sets in the window (tests shorten the limits).
        self.sync_limits = SyncSettings()
        self._practice: SandboxServer | None = None
        self._practice_endpoint: Endpoint | None = None
        self._lock = threading.Lock()

    # --- what the core is --------------------------------------------------------------------

    @property
    def label(self) -> str:
        return str(self.store.path)

    @property
    def settings(self) -> Settings:
        return self._settings()

    def sync_settings(self) -> SyncSettings:
        """The time limits and knobs of ``sync_limits`` with the coordinator's choices on top."""
        chosen = self.settings
        return replace(
            self.sync_limits,
            batch_size=chosen.batch_size,
            hold_unmatched=chosen.hold_unmatched,
            wire_format=chosen.wire_format,
        )

    # --- queries -----------------------------------------------------------------------------

    def activity_id(self, provider_activity_id: str) -> int | None:
        """The activity a coordinator names by its Provider Activity ID (not a deleted one)."""
        with self.store.reading() as s:
            return s.scalar(
                select(Activity.id).where(
                    Activity.provider_activity_id == provider_activity_id.strip(),
                    Activity.deleted_at.is_(None),
                )
            )

    def attention(self) -> Attention:
        return attention(self.store, self.today())

    def attention_counts(self) -> dict[str, int]:
        return attention_counts(self.store, self.today())

    def year_overview(self, year: int) -> YearOverview:
        return year_overview(self.store, year, self.today())

    def overview(self) -> Overview:
        return overview(self.store, self.today(), self.settings.hold_unmatched)

    def conflicts(self) -> list[Conflict]:
        from desktop.sync.conflicts import list_conflicts

        return list_conflicts(self.store)

    # --- where PARS is -----------------------------------------------------------------------

    def practice(self, target: Target = NO_TARGET) -> bool:
        """Practice or real: decided here only, for the window and the command line."""
        return is_practice(self.provider.get(), target)

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

    def endpoint(self, target: Target = NO_TARGET) -> Endpoint:
        provider = self.provider.get()
        if is_practice(provider, target):
            return self.practice_endpoint()
        account = real_account(provider, target)
        given = target.password(account.user) if target.password is not None else ""
        password = given or self.credentials.get(account.user) or ""
        if not password and target.ask_password is not None:
            password = target.ask_password(account.user)
        if not password:
            raise NoCredentials(
                "no password: store it in the OS keyring from the app, or pass --password-stdin"
            )
        return Endpoint(account.url, account.user, password, account.ca_bundle)

    def set_password(self, user: str, password: str) -> str:
        """Store the password; says where ("keyring" or "memory")."""
        return self.credentials.set(user, password)

    def has_password(self, user: str) -> bool:
        return bool(self.credentials.get(user))

    def reachable(self) -> bool:
        from desktop.sync.probe import reachable

        try:
            return reachable(self.endpoint())
        except NoCredentials:
            return False

    # --- sync --------------------------------------------------------------------------------

    def run_sync(
        self,
        cancel: threading.Event,
        progress: Progress = _no_progress,
        *,
        dry_run: bool = False,
        target: Target = NO_TARGET,
        settings: SyncSettings | None = None,
    ) -> SyncReport:
        """One sync run. A dry run contacts nobody and reports what the real run would do."""
        from desktop.sync.client import ParsClient
        from desktop.sync.engine import SyncEngine

        settings = settings or self.sync_settings()
        # A dry run never contacts PARS: an address nobody listens on, and no password asked.
        endpoint = Endpoint("http://127.0.0.1:9", "", "") if dry_run else self.endpoint(target)
        with ParsClient(endpoint, settings, cancel) as client:
            return SyncEngine(self.store, client, settings, self.today).run(progress, dry_run)

    def match_learners(
        self, cancel: threading.Event, write: Callable[[Callable[[], None]], None] | None = None
    ) -> int:
        """Check learners waiting for matching with PARS; returns how many were checked.
        ``write`` runs the store writes (the window: on its one write thread)."""
        from desktop.sync.client import ParsClient
        from desktop.sync.engine import SyncEngine

        settings = self.sync_settings()
        with ParsClient(self.endpoint(), settings, cancel) as client:
            engine = SyncEngine(self.store, client, settings, self.today)
            return engine.match_learners(write).checked

    def keep_mine(self, activity_id: int) -> Changes:
        from desktop.sync.conflicts import keep_mine

        return keep_mine(self.store, activity_id)

    def take_pars(self, activity_id: int) -> Changes:
        from desktop.sync.conflicts import take_pars

        return take_pars(self.store, activity_id)

    # --- files -------------------------------------------------------------------------------

    def export(self, what: str, fmt: str, year: int | None, path: Path) -> Exported:
        from desktop.exports.run import export  # the XML stack loads on first export

        return export(self.store, what, fmt, year, path)

    def close(self) -> None:
        """Stop the practice sandbox; close the store if the core opened it."""
        with self._lock:
            if self._practice is not None:
                self._practice.stop()
                self._practice = self._practice_endpoint = None
        if self._owns_store:
            self.store.close()
