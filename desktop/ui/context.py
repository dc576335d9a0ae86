"""What a window needs: the core, the task runner, the data bus, the preferences.

Built once by the composition root (``desktop.app``, or ``build_context`` for tests and the
screenshots script) and passed in. The UI asks the ``Core`` for everything it reads or
writes; it never opens a database session or an HTTP connection itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.ui.data_bus import DataBus
from desktop.ui.preferences import Preferences
from desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:  # the core pulls in SQLAlchemy, which the first paint does not wait for
    from desktop.core import Core
    from desktop.models.store import Store


class AppContext:
    """The window's collaborators. The core is opened on first use — on the database thread,
    after the window has painted — so start-up never waits for the store or SQLAlchemy."""

    def __init__(
        self,
        open_core: Callable[[], Core],
        tasks: TaskRunner,
        bus: DataBus,
        prefs: Preferences,
        today: Callable[[], date],
    ) -> None:
        self._open_core = open_core
        self._core: Core | None = None
        self._lock = threading.Lock()
        self.tasks = tasks
        self.bus = bus
        self.prefs = prefs
        self.today = today
        self.practice = False  # known once the provider settings have been read

    @property
    def core(self) -> Core:
        with self._lock:
            if self._core is None:
                self._core = self._open_core()
            return self._core

    @property
    def opened(self) -> Core | None:
        """The core if it has been opened (closing the window), without opening it."""
        return self._core


def build_context(
    store: Store, prefs_path: Path | None = None, today: Callable[[], date] = date.today
) -> AppContext:
    """The UI's context over a store that is already open (the screenshots script, tests).

    The same composition root as the window: ``open_core`` over the preferences' values.
    """
    from desktop.core import open_core

    prefs = Preferences(prefs_path)
    core = open_core(store, prefs.values, today)
    bus = DataBus()
    ctx = AppContext(lambda: core, TaskRunner(bus), bus, prefs, today)
    return ctx
