"""Completing a typed last name from the learner directory: "the Dr Smith you entered last
month" is offered as the coordinator types, and choosing her fills the row's identity, so the
saved row points to the same person instead of making a new one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QStyleOptionViewItem, QWidget
from shiboken6 import Shiboken

from desktop.ui.context import AppContext
from desktop.ui.fields.cell_delegate import TypedCellDelegate
from desktop.ui.tasks import Pool

if TYPE_CHECKING:
    from desktop.models.services.people import PersonName

_Index = QModelIndex | QPersistentModelIndex
PERSON = Qt.ItemDataRole.UserRole + 1  # the PersonName behind an offered entry
LAST_NAME = Qt.ItemDataRole.UserRole + 2  # what choosing one puts into the cell


class PersonCompleter(QCompleter):
    """Entries come from an SQL prefix query on the directory (the database thread), not from
    a list held in memory: the directory may hold every physician of the year."""

    def __init__(
        self, ctx: AppContext, editor: QLineEdit, chosen: Callable[[PersonName], None]
    ) -> None:
        super().__init__(editor)
        self._ctx = ctx
        self._entries = QStandardItemModel(self)
        self.setModel(self._entries)
        # The query already filtered; the popup shows "Last, First (MM/DD, ST)" and choosing
        # puts the last name alone into the cell.
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCompletionRole(LAST_NAME)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._asked = ""
        editor.setCompleter(self)
        editor.textEdited.connect(self._typed)
        self.activated[QModelIndex].connect(  # type: ignore[index]
            lambda index: chosen(index.data(PERSON))
        )

    def _typed(self, text: str) -> None:
        self._asked = text
        if not text.strip():
            self._entries.clear()
            return
        self._ctx.tasks.op(
            lambda: self._ctx.core.people.names_starting(text),
            owner=self,
            pool=Pool.READ,
            publish=False,
        ).done(self._show(text))

    def _show(self, text: str) -> Callable[[list[PersonName]], None]:
        def show(found: list[PersonName]) -> None:
            if not Shiboken.isValid(self._entries) or text != self._asked:
                # The cell's editor (and with it this completer) is gone, or the answer is to
                # something typed before: the next one is coming.
                return
            self._entries.clear()
            for person in found:
                item = QStandardItem(person.label)
                item.setData(person, PERSON)
                item.setData(person.last_name, LAST_NAME)
                self._entries.appendRow(item)
            widget = self.widget()
            if found and widget is not None and widget.hasFocus():
                self.complete()
            elif (popup := self.popup()) is not None:
                popup.hide()

        return show


class NameCellDelegate(TypedCellDelegate):
    """The grid's delegate, with the directory's completer on the last-name cell of a row not
    saved yet (a saved row's name edits the person it already is)."""

    def __init__(
        self,
        ctx: AppContext,
        completes: Callable[[int, int], bool],
        chosen: Callable[[int, PersonName], None],
        *args: object,
    ) -> None:
        super().__init__(*args)  # type: ignore[arg-type]
        self._ctx = ctx
        self._completes = completes
        self._chosen = chosen

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit) and self._completes(index.row(), index.column()):
            row = index.row()
            PersonCompleter(self._ctx, editor, lambda person: self._chosen(row, person))
        return editor
