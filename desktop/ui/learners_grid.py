"""Keyboard entry of learner completions for one activity (SPEC M6).

One row per completion, plus an empty row at the bottom for the next entry. Tab/Enter move
between cells; rows copied from Excel paste in; each cell shows PARS's rules as you type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMessageBox, QTableView, QWidget

from desktop.models.grid_rows import GridRow, column_key
from desktop.models.records import CompletionRecord
from desktop.ui.context import AppContext
from desktop.ui.learners_grid_model import LearnersGridModel
from desktop.ui.person_completer import NameCellDelegate
from desktop.ui.tasks import Pool

if TYPE_CHECKING:
    from desktop.models.services.people import PersonName

__all__ = ["GridRow", "LearnersGrid", "LearnersGridModel"]

_Index = QModelIndex | QPersistentModelIndex


class LearnersGrid(QTableView):
    """The view: Enter moves down like a spreadsheet, Ctrl+V pastes rows, Delete deletes."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.grid = LearnersGridModel(ctx)
        self.setModel(self.grid)
        self.setItemDelegate(
            NameCellDelegate(
                ctx,
                self._completes,
                self._person_chosen,
                self._cell_kind,
                lambda: self.grid.activity.end_date or self.grid.activity.start_date,
                self,
            )
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setDefaultSectionSize(120)
        self._focus: tuple[int, str] | None = None
        self.grid.modelReset.connect(self._apply_focus)
        self.grid.problem.connect(
            lambda text: QMessageBox.warning(self, self.tr("Not saved"), text)
        )
        self.grid.correction_needed.connect(self._offer_correction)

    def _completes(self, row: int, column: int) -> bool:
        """The directory completes the last name of a row not saved yet."""
        key = self.grid.columns[column][0] if column < len(self.grid.columns) else ""
        return (
            key == "last_name"
            and row < len(self.grid.rows)
            and self.grid.rows[row].completion_id is None
        )

    def _person_chosen(self, row: int, person: PersonName) -> None:
        self._ctx.tasks.op(
            lambda: self._ctx.core.learners.get_learner(person.id),
            owner=self,
            pool=Pool.READ,
            publish=False,
        ).done(lambda record: self.grid.fill_person(row, record))

    def _cell_kind(self, column: int) -> str:
        """Which typed field edits a column's cells (desktop/ui/fields)."""
        key = self.grid.columns[column][0] if column < len(self.grid.columns) else ""
        if key in ("consent_date", "completion_date"):
            return "date"
        if key == "cme" or key.startswith("moc."):
            return "decimal"
        return ""

    def ask(self, title: str, text: str) -> bool:
        """The one modal seam: tests replace it."""
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def _offer_correction(self, completion_id: int, record: CompletionRecord) -> None:
        if self.ask(
            self.tr("Send a correction?"),
            self.tr(
                "PARS already has this record, and PARS records cannot be edited. "
                "Send a correction? On the next sync the old record is deleted in PARS and "
                "the corrected one added, with new Credit IDs."
            ),
        ):
            self.grid.correct(completion_id, record)
        elif self.grid.activity_id is not None:
            self.grid.load(self.grid.activity_id)  # back to what PARS has

    def focus_completion(self, completion_id: int, field: str = "") -> None:
        """Select a completion's cell for ``field`` once the grid holds it (from sync results)."""
        self._focus = (completion_id, field)
        self._apply_focus()

    def _apply_focus(self) -> None:
        if self._focus is None:
            return
        completion_id, field = self._focus
        rows = [i for i, r in enumerate(self.grid.rows) if r.completion_id == completion_id]
        if not rows:
            return
        key = column_key(field)
        keys = [k for k, _ in self.grid.columns]
        column = keys.index(key) if key in keys else len(keys) - 1
        self.setCurrentIndex(self.grid.index(rows[0], column))
        self.setFocus()
        self._focus = None

    def currentChanged(
        self,
        current: QModelIndex | QPersistentModelIndex,
        previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().currentChanged(current, previous)
        if previous.isValid() and previous.row() != current.row():
            self.grid.commit_row(previous.row())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if event.matches(QKeySequence.StandardKey.Paste):
            text = QGuiApplication.clipboard().text()
            if index.isValid() and text:
                self.grid.paste(index.row(), index.column(), text)
            return
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            if index.isValid() and index.row() + 1 < self.grid.rowCount():
                self.setCurrentIndex(self.grid.index(index.row() + 1, index.column()))
            elif index.isValid():
                self.grid.commit_row(index.row())
            return
        if (
            event.key() == Qt.Key.Key_Delete
            and self.state() != QAbstractItemView.State.EditingState
        ):
            rows = sorted(
                {i.row() for i in self.selectedIndexes()}
                or ({index.row()} if index.isValid() else set())
            )
            saved = [r for r in rows if (self.grid.rows[r].completion_id or 0) > 0]
            if saved and self.ask(
                self.tr("Delete learner records?"),
                self.tr(
                    "Delete %n record(s)? Records PARS has are deleted there on the next sync.",
                    "",
                    len(saved),
                ),
            ):
                self.grid.delete_rows(saved)
            return
        super().keyPressEvent(event)
