"""The import wizard's preview: every row checked, every problem marked on its cell."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from desktop.ui.wizards.import_wizard.common import BAD, NOTE, PREVIEW_ROWS, page_button, shown

if TYPE_CHECKING:
    from desktop.ui.wizards.import_wizard.wizard import ImportWizard


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("Check the rows"))
        self.setSubTitle(
            self.tr(
                "Rows with problems are marked; hover for what is wrong. Next imports every valid row."
            )
        )
        self._wizard = wizard
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.progress = QProgressBar()
        self.cancel = page_button(self.tr("Cancel checking"))
        self.cancel.clicked.connect(wizard.cancel_work)
        self.only_problems = QCheckBox(self.tr("Show only rows with problems"))
        self.only_problems.toggled.connect(lambda _on: self._fill())
        self.table = QTableWidget()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e")
        row = QHBoxLayout()
        row.addWidget(self.progress, 1)
        row.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.counts)
        layout.addWidget(self.only_problems)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problem)

    def initializePage(self) -> None:
        self.table.clear()
        self.table.setRowCount(0)
        self.counts.setText(self.tr("Checking every row…"))
        self.problem.setText("")
        self.cancel.setEnabled(True)
        self._wizard.check(self._checked, self._show_progress)

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _checked(self, error: str | None) -> None:
        self.completeChanged.emit()
        # The work is over: the focus leaves "Cancel checking" for the rows, where Enter
        # goes on to Next (a table passes Enter to the dialog).
        self.cancel.setEnabled(False)
        self.table.setFocus()
        if error:
            self.counts.setText(error)
            return
        plan = self._wizard.plan
        assert plan is not None
        notes = " ".join(plan.notes)
        marked = sum(len(r.markers) for r in plan.valid)
        if marked:
            # Said before the import, so nobody is surprised by the flags afterwards.
            notes += " " + self.tr(
                "%1 value(s) the file does not hold will be filled in or left to choose, each "
                "flagged on its field and listed by the “Assigned on import, not yet reviewed” "
                "filter until you review it."
            ).replace("%1", f"{marked:,}")
        self.counts.setText(plan.summary() + (f" {notes.strip()}" if notes.strip() else ""))
        self._fill()

    def _fill(self) -> None:
        plan = self._wizard.plan
        if plan is None:
            return
        rows = (
            [r for r in plan.rows if not r.ok or r.warnings]
            if self.only_problems.isChecked()
            else plan.rows
        )
        rows = rows[:PREVIEW_ROWS]
        headings = [str(h) if h is not None else "" for h in plan.headings] or [
            f"field {i + 1}" for i in range(max((len(r.cells) for r in rows), default=0))
        ]
        self.table.setColumnCount(len(headings) + 2)
        self.table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Problems"), *headings])
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            messages = [str(p) for p in r.problems] + [str(p) for p in r.warnings]
            cells = [
                str(r.row),
                "; ".join(p.message for p in r.problems)
                or ("" if not r.warnings else self.tr("note")),
            ]
            cells += [shown(v) for v in r.cells[: len(headings)]]
            bad_columns = {p.column for p in r.problems}
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                heading = headings[c - 2] if c >= 2 else ""
                if not r.ok and (c < 2 or heading in bad_columns):
                    item.setBackground(BAD)
                elif r.warnings and c < 2:
                    item.setBackground(NOTE)
                item.setToolTip("\n".join(messages))
                self.table.setItem(i, c, item)
        self.table.setColumnWidth(0, 50)
        self.table.setColumnWidth(1, 280)

    def isComplete(self) -> bool:
        plan = self._wizard.plan
        return plan is not None and bool(plan.valid) and not self._wizard.busy

    def validatePage(self) -> bool:
        if self._wizard.batch_id is not None:
            return True
        self._wizard.commit(self._committed)
        return False

    def _committed(self, error: str | None) -> None:
        if error:
            self.problem.setText(error)
        else:
            self._wizard.next()
