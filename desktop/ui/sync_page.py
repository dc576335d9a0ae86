"""The Sync page: the last run's per-record results, and conflicts shown side by side."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models import fields as activity_fields
from desktop.models.record_state import RecordState, StateCode, completion_state
from desktop.models.records import ActivityRecord
from desktop.sync.report import RecordProblem, SyncReport
from desktop.sync.views import Conflict
from desktop.ui.context import AppContext
from desktop.ui.tasks import Pool


def describe(report: SyncReport) -> str:
    """One line for the status bar."""
    if report.error and not report.cancelled:
        return f"Sync stopped: {report.error}"
    text = (
        f"{report.activities_accepted} activities and {report.completions_accepted} learner records accepted"
        f"{', ' + str(len(report.rejected)) + ' rejected' if report.rejected else ''}"
        f"{', ' + str(len(report.held)) + ' kept here until fixed' if report.held else ''}"
        f"{', ' + str(report.conflicts) + ' conflicts' if report.conflicts else ''}"
    )
    return ("Sync cancelled; " if report.cancelled else "Synced: ") + text + "."


def problem_state(p: RecordProblem) -> RecordState:
    """What a record the run did not get through now is, in the words every view uses."""
    if p.entity == "completion":
        return completion_state(p.state or ("held" if p.held else "rejected"), p.message)
    return RecordState(StateCode.HELD if p.held else StateCode.REJECTED, p.message)


class SyncPage(QWidget):
    open_problem = Signal(object)  # RecordProblem: open the record at its field

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.summary = QLabel(self.tr("No sync yet in this session."))
        self.summary.setWordWrap(True)
        self.results = QListWidget()
        self.results.itemActivated.connect(
            lambda item: self.open_problem.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        results_box = QGroupBox(self.tr("Records that need attention (double-click to open)"))
        QVBoxLayout(results_box).addWidget(self.results)

        self.conflicts = QListWidget()
        self.conflicts.currentRowChanged.connect(self._show_conflict)
        self.sides = QTableWidget(0, 3)
        self.sides.setHorizontalHeaderLabels([self.tr("Field"), self.tr("Mine"), self.tr("PARS")])
        self.sides.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.sides.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.keep = QPushButton(self.tr("Keep mine"))
        self.take = QPushButton(self.tr("Take PARS"))
        self.keep.clicked.connect(lambda: self._resolve(self._ctx.core.keep_mine))
        self.take.clicked.connect(lambda: self._resolve(self._ctx.core.take_pars))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep)
        buttons.addWidget(self.take)
        conflicts_box = QGroupBox(self.tr("Conflicts: changed both here and in PARS"))
        col = QVBoxLayout(conflicts_box)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.conflicts)
        split.addWidget(self.sides)
        split.setSizes([200, 600])
        col.addWidget(split)
        col.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(results_box, 1)
        layout.addWidget(conflicts_box, 1)
        self._conflicts: list[Conflict] = []

    def show_report(self, report: SyncReport) -> None:
        self.summary.setText(describe(report))
        self.results.clear()
        for p in [*report.problems, *report.warnings]:
            who = p.label or p.key
            if p in report.warnings:
                text = f"{self.tr('Warning')}: {who} — {p.message}"
            else:
                where = f" ({p.field})" if p.field else ""
                text = f"{who}{where} — {problem_state(p).text}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.results.addItem(item)
        self.refresh_conflicts()

    def refresh_conflicts(self) -> None:
        # The lambda: ``sync`` opens the store on first use, on the database thread, not here.
        self._ctx.tasks.op(
            lambda: self._ctx.core.conflicts(), owner=self, pool=Pool.WRITE, publish=False
        ).done(self._fill_conflicts)

    def _fill_conflicts(self, conflicts: list[Conflict]) -> None:
        self._conflicts = conflicts
        self.conflicts.clear()
        for c in conflicts:
            self.conflicts.addItem(f"{c.mine.provider_activity_id} — {c.mine.title}")
        has = bool(conflicts)
        self.keep.setEnabled(has)
        self.take.setEnabled(has)
        if has:
            self.conflicts.setCurrentRow(0)
        else:
            self.sides.setRowCount(0)

    def _show_conflict(self, row: int) -> None:
        if not 0 <= row < len(self._conflicts):
            return
        c = self._conflicts[row]
        diffs = _differences(c.mine, c.pars)
        self.sides.setRowCount(len(diffs))
        for i, (name, mine, theirs) in enumerate(diffs):
            for col, text in enumerate((name, mine, theirs)):
                self.sides.setItem(i, col, QTableWidgetItem(text))

    def _resolve(self, action: Any) -> None:
        row = self.conflicts.currentRow()
        if not 0 <= row < len(self._conflicts):
            return
        activity_id = self._conflicts[row].activity_id

        def done(changes: Any) -> None:
            self.refresh_conflicts()

        self._ctx.tasks.op(
            lambda: action(activity_id), owner=self, pool=Pool.WRITE, publish=True
        ).done(done)


def _differences(mine: ActivityRecord, theirs: ActivityRecord) -> list[tuple[str, str, str]]:
    out = []
    for f in fields(ActivityRecord):
        a, b = getattr(mine, f.name), getattr(theirs, f.name)
        if a != b and f.name not in {"accme_activity_id"}:
            label = activity_fields.label(f.name)
            out.append((label, _text(a), _text(b)))
    return out


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, tuple):
        return "; ".join(_text(v) for v in value) or "—"
    return str(getattr(value, "value", value))
