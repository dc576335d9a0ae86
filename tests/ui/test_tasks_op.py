"""``tasks.op``: one way to run work off the UI thread (issue 16, item 4)."""

from __future__ import annotations

import threading
from functools import partial
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.models.changes import Changes
from desktop.sync.report import SyncReport
from desktop.ui.context import AppContext
from desktop.ui.data_bus import DataBus
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import Pool, TaskRunner
from tests.factories import closable_activity


def test_a_result_whose_owner_was_deleted_is_dropped_but_its_changes_are_published(
    qtbot: QtBot,
) -> None:
    bus = DataBus()
    tasks = TaskRunner(bus)
    heard: list[Changes] = []
    bus.data_changed.connect(lambda changes, _who: heard.append(changes))
    owner, survivor = QWidget(), QWidget()
    delivered: list[str] = []
    gate = threading.Event()

    def slow_write() -> Changes:
        gate.wait(5)  # the owner goes while the work runs
        return Changes(activities=frozenset({7}))

    tasks.op(slow_write, owner=owner).done(lambda _c: delivered.append("deleted owner"))
    tasks.op(lambda: Changes(learners=frozenset({3})), owner=survivor).done(
        lambda _c: delivered.append("live owner")
    )
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner), timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: not tasks.busy, timeout=5000)
    assert delivered == ["live owner"]  # nothing reached the deleted widget
    assert heard == [Changes(activities=frozenset({7})), Changes(learners=frozenset({3}))]
    survivor.deleteLater()


def _alive(widget: QWidget) -> bool:
    from shiboken6 import Shiboken

    return bool(Shiboken.isValid(widget))


def test_every_write_runs_on_the_one_write_thread(ui: AppContext, qtbot: QtBot) -> None:
    threads: list[int] = []

    def create(n: int) -> tuple[int, Changes]:
        threads.append(threading.get_ident())
        return ui.core.activities.create(closable_activity(provider_activity_id=f"T-{n}"))

    published: list[Changes] = []

    def heard(changes: Changes, _who: object) -> None:
        published.append(changes)

    ui.bus.data_changed.connect(heard)
    for n in range(6):
        ui.tasks.op(partial(create, n), pool=Pool.WRITE)
    # Reads and network work run elsewhere, at the same time.
    elsewhere: list[int] = []
    ui.tasks.op(lambda: elsewhere.append(threading.get_ident()), pool=Pool.READ)
    ui.tasks.op(lambda: elsewhere.append(threading.get_ident()), pool=Pool.NETWORK)
    qtbot.waitUntil(lambda: not ui.tasks.busy, timeout=10_000)
    assert len(threads) == 6 and set(threads) == {ui.tasks.write_thread}
    assert threading.get_ident() not in threads  # never the UI thread
    assert ui.tasks.write_thread not in elsewhere
    # Each create's Changes went out on the bus without the caller publishing them.
    assert len([c for c in published if c.activities]) == 6
    assert [a.provider_activity_id for a in ui.core.activities.summaries()] == [
        f"T-{n}" for n in range(6)
    ]  # in the order asked: one writer


def test_the_window_syncs_on_the_write_thread(
    window: MainWindow, ui: AppContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    ui.core.activities.create(closable_activity(provider_activity_id="S-1"))
    ran_on: list[int] = []
    real = ui.core.run_sync

    def recorded(*args: Any, **kwargs: Any) -> SyncReport:
        ran_on.append(threading.get_ident())
        return real(*args, **kwargs)

    monkeypatch.setattr(ui.core, "run_sync", recorded)
    with qtbot.waitSignal(window.sync_finished, timeout=20_000) as finished:
        qtbot.keyClick(window, Qt.Key.Key_F5)
    assert finished.args[0].activities_accepted == 1  # it really went to the practice PARS
    assert ran_on == [ui.tasks.write_thread]
