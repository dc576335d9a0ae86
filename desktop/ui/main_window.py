"""The main window: the activities in the store, their computed status and what blocks them."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QMainWindow,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.models.services import ActivityService, ActivitySummary

_Index = QModelIndex | QPersistentModelIndex


class ActivitiesModel(QAbstractTableModel):
    """Read-only rows of activity summaries (plain frozen data, never live ORM objects)."""

    HEADERS = ("Provider Activity ID", "ACCME ID", "Title", "Format", "Start", "End", "Status")

    def __init__(self, rows: list[ActivitySummary]) -> None:
        super().__init__()
        self.rows = rows

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> str | None:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> str | None:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        s = self.rows[index.row()]
        values = (
            s.provider_activity_id,
            s.accme_activity_id or "",
            s.title,
            s.format or "",
            s.start_date.isoformat() if s.start_date else "",
            s.end_date.isoformat() if s.end_date else "",
            s.assessment.status.label,
        )
        return values[index.column()]


class MainWindow(QMainWindow):
    def __init__(self, activities: ActivityService, store_label: str) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("PARS Desktop"))
        self._activities = activities
        self.model = ActivitiesModel(activities.summaries())
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.blockers = QListWidget()
        self.table.selectionModel().currentRowChanged.connect(self._show_blockers)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.blockers)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(QLabel(self.tr("Store: %s") % store_label))
        layout.addWidget(split)
        self.setCentralWidget(body)
        self.resize(1000, 640)

    def _show_blockers(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.blockers.clear()
        if not current.isValid():
            return
        a = self.model.rows[current.row()].assessment
        for p in a.blockers:
            self.blockers.addItem(f"{p.field}: {p.message}")
        for p in a.warnings:
            self.blockers.addItem(f"⚠ {p.field}: {p.message}")
