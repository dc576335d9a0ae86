"""Run work off the UI thread and get the result back on it: one way, ``tasks.op``.

    ctx.tasks.op(lambda: core.activities.update(aid, title=t), owner=self).done(shown)

Pools are named by purpose (``Pool``): WRITE is ONE thread — every store write goes there, in
order (SQLite has one writer); READ is one thread for long read-only queries, which read beside
the writer in WAL mode; NETWORK is a small pool for PARS and files. Workers never touch widgets:
the result comes back by signal, on the UI thread. An op whose result holds ``Changes`` publishes
them on the data bus itself (the owner is the initiator), then calls ``done``; if the owner
widget was deleted meanwhile, ``done`` is dropped (the data bus still hears of the change).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from enum import Enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import Shiboken

from desktop.models.changes import Changes
from desktop.ui.data_bus import DataBus

T = TypeVar("T")


class Pool(Enum):
    WRITE = "write"  # the store's one writer (and quick reads that must see the last write)
    READ = "read"  # long read-only queries: the dashboard, Needs attention
    NETWORK = "network"  # PARS, and files that take a while


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


class _Blocking(QRunnable):
    """A job whose caller waits for it on another thread (``on_write_thread``)."""

    def __init__(self, fn: Callable[[], Any], result: Future[Any]) -> None:
        super().__init__()
        self._fn = fn
        self._result = result

    def run(self) -> None:
        try:
            self._result.set_result(self._fn())
        except BaseException as e:  # handed to the waiting thread, which raises it
            self._result.set_exception(e)


def changes_in(result: object) -> Changes | None:
    """The ``Changes`` a service returned: alone, or beside a value (``(id, changes)``)."""
    if isinstance(result, Changes):
        return result
    if isinstance(result, tuple):
        found = [r for r in result if isinstance(r, Changes)]
        if found:
            merged = found[0]
            for more in found[1:]:
                merged = merged | more
            return merged
    return None


class Op(Generic[T]):
    """One piece of work on a pool; ``done``/``failed`` are called on the UI thread.

    Callbacks may be attached right after ``tasks.op(...)`` returns: the result can only come
    back through the UI thread's event loop, after the caller's code has run.
    """

    def __init__(self, owner: object, publish: bool) -> None:
        self._owner = owner
        self._publish = publish
        self._done: Callable[[T], None] | None = None
        self._failed: Callable[[Exception], None] | None = None

    def done(self, fn: Callable[[T], None]) -> Op[T]:
        self._done = fn
        return self

    def failed(self, fn: Callable[[Exception], None]) -> Op[T]:
        self._failed = fn
        return self

    def _owner_alive(self) -> bool:
        # Only a Qt object can be deleted under us; a plain object (or None) always listens.
        return not isinstance(self._owner, QObject) or Shiboken.isValid(self._owner)


class TaskRunner(QObject):
    """``op(fn, owner=…, pool=…)``; the pools; ``busy`` and ``wait`` for closing and tests."""

    error = Signal(object)  # failures nobody asked to handle

    def __init__(self, bus: DataBus | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bus = bus
        self._pools: dict[Pool, QThreadPool] = {}
        for pool, threads in ((Pool.WRITE, 1), (Pool.READ, 1), (Pool.NETWORK, 2)):
            self._pools[pool] = QThreadPool(self)
            self._pools[pool].setMaxThreadCount(threads)
        self._live: dict[_Relay, _Job] = {}
        self._done: list[_Job] = []
        self._write_thread: list[int] = []  # the WRITE pool's thread, once it has run

    def op(
        self,
        fn: Callable[[], T],
        *,
        owner: object = None,
        pool: Pool = Pool.WRITE,
        publish: bool = True,
    ) -> Op[T]:
        """Run ``fn`` on ``pool``. ``publish=False`` for an op whose caller words the change
        itself (e.g. publishes a wider one)."""
        op: Op[T] = Op(owner, publish)
        relay = _Relay()
        work = self._on_write_thread(fn) if pool is Pool.WRITE else fn
        job = _Job(work, relay)
        # The pool must not delete the job itself: that happens on the pool's thread, which then
        # needs the GIL — and the UI thread, holding the GIL, may be waiting in ``start`` for
        # that thread (seen here as a hang). Finished jobs are let go of on the UI thread, once
        # no worker can still be returning from one.
        job.setAutoDelete(False)
        self._live[relay] = job
        self._bury()

        def finished(result: Any) -> None:
            self._done.append(self._live.pop(relay))
            changes = changes_in(result) if op._publish else None
            if changes is not None and self.bus is not None:
                self.bus.publish(changes, op._owner)
            # A result for a widget closed meanwhile (a window closing while a refresh runs)
            # is dropped rather than delivered to a deleted C++ object.
            if op._done is not None and op._owner_alive():
                op._done(result)

        def failed(e: Exception) -> None:
            self._done.append(self._live.pop(relay))
            if op._failed is not None:
                if op._owner_alive():
                    op._failed(e)
            else:
                self.error.emit(e)

        relay.done.connect(finished)
        relay.failed.connect(failed)
        self._pools[pool].start(job)
        return op

    def _on_write_thread(self, fn: Callable[[], T]) -> Callable[[], T]:
        def run() -> T:
            if not self._write_thread:
                self._write_thread.append(threading.get_ident())
            return fn()

        return run

    def on_write_thread(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` on the write thread and wait for it: for work on another pool thread
        (a background match) whose store writes must go where every write goes."""
        if threading.get_ident() == self.write_thread:
            return fn()
        result: Future[T] = Future()
        job = _Blocking(self._on_write_thread(fn), result)
        job.setAutoDelete(False)  # freed here, by this thread, once it has run (see ``op``)
        self._pools[Pool.WRITE].start(job)
        return result.result()

    @property
    def write_thread(self) -> int | None:
        """The identity of the one thread store writes run on (known once one has run)."""
        return self._write_thread[0] if self._write_thread else None

    def _bury(self) -> None:
        idle = all(p.activeThreadCount() == 0 for p in self._pools.values())
        if self._done and idle:
            self._done.clear()

    @property
    def busy(self) -> bool:
        return bool(self._live)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until queued work is done (closing the window, tests)."""
        done = all(p.waitForDone(msecs) for p in self._pools.values())
        self._bury()
        return done
