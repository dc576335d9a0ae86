"""The Activities page: a search box, status/format/year filters and the paged table."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.models.changes import Changes
from desktop.models.queries.rows import ActivityFilter
from desktop.models.reference import load_reference
from desktop.models.rules import Status
from desktop.ui.activities_model import COLUMNS, ActivitiesModel
from desktop.ui.context import AppContext
from desktop.ui.tasks import Pool

FIRST_COLUMNS = ("provider_activity_id", "title", "status", "sync_state", "start_date")
# Widths that put the first four on screen in the list's share of a 1280 px window (~590 px).
COLUMN_WIDTHS = {
    "provider_activity_id": 130,
    "title": 226,
    "accme_activity_id": 84,
    "format": 110,
    "start_date": 84,
    "end_date": 84,
    "status": 104,
    "ama_credits": 60,
    "sync_state": 104,
}


class ActivitiesPage(QWidget):
    open_activity = Signal(int)
    copy_requested = Signal(int)  # the copy wizard, from this activity
    series_requested = Signal(int)  # the repeat-series wizard, from this activity

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.search = QLineEdit(
            placeholderText=self.tr("Search title, Provider Activity ID, ACCME ID…")
        )
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(160)
        self.status = QComboBox()
        self.status.addItem(self.tr("Any status"), None)
        for s in Status:
            self.status.addItem(self.tr(s.label), s)
        self.format = QComboBox()
        self.format.addItem(self.tr("Any format"), None)
        for f in load_reference().formats:
            self.format.addItem(f.name, f.code)
        self.year = QComboBox()
        self.unreviewed = QCheckBox(self.tr("Assigned on import, not yet reviewed"))
        self.unreviewed.setToolTip(
            self.tr("Only activities with values an import filled in that nobody has reviewed")
        )
        self.count = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(self.search, 3)
        for w in (self.status, self.format, self.year):
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(8)
            bar.addWidget(w, 1)
        # The review filter and the count on a line of their own: one long filter bar would make
        # the list's minimum width take the editor's room beside it.
        second = QHBoxLayout()
        second.addWidget(self.unreviewed)
        second.addStretch(1)
        second.addWidget(self.count)

        self.model = ActivitiesModel(lambda: ctx.core.activity_list, ctx.tasks, ctx.today)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        # One line per activity: a long title ends in "…" (the whole title is its tooltip)
        # instead of wrapping into a cell that shows only its first two words.
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(
            QHeaderView.ResizeMode.Interactive
        )  # never resize-to-contents on big tables
        header.setMinimumSectionSize(40)
        keys = [key for key, _label in COLUMNS]
        for key, width in COLUMN_WIDTHS.items():
            header.resizeSection(keys.index(key), width)
        # What a coordinator scans for comes first, so it is on screen in a 1280 px window
        # beside the editor: the ID, the title, its status and where it is with PARS.
        for visual, key in enumerate(FIRST_COLUMNS):
            header.moveSection(header.visualIndex(keys.index(key)), visual)
        self.table.activated.connect(self._activated)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(second)
        layout.addWidget(self.table)

        # Typing filters after a short pause, not on every keystroke.
        self._debounce = QTimer(self, singleShot=True, interval=200)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.status, self.format, self.year):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.unreviewed.toggled.connect(lambda _on: self.apply_filter())
        # A bound method, not a lambda: Qt drops it with the page (no late call on a dead label).
        self.model.loaded.connect(self._show_count)
        ctx.bus.data_changed.connect(self._changed)
        # Loading starts when the window has painted (MainWindow.start_loading).

    def _show_count(self, n: int) -> None:
        self.count.setText(self.tr("%n activities", "", n))

    def load(self) -> None:
        self._fill_years()
        self.apply_filter()

    def _fill_years(self) -> None:
        self._ctx.tasks.op(
            lambda: self._ctx.core.activity_list.years(), owner=self, pool=Pool.WRITE, publish=False
        ).done(self._show_years)

    def _show_years(self, years: list[int]) -> None:
        current = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem(self.tr("Any year"), None)
        for y in years:
            self.year.addItem(str(y), y)
        index = self.year.findData(current)
        self.year.setCurrentIndex(max(0, index))
        self.year.blockSignals(False)

    def apply_filter(self) -> None:
        self.model.set_filter(
            ActivityFilter(
                text=self.search.text(),
                status=self.status.currentData(),
                format=self.format.currentData(),
                year=self.year.currentData(),
                unreviewed=self.unreviewed.isChecked(),
            )
        )

    def selected_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.row(index.row()).id if index.isValid() else None

    def context_actions(self, activity_id: int) -> list[QAction]:
        """What the right-click menu offers for one activity."""
        out = []
        for text, signal in (
            (self.tr("Open"), self.open_activity),
            (self.tr("Copy…"), self.copy_requested),
            (self.tr("Repeat as a series…"), self.series_requested),
        ):
            action = QAction(text, self)
            action.triggered.connect(lambda _c=False, s=signal: s.emit(activity_id))
            out.append(action)
        return out

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        menu = QMenu(self)
        menu.addActions(self.context_actions(self.model.row(index.row()).id))
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _activated(self, index: QModelIndex) -> None:
        self.open_activity.emit(self.model.row(index.row()).id)

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if changes.activities or changes.everything:
            self._fill_years()
            self.model.reload()
