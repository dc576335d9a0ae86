"""The repeat wizard's one-RSS offer and its refusal of enduring materials; the copy wizard's
defaults, title suggestion and place checks — typed as a coordinator would (issue 15 items 8–9)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QPushButton, QWizard
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.models.entities import Activity, RepeatSeries
from desktop.models.records import ActivityRecord
from desktop.models.store import Store
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.factories import closable_activity
from tests.ui.conftest import settle


def _type(qtbot: QtBot, line: QLineEdit, text: str) -> None:
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, text)


def _press(qtbot: QtBot, button: QPushButton) -> None:
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)


def _next(qtbot: QtBot, wizard: QWizard) -> None:
    qtbot.waitUntil(lambda: wizard.currentPage().isComplete(), timeout=5000)
    wizard.button(QWizard.WizardButton.NextButton).click()


def test_the_repeat_wizard_makes_a_grand_rounds_series_one_rss_activity(
    window: MainWindow, ui: AppContext, qtbot: QtBot, store: Store
) -> None:
    wizard = window.new_series()
    content = wizard.content
    assert "ONE Regularly Scheduled Series activity" in content.explain.text()
    _type(qtbot, content.name, "Tumor Board 2026")
    _type(qtbot, content.title_edit, "Tumor Board")
    content.format.setFocus()
    qtbot.keyClicks(content.format, "Reg")
    assert content.format.currentData() == "rss"
    _type(qtbot, content.credits, "1")
    _next(qtbot, wizard)
    # The sessions, copied from a spreadsheet and pasted.
    QGuiApplication.clipboard().setText(
        "01/06/2026\t\tSpringfield\tIL\n01/13/2026\t\tSpringfield\tIL\n06/30/2026\t\tSpringfield\tIL\n"
    )
    paste = next(b for b in wizard.instances.findChildren(QPushButton) if b.text() == "Paste rows")
    _press(qtbot, paste)
    assert wizard.instances.table.rowCount() == 3
    _next(qtbot, wizard)
    review = wizard.review
    assert review.rss_box.isVisible() and review.one_rss.isChecked()
    assert "01/06/2026 – 06/30/2026" in review.one_rss.text()
    assert review.preview.count() == 1
    assert review.preview.item(0).text().startswith("TB2026   01/06/2026 – 06/30/2026")
    with qtbot.waitSignal(wizard.created_one, timeout=5000):
        wizard.button(QWizard.WizardButton.FinishButton).click()
    settle(qtbot, ui)
    with store.reading() as s:
        rows = s.execute(
            select(
                Activity.provider_activity_id,
                Activity.format,
                Activity.start_date,
                Activity.end_date,
                Activity.series_id,
            )
        ).all()
        assert s.scalar(select(func.count()).select_from(RepeatSeries)) == 0
    assert [tuple(r) for r in rows] == [
        ("TB2026", "rss", date(2026, 1, 6), date(2026, 6, 30), None)
    ]
    # One undo step takes it back.
    qtbot.waitUntil(lambda: window.workspace.undo_stack.count() == 1, timeout=5000)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: ui.core.activities.summaries() == [], timeout=5000)


def test_enduring_materials_are_not_offered_for_repeats(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    source, _ = ui.core.activities.create(
        ActivityRecord(
            provider_activity_id="EM-1",
            title="Online Sepsis Module",
            format="enduring",
            start_date=date(2026, 1, 1),
            end_date=date(2028, 12, 31),
        )
    )
    wizard = window.new_series(source)
    content = wizard.content
    formats = [content.format.itemData(i) for i in range(content.format.count())]
    assert "enduring" not in formats and "rss" in formats
    qtbot.waitUntil(lambda: "never repeated" in content.problem.text(), timeout=5000)
    assert not content.isComplete()
    wizard.reject()


def test_next_years_copy_defaults_title_and_place(
    window: MainWindow, ui: AppContext, qtbot: QtBot
) -> None:
    source, _ = ui.core.activities.create(closable_activity(title="Sepsis Update 2026"))
    wizard = window.copy_activity(source)
    _next(qtbot, wizard)
    boxes = wizard.carry.boxes
    assert not boxes["support"].isChecked() and not boxes["outcomes"].isChecked()
    assert boxes["content"].isChecked() and boxes["moc"].isChecked()
    _next(qtbot, wizard)
    place = wizard.place
    assert place.title_edit.text() == "Sepsis Update 2027"  # the year moves with the dates
    _type(qtbot, place.state, "Ilinois")
    assert not place.isComplete()
    assert place.problem.text() == "“Ilinois” is not a US state or territory."
    _type(qtbot, place.state, "Illinois")
    _type(qtbot, place.country, "USX")
    assert not place.isComplete() and "not a country code" in place.problem.text()
    _type(qtbot, place.country, "USA")
    _type(qtbot, place.title_edit, "Sepsis Update 2027: Peoria")
    assert place.isComplete()
    _next(qtbot, wizard)
    assert "Sepsis Update 2027: Peoria" in wizard.review.summary.text()
    with qtbot.waitSignal(wizard.created, timeout=5000) as created:
        wizard.button(QWizard.WizardButton.FinishButton).click()
    copy = ui.core.activities.get(created.args[0])
    assert (copy.title, copy.state, copy.country, copy.start_date) == (
        "Sepsis Update 2027: Peoria",
        "IL",
        "USA",
        date(2027, 3, 1),
    )
    assert (copy.commercial_support, copy.support_sources, copy.outcomes) == (None, (), ())
    assert copy.physician_learners is None and copy.moc


def test_the_export_dialog_says_the_tab_template_is_template_d_and_lists_what_it_drops(
    window: MainWindow, ui: AppContext, qtbot: QtBot, tmp_path: Path
) -> None:
    ui.core.activities.create(closable_activity(provider_activity_id="C-1"))
    dialog = window.export_files()
    dialog.choice.setFocus()
    qtbot.keyClick(dialog.choice, Qt.Key.Key_Down)  # the second choice: the tab template
    assert "pre-2021 Template D" in dialog.choice.currentText()
    assert "pre-2021 activity template (Template D)" in dialog.about.text()
    target = tmp_path / "upload.txt"
    dialog.ask_path = lambda suggested, suffix: str(target)
    _press(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Save))
    qtbot.waitUntil(lambda: "Wrote 1 activities" in dialog.message.text(), timeout=5000)
    assert "C-1: end date 03/02/2026" in dialog.message.text()
    assert target.read_text().split("\t")[2] == "C-1"
    dialog.reject()
