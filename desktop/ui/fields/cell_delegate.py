"""Grid cells edited with the same typed fields as the forms: a date cell has the calendar
(F4) and reads M/D/YY like every other date; a credits cell reads "1.5" and ".75"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop.ui.fields.date_field import DateField
from desktop.ui.fields.number_field import DecimalField

_Index = QModelIndex | QPersistentModelIndex


class TypedCellDelegate(QStyledItemDelegate):
    """``kind_of(column)`` says "date", "decimal" or "" (plain text) for each column. The cell
    keeps the text as typed: the grid's model reads it and marks the cell if it is wrong."""

    def __init__(
        self,
        kind_of: Callable[[int], str],
        anchor: Callable[[], date | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._kind_of = kind_of
        self._anchor = anchor
        self.entered = False  # the last key pressed in an editor was Enter

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        kind = self._kind_of(index.column())
        editor: QLineEdit
        if kind == "date":
            dates = DateField()
            dates.set_anchor(self._anchor)  # the calendar opens at the activity, not 1900
            editor = dates
        elif kind == "decimal":
            editor = DecimalField()
        else:
            return super().createEditor(parent, option, index)
        editor.setParent(parent)
        editor.setFrame(False)
        return editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            # Enter closes the editor later (queued), with the same hint as leaving the row;
            # the grid asks this to know Enter was pressed and move on like a spreadsheet.
            self.entered = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        # The calendar popup takes the focus from its date field: that is not leaving the cell.
        if (
            isinstance(watched, DateField)
            and event.type() == QEvent.Type.FocusOut
            and watched.calendar is not None
            and watched.calendar.isVisible()
        ):
            return False
        return super().eventFilter(watched, event)

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, DateField | DecimalField):
            editor.setText(str(index.data() or ""))
            editor.setModified(False)
        else:
            super().setEditorData(editor, index)
        if isinstance(editor, QLineEdit):
            # Opened by Tab, Enter or typing: typing replaces the cell, as in Excel (the grid
            # puts the cursor at the end for F2).
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, DateField | DecimalField):
            model.setData(index, editor.text())
            return
        super().setModelData(editor, model, index)
