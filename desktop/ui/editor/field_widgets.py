"""Small input widgets that can say "not set" — PARS distinguishes unanswered from No or 0.

Dates and numbers are typed fields (desktop/ui/fields); re-exported here for the editor.
Each has a getter, a silent setter (no signal) and ``edited`` (user changes only).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem

from desktop.ui.fields import CountField, DateField, DecimalField

__all__ = ["CheckList", "Choice", "CountField", "DateField", "DecimalField", "yes_no"]


class Choice(QComboBox):
    """A combo over (label, value) pairs, with an optional "not answered" first entry."""

    edited = Signal()

    def __init__(self, items: list[tuple[str, Any]], none_label: str | None = None) -> None:
        super().__init__()
        # Long entries (country names) must not force the whole form wider than the pane.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        # Values are kept here, not as item data: Qt would turn an enum member into a plain str.
        self._values: list[Any] = []
        if none_label is not None:
            self.addItem(none_label)
            self._values.append(None)
        for label, value in items:
            self.addItem(label)
            self._values.append(value)
        self.activated.connect(lambda _i: self.edited.emit())

    def choice(self) -> Any:
        i = self.currentIndex()
        return self._values[i] if 0 <= i < len(self._values) else None

    def set_choice(self, value: Any) -> None:
        self.blockSignals(True)
        self.setCurrentIndex(self._values.index(value) if value in self._values else 0)
        self.blockSignals(False)


def yes_no(none_label: str) -> Choice:
    return Choice([("Yes", True), ("No", False)], none_label)


class CheckList(QListWidget):
    """A list of checkable (label, code) items; ``checked()`` keeps the list's order."""

    edited = Signal()

    def __init__(self, items: list[tuple[str, str]]) -> None:
        super().__init__()
        for label, code in items:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.addItem(item)
        self.itemChanged.connect(
            lambda _i: self.edited.emit() if not self.signalsBlocked() else None
        )
        self.setMaximumHeight(min(24 * max(1, len(items)) + 6, 150))

    def checked(self) -> tuple[str, ...]:
        return tuple(
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        )

    def set_checked(self, codes: tuple[str, ...]) -> None:
        self.blockSignals(True)
        wanted = set(codes)
        for i in range(self.count()):
            item = self.item(i)
            item.setCheckState(
                Qt.CheckState.Checked
                if item.data(Qt.ItemDataRole.UserRole) in wanted
                else Qt.CheckState.Unchecked
            )
        self.blockSignals(False)


def date_edit(d: date) -> DateField:
    """A required date, typed or picked: the wizards' and yearly forms' date field."""
    return DateField(d, required=True)


def pydate(q: QDate) -> date:
    """A QDate as a plain date (``toPython`` is typed as returning any object)."""
    d = q.toPython()
    assert isinstance(d, date)
    return d
