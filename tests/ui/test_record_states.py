"""Nothing typed is lost, known-wrong records stay home, and one record reads one state on
every view (issue 14, reproductions 4–6). Rows are typed into the real window's grid; the
practice sandbox's records are read back over its real HTTP API."""

from __future__ import annotations

import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text

from desktop.cli import main
from desktop.core import Core
from desktop.models.entities import Completion
from desktop.models.records import CreditRecord
from desktop.models.store import Store, open_store
from desktop.sync.contract.results_document import parse_statuses
from desktop.ui.context import AppContext, build_context
from desktop.ui.main_window import MainWindow
from pars_sandbox.directory import Physician
from tests.conftest import TODAY
from tests.factories import closable_activity, completion
from tests.physicians import as_learner
from tests.sandbox.helpers import unique_people
from tests.ui.conftest import settle
from tests.ui.test_learners_grid import _type_row

SHOTS = Path("/tmp/states-shots")


class App:
    """One run of the app on a store file: open it, use it, close it like a person does."""

    def __init__(self, path: Path, qtbot: QtBot, prefs: Path) -> None:
        self._qtbot = qtbot
        self.store = open_store(path)
        self.ui = build_context(self.store, prefs, today=lambda: TODAY)
        self.core = self.ui.core
        assert isinstance(self.ui, AppContext) and isinstance(self.core, Core)
        self.window = MainWindow(self.ui)
        qtbot.addWidget(self.window)
        with qtbot.waitSignal(self.window.loaded, timeout=10_000):
            self.window.show()
        settle(qtbot, self.ui)

    def close(self) -> None:
        self.window.close()
        # Answers already on their way back to the window are delivered while it exists.
        settle(self._qtbot, self.ui)
        self.ui.tasks.wait()
        self.core.close()
        self.store.close()


@pytest.fixture
def app(tmp_path: Path, qtbot: QtBot) -> Iterator[App]:
    opened = App(tmp_path / "store.sqlite3", qtbot, tmp_path / "prefs.ini")
    yield opened
    opened.close()


def _open(app: App, qtbot: QtBot, activity_id: int) -> None:
    app.window.open_activity(activity_id, learners=True)
    grid = app.window.workspace.grid.grid
    qtbot.waitUntil(lambda: grid.activity_id == activity_id and grid.rowCount() >= 1)


def _row_for(person: Physician, npi: str) -> tuple[str, ...]:
    return (
        person.first_name,
        person.last_name,
        f"{person.birth_month}/{person.birth_day}",
        person.license_state,
        "",
        npi,
        "",
        "01/05/2026",  # consent on record: CME alone is reported with it too
        "03/02/2026",
        "1.5",
    )


def _bad_check_digit(npi: str) -> str:
    return npi[:-1] + str((int(npi[-1]) + 1) % 10)


def _retype(qtbot: QtBot, window: MainWindow, row: int, key: str, text: str) -> None:
    """Select a saved cell, F2, select all, type, Enter: how a coordinator fixes a value."""
    view = window.workspace.grid
    keys = [k for k, _ in view.grid.columns]
    view.setFocus()
    view.setCurrentIndex(view.grid.index(row, keys.index(key)))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not view
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def _state_cell(window: MainWindow, row: int = 0) -> str:
    grid = window.workspace.grid.grid
    return str(grid.data(grid.index(row, len(grid.columns) - 1)))


def _in_sandbox(core: Core, credit_id: str) -> str:
    """What PARS (the practice sandbox) says about a Credit ID, over its HTTP API."""
    endpoint = core.practice_endpoint()
    r = requests.get(
        endpoint.base_url.rstrip("/") + "/learner-activities/status",
        params={"CreditId": credit_id},
        auth=(endpoint.username, endpoint.password),
        timeout=10,
    )
    assert r.status_code == 200, r.text
    [status] = parse_statuses(r.content)
    return str(status.state.value)


def _credit_ids(store: Store) -> list[str]:
    with store.reading() as s:
        # A CME credit first on its completion's row, the others in their table.
        return list(
            s.scalars(
                text(
                    "SELECT cme_credit_id FROM completion WHERE cme_credit_id IS NOT NULL"
                    " UNION ALL SELECT credit_id FROM completion_credit"
                )
            )
        )


def _sync(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.sync_finished, timeout=30_000):
        qtbot.keyClick(window, Qt.Key.Key_F5)


def test_a_typed_row_with_problems_survives_closing_and_reopening(
    tmp_path: Path, qtbot: QtBot
) -> None:
    path, prefs = tmp_path / "store.sqlite3", tmp_path / "prefs.ini"
    first = App(path, qtbot, prefs)
    activity_id, _ = first.ui.core.activities.create(closable_activity())
    _open(first, qtbot, activity_id)
    _type_row(
        qtbot,
        first.window,
        ("Riley", "Draftperson", "2/30", "ZZ", "", "", "", "", "03/02/2026", "1.5"),
    )
    qtbot.waitUntil(lambda: first.ui.core.completion_list.count(activity_id=activity_id) == 1)
    settle(qtbot, first.ui)
    first.close()

    again = App(path, qtbot, prefs)
    try:
        _open(again, qtbot, activity_id)
        grid = again.window.workspace.grid.grid
        qtbot.waitUntil(lambda: grid.rowCount() == 2)  # the kept row and the empty entry row
        row = grid.rows[0]
        assert (row.cells["last_name"], row.cells["birth"], row.cells["license_state"]) == (
            "Draftperson",
            "02/30",
            "ZZ",
        )
        keys = [k for k, _ in grid.columns]

        def tip(key: str) -> str:
            return str(grid.data(grid.index(0, keys.index(key)), Qt.ItemDataRole.ToolTipRole))

        assert "not a day of the year" in tip("birth")
        assert "not a US state" in tip("license_state")
        assert _state_cell(again.window).startswith("Draft (not sent): ")
        SHOTS.mkdir(exist_ok=True)
        again.window.nav.setCurrentRow(1)
        again.window.grab().save(str(SHOTS / "grid-draft-after-restart.png"))
        # Never sent: a sync leaves it here and PARS never sees it.
        _sync(qtbot, again.window)
        [credit_id] = _credit_ids(again.store)
        assert _in_sandbox(again.core, credit_id) == "not_found"
        with again.store.reading() as s:
            assert s.scalar(select(Completion.state)) == "draft"
    finally:
        again.close()


def test_a_bad_npi_never_reaches_pars_and_fixing_it_sends_it(app: App, qtbot: QtBot) -> None:
    window, ui, store, core = app.window, app.ui, app.store, app.core
    person = unique_people()[3]
    activity_id, _ = ui.core.activities.create(closable_activity())
    window.open_activity(activity_id, learners=True)
    qtbot.waitUntil(lambda: window.workspace.grid.grid.activity_id == activity_id)
    _type_row(qtbot, window, _row_for(person, _bad_check_digit(person.npi)))
    qtbot.waitUntil(lambda: ui.core.completion_list.count(activity_id=activity_id) == 1)
    settle(qtbot, ui)
    qtbot.waitUntil(lambda: "NPI is not valid" in _state_cell(window))

    _sync(qtbot, window)
    [credit_id] = _credit_ids(store)
    assert _in_sandbox(core, credit_id) == "not_found"  # the known-wrong record stayed home
    grid = window.workspace.grid.grid
    qtbot.waitUntil(lambda: "NPI is not valid" in _state_cell(window))
    settle(qtbot, ui)  # the sync's refresh of the grid is done before the coordinator retypes

    _retype(qtbot, window, 0, "npi", person.npi)
    # At once, before any sync: the record is judged again and queued.
    qtbot.waitUntil(lambda: _state_cell(window) == "Waiting to send", timeout=10_000)
    assert grid.rows[0].cells["npi"] == person.npi
    _sync(qtbot, window)
    assert _in_sandbox(core, credit_id) == "accepted"
    qtbot.waitUntil(lambda: _state_cell(window) == "Accepted by ACCME", timeout=10_000)


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("npi", "The NPI is not valid (10 digits with a correct check digit)."),
        ("cme", "1.75 credits is more than the 1.5 the activity designates."),
    ],
)
def test_fixing_a_record_accme_rejected_clears_the_rejection_at_once(
    app: App, qtbot: QtBot, cell: str, message: str
) -> None:
    window, ui, store = app.window, app.ui, app.store
    person = unique_people()[5]
    activity_id, _ = ui.core.activities.create(closable_activity())
    window.open_activity(activity_id, learners=True)
    qtbot.waitUntil(lambda: window.workspace.grid.grid.activity_id == activity_id)
    _type_row(qtbot, window, _row_for(person, person.npi))
    qtbot.waitUntil(lambda: ui.core.completion_list.count(activity_id=activity_id) == 1)
    # The background match of the new learner is over: nothing else refreshes the row later.
    qtbot.waitUntil(
        lambda: ui.core.completion_list.page(activity_id=activity_id)[0].match_status == "matched",
        timeout=15_000,
    )
    settle(qtbot, ui)
    # What an earlier version left behind: sent with a wrong value, and refused by ACCME.
    with store.transaction() as s:
        c = s.scalars(select(Completion)).one()
        if cell == "npi":
            c.learner.npi = _bad_check_digit(person.npi)
        else:
            c.cme_points = Decimal("1.75")  # the CME credit, on the record's row
        c.state, c.state_reason = "rejected", message
        c.sync_errors = [{"field": cell, "code": "invalid", "message": message}]
    window.workspace.grid.grid.load(activity_id)
    qtbot.waitUntil(lambda: _state_cell(window) == f"Rejected by ACCME: {message}")

    _retype(qtbot, window, 0, cell, person.npi if cell == "npi" else "1.5")
    # At once, with no sync and no answer from PARS in between.
    qtbot.waitUntil(lambda: _state_cell(window) == "Waiting to send", timeout=10_000)
    keys = [k for k, _ in window.workspace.grid.grid.columns]
    grid = window.workspace.grid.grid
    assert grid.data(grid.index(0, keys.index(cell)), Qt.ItemDataRole.ToolTipRole) is None
    with store.reading() as s:
        assert s.scalar(select(Completion.state)) == "queued"
    _sync(qtbot, window)
    [credit_id] = _credit_ids(store)
    assert _in_sandbox(app.core, credit_id) == "accepted"


def test_one_record_reads_the_same_state_on_every_view(app: App, qtbot: QtBot) -> None:
    window, ui, store = app.window, app.ui, app.store
    person = unique_people()[7]
    activity_id, _ = ui.core.activities.create(closable_activity())
    window.open_activity(activity_id, learners=True)
    qtbot.waitUntil(lambda: window.workspace.grid.grid.activity_id == activity_id)
    row = list(_row_for(person, ""))
    row[7] = ""  # no consent, with ABIM points: kept here until the learner agrees
    _type_row(qtbot, window, (*row, "1.5"))
    qtbot.waitUntil(lambda: ui.core.completion_list.count(activity_id=activity_id) == 1)
    settle(qtbot, ui)
    grid_text = _state_cell(window)
    assert grid_text.startswith("Draft (not sent): ") and "consent" in grid_text

    page = window.learners.model
    page.reload()
    qtbot.waitUntil(lambda: page.rowCount() == 1)
    assert page.data(page.index(0, 9)) == grid_text

    _sync(qtbot, window)
    results = window.sync_page.results
    qtbot.waitUntil(lambda: results.count() == 1)
    assert results.item(0).text().endswith(" — " + grid_text)
    qtbot.waitUntil(lambda: _state_cell(window) == grid_text)

    window.nav.setCurrentRow(3)
    attention = window.attention
    attention.refresh()
    qtbot.waitUntil(lambda: attention.tree.topLevelItemCount() > 0)
    shown = [
        attention.tree.topLevelItem(i).child(j).text(3)  # type: ignore[union-attr]
        for i in range(attention.tree.topLevelItemCount())
        for j in range(attention.tree.topLevelItem(i).childCount())  # type: ignore[union-attr]
    ]
    assert grid_text in shown

    ui.tasks.wait()
    out = io.StringIO()
    main(["--store", str(store.path), "status"], out=out)
    [listed] = ui.core.completion_list.page(activity_id=activity_id)
    # Named as the coordinator knows it (issue 16: by learner and activity), in the same words.
    pai = ui.core.activities.get(activity_id).provider_activity_id
    named = f"{listed.last_name}, {listed.first_name} — {pai} {listed.activity_title}"
    assert f"    - {named}: {grid_text}" in out.getvalue()
    assert "Draft (not sent) 1" in out.getvalue()  # counted by the same words
    # The list of every record staying home has its own heading: not an attention group's
    # name with another number (a new coordinator read "4" and "3" as a contradiction).
    assert "Not sent, staying here (1):" in out.getvalue()
    SHOTS.mkdir(exist_ok=True)
    window.nav.setCurrentRow(4)
    window.grab().save(str(SHOTS / "sync-page-same-state.png"))
    window.nav.setCurrentRow(2)
    window.grab().save(str(SHOTS / "learners-page-same-state.png"))


def test_changes_waiting_counts_records_not_edits(app: App, qtbot: QtBot) -> None:
    ui, window = app.ui, app.window
    for i in range(5):
        activity_id, changes = ui.core.activities.create(
            closable_activity(provider_activity_id=f"W-{i}")
        )
        for n in range(3):  # fifteen edits in all, of five records
            changes = ui.core.activities.update(activity_id, title=f"Edit {n} of activity {i}")
        ui.bus.publish(changes, None)
    qtbot.waitUntil(lambda: "5 records waiting to send" in window.online.text(), timeout=10_000)
    out = io.StringIO()
    ui.tasks.wait()
    main(["--store", str(app.store.path), "status"], out=out)
    assert "Records waiting to send: 5\n" in out.getvalue()


def test_an_empty_store_has_nothing_to_report_yet(app: App, qtbot: QtBot) -> None:
    page = app.window.dashboard
    qtbot.waitUntil(lambda: page.overview is not None, timeout=10_000)
    assert page.steps_box.title() == "The five yearly steps — 0 of 5 done"
    for key in ("activities", "enduring"):
        assert page.rows[key].mark.text() != "✔"
        assert page.rows[key].detail.text().startswith("Nothing to report yet")
        assert {b.format() for b in page.rows[key].progress} == {"nothing to report yet"}
    SHOTS.mkdir(exist_ok=True)
    app.window.grab().save(str(SHOTS / "dashboard-empty-store.png"))


def test_a_newly_appearing_attention_group_opens_expanded(app: App, qtbot: QtBot) -> None:
    ui, window = app.ui, app.window
    people = unique_people()
    activity_id, _ = ui.core.activities.create(closable_activity())
    window.nav.setCurrentRow(3)
    page = window.attention
    _ids, changes = ui.core.learners.enter_completions(
        activity_id, [(as_learner(people[0], consent_date=None), completion())]
    )
    ui.bus.publish(changes, None)
    qtbot.waitUntil(lambda: page.tree.topLevelItemCount() >= 1, timeout=10_000)
    first = {page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())}  # type: ignore[union-attr]
    page.tree.collapseAll()  # the coordinator folds what they have seen
    bad_npi = as_learner(people[1], npi=_bad_check_digit(people[1].npi))
    _ids, changes = ui.core.learners.enter_completions(
        activity_id, [(bad_npi, completion(credits=(CreditRecord(None, Decimal("1.5")),)))]
    )
    ui.bus.publish(changes, None)
    qtbot.waitUntil(
        lambda: any(
            page.tree.topLevelItem(i).text(0).startswith("Kept here until fixed")  # type: ignore[union-attr]
            for i in range(page.tree.topLevelItemCount())
        ),
        timeout=10_000,
    )
    groups = [page.tree.topLevelItem(i) for i in range(page.tree.topLevelItemCount())]
    for group in groups:
        assert group is not None
        if group.text(0) in first:
            assert not group.isExpanded()  # what was folded stays folded
        else:
            assert group.isExpanded(), group.text(0)
    [new] = [g for g in groups if g is not None and g.text(0).startswith("Kept here")]
    assert "NPI is not valid" in new.child(0).text(3)  # type: ignore[union-attr]
    SHOTS.mkdir(exist_ok=True)
    window.grab().save(str(SHOTS / "attention-new-group.png"))
