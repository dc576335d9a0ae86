"""An enduring material's yearly cumulative learner counts (SPEC M5): the history, the current
reporting year's count highlighted while it is due, and a warning when a count goes down."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.models.records import ActivityRecord
from desktop.models.reference import load_reference
from desktop.models.reporting_year import current_reporting_year
from desktop.models.rules.enduring_rules import count_warnings
from desktop.ui.context import AppContext
from desktop.ui.dashboard.annual_dialogs import EnduringCountDialog

DUE = QColor("#fff4ce")


class EnduringPanel(QGroupBox):
    recorded = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.setTitle(self.tr("Cumulative learners as of Dec 31 (enduring material)"))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Year"), self.tr("Physicians"), self.tr("Other learners")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMaximumHeight(140)
        self.table.itemDoubleClicked.connect(
            lambda item: self.record_count(self.year_at(item.row()))
        )
        self.due = QLabel()
        self.due.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a5300")
        self.button = QPushButton(self.tr("Record the count…"))
        self.button.clicked.connect(lambda: self.record_count(self.selected_year()))
        layout = QVBoxLayout(self)
        for w in (self.due, self.table, self.warnings, self.button):
            layout.addWidget(w)
        self.activity_id: int | None = None
        self.years: list[int] = []
        self.reporting_year = current_reporting_year(ctx.today())
        self.setVisible(False)

    def show_record(self, activity_id: int, r: ActivityRecord) -> None:
        fmt = load_reference().format(r.format)
        enduring = fmt is not None and fmt.enduring and r.start_date is not None
        self.setVisible(enduring)
        if not enduring or r.start_date is None:
            return
        self.activity_id = activity_id
        last = min(r.end_date.year if r.end_date else self.reporting_year, self.reporting_year)
        self.years = list(range(r.start_date.year, max(last, r.start_date.year) + 1))
        counts = {c.year: c for c in r.enduring_counts}
        self.table.setRowCount(len(self.years))
        for row, year in enumerate(self.years):
            c = counts.get(year)
            cells = (
                str(year),
                f"{c.physician_learners:,}" if c else "—",
                f"{c.other_learners:,}" if c else "—",
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if year == self.reporting_year and c is None:
                    item.setBackground(DUE)
                    item.setToolTip(self.tr("This year's count is due for the annual report."))
                self.table.setItem(row, col, item)
        missing = self.reporting_year in self.years and self.reporting_year not in counts
        self.due.setText(
            self.tr("The count as of Dec 31, %1 is due for this year's report.").replace(
                "%1", str(self.reporting_year)
            )
            if missing
            else ""
        )
        self.due.setVisible(missing)
        self.warnings.setText(" ".join(count_warnings(r.enduring_counts)))
        if self.years:
            wanted = self.reporting_year if self.reporting_year in self.years else self.years[-1]
            self.table.selectRow(self.years.index(wanted))

    def year_at(self, row: int) -> int:
        return self.years[row]

    def selected_year(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return (
            self.years[rows[0].row()]
            if rows
            else (self.years[-1] if self.years else self.reporting_year)
        )

    def record_count(self, year: int) -> EnduringCountDialog | None:
        if self.activity_id is None:
            return None
        dialog = EnduringCountDialog(self._ctx, self.activity_id, year, parent=self)
        dialog.accepted.connect(self.recorded.emit)
        dialog.open()
        return dialog
