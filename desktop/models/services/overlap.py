"""Writing a load's rows while the next ones are being built — when that is faster here.

SQLite runs its inserts without Python's GIL, so a writer thread executing one chunk's
``executemany`` can let the loading thread build the next chunk's rows at the same time. Both
use the one connection of the load's transaction, never at once: the loading thread only
builds tuples and hands them over; every statement runs on the writer, in order. Whether
that pays depends on the machine: with one core (or all of them busy) the hand-over only adds
switching, and even with a free core the GIL, which ``executemany`` takes back for every
row's values, can eat the gain. So nothing is assumed:

- the setting ``PARS_IMPORT_WRITER`` = ``overlap`` | ``serial`` | ``try`` decides when given;
- otherwise a load without cores to spare (this process's cores less the run queue over the
  last minute, the load average: ``SPARE_CORES``) is written in place;
- and a load with them is *tried* both ways: its first rows written in place, the next ones
  overlapped, each timed, and the rest written the faster way (``ChunkWriter.choice``).
"""

from __future__ import annotations

import logging
import os
import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from time import perf_counter
from typing import Any

log = logging.getLogger(__name__)

SETTING = "PARS_IMPORT_WRITER"
CHUNK = 5_000  # rows per hand-over: big enough that switching costs nothing
MIN_ROWS = 2 * CHUNK  # a smaller load has nothing to overlap
PROBE_ROWS = 2 * CHUNK  # rows timed each way before a tried load settles on one
# How much faster overlapping must have been to be kept. Short legs on a shared machine are
# noisy: on two cores here, probes won by 1.21× and 1.27× and the loads they chose came out
# no faster than in place (bench/people_bench.py (4): overlapped median 2.92×–3.42× the
# read, in place 2.84×–2.98×). A writer that truly runs beside the load gains far more.
GAIN = 1.30
TRY_ROWS = 6 * CHUNK  # a load smaller than this is not worth trying both ways
SPARE_CORES = 2.5  # idle cores (by the load average) a load needs before it is tried both ways


class Mode(StrEnum):
    SERIAL = "serial"
    OVERLAP = "overlap"
    TRY = "try"  # time both on this load's first rows, keep the faster


def cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def overlap_mode(rows: int) -> Mode:
    """How this load is written: the setting if there is one, otherwise what the machine says
    (serial without cores to spare; tried both ways with them)."""
    setting = os.environ.get(SETTING, "").strip().lower()
    if setting in (Mode.OVERLAP, Mode.SERIAL, Mode.TRY):
        return Mode(setting) if rows >= MIN_ROWS else Mode.SERIAL
    if rows < TRY_ROWS:
        return Mode.SERIAL
    n = cores()
    if n < 2:
        return Mode.SERIAL
    try:
        busy = os.getloadavg()[0]
    except OSError:  # not measurable here: no overlap assumed
        return Mode.SERIAL
    # This load keeps one core busy and the writer needs another, with room left for the
    # window and the system: on two cores even an idle machine's trial cost more than it ever
    # won (100,000 rows: commit median 2.5 s tried, 2.1 s in place; the loads a trial kept
    # overlapped were no faster).
    return Mode.TRY if busy <= n - SPARE_CORES else Mode.SERIAL


Statement = tuple[str, Sequence[tuple[Any, ...]]]


@dataclass(frozen=True)
class Choice:
    """What a tried load measured (rows per second each way) and kept."""

    kept: Mode
    serial_rate: float
    overlap_rate: float


class ChunkWriter:
    """Statements with their rows, executed in the order given, on a thread or in place."""

    def __init__(self, cursor: Callable[[], Any], mode: Mode) -> None:
        self._cursor = cursor
        self.mode = mode
        self.choice: Choice | None = None
        self._error: BaseException | None = None
        self._jobs: queue.Queue[Statement | None] = queue.Queue(maxsize=2)
        self._thread: threading.Thread | None = None
        # The trial: rows and time of the current leg.
        self._leg_rows = 0
        self._leg_start = perf_counter()
        self._serial_rate = 0.0
        if mode is Mode.OVERLAP:
            self._start()

    def put(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        if not rows:
            return
        if self._error is not None:
            self.close()  # raises the writer's error: stop building rows nobody will write
        if self._thread is None:
            self._cursor().executemany(sql, rows)
        else:
            self._jobs.put((sql, rows))
        if self.mode is Mode.TRY:
            self._leg_rows += len(rows)
            if self._leg_rows >= PROBE_ROWS:
                self._next_leg()

    def close(self) -> None:
        """Wait for every statement; re-raise what failed (the transaction then rolls back)."""
        self._stop()
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _next_leg(self) -> None:
        """The in-place leg is timed: now the overlapped one. That one timed: keep the faster."""
        if self._thread is None:
            self._serial_rate = self._rate()
            self._start()
            return
        self._jobs.join()  # its rows written, so its time is the whole of their cost
        overlap_rate = self._rate()
        # Clearly faster, or not worth a second thread (see GAIN).
        kept = Mode.OVERLAP if overlap_rate > self._serial_rate * GAIN else Mode.SERIAL
        self.choice = Choice(kept, self._serial_rate, overlap_rate)
        log.info(
            "bulk load written %s (tried: in place %.0f rows/s, overlapped %.0f rows/s)",
            kept.value,
            self._serial_rate,
            overlap_rate,
        )
        self.mode = kept
        if kept is Mode.SERIAL:
            self._stop()

    def _rate(self) -> float:
        now = perf_counter()
        rate = self._leg_rows / max(now - self._leg_start, 1e-9)
        self._leg_rows, self._leg_start = 0, now
        return rate

    def _start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="bulk-writer", daemon=True)
        self._thread.start()

    def _stop(self) -> None:
        if self._thread is not None:
            self._jobs.put(None)
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        cursor = self._cursor()
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                if self._error is None:  # after a failure, drain without writing
                    try:
                        cursor.executemany(*job)
                    except BaseException as e:  # handed to the loading thread by close()
                        self._error = e
            finally:
                self._jobs.task_done()
