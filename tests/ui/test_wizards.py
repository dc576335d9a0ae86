"""The copy and repeat-series wizards driven end to end, the series bar's shared edits, and the
enduring material's yearly counts in the editor (SPEC M3–M5)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.models.entities import Activity, AuditEntry, OutboxEntry, RepeatSeries
from desktop.models.store import Store
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from desktop.ui.wizards.copy_wizard import CopyWizard
from desktop.ui.wizards.repeat_wizard import RepeatWizard
from tests.factories import closable_activity
from tests.ui.conftest import settle


def _type(qtbot: QtBot, widget: object, text: str) -> None:
    """Replace a field's text by typing, then Enter."""
    widget.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def _rows(store: Store) -> tuple[int, int, int]:
    with store.reading() as s:
        return (
            s.scalar(select(func.count()).select_from(Activity)) or 0,
            s.scalar(select(func.count()).select_from(OutboxEntry)) or 0,
            s.scalar(select(func.count()).select_from(AuditEntry)) or 0,
        )


def _ready(qtbot: QtBot, wizard: QWizard) -> None:
    qtbot.waitUntil(lambda: wizard.currentPage().isComplete(), timeout=5000)


def test_copy_wizard_end_to_end_keeps_choices_and_finish_is_one_undo_step(
    window: MainWindow, ui: AppContext, qtbot: QtBot, store: Store
) -> None:
    source, _ = ui.core.activities.create(closable_activity(provider_activity_id="SRC-1"))
    before = _rows(store)
    wizard = window.copy_activity(source)
    _ready(qtbot, wizard)
    assert wizard.source_id == source
    wizard.next()
    assert wizard.currentPage() is wizard.carry
    wizard.carry.boxes["moc"].setChecked(False)
    wizard.carry.boxes["support"].setChecked(False)
    wizard.next()
    place = wizard.place
    assert place.start.day() == date(2027, 3, 1)  # the source's dates, a year on
    assert place.city.text() == "Springfield"
    place.city.setText("Peoria")
    _type(qtbot, place.end, "02/01/2027")  # before the start: cannot go on
    assert not place.isComplete()
    assert "before the start" in place.problem.text()
    _type(qtbot, place.end, "3/3/27")
    wizard.back()  # Back and Next keep every choice
    assert not wizard.carry.boxes["moc"].isChecked() and wizard.carry.boxes["content"].isChecked()
    wizard.next()
    assert place.city.text() == "Peoria" and place.end.day() == date(2027, 3, 3)
    wizard.next()
    assert "Grand Rounds: Sepsis Update" in wizard.review.summary.text()
    assert "no ACCME ID and no learners" in wizard.review.summary.text()
    assert _rows(store) == before  # nothing written before Finish
    with qtbot.waitSignal(wizard.created, timeout=5000) as created:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    new_id = created.args[0]
    copy = ui.core.activities.get(new_id)
    assert copy.provider_activity_id not in ("", "SRC-1") and copy.accme_activity_id is None
    assert (copy.city, copy.start_date, copy.end_date) == (
        "Peoria",
        date(2027, 3, 1),
        date(2027, 3, 3),
    )
    assert copy.moc == () and copy.support_sources == () and copy.commercial_support is None
    # Outcomes belong to one year: unticked by default, so not carried.
    assert copy.outcomes == () and copy.physician_learners is None
    # One undo step removes the copy, redo brings it back.
    qtbot.waitUntil(lambda: window.workspace.undo_stack.count() == 1, timeout=5000)
    assert window.workspace.undo_stack.undoText() == "Copy activity"
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: _rows(store)[0] == 1, timeout=5000)
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: _rows(store)[0] == 2, timeout=5000)


def test_cancel_writes_nothing(
    window: MainWindow, ui: AppContext, qtbot: QtBot, store: Store
) -> None:
    source, _ = ui.core.activities.create(closable_activity())
    before = _rows(store)
    copy = window.copy_activity(source)
    _ready(qtbot, copy)
    copy.next()
    copy.next()
    copy.reject()
    series = window.new_series()
    series.content.name.setText("Journal Club")
    series.content.title_edit.setText("Journal Club")
    series.next()
    series.instances.paste("01/06/2026\t\tSpringfield\tIL\n01/13/2026\t\tSpringfield\tIL")
    series.next()
    series.reject()
    settle(qtbot, ui)
    assert _rows(store) == before


def test_repeat_wizard_makes_a_linked_series_from_a_schedule(
    window: MainWindow, ui: AppContext, qtbot: QtBot, store: Store
) -> None:
    wizard = window.new_series()
    content = wizard.content
    content.name.setText("Grand Rounds 2026")
    content.title_edit.setText("Grand Rounds")
    content.format.setCurrentIndex(content.format.findData("rss"))
    content.credits.setFocus()
    qtbot.keyClicks(content.credits, "1.3")  # off PARS's steps: the page says so
    wizard.next()
    assert wizard.currentPage() is content and "steps of 0.25" in content.problem.text()
    qtbot.keyClick(content.credits, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(content.credits, ".75")  # typed, and Next pressed without leaving it
    wizard.next()
    page = wizard.instances
    assert not page.isComplete()
    _type(qtbot, page.first, "01/06/2026")
    page.count.setValue(10)
    page.city.setText("Springfield")
    page.state.setText("il")
    page.country.setText("usa")
    page.fill_from_schedule()
    assert page.table.rowCount() == 10
    assert page.table.item(9, 0).text() == "03/10/2026"  # type: ignore[union-attr]
    # A pasted row with an impossible date is named; good rows go in.
    added = page.paste("03/17/2026\t\tPeoria\tIllinois\n02/30/2026\t\tPeoria\tIL")
    assert added == 1 and "Row 2, start date" in page.problem.text()
    assert page.table.item(10, 3).text() == "IL"  # type: ignore[union-attr]
    page.table.selectRow(10)
    page.remove_selected()
    # An end before its start keeps the page from going on, and says where.
    page.table.item(0, 1).setText("01/01/2026")  # type: ignore[union-attr]
    assert not page.isComplete() and "Row 1: the end date is before" in page.problem.text()
    page.table.item(0, 1).setText("01/06/2026")  # type: ignore[union-attr]
    assert page.isComplete()
    wizard.back()
    assert content.title_edit.text() == "Grand Rounds"
    wizard.next()
    assert page.table.rowCount() == 10  # kept
    wizard.next()
    review = wizard.review
    assert review.prefix.text() == "GR2026-"
    # An RSS is offered as one activity; this coordinator wants the ten anyway.
    assert review.rss_box.isVisible() and review.one_rss.isChecked()
    review.copies.click()
    assert review.preview.count() == 10
    assert review.preview.item(0).text().startswith("GR2026-01   01/06/2026   Springfield, IL")
    with qtbot.waitSignal(wizard.created, timeout=5000) as created:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    series_id, ids = created.args[0], created.args[1]
    with store.reading() as s:
        rows = s.scalars(
            select(Activity).where(Activity.series_id == series_id).order_by(Activity.id)
        ).all()
        assert [a.provider_activity_id for a in rows] == [f"GR2026-{n:02d}" for n in range(1, 11)]
        assert {(a.title, a.format, a.city, a.state, a.country) for a in rows} == {
            ("Grand Rounds", "rss", "Springfield", "IL", "USA")
        }
        assert {ui.core.activities.get(a.id).ama_credits for a in rows} == {Decimal("0.75")}
        assert s.get(RepeatSeries, series_id) is not None
    assert len(ids) == 10
    qtbot.waitUntil(lambda: window.workspace.undo_stack.count() == 1, timeout=5000)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: _rows(store)[0] == 0, timeout=5000)


def test_series_bar_applies_shared_edits_to_open_instances_only(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    from desktop.models.copying import Placement

    places = [
        Placement(date(2026, 1, d), date(2026, 1, d), "Springfield", "IL", "USA")
        for d in (6, 13, 20)
    ]
    _, ids, _ = ui.core.series.create(
        "Tumor Board", closable_activity(close_requested=False), places, "TB-"
    )
    ui.core.activities.update(ids[2], close_requested=True, physician_learners=12, other_learners=0)
    window.open_activity(ids[0])
    editor = window.workspace.editor
    qtbot.waitUntil(
        lambda: editor.activity_id == ids[0] and editor.series_bar.isVisible(), timeout=5000
    )
    assert editor.series_bar.text.text() == "One of 3 instances of the series “Tumor Board”."
    assert not editor.series_bar.apply.isVisible()
    editor.title.setText("Tumor Board: Lung")
    editor.title.editingFinished.emit()
    qtbot.waitUntil(lambda: editor.series_bar.apply.isVisible(), timeout=5000)
    asked: list[str] = []

    def ask(title: str, text: str) -> bool:
        asked.append(text)
        return True

    editor.ask = ask  # type: ignore[method-assign]
    editor.series_bar.apply.click()
    qtbot.waitUntil(lambda: "Applied to 1 instances" in editor.series_bar.text.text(), timeout=5000)
    assert asked == [
        "Apply title to the 1 other instances that are not Closed? 1 Closed instance(s) stay as they are."
    ]
    assert "Skipped as Closed: TB-03." in editor.series_bar.text.text()
    assert [ui.core.activities.get(i).title for i in ids] == [
        "Tumor Board: Lung",
        "Tumor Board: Lung",
        closable_activity().title,
    ]


def test_enduring_counts_in_the_editor(window: MainWindow, ui: AppContext, qtbot: QtBot) -> None:
    material, _ = ui.core.activities.create(
        closable_activity(
            format="enduring",
            delivery_methods=("online",),
            start_date=date(2025, 2, 1),
            end_date=date(2027, 12, 31),
            moc=(),
        )
    )
    ui.core.activities.record_enduring_count(material, 2025, 120, 30)
    window.open_activity(material)
    panel = window.workspace.editor.enduring
    qtbot.waitUntil(lambda: panel.isVisible() and panel.table.rowCount() > 0, timeout=5000)
    # TODAY is 2026-06-15: the 2025 report is past its deadline, so 2026's count is the one due.
    assert panel.years == [2025, 2026]
    assert panel.table.item(0, 1).text() == "120"  # type: ignore[union-attr]
    assert panel.table.item(1, 1).background().color().name() == "#fff4ce"  # type: ignore[union-attr]
    assert "Dec 31, 2026 is due" in panel.due.text()
    dialog = panel.record_count(2026)
    assert dialog is not None
    settle(qtbot, ui)
    assert dialog.physicians.count() == 120  # starts from last year's figures
    _type(qtbot, dialog.physicians, "100")  # Enter saves, as the dialog's default button
    qtbot.waitUntil(lambda: "lower than 2025's" in dialog.warning.text(), timeout=5000)
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()  # saved anyway; closes
    qtbot.waitUntil(
        lambda: (item := panel.table.item(1, 1)) is not None and item.text() == "100",
        timeout=5000,
    )
    assert "lower than 2025's" in panel.warnings.text()
    assert [
        (c.year, c.physician_learners) for c in ui.core.activities.get(material).enduring_counts
    ] == [
        (2025, 120),
        (2026, 100),
    ]


def test_the_wizards_open_from_the_toolbar_and_the_context_menu(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    source, _ = ui.core.activities.create(closable_activity())
    actions = {a.text(): a for a in window.activities.context_actions(source)}
    assert list(actions) == ["Open", "Copy…", "Repeat as a series…"]
    actions["Copy…"].trigger()
    copy = window.findChild(CopyWizard)
    assert copy is not None
    qtbot.waitUntil(lambda: copy.source_id == source, timeout=5000)
    copy.reject()
    actions["Repeat as a series…"].trigger()
    series = window.findChild(RepeatWizard)
    assert series is not None
    qtbot.waitUntil(
        lambda: series.content.title_edit.text() == closable_activity().title, timeout=5000
    )
    assert series.content.existing.isChecked()
    series.reject()
    window.series_action.trigger()
    assert len(window.findChildren(RepeatWizard)) == 2
    assert (
        window.copy_action.text() == "Copy…"
        and window.series_action.shortcut().toString() == "Ctrl+Shift+N"
    )
