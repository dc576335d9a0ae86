"""Export: what (activities or completions), in which form (PARS XML batch, tab template,
workbook), which year — then where. Written off the UI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.context import AppContext
from desktop.ui.tasks import Pool

# What each choice should tell the coordinator before they save.
ABOUT = {
    "tab": (
        "This is PARS's pre-2021 activity template (Template D). It cannot carry CME Passport, "
        "MOC, REMS, MIPS, commendation tags, a second delivery method, the end date of a "
        "multi-day activity, or how outcomes were measured: after saving, the activities that "
        "hold any of these are listed, to complete in PARS. The PARS XML batch carries them all."
    ),
    "xlsx": "A workbook for Excel: cells that Excel would run as formulas are kept as text.",
}
CHOICES = (
    ("Activities — PARS XML batch upload", "activities", "xml", "xml"),
    ("Activities — PARS tab-delimited template (pre-2021 Template D)", "activities", "tab", "txt"),
    ("Activities — Excel workbook", "activities", "xlsx", "xlsx"),
    ("Learner completions — PARS XML batch upload", "completions", "xml", "xml"),
    ("Learner completions — Excel workbook", "completions", "xlsx", "xlsx"),
)


class ExportDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        self._ctx = ctx
        self.choice = QComboBox()
        for label, *_ in CHOICES:
            self.choice.addItem(self.tr(label))
        self.year = QComboBox()
        self.year.addItem(self.tr("Every year"), None)
        this = ctx.today().year
        for y in range(this, this - 6, -1):
            self.year.addItem(str(y), y)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.choice.currentIndexChanged.connect(self._show_about)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Export"), self.choice)
        form.addRow(self.tr("Reporting year"), self.year)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.about)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.ask_path = self._ask_path  # a seam: tests give the path
        self._show_about()

    def _show_about(self) -> None:
        fmt = CHOICES[self.choice.currentIndex()][2]
        self.about.setText(self.tr(ABOUT[fmt]) if fmt in ABOUT else "")
        self.about.setVisible(fmt in ABOUT)

    def _ask_path(self, suggested: str, suffix: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), suggested, f"*.{suffix}")
        return path

    def export(self) -> None:
        _label, what, fmt, suffix = CHOICES[self.choice.currentIndex()]
        year = self.year.currentData()
        path = self.ask_path(f"PARS {what}{'' if year is None else f' {year}'}.{suffix}", suffix)
        if not path:
            return
        target = Path(path if path.lower().endswith(f".{suffix}") else f"{path}.{suffix}")
        self.buttons.setEnabled(False)

        def done(result: Any) -> None:
            self.buttons.setEnabled(True)
            text = (
                self.tr("Wrote %1 %2 to %3.")
                .replace("%1", f"{result.written:,}")
                .replace("%2", what)
                .replace("%3", str(target))
            )
            self.message.setText(text + (f"\n{result.note}" if result.note else ""))

        def failed(e: Exception) -> None:
            self.buttons.setEnabled(True)
            self.message.setText(self.tr("Not exported: %1").replace("%1", str(e)))

        self._ctx.tasks.op(
            lambda: self._ctx.core.export(what, fmt, year, target),
            owner=self,
            pool=Pool.NETWORK,
            publish=False,
        ).done(done).failed(failed)
