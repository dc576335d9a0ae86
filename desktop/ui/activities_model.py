"""The activities table: the paged model (``paged_model``) over the activity list's SQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from desktop.models.queries.rows import ActivityFilter, ActivityRow
from desktop.models.reference import load_reference
from desktop.models.rules import Status
from desktop.models.sync_states import SYNC_LABELS
from desktop.ui.paged_model import PAGE, PagedTableModel
from desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from desktop.models.queries.activity_list import ActivityList

_Index = QModelIndex | QPersistentModelIndex

COLUMNS = (
    ("provider_activity_id", "Provider Activity ID"),
    ("accme_activity_id", "ACCME ID"),
    ("title", "Title"),
    ("format", "Format"),
    ("start_date", "Start"),
    ("end_date", "End"),
    ("status", "Status"),
    ("ama_credits", "Credits"),
    ("sync_state", "Sync"),
)
STATUS_COLOURS = {
    Status.INCOMPLETE: "#b3261e",
    Status.DRAFT: "#8a6d00",
    Status.ACTIVE: "#1b6e20",
    Status.READY_TO_CLOSE: "#0b57d0",
    Status.CLOSED: "#5f6368",
}


class ActivitiesModel(PagedTableModel[ActivityRow]):
    headers = tuple(label for _key, label in COLUMNS)

    def __init__(self, query: Callable[[], ActivityList], tasks: TaskRunner, today: Any) -> None:
        super().__init__(tasks)
        self._query = query  # a getter: the services exist only once the store is open
        self._today = today
        self._filter = ActivityFilter()
        self._sort = ("provider_activity_id", False)
        self._active = False  # nothing is read before the first filter is set (after first paint)
        self._formats = {f.code: f.name for f in load_reference().formats}

    def set_filter(self, f: ActivityFilter) -> None:
        self._filter = f
        self._active = True
        self.reload()

    def ready(self) -> bool:
        return self._active

    def count_query(self) -> Callable[[], int]:
        f, today = self._filter, self._today()
        return lambda: self._query().count(f, today)

    def page_query(self, offset: int) -> Callable[[], list[ActivityRow]]:
        f, (sort, desc), today = self._filter, self._sort, self._today()
        return lambda: self._query().page(
            f, today, sort=sort, descending=desc, offset=offset, limit=PAGE
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (COLUMNS[column][0], order == Qt.SortOrder.DescendingOrder)
        self.reload()

    def row_of(self, activity_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == activity_id), None)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, key)
        if role == Qt.ItemDataRole.ForegroundRole and key == "status":
            from PySide6.QtGui import QColor

            return QColor(STATUS_COLOURS[r.status])
        if role == Qt.ItemDataRole.ToolTipRole and key == "title":
            return r.title  # the whole title, when the cell shows it cut short
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None

    def _display(self, r: ActivityRow, key: str) -> str:
        if key == "status":
            return self.tr(r.status.label)
        if key == "format":
            return self._formats.get(r.format or "", r.format or "")
        if key == "sync_state":
            return self.tr(SYNC_LABELS.get(r.sync_state, r.sync_state))
        value = getattr(r, key)
        if value is None:
            return ""
        return value.isoformat() if isinstance(value, date) else str(value)
