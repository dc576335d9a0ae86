"""The home page: one reporting year's five steps with live progress, the countdown to the
deadline, what keeps each step open (one click from the record), charts, and the PDF report.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models.changes import Changes
from desktop.models.reporting_year import countdown, current_reporting_year
from desktop.ui.context import AppContext
from desktop.ui.dashboard.annual_dialogs import (
    AgreementDialog,
    ContactsDialog,
    EnduringCountDialog,
    ProgramSummaryDialog,
)
from desktop.ui.dashboard.charts import PALETTE, Chart
from desktop.ui.dashboard.year_report import MONTHS, write_year_report
from desktop.ui.tasks import Pool

if TYPE_CHECKING:
    from desktop.models.queries.year_overview import Blocker, Step, YearOverview

# Countdown colours: calm, then amber in the last month, red on the day and after.
URGENCY = {"calm": "#1e6b3a", "soon": "#8a5300", "late": "#b3261e"}


class StepRow:
    """One of the five steps: its state, progress, what it needs, and what can be done."""

    def __init__(self, page: DashboardPage, grid: QGridLayout, row: int, key: str) -> None:
        self.key = key
        self.mark = QLabel("○")
        self.mark.setStyleSheet("font-size: 16px")
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold")
        self.bars = QWidget()
        self.bars_layout = QVBoxLayout(self.bars)
        self.bars_layout.setContentsMargins(0, 0, 0, 0)
        self.bars_layout.setSpacing(2)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(4)
        box = QWidget()
        box.setLayout(self.buttons)
        for col, w in enumerate((self.mark, self.title, self.bars, self.detail, box)):
            grid.addWidget(w, row, col)
        self.progress: list[QProgressBar] = []
        self.show_open: QPushButton | None = None
        self.page = page

    def button(self, text: str, slot: object) -> QPushButton:
        b = QPushButton(text)
        b.clicked.connect(slot)
        self.buttons.addWidget(b)
        return b

    def show(self, step: Step, open_count: int | None) -> None:
        self.mark.setText("✔" if step.complete else "–" if step.empty else "○")
        self.mark.setStyleSheet(
            "font-size: 16px; color: " + ("#1e6b3a" if step.complete else "#5f6368")
        )
        self.mark.setToolTip(
            self.page.tr("Done")
            if step.complete
            else self.page.tr("Nothing to report yet")
            if step.empty
            else self.page.tr("Open")
        )
        self.title.setText(self.page.tr(step.title))
        while len(self.progress) < len(step.parts):
            bar = QProgressBar()
            bar.setTextVisible(True)
            self.bars_layout.addWidget(bar)
            self.progress.append(bar)
        for bar, part in zip(self.progress, step.parts, strict=False):
            bar.setMaximum(max(part.total, 1))
            # An empty bar, not a full one, when there is nothing to count.
            bar.setValue(part.done if part.total else 0)
            bar.setFormat(
                f"{part.done:,} of {part.total:,} {part.label}"
                if part.total or not step.empty
                else self.page.tr("nothing to report yet")
            )
        self.detail.setText(step.detail)
        if self.show_open is not None and open_count is not None:
            self.show_open.setText(
                self.page.tr("Show what's open (%1)").replace("%1", str(open_count))
            )
            self.show_open.setEnabled(open_count > 0)


class DashboardPage(QWidget):
    open_activity = Signal(int)
    shown = Signal()  # the figures of the selected year are on screen

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.overview: YearOverview | None = None
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)  # a seam for tests
        self.open_url = QDesktopServices.openUrl  # a seam: tests record instead of browsing
        self.ask_save_path = self._ask_save_path  # a seam: tests pass a path

        self.year = QComboBox()
        self.year.setAccessibleName(self.tr("Reporting year"))
        this = current_reporting_year(ctx.today())
        for y in range(this + 1, this - 5, -1):
            self.year.addItem(str(y), y)
        self.year.setCurrentIndex(1)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.countdown = QLabel()
        self.countdown.setStyleSheet("font-weight: bold")
        self.report_button = QPushButton(self.tr("Year-end report (PDF)…"))
        self.report_button.clicked.connect(self.export_report)
        head = QHBoxLayout()
        head.addWidget(QLabel(self.tr("Reporting year")))
        head.addWidget(self.year)
        head.addSpacing(16)
        head.addWidget(self.countdown, 1)
        head.addWidget(self.report_button)

        self.steps_box = QGroupBox(self.tr("The five yearly steps"))
        grid = QGridLayout(self.steps_box)
        grid.setColumnStretch(3, 1)
        grid.setColumnMinimumWidth(2, 260)
        self.rows = {
            key: StepRow(self, grid, i, key)
            for i, key in enumerate(
                ("agreement", "activities", "enduring", "program_summary", "contacts")
            )
        }
        r = self.rows
        r["agreement"].button(self.tr("Record acceptance…"), self.edit_agreement)
        r["activities"].show_open = r["activities"].button("", lambda: self.show_open("activities"))
        r["enduring"].show_open = r["enduring"].button("", lambda: self.show_open("enduring"))
        r["program_summary"].button(self.tr("Edit…"), self.edit_program_summary)
        r["contacts"].button(self.tr("Edit contacts…"), self.edit_contacts)
        self.pars_buttons: dict[str, QPushButton] = {}
        for key in ("agreement", "activities", "program_summary", "contacts"):
            self.pars_buttons[key] = r[key].button(
                self.tr("Open PARS"), lambda _c=False, k=key: self.open_pars(k)
            )

        self.open_title = QLabel(self.tr("What is still open"))
        self.open_title.setStyleSheet("font-weight: bold")
        self.open_list = QTreeWidget()
        self.open_list.setHeaderLabels(
            [self.tr("Activity"), self.tr("Title"), self.tr("What it needs")]
        )
        self.open_list.setRootIsDecorated(False)
        self.open_list.setColumnWidth(0, 110)
        self.open_list.setColumnWidth(1, 220)
        self.open_list.itemActivated.connect(self._open_item)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.open_title)
        lv.addWidget(self.open_list)

        self.charts = {
            "status": Chart(self.tr("Activities by status"), color=PALETTE[0]),
            "format": Chart(self.tr("Activities by format"), color=PALETTE[5]),
            "months": Chart(self.tr("Completions per month"), columns=True, color=PALETTE[1]),
            "rejections": Chart(self.tr("Rejections by reason"), color=PALETTE[3]),
        }
        right = QWidget()
        cg = QGridLayout(right)
        cg.setContentsMargins(0, 0, 0, 0)
        for i, chart in enumerate(self.charts.values()):
            cg.addWidget(chart, i // 2, i % 2)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([420, 700])

        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.steps_box)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        self._showing = "activities"
        self._later = QTimer(self, singleShot=True, interval=400)
        self._later.timeout.connect(self.refresh)
        ctx.bus.data_changed.connect(self._changed)

    @property
    def selected_year(self) -> int:
        return int(self.year.currentData())

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if not changes.empty:
            self._later.start()

    def stop(self) -> None:
        self._later.stop()

    def refresh(self) -> None:
        year = self.selected_year
        self._ctx.tasks.op(
            lambda: self._ctx.core.year_overview(year), owner=self, pool=Pool.READ, publish=False
        ).done(self._show)

    def _show(self, y: YearOverview) -> None:
        if y.year != self.selected_year:
            return  # an answer for a year no longer selected
        self.overview = y
        now = self.now()
        left = countdown(y.deadline, now)
        urgency = "late" if left.state != "before" else "soon" if left.days <= 30 else "calm"
        self.countdown.setText(left.text)
        self.countdown.setStyleSheet(f"font-weight: bold; color: {URGENCY[urgency]}")
        self.steps_box.setTitle(
            self.tr("The five yearly steps — %1 of 5 done").replace("%1", str(y.steps_complete))
        )
        open_counts = {
            "activities": len({b.activity_id for b in y.not_entered + y.not_closed}),
            "enduring": len(y.enduring_without_count),
        }
        for step in y.steps:
            self.rows[step.key].show(step, open_counts.get(step.key))
        for key, button in self.pars_buttons.items():
            button.setVisible(bool(next((s.pars_page for s in y.steps if s.key == key), "")))
        self.charts["status"].set_items(sorted(y.by_status.items()))
        self.charts["format"].set_items(sorted(y.by_format.items(), key=lambda kv: (-kv[1], kv[0])))
        self.charts["months"].set_items(list(zip(MONTHS, y.completions_by_month, strict=True)))
        self.charts["rejections"].set_items(list(y.rejections_by_reason.items()))
        self.show_open(self._showing)
        self.shown.emit()

    # --- what is still open ----------------------------------------------------------------

    def show_open(self, key: str) -> None:
        self._showing = key
        y = self.overview
        if y is None:
            return
        self.open_list.clear()
        groups: list[tuple[str, list[Blocker]]]
        if key == "enduring":
            groups = [
                (self.tr("Enduring materials without their Dec 31 count"), y.enduring_without_count)
            ]
        else:
            groups = [
                (
                    self.tr("Started in %1, not yet in PARS").replace("%1", str(y.year)),
                    y.not_entered,
                ),
                (self.tr("Ended in %1, not yet closed").replace("%1", str(y.year)), y.not_closed),
            ]
        total = 0
        for heading, items in groups:
            if not items:
                continue
            top = QTreeWidgetItem([f"{heading} ({len(items)})"])
            self.open_list.addTopLevelItem(top)
            top.setFirstColumnSpanned(True)
            for b in items:
                child = QTreeWidgetItem([b.provider_activity_id, b.title, b.needs])
                child.setToolTip(2, b.needs)
                child.setData(0, Qt.ItemDataRole.UserRole, (key, b))
                top.addChild(child)
                total += 1
            top.setExpanded(True)
        self.open_title.setText(
            self.tr("What is still open — double-click to open it")
            if total
            else self.tr("Nothing is open for this step.")
        )

    def _open_item(self, item: QTreeWidgetItem, _column: int) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if not data:
            return
        key, blocker = data
        if key == "enduring":
            EnduringCountDialog(
                self._ctx,
                blocker.activity_id,
                self.selected_year,
                f"{blocker.provider_activity_id} {blocker.title}",
                self,
            ).open()
        else:
            self.open_activity.emit(blocker.activity_id)

    # --- the steps' actions -----------------------------------------------------------------

    def open_pars(self, key: str) -> None:
        """PARS has no web-service calls for these steps: they are done on its web pages."""
        if self.overview is None:
            return
        page = next((s.pars_page for s in self.overview.steps if s.key == key), "")
        if page:
            self.open_url(QUrl(page))

    def edit_agreement(self) -> AgreementDialog:
        dialog = AgreementDialog(self._ctx, self.selected_year, self)
        dialog.open()
        return dialog

    def edit_program_summary(self) -> ProgramSummaryDialog:
        dialog = ProgramSummaryDialog(self._ctx, self.selected_year, self)
        dialog.open()
        return dialog

    def edit_contacts(self) -> ContactsDialog:
        dialog = ContactsDialog(self._ctx, self)
        dialog.open()
        return dialog

    # --- the report ---------------------------------------------------------------------------

    def _ask_save_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the year-end report"), suggested, self.tr("PDF files (*.pdf)")
        )
        return path

    def export_report(self) -> None:
        y = self.overview
        if y is None:
            return
        path = self.ask_save_path(f"PARS year-end report {y.year}.pdf")
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        now = self.now()

        def provider_name() -> str:
            p = self._ctx.core.provider.get()
            return p.name if p else ""

        def write(name: str) -> None:
            try:
                write_year_report(target, y, name, now)  # painting is GUI-thread work in Qt
            except OSError as e:
                self.message.setText(
                    self.tr("The report could not be saved: %1").replace("%1", str(e))
                )
                return
            if not target.exists() or target.stat().st_size == 0:
                self.message.setText(
                    self.tr("The report could not be saved to %1.").replace("%1", str(target))
                )
                return
            self.message.setText(
                self.tr("Saved the year-end report to %1.").replace("%1", str(target))
            )

        self._ctx.tasks.op(provider_name, owner=self, pool=Pool.WRITE, publish=False).done(write)
