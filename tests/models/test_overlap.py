"""A load written by a writer thread while its next rows are built, or in place: chosen by a
setting or by measuring the machine, and the same rows either way."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.models.services import ActivityService
from desktop.models.services import overlap as overlap_module
from desktop.models.services.bulk import NewCompletion, add_completions
from desktop.models.services.overlap import (
    MIN_ROWS,
    SETTING,
    TRY_ROWS,
    Choice,
    ChunkWriter,
    Mode,
    overlap_mode,
)
from desktop.models.store import Store, open_store
from tests.factories import closable_activity, completion, learner


def test_the_setting_decides_when_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(overlap_module, "cores", lambda: 1)
    monkeypatch.setenv(SETTING, "overlap")
    assert overlap_mode(MIN_ROWS) is Mode.OVERLAP
    assert overlap_mode(MIN_ROWS - 1) is Mode.SERIAL  # nothing to overlap
    monkeypatch.setenv(SETTING, "serial")
    monkeypatch.setattr(overlap_module, "cores", lambda: 8)
    assert overlap_mode(10 * MIN_ROWS) is Mode.SERIAL


def test_without_a_setting_the_machine_is_measured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SETTING, raising=False)
    monkeypatch.setattr(overlap_module, "cores", lambda: 1)
    assert overlap_mode(10 * MIN_ROWS) is Mode.SERIAL  # one core
    monkeypatch.setattr(overlap_module, "cores", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.2, 0.2))
    assert overlap_mode(10 * MIN_ROWS) is Mode.SERIAL  # two cores: none to spare for a writer
    monkeypatch.setattr(overlap_module, "cores", lambda: 4)
    assert overlap_mode(10 * MIN_ROWS) is Mode.TRY  # cores to spare: try both ways
    assert overlap_mode(TRY_ROWS - 1) is Mode.SERIAL  # too small to be worth trying
    monkeypatch.setattr(os, "getloadavg", lambda: (1.9, 1.0, 1.0))
    assert overlap_mode(10 * MIN_ROWS) is Mode.SERIAL  # busy already


def _take(seconds: float) -> None:
    """Spend real time with the GIL left free, as SQLite's own work leaves it."""
    threading.Event().wait(seconds)


class _TimedCursor:
    """A cursor whose statements take a set time per row, and say where they ran."""

    def __init__(self, per_row: float, log: list[tuple[str, int]]) -> None:
        self.per_row, self.log = per_row, log

    def executemany(self, sql: str, rows: list[tuple[object, ...]]) -> None:
        _take(self.per_row * len(rows))
        self.log.append((threading.current_thread().name, len(rows)))


def _tried(per_row: float) -> tuple[ChunkWriter, list[tuple[str, int]]]:
    """12 statements of 1,000 rows, building and writing each taking ``per_row`` a row."""
    log: list[tuple[str, int]] = []
    writer = ChunkWriter(lambda: _TimedCursor(per_row, log), Mode.TRY)
    try:
        for _ in range(12):
            _take(per_row * 1000)  # building the next rows
            writer.put("INSERT", [(i,) for i in range(1000)])
    finally:
        writer.close()
    return writer, log


def test_a_tried_load_keeps_the_faster_way_and_writes_every_row_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(overlap_module, "PROBE_ROWS", 3000)
    # Building and writing both take time and neither needs the GIL: overlapping wins.
    writer, log = _tried(per_row=10e-6)
    assert writer.choice is not None and writer.choice.kept is Mode.OVERLAP
    assert writer.choice.overlap_rate > writer.choice.serial_rate
    assert sum(n for _, n in log) == 12_000
    assert {name for name, _ in log[:3]} == {"MainThread"}  # the first leg ran in place
    assert {name for name, _ in log[3:]} == {"bulk-writer"}
    # Overlapped, the rows came slower than in place (as when the GIL is what both need):
    # in place is kept for the rest. The clock is the writer's: leg one 1 s, leg two 1.5 s.
    clock = iter([0.0, 1.0, 2.5])
    monkeypatch.setattr(overlap_module, "perf_counter", lambda: next(clock))
    writer, log = _tried(per_row=1e-6)
    assert writer.choice == Choice(Mode.SERIAL, 3000.0, 2000.0)
    assert [name for name, _ in log[6:]] == ["MainThread"] * 6  # back in place after the trial
    assert sum(n for _, n in log) == 12_000


def _load(path: Path, mode: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    monkeypatch.setenv(SETTING, mode)
    store = open_store(path)
    try:
        aid, _ = ActivityService(store).create(closable_activity())
        rows = [
            NewCompletion(learner(last_name=f"Chunk{i:05d}", npi=""), aid, completion())
            for i in range(MIN_ROWS + 1234)
        ]
        add_completions(store, rows)
        with store.reading() as s:
            return [
                tuple(r)
                for r in s.execute(
                    text(
                        "SELECT c.id, l.id, l.last_name, c.activity_id, c.completion_date,"
                        " c.state, count(k.id), group_concat(k.points), group_concat(k.board)"
                        " FROM completion c JOIN learner l ON l.id = c.learner_id"
                        " JOIN completion_credit k ON k.completion_id = c.id"
                        " GROUP BY c.id ORDER BY c.id"
                    )
                )
            ]
    finally:
        store.close()


def test_overlapped_and_serial_loads_write_the_same_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial = _load(tmp_path / "serial.sqlite3", "serial", monkeypatch)
    overlapped = _load(tmp_path / "overlap.sqlite3", "overlap", monkeypatch)
    assert len(serial) == MIN_ROWS + 1234
    assert overlapped == serial


def test_a_failure_on_the_writer_rolls_the_whole_load_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SETTING, "overlap")
    aid, _ = ActivityService(store).create(closable_activity())
    rows = [
        NewCompletion(learner(last_name=f"Fail{i:05d}"), aid, completion()) for i in range(MIN_ROWS)
    ]
    rows.append(NewCompletion(learner(last_name="Nowhere"), 12345, completion()))
    with pytest.raises(Exception, match="FOREIGN KEY"):
        add_completions(store, rows)
    with store.reading() as s:
        assert s.scalar(text("SELECT count(*) FROM learner")) == 0
        assert s.scalar(text("SELECT count(*) FROM completion")) == 0
