"""Writing a load's rows while the next ones are being built — when a second core is free.

SQLite runs its inserts without Python's GIL, so a writer thread executing one chunk's
``executemany`` lets the loading thread build the next chunk's rows at the same time. Both
use the one connection of the load's transaction, never at once: the loading thread only
builds tuples and hands them over; every statement runs on the writer, in order. With one
core (or all of them busy) the hand-over only adds switching, so the rows are written in
place instead.

The choice is a setting (``PARS_IMPORT_WRITER`` = ``overlap`` | ``serial``) or, without one,
measured when the load starts: the cores this process may run on and the run queue over the
last minute (the load average) say whether one is free.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any

SETTING = "PARS_IMPORT_WRITER"
CHUNK = 5_000  # rows per hand-over: big enough that switching costs nothing
MIN_ROWS = 2 * CHUNK  # a smaller load has nothing to overlap


def cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def overlap_chosen(rows: int) -> bool:
    """Overlap for this load? The setting if there is one, otherwise what the machine says."""
    setting = os.environ.get(SETTING, "").strip().lower()
    if setting in ("overlap", "serial"):
        return setting == "overlap" and rows >= MIN_ROWS
    if rows < MIN_ROWS:
        return False
    n = cores()
    if n < 2:
        return False
    try:
        busy = os.getloadavg()[0]
    except OSError:  # not measurable here: no overlap assumed
        return False
    # This load itself will keep one core busy; another must be left over for the writer.
    return busy <= n - 1.5


Statement = tuple[str, Sequence[tuple[Any, ...]]]


class ChunkWriter:
    """Statements with their rows, executed in the order given, on a thread or in place."""

    def __init__(self, cursor: Callable[[], Any], overlap: bool) -> None:
        self._cursor = cursor
        self.overlap = overlap
        self._error: BaseException | None = None
        self._jobs: queue.Queue[Statement | None] = queue.Queue(maxsize=4)
        self._thread: threading.Thread | None = None
        if overlap:
            self._thread = threading.Thread(target=self._run, name="bulk-writer", daemon=True)
            self._thread.start()

    def put(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self._thread is None:
            self._cursor().executemany(sql, rows)
            return
        if self._error is not None:
            self.close()  # raises the writer's error: stop building rows nobody will write
        self._jobs.put((sql, rows))

    def close(self) -> None:
        """Wait for every statement; re-raise what failed (the transaction then rolls back)."""
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()
            self._thread = None
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _run(self) -> None:
        cursor = self._cursor()
        while (job := self._jobs.get()) is not None:
            if self._error is None:  # after a failure, drain without writing
                try:
                    cursor.executemany(*job)
                except BaseException as e:  # handed to the loading thread by close()
                    self._error = e
