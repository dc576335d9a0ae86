"""Is PARS reachable, how much is waiting to go, and background learner matching while online.

Owns the status bar's "● Online — 3 records waiting to send" label; the main window only
places it and stops the monitor when it closes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from desktop.models.changes import Changes
from desktop.sync.views import Overview
from desktop.ui.context import AppContext
from desktop.ui.tasks import Pool

PROBE_INTERVAL_MS = 30_000
# Typing a list of learners triggers one background match once the typing pauses.
MATCH_DELAY_MS = 2000


class ConnectivityMonitor(QObject):
    def __init__(
        self, ctx: AppContext, syncing: Callable[[], bool], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._syncing = syncing  # no background match while a sync runs
        self.label = QLabel(parent)
        self.online: bool | None = None
        self.pending = 0
        self._matching = False
        self._stopped = threading.Event()  # set once, when the window closes
        self._probe_timer = QTimer(self, interval=PROBE_INTERVAL_MS)
        self._probe_timer.timeout.connect(self.probe)
        self._match_later = QTimer(self, singleShot=True, interval=MATCH_DELAY_MS)
        self._match_later.timeout.connect(self.match_in_background)
        ctx.bus.data_changed.connect(self._changed)

    def start(self) -> None:
        self.refresh_pending()
        self.probe()
        self._probe_timer.start()

    def stop(self) -> None:
        """No background work may start once the window is going: it would outlive the wait.
        A match waiting on a silent PARS ends too."""
        self._stopped.set()
        self._probe_timer.stop()
        self._match_later.stop()
        self.online = False

    def probe(self) -> None:
        def seen(online: bool) -> None:
            self.online = online
            self._show()
            if online:
                self.match_in_background()

        self._ctx.tasks.op(
            lambda: self._ctx.core.reachable(), owner=self, pool=Pool.NETWORK, publish=False
        ).done(seen).failed(lambda _e: seen(False))

    def refresh_pending(self) -> None:
        def seen(o: Overview) -> None:
            self.pending = o.pending_changes
            self._show()

        # The lambda: the core opens on first use, on the write thread, not here.
        self._ctx.tasks.op(lambda: self._ctx.core.overview(), owner=self, publish=False).done(seen)

    def _show(self) -> None:
        state = {
            None: self.tr("Checking…"),
            True: self.tr("● Online"),
            False: self.tr("○ Offline"),
        }[self.online]
        # Records, not edits: five edits of one activity are one record waiting.
        self.label.setText(
            (
                self.tr("%1 — 1 record waiting to send")
                if self.pending == 1
                else self.tr("%1 — %2 records waiting to send")
            )
            .replace("%1", state)
            .replace("%2", str(self.pending))
        )

    def match_in_background(self) -> None:
        """Ask PARS about learners waiting for a match (SPEC §4). Entry never waits for it."""
        if self._matching or self._syncing() or not self.online or self._stopped.is_set():
            return
        self._matching = True

        def done(checked: int) -> None:
            self._matching = False
            if checked:
                # Match states of learners not listed one by one.
                self._ctx.bus.publish(Changes(everything=True), self)

        def failed(_e: Exception) -> None:
            self._matching = False  # offline again, or PARS refused: the next probe retries

        stop = self._stopped
        self._ctx.tasks.op(
            # PARS is asked from a network thread; its answers are written on the write thread.
            lambda: self._ctx.core.match_learners(stop, self._ctx.tasks.on_write_thread),
            owner=self,
            pool=Pool.NETWORK,
            publish=False,
        ).done(done).failed(failed)

    def _changed(self, changes: Changes, initiator: object) -> None:
        if changes.outbox:
            self.refresh_pending()
        if changes.learners and initiator is not self and self.online:
            self._match_later.start()
