"""The import dialog driven end to end on a messy, realistic file (SPEC M8)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from desktop.models.entities import Completion, ImportBatch, Learner
from desktop.models.store import Store
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow
from tests.factories import closable_activity
from tests.models.test_import import _messy
from tests.ui.conftest import settle


def _completions(store: Store) -> list[str]:
    with store.reading() as s:
        return sorted(
            s.scalars(
                select(Learner.last_name).join(Completion, Completion.learner_id == Learner.id)
            )
        )


def test_import_wizard_on_a_messy_file(
    window: MainWindow, ui: AppContext, qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    ui.core.activities.create(closable_activity())
    source = tmp_path / "regsys.xlsx"
    _messy(source)
    wizard = window.import_file()
    wizard.file.ask_path = lambda: str(source)
    browse = next(b for b in wizard.file.findChildren(QPushButton) if b.text() == "Browse…")
    browse.click()
    assert wizard.file.path.text() == str(source)
    wizard.next()  # reads the file off the UI thread, then moves on
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.sheet, timeout=10_000)
    assert wizard.sheet.header.value() == 4  # title rows and a blank row skipped
    assert "Headings are in row 4" in wizard.sheet.note.text()
    # Choosing another header row re-reads nothing: the same cells, a new mapping.
    cells = wizard.prepared.table if wizard.prepared else None
    wizard.sheet.header.setValue(1)
    qtbot.waitUntil(lambda: wizard.prepared is not None and wizard.prepared.header_row == 0)
    assert wizard.prepared is not None
    assert wizard.prepared.mapping == {}  # the title row names no field
    wizard.sheet.header.setValue(4)
    qtbot.waitUntil(lambda: wizard.prepared is not None and wizard.prepared.header_row == 3)
    assert wizard.prepared is not None
    assert wizard.prepared.table is cells
    wizard.next()
    combos = wizard.mapping.combos
    assert combos["first_name"].currentText() == "Given name"
    assert combos["license_state"].currentText() == "License State"
    assert combos["npi"].currentText() == "NPI #"
    wizard.mapping.name.setText("RegSys export")
    wizard.mapping.save.click()
    qtbot.waitUntil(lambda: "Saved the mapping" in wizard.mapping.warnings.text(), timeout=5000)
    wizard.next()
    preview = wizard.preview
    qtbot.waitUntil(lambda: preview.isComplete(), timeout=15_000)
    assert preview.counts.text().startswith(
        "3 rows ready to import, 2 with problems, 1 blank row skipped."
    )
    bad_rows = [
        preview.table.item(r, 0).text()  # type: ignore[union-attr]
        for r in range(preview.table.rowCount())
        if preview.table.item(r, 1).background().color().name() == "#fde7e9"  # type: ignore[union-attr]
    ]
    assert bad_rows == ["9", "10"]
    preview.only_problems.setChecked(True)
    # The two rows to fix, and the three that import but stay home until consent (rows 6 and
    # 8) or the learner's ABIM ID (row 5) is recorded.
    assert preview.table.rowCount() == 5
    shown = {
        preview.table.item(r, 0).text(): preview.table.item(r, 1).toolTip()  # type: ignore[union-attr]
        for r in range(preview.table.rowCount())
    }
    assert "Atlantis" in shown["9"]
    assert "ABIM ID" in shown["5"] and "consent" in shown["6"]
    assert _completions(store) == []  # nothing written before the import is confirmed
    with qtbot.waitSignal(wizard.imported, timeout=10_000) as done:
        wizard.next()
    batch = done.args[0]
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary, timeout=5000)
    assert wizard.summary.text.text().startswith(f"Imported 3 rows as import #{batch}.")
    assert _completions(store) == ["Example", "Sample", "Testperson"]

    fix = tmp_path / "to fix"
    wizard.summary.ask_save_path = lambda suggested: str(fix)
    wizard.summary.export.click()
    qtbot.waitUntil(lambda: "Saved 2 rows to fix" in wizard.summary.message.text(), timeout=10_000)
    ws = load_workbook(tmp_path / "to fix.xlsx").active
    assert ws is not None
    assert [row[1] for row in ws.iter_rows(min_row=2, values_only=True)] == ["Broken", "Wrongday"]

    wizard.summary.remove.click()
    qtbot.waitUntil(
        lambda: "nothing of it is left" in wizard.summary.message.text(), timeout=10_000
    )
    assert _completions(store) == []
    with store.reading() as s:
        removed = s.get(ImportBatch, batch)
        assert removed is not None and removed.removed_at is not None
        assert s.scalar(select(func.count()).select_from(Learner)) == 0
    wizard.accept()
    settle(qtbot, ui)


def test_a_file_that_cannot_be_read_is_explained_and_the_wizard_stays(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    bad = tmp_path / "sheet.xlsx"
    bad.write_text("not really a workbook")
    wizard = window.import_file()
    wizard.file.path.setText(str(bad))
    wizard.next()
    qtbot.waitUntil(
        lambda: "is not an Excel workbook" in wizard.file.problem.text(), timeout=10_000
    )
    assert wizard.currentPage() is wizard.file
    wizard.reject()
