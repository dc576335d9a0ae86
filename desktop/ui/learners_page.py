"""The Learners page: every learner completion, filtered by name in SQL, paged."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from desktop.models.match_states import EXPLANATIONS
from desktop.models.queries.rows import CompletionRow
from desktop.models.record_state import RecordState, completion_state
from desktop.ui.context import AppContext
from desktop.ui.paged_model import PAGE, PagedTableModel
from desktop.ui.record_menu import RecordMenu
from desktop.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from desktop.models.queries.completion_list import CompletionList

_Index = QModelIndex | QPersistentModelIndex
MATCH_ICONS = {"matched": "✔", "not_found": "✖", "multiple": "⚠", "not_checked": "…"}
MATCH_TIPS = EXPLANATIONS
COLUMNS = (
    "",
    "Last name",
    "First name",
    "Birth",
    "State",
    "NPI",
    "Activity",
    "Completed",
    "Credits",
    "Status",
)


class CompletionsModel(PagedTableModel[CompletionRow]):
    headers = COLUMNS
    count_with_first_page = False  # a short name prefix over a million rows counts slowly

    def __init__(
        self,
        query: Callable[[], CompletionList],
        tasks: TaskRunner,
        hold_unmatched: Callable[[], bool] = lambda: True,
    ) -> None:
        super().__init__(tasks)
        self._query = query
        self._hold_unmatched = hold_unmatched
        self._name = ""

    def set_name(self, name: str) -> None:
        self._name = name
        self.reload()

    def count_query(self) -> Callable[[], int]:
        name = self._name
        return lambda: self._query().count(name)

    def page_query(self, offset: int) -> Callable[[], list[CompletionRow]]:
        name = self._name
        return lambda: self._query().page(name, offset=offset, limit=PAGE)

    def state(self, i: int) -> RecordState:
        """The record's state in the words every view uses."""
        r = self._rows[i]
        return completion_state(
            r.state,
            r.state_reason,
            replaces_id=r.replaces_id,
            match_status=r.match_status,
            hold_unmatched=self._hold_unmatched(),
            errors=r.errors,
        )

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return self.tr(MATCH_TIPS.get(r.match_status, r.match_status))
            if col == 9:
                return self.state(index.row()).text
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        birth = f"{r.birth_month:02d}/{r.birth_day:02d}" if r.birth_month and r.birth_day else ""
        credits = ", ".join(f"{k} {v}" for k, v in sorted(r.credits.items()))
        values = (
            MATCH_ICONS.get(r.match_status, "?"),
            r.last_name,
            r.first_name,
            birth,
            r.license_state,
            r.npi,
            f"{r.provider_activity_id} — {r.activity_title}",
            r.completion_date.strftime("%m/%d/%Y") if r.completion_date else "",
            credits,
            self.state(index.row()).text,
        )
        return values[col]


class LearnersPage(QWidget):
    # (activity id, completion id): open the activity's learners at that record's row.
    open_record = Signal(int, int)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.search = QLineEdit(placeholderText=self.tr("Last name, then first name…"))
        self.search.setClearButtonEnabled(True)
        self.count = QLabel()
        self.model = CompletionsModel(
            lambda: ctx.core.completion_list, ctx.tasks, lambda: bool(ctx.prefs.hold_unmatched)
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 28)
        # The state with its reason is the longest cell: one line, elided, whole in its tooltip.
        self.table.setWordWrap(False)
        for name, width in (("Birth", 60), ("State", 50), ("NPI", 100), ("Activity", 220)):
            self.table.setColumnWidth(COLUMNS.index(name), width)
        self.table.horizontalHeader().setSectionResizeMode(
            COLUMNS.index("Status"), QHeaderView.ResizeMode.Stretch
        )
        self.table.activated.connect(lambda i: self._open(i.row()))
        # Several records are chosen with Shift/Ctrl and the arrows (or the mouse) for the
        # actions on records, e.g. splitting them off to a new person.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.record_menu = RecordMenu(self.table, self._fill_menu)
        self.record_actions: list[QAction] = []  # the window's actions on chosen records
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        bar.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(lambda: self.model.set_name(self.search.text()))
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        # A bound method, not a lambda: Qt drops the connection when the page is deleted, so a
        # page load finishing after the window closed cannot reach a deleted label.
        self.model.loaded.connect(self._show_count)
        ctx.bus.data_changed.connect(self._changed)

    def selected_completions(self) -> list[int]:
        """The chosen records (the current one when none is selected), in list order."""
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        current = self.table.currentIndex()
        if not rows and current.isValid():
            rows = {current.row()}
        return [self.model.row(r).completion_id for r in sorted(rows)]

    def _open(self, row: int) -> None:
        record = self.model.row(row)
        self.open_record.emit(record.activity_id, record.completion_id)

    def _fill_menu(self, menu: QMenu) -> None:
        # A right-click has already selected its row (Qt does, unless it was selected).
        current = self.table.currentIndex()
        if not current.isValid():
            return
        opened = menu.addAction(self.tr("Open the activity's learners"))
        row = current.row()
        opened.triggered.connect(lambda: self._open(row))
        menu.addSeparator()
        menu.addActions(self.record_actions)

    def _show_count(self, n: int) -> None:
        self.count.setText(self.tr("%n learner records", "", n))

    def _changed(self, changes: Changes, _initiator: object) -> None:
        if changes.completions or changes.learners or changes.everything:
            self.model.reload()
