"""Matching in the background, the Needs attention page, and corrections from the grid."""

from __future__ import annotations

import threading
from decimal import Decimal
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models.entities import Completion
from desktop.models.records import CreditRecord
from desktop.models.store import Store
from desktop.sync import learner_match
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from pars_sandbox.directory import PRACTICE_NOT_FOUND
from tests.factories import closable_activity, completion
from tests.physicians import as_learner
from tests.sandbox.helpers import unique_people
from tests.ui.conftest import settle

CME = (CreditRecord(None, Decimal("1.5")),)


def _children(window: MainWindow, group: str) -> list[list[str]]:
    tree = window.attention.tree
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        if top is not None and top.text(0).startswith(group):
            return [
                [top.child(j).text(c) for c in range(4)]  # type: ignore[union-attr]
                for j in range(top.childCount())
            ]
    return []


def test_learners_are_matched_in_the_background_and_listed_when_pars_will_not_take_them(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    qtbot.waitUntil(lambda: "Online" in window.online.text(), timeout=10_000)
    people = unique_people()
    activity_id, _ = ui.core.activities.create(closable_activity())
    ids, changes = ui.core.learners.enter_completions(
        activity_id,
        [
            (as_learner(people[0]), completion(credits=CME)),
            # Practice matching is simulated: this example surname is the one never found.
            (as_learner(people[1], last_name=PRACTICE_NOT_FOUND), completion(credits=CME)),
            (as_learner(people[2], consent=None, consent_date=None), completion()),
        ],
    )
    ui.bus.publish(changes, None)  # as the grid does after a save

    # No sync: the window matches on its own once entry pauses.
    qtbot.waitUntil(
        lambda: bool(_children(window, "Learners PARS does not recognise")), timeout=15_000
    )
    [unmatched] = _children(window, "Learners PARS does not recognise")
    assert unmatched[0] == f"{PRACTICE_NOT_FOUND}, {people[1].first_name}"
    assert "check the name, birth date and state of licensure" in unmatched[3]
    [consent] = _children(window, "Credits waiting for the learner's consent")
    assert consent[0].startswith(people[2].last_name)
    # Its MOC points, completed in March and not accepted by June, are also at risk.
    [late] = _children(window, "MOC deadlines at risk")
    assert late[0] == consent[0] and "boards expect MOC within 30 days" in late[3]
    assert window.nav.item(3).text() == "Needs attention (3)"
    assert "3 records need attention" in window.attention.summary.text()

    # The learners list shows each learner's match state.
    page = window.learners.model
    qtbot.waitUntil(
        lambda: page.rowCount() == 3 and page.row(0).match_status != "not_checked", timeout=10_000
    )
    icons = {page.row(i).last_name: page.data(page.index(i, 0)) for i in range(3)}
    assert icons[people[0].last_name] == "✔" and icons[PRACTICE_NOT_FOUND] == "✖"

    # Double-click opens the learners grid at the cell to fix.
    window.nav.setCurrentRow(3)
    top = window.attention.tree.topLevelItem(0)
    assert top is not None
    child = top.child(0)
    assert child is not None
    window.attention.tree.itemActivated.emit(child, 0)
    grid = window.workspace.grid
    qtbot.waitUntil(
        lambda: grid.grid.activity_id == activity_id and grid.currentIndex().isValid(),
        timeout=10_000,
    )
    index = grid.currentIndex()
    assert grid.grid.rows[index.row()].completion_id == ids[1]
    assert grid.grid.columns[index.column()][0] == "last_name"


def test_a_rejection_shows_who_rejected_it_and_why(
    window: MainWindow, ui: AppContext, qtbot: QtBot, store: Store
) -> None:
    people = unique_people()
    activity_id, _ = ui.core.activities.create(closable_activity())
    [cid], changes = ui.core.learners.enter_completions(
        activity_id, [(as_learner(people[4]), completion())]
    )
    with store.transaction() as s:  # what a board's answer leaves behind
        c = s.get(Completion, cid)
        assert c is not None
        c.state, c.state_reason = "rejected", "ABIM: Not a diplomate of ABIM"
        c.sync_errors = [{"field": "moc.ABIM", "code": "board_rejected", "message": "x"}]
    ui.bus.publish(changes, None)
    qtbot.waitUntil(lambda: bool(_children(window, "Rejected by ACCME or a board")), timeout=10_000)
    [row] = _children(window, "Rejected by ACCME or a board")
    assert row[3] == "Rejected by the board: ABIM: Not a diplomate of ABIM"


def test_editing_a_record_pars_has_sends_a_correction(
    window: MainWindow, ui: AppContext, qtbot: QtBot, store: Store
) -> None:
    people = unique_people()
    activity_id, _ = ui.core.activities.create(closable_activity())
    [old], _ = ui.core.learners.enter_completions(
        activity_id, [(as_learner(people[6]), completion(credits=CME))]
    )
    with qtbot.waitSignal(window.sync_finished, timeout=30_000) as synced:
        window.sync_action.trigger()
    assert synced.args[0].completions_accepted == 1

    window.open_activity(activity_id, learners=True)
    grid = window.workspace.grid
    qtbot.waitUntil(lambda: grid.grid.activity_id == activity_id and len(grid.grid.rows) == 2)
    asked: list[str] = []

    def ask(title: str, text: str) -> bool:
        asked.append(title)
        return True

    grid.ask = ask  # type: ignore[method-assign]
    column = [k for k, _ in grid.grid.columns].index("completion_date")
    grid.grid.setData(grid.grid.index(0, column), "03/01/2026")
    qtbot.waitUntil(
        lambda: grid.grid.rows[0].replaces_id == old and len(grid.grid.rows) == 2, timeout=10_000
    )
    assert asked == ["Send a correction?"]
    state = grid.grid.data(grid.grid.index(0, len(grid.grid.columns) - 1))
    assert state == "Correction waiting to send: replaces the record PARS has"
    new = grid.grid.rows[0].completion_id

    with qtbot.waitSignal(window.sync_finished, timeout=30_000) as synced:
        window.sync_action.trigger()
    report = synced.args[0]
    assert (report.completions_accepted, report.completions_deleted) == (1, 1)
    settle(qtbot, ui)
    with store.reading() as s:
        states = {i: st for i, st in s.execute(select(Completion.id, Completion.state)).all()}
    assert states == {old: "deleted", new: "accepted"}


def test_the_background_match_writes_its_answers_on_the_one_write_thread(
    window: MainWindow, ui: AppContext, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PARS is asked from a network thread; the answers go to the store from the write thread,
    like every other write (issue 16, item 4)."""
    written_on: list[int] = []
    real = learner_match._store_answers

    def spy(*args: Any) -> None:
        written_on.append(threading.get_ident())
        real(*args)

    monkeypatch.setattr(learner_match, "_store_answers", spy)
    qtbot.waitUntil(lambda: "Online" in window.online.text(), timeout=10_000)
    activity_id, _ = ui.core.activities.create(closable_activity())
    _ids, changes = ui.core.learners.enter_completions(
        activity_id, [(as_learner(unique_people()[5]), completion(credits=CME))]
    )
    ui.bus.publish(changes, None)
    qtbot.waitUntil(lambda: bool(written_on), timeout=15_000)
    assert written_on == [ui.tasks.write_thread]
    assert threading.get_ident() not in written_on
