"""A load written by a writer thread while its next rows are built, or in place: chosen by a
setting or by measuring the machine, and the same rows either way."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.models.services import ActivityService
from desktop.models.services import overlap as overlap_module
from desktop.models.services.bulk import NewCompletion, add_completions
from desktop.models.services.overlap import MIN_ROWS, SETTING, overlap_chosen
from desktop.models.store import Store, open_store
from tests.factories import closable_activity, completion, learner


def test_the_setting_decides_when_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(overlap_module, "cores", lambda: 1)
    monkeypatch.setenv(SETTING, "overlap")
    assert overlap_chosen(MIN_ROWS)
    assert not overlap_chosen(MIN_ROWS - 1)  # nothing to overlap
    monkeypatch.setenv(SETTING, "serial")
    monkeypatch.setattr(overlap_module, "cores", lambda: 8)
    assert not overlap_chosen(10 * MIN_ROWS)


def test_without_a_setting_the_machine_is_measured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SETTING, raising=False)
    monkeypatch.setattr(overlap_module, "cores", lambda: 1)
    assert not overlap_chosen(10 * MIN_ROWS)  # one core: serial
    monkeypatch.setattr(overlap_module, "cores", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.2, 0.2, 0.2))
    assert overlap_chosen(10 * MIN_ROWS)  # a second core is free
    monkeypatch.setattr(os, "getloadavg", lambda: (1.9, 1.0, 1.0))
    assert not overlap_chosen(10 * MIN_ROWS)  # both busy already


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
