"""Run work off the UI thread and get the result back on it, by signal.

One thread for the database (SQLite has one writer; reads queue behind writes, in order) and a
small pool for the network. Workers never touch widgets: results come back through signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import Shiboken


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as e:  # reported to the caller on the UI thread, never swallowed
            self._relay.failed.emit(e)
        else:
            self._relay.done.emit(result)


class TaskRunner(QObject):
    """``db(fn, ...)`` for the store, ``net(fn, ...)`` for PARS; callbacks run on the UI thread."""

    error = Signal(object)  # failures nobody asked to handle

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = QThreadPool(self)
        self._db.setMaxThreadCount(1)
        self._net = QThreadPool(self)
        self._net.setMaxThreadCount(2)
        # Long read-only queries (the dashboard, Needs attention) on their own thread: in WAL
        # mode they read beside the writer, so a save never queues behind a 1-second count.
        self._read = QThreadPool(self)
        self._read.setMaxThreadCount(1)
        self._live: dict[_Relay, _Job] = {}
        self._done: list[_Job] = []

    def db(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self._start(self._db, fn, on_done, on_error)

    def read(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """A read-only query that may take a while; it never writes."""
        self._start(self._read, fn, on_done, on_error)

    def net(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self._start(self._net, fn, on_done, on_error)

    def _start(
        self,
        pool: QThreadPool,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[Exception], None] | None,
    ) -> None:
        relay = _Relay()
        job = _Job(fn, relay)
        # The pool must not delete the job itself: that happens on the pool's thread, which then
        # needs the GIL — and the UI thread, holding the GIL, may be waiting in ``start`` for
        # that thread (seen here as a hang). Finished jobs are let go of on the UI thread, once
        # no worker can still be returning from one.
        job.setAutoDelete(False)
        self._live[relay] = job
        self._bury()

        # A result for a widget closed meanwhile (a window closing while a refresh runs) is
        # dropped rather than delivered to a deleted C++ object.
        owner = getattr(on_done, "__self__", None)

        def finished(result: Any) -> None:
            self._done.append(self._live.pop(relay))
            if on_done is not None and (not isinstance(owner, QObject) or Shiboken.isValid(owner)):
                on_done(result)

        def failed(e: Exception) -> None:
            self._done.append(self._live.pop(relay))
            if on_error is not None:
                on_error(e)
            else:
                self.error.emit(e)

        relay.done.connect(finished)
        relay.failed.connect(failed)
        pool.start(job)

    def _bury(self) -> None:
        idle = all(p.activeThreadCount() == 0 for p in (self._db, self._net, self._read))
        if self._done and idle:
            self._done.clear()

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work is done (closing the window, tests)."""
        done = all(p.waitForDone(msecs) for p in (self._db, self._net, self._read))
        self._bury()
        return done
