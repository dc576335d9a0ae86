"""The import wizard's last page: what was imported, failed rows out, removing the import."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWizardPage,
)

from desktop.models.changes import Changes
from desktop.ui.context import AppContext
from desktop.ui.tasks import Pool
from desktop.ui.wizards.import_wizard.common import page_button

if TYPE_CHECKING:
    from desktop.ui.wizards.import_wizard.wizard import ImportWizard


class SummaryPage(QWizardPage):
    def __init__(self, ctx: AppContext, wizard: ImportWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("Imported"))
        self._ctx, self._wizard = ctx, wizard
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.export = page_button(self.tr("Export failed rows…"))
        self.export.clicked.connect(self.export_failed)
        self.remove = page_button(self.tr("Remove this import"))
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
