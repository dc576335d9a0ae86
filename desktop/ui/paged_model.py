"""One paged table model for the long lists (activities, learner records): SQL pages fetched as
the view scrolls (``canFetchMore``/``fetchMore``), sorting and filtering left to SQL.

Qt's filter proxy took 7 s over 1M rows here; these models ask SQLite for one page at a time.
A subclass says how to count, how to read a page, and how to show a row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from desktop.ui.tasks import TaskRunner

R = TypeVar("R")
_Index = QModelIndex | QPersistentModelIndex
PAGE = 200


class PagedTableModel(QAbstractTableModel, Generic[R]):
    first_screen = Signal()  # the first page is shown (its count may follow)
    loaded = Signal(int)  # total rows matching, after each (re)load

    # Header labels, one per column.
    headers: Sequence[str] = ()
    # Count in the same step as the first page (cheap counts), or after it is shown (a count
    # that is slower than the page, e.g. a short name prefix over a million rows).
    count_with_first_page = True

    def __init__(self, tasks: TaskRunner) -> None:
        super().__init__()
        self._tasks = tasks
        self._rows: list[R] = []
        self._total = 0
        self._generation = 0

    # --- what a subclass says ----------------------------------------------------------------

    def ready(self) -> bool:
        """False until there is something to ask (e.g. before the first filter is set)."""
        return True

    def count_query(self) -> Callable[[], int]:
        """The count of rows matching now, as work for a worker thread."""
        raise NotImplementedError

    def page_query(self, offset: int) -> Callable[[], list[R]]:
        """One page from ``offset`` with the filter and sort of now."""
        raise NotImplementedError

    # --- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """First page (and count) off the UI thread; a newer request wins over an older one."""
        if not self.ready():
            return
        self._generation += 1
        generation = self._generation
        count, first = self.count_query(), self.page_query(0)

        def show(rows: list[R], total: int | None) -> None:
            if generation != self._generation:
                return
            self.beginResetModel()
            self._rows = rows
            self._total = total if total is not None else len(rows) + (len(rows) == PAGE)
            self.endResetModel()
            self.first_screen.emit()
            if total is not None:
                self.loaded.emit(self._total)

        def counted(total: int) -> None:
            if generation != self._generation:
                return
            self._total = max(total, len(self._rows))
            self.loaded.emit(self._total)

        if self.count_with_first_page:
            self._tasks.op(lambda: (count(), first()), owner=self, publish=False).done(
                lambda result: show(result[1], result[0])
            )
        else:

            def then_count(rows: list[R]) -> None:
                show(rows, None)
                if generation == self._generation:
                    self._tasks.op(count, owner=self, publish=False).done(counted)

            self._tasks.op(first, owner=self, publish=False).done(then_count)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        # One page is a couple of milliseconds of indexed SQL: well inside a frame.
        more = self.page_query(len(self._rows))()
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    # --- the model ---------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self._total

    def row(self, index: int) -> R:
        return self._rows[index]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.headers[section])
        return None
