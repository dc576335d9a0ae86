"""The import dialog (SPEC M8): choose the file → sheet and header row → the column mapping
(suggested, editable, savable) → a preview with every problem marked → import all valid rows,
or nothing → a summary with "Export failed rows" and "Remove this import".

Reading and checking run off the UI thread with progress and Cancel; the commit is one
transaction recorded as an import batch.
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.models.changes import Changes
from desktop.ui.context import AppContext
from desktop.ui.tasks import Pool
from desktop.ui.wizards.source_picker import SourcePicker

if TYPE_CHECKING:
    from desktop.models.importing.plan import ImportPlan
    from desktop.models.importing.session import Prepared

KINDS = (
    ("Recognise from the columns", None),
    ("Learner completions", "completions"),
    ("Learners (to check with PARS)", "learners"),
    ("Activities", "activities"),
)
PREVIEW_ROWS = 1000
BAD = QColor("#fde7e9")
NOTE = QColor("#fff4ce")


def _shown(value: Any) -> str:
    """A cell as the coordinator typed it: 1234567893.0 is 1234567893, a date is MM/DD/YYYY."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date | datetime):
        return value.strftime("%m/%d/%Y")
    return str(value)


class FilePage(QWizardPage):
    def __init__(self, ctx: AppContext, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("Which file?"))
        self.setSubTitle(
            self.tr(
                ".xlsx, .xls, .csv or tab-delimited .txt — including PARS's legacy activity templates."
            )
        )
        self._ctx, self._wizard = ctx, wizard
        self.path = QLineEdit()
        self.path.textChanged.connect(lambda _t: self.completeChanged.emit())
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        self.kind = QComboBox()
        for label, value in KINDS:
            self.kind.addItem(self.tr(label), value)
        self.for_activity = QCheckBox(
            self.tr("Every row is for one activity (the file has no activity column):")
        )
        self.picker = SourcePicker(ctx, self.tr("Search activities…"))
        self.picker.setEnabled(False)
        self.for_activity.toggled.connect(self.picker.setEnabled)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e")
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("File"), row)
        form.addRow(self.tr("It holds"), self.kind)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.for_activity)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.problem)
        self.ask_path = self._ask_path  # a seam: tests give the path

    def initializePage(self) -> None:
        self.picker.reload()

    def _ask_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a spreadsheet"),
            "",
            self.tr("Spreadsheets (*.xlsx *.xls *.csv *.txt)"),
        )
        return path

    def _browse(self) -> None:
        path = self.ask_path()
        if path:
            self.path.setText(path)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def validatePage(self) -> bool:
        """Read the file (off the UI thread); go on once it is understood."""
        if self._wizard.prepared is not None and self._wizard.prepared.path == Path(
            self.path.text().strip()
        ):
            return True
        self.problem.setText(self.tr("Reading…"))
        self._wizard.read(
            Path(self.path.text().strip()), self.kind.currentData(), None, None, self._read
        )
        return False

    def _read(self, error: str | None) -> None:
        self.problem.setText(error or "")
        if error is None:
            self._wizard.next()


class SheetPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("Sheet and header row"))
        self.setSubTitle(
            self.tr("The row with the column headings is highlighted; rows above it are skipped.")
        )
        self._wizard = wizard
        self.sheet = QComboBox()
        self.header = QSpinBox(minimum=1, maximum=30)
        self.table = QTableWidget()
        self.note = QLabel()
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Sheet"), self.sheet)
        form.addRow(self.tr("Headings are in row"), self.header)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self._filling = False
        self.sheet.currentIndexChanged.connect(self._reread)
        self.header.valueChanged.connect(self._reread)

    def initializePage(self) -> None:
        p = self._wizard.prepared
        if p is None:
            return
        self._filling = True
        self.sheet.clear()
        self.sheet.addItems(self._wizard.sheets)
        self.sheet.setCurrentText(p.table.name)
        self.sheet.setEnabled(len(self._wizard.sheets) > 1)
        self.header.setEnabled(not p.legacy)
        self.header.setValue(max(p.header_row + 1, 1))
        self._filling = False
        self._show(p)

    def _show(self, p: Prepared) -> None:
        rows = p.table.rows[:12]
        width = max((len(r) for r in rows), default=0)
        self.table.setRowCount(len(rows))
        self.table.setColumnCount(width)
        for r, row in enumerate(rows):
            for c in range(width):
                value = row[c] if c < len(row) else ""
                item = QTableWidgetItem("" if value is None else str(value))
                if r == p.header_row:
                    item.setBackground(NOTE)
                self.table.setItem(r, c, item)
        self.note.setText(" ".join(p.notes))

    def _reread(self) -> None:
        if self._filling or self._wizard.prepared is None:
            return
        p = self._wizard.prepared
        sheet = self.sheet.currentText() or None
        header = None if p.legacy else self.header.value() - 1
        if sheet != p.table.name:  # a new sheet: read it, and find its headings again
            self._wizard.read(p.path, p.kind.value, sheet, None, lambda _e: self.initializePage())
        elif header is not None:
            self._wizard.rehead(header, lambda _e: self.initializePage())


class MappingPage(QWizardPage):
    def __init__(self, ctx: AppContext, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("Which column is which?"))
        self.setSubTitle(
            self.tr(
                "Suggested from the headings; change any of them. Save the mapping to reuse it."
            )
        )
        self._ctx, self._wizard = ctx, wizard
        self.saved = QComboBox()
        self.saved.currentIndexChanged.connect(self._use_saved)
        self.name = QLineEdit(placeholderText=self.tr("e.g. Registration system export"))
        self.save = QPushButton(self.tr("Save mapping"))
        self.save.clicked.connect(self._save)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a5300")
        self.combos: dict[str, QComboBox] = {}
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form_host)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Saved mapping")))
        top.addWidget(self.saved, 1)
        top.addWidget(self.name, 1)
        top.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.warnings)

    def initializePage(self) -> None:
        from desktop.models.importing.columns import FIELDS, column_name

        p = self._wizard.prepared
        if p is None:
            return
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos = {}
        if p.legacy:
            self.form.addRow(
                QLabel(self.tr("A legacy PARS template has fixed columns: nothing to map."))
            )
            return
        headings = p.headings
        for f in FIELDS[p.kind]:
            combo = QComboBox()
            combo.addItem(self.tr("— not imported —"), None)
            for i in range(len(headings)):
                combo.addItem(column_name(headings, i), i)
            combo.setCurrentIndex(max(combo.findData(p.mapping.get(f.key)), 0))
            combo.currentIndexChanged.connect(
                lambda _i, key=f.key, c=combo: self._set(key, c.currentData())
            )
            self.combos[f.key] = combo
            self.form.addRow(self.tr(f.label) + (" *" if f.required else ""), combo)
        self.warnings.setText(" ".join(n for n in p.notes if "saved mapping" in n))
        kind = p.kind

        def names(found: list[str]) -> None:
            self.saved.blockSignals(True)
            self.saved.clear()
            self.saved.addItem(self.tr("(none)"), None)
            for n in found:
                self.saved.addItem(n, n)
            self.saved.blockSignals(False)

        self._ctx.tasks.op(
            lambda: self._ctx.core.importer.mapping_names(kind),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(names)

    def _set(self, key: str, index: Any) -> None:
        p = self._wizard.prepared
        if p is None:
            return
        if index is None:
            p.mapping.pop(key, None)
        else:
            p.mapping[key] = int(index)
        self._wizard.plan = None

    def _use_saved(self) -> None:
        name = self.saved.currentData()
        p = self._wizard.prepared
        if not name or p is None:
            return
        headings = p.headings

        def loaded(result: Any) -> None:
            _kind, mapping, missing = result
            p.mapping = mapping
            self._wizard.plan = None
            for key, combo in self.combos.items():
                combo.blockSignals(True)
                combo.setCurrentIndex(max(combo.findData(mapping.get(key)), 0))
                combo.blockSignals(False)
            self.warnings.setText(" ".join(missing))

        self._ctx.tasks.op(
            lambda: self._ctx.core.importer.load_mapping(name, headings),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(loaded)

    def _save(self) -> None:
        p = self._wizard.prepared
        name = self.name.text().strip()
        if p is None or not name:
            self.warnings.setText(self.tr("Name the mapping to save it."))
            return
        kind, headings, mapping = p.kind, p.headings, dict(p.mapping)
        self._ctx.tasks.op(
            lambda: self._ctx.core.importer.save_mapping(name, kind, headings, mapping),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(
            lambda _r: self.warnings.setText(self.tr("Saved the mapping “%1”.").replace("%1", name))
        ).failed(lambda e: self.warnings.setText(str(e)))


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
        self.cancel = QPushButton(self.tr("Cancel checking"))
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
        self._wizard.check(self._checked, self._show_progress)

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def _checked(self, error: str | None) -> None:
        self.completeChanged.emit()
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
            cells += [_shown(v) for v in r.cells[: len(headings)]]
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


class SummaryPage(QWizardPage):
    def __init__(self, ctx: AppContext, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("Imported"))
        self._ctx, self._wizard = ctx, wizard
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.export = QPushButton(self.tr("Export failed rows…"))
        self.export.clicked.connect(self.export_failed)
        self.remove = QPushButton(self.tr("Remove this import"))
        self.remove.clicked.connect(self.remove_import)
        self.message = QLabel()
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.export)
        row.addWidget(self.remove)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self.ask_save_path = self._ask_save_path  # a seam: tests give the path
        self.setFinalPage(True)

    def initializePage(self) -> None:
        plan = self._wizard.plan
        if plan is None:
            return
        self.text.setText(
            self.tr("Imported %1 rows as import #%2.")
            .replace("%1", f"{len(plan.valid):,}")
            .replace("%2", str(self._wizard.batch_id))
            + (
                " "
                + self.tr(
                    "%1 rows were not imported: export them, fix them and import them again."
                ).replace("%1", f"{len(plan.failed):,}")
                if plan.failed
                else ""
            )
        )
        self.export.setEnabled(bool(plan.failed))

    def _ask_save_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the rows to fix"), suggested, self.tr("Excel workbooks (*.xlsx)")
        )
        return path

    def export_failed(self) -> None:
        plan = self._wizard.plan
        if plan is None:
            return
        stem = Path(plan.source_name or "import").stem
        path = self.ask_save_path(f"{stem} - rows to fix.xlsx")
        if not path:
            return
        target = Path(path if path.lower().endswith(".xlsx") else path + ".xlsx")
        from desktop.models.importing.failed_rows import write_failed_rows

        self._ctx.tasks.op(
            lambda: write_failed_rows(plan, target), owner=self, pool=Pool.NETWORK, publish=False
        ).done(
            lambda n: self.message.setText(
                self.tr("Saved %1 rows to fix in %2.")
                .replace("%1", str(n))
                .replace("%2", str(target))
            )
        ).failed(lambda e: self.message.setText(str(e)))

    def remove_import(self) -> None:
        batch = self._wizard.batch_id
        if batch is None:
            return

        def done(changes: Changes) -> None:
            self._wizard.batch_id = None
            self.remove.setEnabled(False)
            self.message.setText(
                self.tr("The import was removed: nothing of it is left in your store.")
            )

        self._ctx.tasks.op(
            lambda: self._ctx.core.importer.remove(batch),
            owner=self,
            pool=Pool.WRITE,
            publish=True,
        ).done(done).failed(lambda e: self.message.setText(str(e)))


class ImportWizard(QWizard):
    imported = Signal(int)  # import batch id
    _progress = Signal(int, int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import a spreadsheet"))
        self._ctx = ctx
        self.prepared: Prepared | None = None
        self.sheets: list[str] = []
        self.plan: ImportPlan | None = None
        self.batch_id: int | None = None
        self.busy = False
        self._cancel = threading.Event()
        self.file = FilePage(ctx, self)
        self.sheet = SheetPage(self)
        self.mapping = MappingPage(ctx, self)
        self.preview = PreviewPage(self)
        self.summary = SummaryPage(ctx, self)
        for page in (self.file, self.sheet, self.mapping, self.preview, self.summary):
            self.addPage(page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        # Progress is emitted on the worker thread and shown on this one.
        self._show_progress: Any = lambda _d, _t: None
        self._progress.connect(lambda done, total: self._show_progress(done, total))
        self.resize(900, 640)

    def read(
        self, path: Path, kind: str | None, sheet: str | None, header: int | None, then: Any
    ) -> None:
        from desktop.models.importing.columns import Kind
        from desktop.models.importing.problems import ImportProblem

        def work() -> tuple[Prepared, list[str]]:
            return self._ctx.core.importer.prepare(
                path, Kind(kind) if kind else None, sheet, header
            )

        def done(result: tuple[Prepared, list[str]]) -> None:
            self.busy = False
            self.prepared, self.sheets = result
            self.plan = None
            then(None)

        def failed(e: Exception) -> None:
            self.busy = False
            then(
                str(e)
                if isinstance(e, ImportProblem)
                else self.tr("The file cannot be read: %1").replace("%1", str(e))
            )

        self.busy = True
        self._ctx.tasks.op(work, owner=self, pool=Pool.NETWORK, publish=False).done(done).failed(
            failed
        )

    def rehead(self, header_row: int, then: Any) -> None:
        """Another header row on the sheet already read: mapping suggested again, no re-read."""
        from desktop.models.importing.problems import ImportProblem

        prepared = self.prepared
        if prepared is None:
            return

        def done(result: Prepared) -> None:
            self.busy = False
            self.prepared, self.plan = result, None
            then(None)

        def failed(e: Exception) -> None:
            self.busy = False
            then(
                str(e)
                if isinstance(e, ImportProblem)
                else self.tr("Not understood: %1").replace("%1", str(e))
            )

        self.busy = True
        self._ctx.tasks.op(
            lambda: self._ctx.core.importer.rehead(prepared, header_row),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(done).failed(failed)

    def activity_id(self) -> int | None:
        return self.file.picker.current_id() if self.file.for_activity.isChecked() else None

    def check(self, then: Any, progress: Any) -> None:
        from desktop.models.importing.problems import ImportProblem

        prepared = self.prepared
        if prepared is None:
            return
        today, activity_id = self._ctx.today(), self.activity_id()
        self._cancel.clear()
        self._show_progress = progress

        def done(result: ImportPlan) -> None:
            self.busy = False
            self.plan = result
            then(None)

        def failed(e: Exception) -> None:
            self.busy = False
            self.plan = None
            then(
                str(e)
                if isinstance(e, ImportProblem)
                else self.tr("Checking stopped: %1").replace("%1", str(e))
            )

        self.busy = True
        self._ctx.tasks.op(
            lambda: self._ctx.core.importer.plan(
                prepared, today, activity_id, self._progress.emit, self._cancel.is_set
            ),
            owner=self,
            pool=Pool.NETWORK,
            publish=False,
        ).done(done).failed(failed)

    def cancel_work(self) -> None:
        self._cancel.set()

    def commit(self, then: Any) -> None:
        plan, today = self.plan, self._ctx.today()
        if plan is None:
            return

        def done(result: tuple[int, Changes]) -> None:
            self.busy = False
            self.batch_id, _changes = result
            self.imported.emit(self.batch_id)
            then(None)

        def failed(e: Exception) -> None:
            self.busy = False
            then(str(e))

        self.busy = True
        self._ctx.tasks.op(
            lambda: self._ctx.core.importer.commit(plan, today),
            owner=self,
            pool=Pool.WRITE,
            publish=True,
        ).done(done).failed(failed)

    def reject(self) -> None:
        self._cancel.set()  # a check still running stops; nothing was written before Next
        super().reject()
