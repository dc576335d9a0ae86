"""Everything a window needs, built once by the composition root (``desktop.app``) and passed in.

The UI gets plain services and callables: it never opens a database session or an HTTP
connection itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from desktop.models.queries.activity_list import ActivityList
from desktop.models.queries.completion_list import CompletionList
from desktop.models.services import ActivityService, LearnerService
from desktop.models.services.provider import ProviderService
from desktop.sync.conflicts import Conflict
from desktop.sync.overview import Overview
from desktop.sync.report import Progress, SyncReport
from desktop.ui.data_bus import DataBus
from desktop.ui.preferences import Preferences
from desktop.ui.tasks import TaskRunner


@dataclass
class SyncHooks:
    """What the UI may ask of the sync layer."""

    run: Callable[[threading.Event, Progress], SyncReport]
    reachable: Callable[[], bool]
    overview: Callable[[], Overview]
    conflicts: Callable[[], list[Conflict]]
    keep_mine: Callable[[int], object]
    take_pars: Callable[[int], object]
    set_password: Callable[[str, str], str]  # → "keyring" | "memory"
    has_password: Callable[[str], bool]


@dataclass
class AppContext:
    store_label: str
    activities: ActivityService
    learners: LearnerService
    provider: ProviderService
    activity_list: ActivityList
    completion_list: CompletionList
    sync: SyncHooks
    tasks: TaskRunner
    bus: DataBus
    prefs: Preferences
    today: Callable[[], date]
    practice_url: str | None = None  # the embedded sandbox's address in practice mode
