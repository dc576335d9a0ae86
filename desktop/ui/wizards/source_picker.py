"""Choose an existing activity by typing part of its title or ID (searched in SQL, so a store
of thousands of activities answers at once)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.models.queries.rows import ActivityFilter, ActivityRow
from desktop.ui.context import AppContext
from desktop.ui.tasks import Pool

SHOWN = 100


class SourcePicker(QWidget):
    chosen = Signal(object)  # activity id, or None when nothing is chosen

    def __init__(self, ctx: AppContext, placeholder: str) -> None:
        super().__init__()
        self._ctx = ctx
        self.search = QLineEdit(placeholderText=placeholder)
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        self._wanted: int | None = None
        self._later = QTimer(self, singleShot=True, interval=150)
        self._later.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._later.start())
        self.list.currentItemChanged.connect(
            lambda item, _prev: self.chosen.emit(
                item.data(Qt.ItemDataRole.UserRole) if item is not None else None
            )
        )

    def select(self, activity_id: int | None) -> None:
        self._wanted = activity_id
        self.reload()

    def reload(self) -> None:
        text, today = self.search.text(), self._ctx.today()
        wanted = self._wanted if self._wanted is not None else self.current_id()

        def work() -> list[tuple[int, str, str, date | None]]:
            rows: list[ActivityRow] = self._ctx.core.activity_list.page(
                ActivityFilter(text=text), today, sort="start_date", descending=True, limit=SHOWN
            )
            out = [(r.id, r.provider_activity_id, r.title, r.start_date) for r in rows]
            if wanted is not None and wanted not in {r[0] for r in out} and not text:
                # The activity asked for is older than the newest SHOWN: list it first.
                a = self._ctx.core.activities.get(wanted)
                out.insert(0, (wanted, a.provider_activity_id, a.title, a.start_date))
            return out

        self._ctx.tasks.op(work, owner=self, pool=Pool.WRITE, publish=False).done(
            lambda rows: self._show(rows, wanted)
        )

    def _show(self, rows: list[tuple[int, str, str, date | None]], wanted: int | None) -> None:
        self.list.clear()
        for ident, pai, title, start in rows:
            when = start.strftime("%m/%d/%Y") if start else "no dates"
            item = QListWidgetItem(f"{pai} — {title or '(untitled)'}  ({when})")
            item.setData(Qt.ItemDataRole.UserRole, ident)
            self.list.addItem(item)
            if ident == wanted:
                self.list.setCurrentItem(item)
        self._wanted = None

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))
