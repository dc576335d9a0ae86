"""Keyboard entry of learner completions for one activity (SPEC M6).

One row per completion, plus an empty row at the bottom for the next entry. Tab/Enter move
between cells; rows copied from Excel paste in; each cell shows PARS's rules as you type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QTableView,
    QWidget,
)

from desktop.models.grid_rows import GridRow, column_key
from desktop.models.records import CompletionRecord
from desktop.ui.context import AppContext
from desktop.ui.learners_grid_model import LearnersGridModel
from desktop.ui.person_completer import NameCellDelegate
from desktop.ui.record_menu import RecordMenu
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
        self._cells = NameCellDelegate(
            ctx,
            self._completes,
            self._person_chosen,
            self._cell_kind,
            lambda: self.grid.activity.end_date or self.grid.activity.start_date,
            self,
        )
        self.setItemDelegate(self._cells)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setDefaultSectionSize(120)
        self._focus: tuple[int, str] | None = None
        # A reload (after a save, a delete, a sync) resets the model; the coordinator's cell
        # must survive it, or the next Home/typing lands somewhere else.
        self._kept: tuple[int, int] | None = None
        self._had_focus = False
        self.grid.modelAboutToBeReset.connect(self._keep_current)
        self.grid.modelReset.connect(self._restore_current)
        self.grid.modelReset.connect(self._apply_focus)
        self.grid.problem.connect(
            lambda text: QMessageBox.warning(self, self.tr("Not saved"), text)
        )
        self.grid.correction_needed.connect(self._offer_correction)
        self.record_actions: list[QAction] = []  # the window's actions on chosen records
        self.record_menu = RecordMenu(self, lambda menu: menu.addActions(self.record_actions))

    def selected_completions(self) -> list[int]:
        """The saved records of the rows with a chosen cell (or of the current row)."""
        rows = {i.row() for i in self.selectedIndexes()}
        if not rows and self.currentIndex().isValid():
            rows = {self.currentIndex().row()}
        ids = (self.grid.rows[r].completion_id for r in sorted(rows) if r < len(self.grid.rows))
        return [cid for cid in ids if cid is not None and cid > 0]

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

    def _keep_current(self) -> None:
        index = self.currentIndex()
        self._kept = (index.row(), index.column()) if index.isValid() else None
        focused = QApplication.focusWidget()
        self._had_focus = focused is not None and (focused is self or self.isAncestorOf(focused))

    def _restore_current(self) -> None:
        kept, self._kept = self._kept, None
        if kept is None or self.grid.rowCount() == 0:
            return
        row = min(kept[0], self.grid.rowCount() - 1)
        self.setCurrentIndex(self.grid.index(row, min(kept[1], self.grid.columnCount() - 1)))
        if self._had_focus:
            self.setFocus()  # the closed editor's focus must not wander off to another widget

    def _last_typed_column(self) -> int:
        """The State column is shown, not typed: Tab leaves a row after the cell before it."""
        keys = [k for k, _ in self.grid.columns]
        return len(keys) - 2 if keys and keys[-1] == "state" else len(keys) - 1

    def _next_row(self, row: int) -> int:
        """Leave ``row`` for the one below, saving it first; leaving the entry row saves it
        and makes a new entry row below, so the next learner is never typed over this one."""
        self.grid.commit_row(row)
        return min(row + 1, self.grid.rowCount() - 1)

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        index = self.currentIndex()
        action = QAbstractItemView.CursorAction
        if index.isValid() and cursorAction == action.MoveNext:
            if index.column() >= self._last_typed_column():
                return self.grid.index(self._next_row(index.row()), 0)
        elif index.isValid() and cursorAction == action.MovePrevious and index.column() == 0:
            if index.row() == 0:
                return self.grid.index(0, 0)  # no wrapping round to the bottom row
            self.grid.commit_row(index.row())
            return self.grid.index(index.row() - 1, self._last_typed_column())
        return super().moveCursor(cursorAction, modifiers)

    def _enter(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """Enter moves down like a spreadsheet; at the entry row it saves the learner and
        goes to the first cell of the new entry row."""
        if not index.isValid():
            return
        if index.row() + 1 < self.grid.rowCount():
            self.setCurrentIndex(self.grid.index(index.row() + 1, index.column()))
            return
        row = self._next_row(index.row())
        if row != index.row():
            self.setCurrentIndex(self.grid.index(row, 0))

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        entered, self._cells.entered = self._cells.entered, False
        super().closeEditor(editor, hint)
        if entered and hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self._enter(self.currentIndex())  # Enter in a cell: commit and move on

    def edit(  # type: ignore[override]
        self,
        index: QModelIndex | QPersistentModelIndex,
        trigger: QAbstractItemView.EditTrigger | None = None,
        event: QEvent | None = None,
    ) -> bool:
        if trigger is None:  # the public edit(index)
            super().edit(index)
            return True
        opened = super().edit(index, trigger, event)  # type: ignore[arg-type]
        # The delegate selects the cell's text so typing replaces it (as in Excel); F2 is
        # the way to change it instead, with the cursor at the end.
        editor = QApplication.focusWidget()
        f2 = trigger == QAbstractItemView.EditTrigger.EditKeyPressed
        if opened and f2 and isinstance(editor, QLineEdit):
            editor.deselect()
            editor.end(False)
        return bool(opened)

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
            self._enter(index)
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
