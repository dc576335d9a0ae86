"""Values a legacy import filled in are flagged on their fields and listed by the "Assigned on
import, not yet reviewed" filter until the coordinator confirms or changes each (issue 15 item 7)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from desktop.models.importing.commit import commit_import
from desktop.models.importing.session import plan, prepare
from desktop.models.store import Store
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.conftest import TODAY
from tests.factories import closable_activity
from tests.models.test_import_review import template_line
from tests.ui.conftest import settle


def _label_of(editor: object, widget: object) -> str:
    for form in editor.findChildren(QFormLayout):  # type: ignore[attr-defined]
        label = form.labelForField(widget)
        if isinstance(label, QLabel):
            return label.text()
    raise AssertionError("no label")


def test_a_legacy_rss_is_flagged_listed_and_leaves_the_filter_once_reviewed(
    window: MainWindow, ui: AppContext, store: Store, qtbot: QtBot, tmp_path: Path
) -> None:
    ui.core.activities.create(closable_activity())  # typed by hand: never in the filter
    path = tmp_path / "pars-2020.txt"
    path.write_text(
        template_line(
            "GR-2020", "2020", "Medicine Grand Rounds", "01/08/2020", "RSS", "52", competence="Yes"
        )
        + "\n"
    )
    commit_import(store, plan(store, prepare(store, path), TODAY), TODAY)
    page = window.activities
    page.load()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)

    page.unreviewed.setFocus()
    qtbot.keyClick(page.unreviewed, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.row(0).provider_activity_id == "GR-2020"
    assert page.model.row(0).end_date == date(2020, 12, 31)

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    editor = window.workspace.editor
    rss = page.model.row(0).id
    qtbot.waitUntil(lambda: editor.activity_id == rss and editor.review.isVisible())
    assert _label_of(editor, editor.end).startswith("⚑ ")
    assert "12/31/2020" in editor.end.toolTip()
    assert _label_of(editor, editor._outcomes_grid) == "⚑ Outcomes measured"
    assert _label_of(editor, editor.delivery_row).startswith("⚑ ")
    shown = [label.text() for label in editor.review.findChildren(QLabel)]
    assert "Assigned on import — end date 12/31/2020" in " ".join(shown)
    assert "Needs your choice — how the Regularly Scheduled Series is delivered" in " ".join(shown)

    for field in ("end_date", "description", "passport"):
        button = editor.review.buttons[field]
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)
        settle(qtbot, ui)

        def reviewed(f: str = field) -> bool:
            return f not in editor.review.buttons

        qtbot.waitUntil(reviewed)
        assert field not in ui.core.activities.import_markers(rss)
    assert not _label_of(editor, editor.end).startswith("⚑")
    assert editor.end.toolTip() == ""
    assert ui.core.activities.get(rss).end_date == date(2020, 12, 31)  # confirmed, unchanged
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)  # delivery is still to choose

    # "Choose delivery…" takes the cursor to the first delivery the format offers.
    choose = editor.review.buttons["delivery_methods"]
    assert choose.text() == "Choose delivery…"
    choose.setFocus()
    qtbot.keyClick(choose, Qt.Key.Key_Space)
    in_person = editor.delivery["in_person"]
    assert editor.window().focusWidget() is in_person
    qtbot.keyClick(in_person, Qt.Key.Key_Space)
    settle(qtbot, ui)
    assert ui.core.activities.get(rss).delivery_methods == ("in_person",)
    qtbot.waitUntil(lambda: "delivery_methods" not in editor.review.buttons)
    assert page.model.rowCount() == 1  # how competence was measured is still to choose
    objectively = editor.outcome_boxes["Learner Competence"][0]
    objectively.setFocus()
    qtbot.keyClick(objectively, Qt.Key.Key_Space)
    settle(qtbot, ui)
    assert [(o.measure, o.objective) for o in ui.core.activities.get(rss).outcomes] == [
        ("Learner Competence", True)
    ]
    assert _label_of(editor, editor._outcomes_grid) == "Outcomes measured"
    qtbot.waitUntil(lambda: not editor.review.isVisible())
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)

    page.unreviewed.setFocus()
    qtbot.keyClick(page.unreviewed, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)


def test_the_import_preview_says_what_will_be_flagged(
    window: MainWindow, ui: AppContext, qtbot: QtBot, tmp_path: Path
) -> None:
    source = tmp_path / "pars-2020.txt"
    source.write_text(
        template_line("GR-2020", "2020", "Medicine Grand Rounds", "01/08/2020", "RSS", "52") + "\n"
    )
    wizard = window.import_file()
    wizard.file.ask_path = lambda: str(source)
    browse = next(b for b in wizard.file.findChildren(QPushButton) if b.text() == "Browse…")
    browse.click()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.sheet, timeout=10_000)
    wizard.next()
    wizard.next()
    preview = wizard.preview
    qtbot.waitUntil(lambda: preview.isComplete(), timeout=15_000)
    # End date, delivery (to choose), description and CME Passport.
    assert "4 value(s) the file does not hold" in preview.counts.text()
    assert "“Assigned on import, not yet reviewed”" in preview.counts.text()
    wizard.reject()
