"""The import dialog (SPEC M8): choose the file → sheet and header row → the column mapping
(suggested, editable, savable) → a preview with every problem marked → import all valid rows,
or nothing → a summary with "Export failed rows" and "Remove this import".

Reading and checking run off the UI thread with progress and Cancel; the commit is one
transaction recorded as an import batch.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QWidget,
    QWizard,
)

from desktop.models.changes import Changes
from desktop.ui.context import AppContext
from desktop.ui.tasks import Pool
from desktop.ui.wizards.import_wizard.file_page import FilePage
from desktop.ui.wizards.import_wizard.mapping_page import MappingPage
from desktop.ui.wizards.import_wizard.preview_page import PreviewPage
from desktop.ui.wizards.import_wizard.sheet_page import SheetPage
from desktop.ui.wizards.import_wizard.summary_page import SummaryPage

if TYPE_CHECKING:
    from desktop.models.importing.plan import ImportPlan
    from desktop.models.importing.session import Prepared


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
            self.batch_id, _changes = result  # the op publishes them
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
