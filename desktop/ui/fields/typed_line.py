"""The line edit every typed field is built on: commits on Enter or on leaving, and marks problems.

Why a line edit and not a spin box or QDateEdit: those rewrite their text on every key
(sections, special values, rounding), so what a person types is not what is saved.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLineEdit, QStyle

PROBLEM_STYLE = "QLineEdit { border: 2px solid #b3261e; border-radius: 3px; }"


class TypedLine(QLineEdit):
    """A line edit with one committed value.

    ``edited`` fires once per commit (Enter, or focus leaving after a change) with a valid
    value; text that cannot be read is marked with a message and fires nothing.
    ``show_text`` (from code) never replaces what the person is typing.
    """

    edited = Signal()
    marked = Signal(str)  # the problem shown on the field changed ("" when cleared)

    def __init__(self) -> None:
        super().__init__()
        self.problem = ""
        self._shown = ""
        self._unreadable = False
        # Made with the field as parent: an action returned by addAction(icon, …) can be
        # collected when the field is made inside a delegate's createEditor.
        self._warning = QAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning), "", self
        )
        self.addAction(self._warning, QLineEdit.ActionPosition.TrailingPosition)
        self._warning.setVisible(False)
        self.editingFinished.connect(self._commit_if_changed)

    def read(self) -> str:
        """Parse the text into the field's value, or raise ValueError (subclasses)."""
        raise NotImplementedError

    def _commit_if_changed(self) -> None:
        if not self.isModified() and not self._unreadable:
            return
        self.setModified(False)
        try:
            problem = self.read()
        except ValueError as e:
            self._unreadable = True
            self.mark(str(e))
            return
        self._unreadable = False
        self.mark(problem)
        self.edited.emit()

    @property
    def unreadable(self) -> bool:
        """The field shows text that could not be read (and so was not saved)."""
        return self._unreadable

    def take_typing(self) -> bool:
        """Commit what is typed now (a dialog's OK pressed by a key never left the field);
        False when it cannot be read (the field is marked)."""
        self._commit_if_changed()
        return not self._unreadable

    def show_text(self, text: str, problem: str = "") -> None:
        """Show a stored value, unless the person is typing here or left unreadable text here."""
        if self.hasFocus() and self.isModified():
            return
        if self._unreadable and text == self._shown:
            return  # the store still holds what it held: keep the marked text in view
        self._shown = text
        self._unreadable = False
        self.mark(problem)
        if self.text() != text:
            self.setText(text)
        self.setModified(False)

    def forget(self) -> None:
        """Drop a marked mistake (another record is being shown)."""
        self._unreadable = False

    def mark(self, problem: str) -> None:
        """Mark the field with ``problem`` (empty: clear); the message is on the field itself."""
        changed = problem != self.problem
        self.problem = problem
        if changed:
            self.marked.emit(problem)
        self.setStyleSheet(PROBLEM_STYLE if problem else "")
        self._warning.setVisible(bool(problem))
        self._warning.setToolTip(problem)
        self.setToolTip(problem)
