"""The import wizard's first page: the file, what it holds, and the activity it is for."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWizardPage,
)

from desktop.ui.context import AppContext
from desktop.ui.wizards.import_wizard.common import KINDS, page_button
from desktop.ui.wizards.source_picker import SourcePicker

if TYPE_CHECKING:
    from desktop.ui.wizards.import_wizard.wizard import ImportWizard


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
        browse = page_button(self.tr("Browse…"))
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
