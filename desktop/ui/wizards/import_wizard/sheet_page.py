"""The import wizard's sheet and header-row page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizardPage,
)

from desktop.ui.wizards.import_wizard.common import NOTE

if TYPE_CHECKING:
    from desktop.models.importing.session import Prepared
    from desktop.ui.wizards.import_wizard.wizard import ImportWizard


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
