"""Small input widgets that can say "not set" — PARS distinguishes unanswered from No or 0.

Each has ``value()``, ``set_value()`` (silent: no signal) and ``edited`` (user changes only).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
)

NOT_SET_DATE = QDate(1900, 1, 1)


class OptionalDate(QDateEdit):
    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setCalendarPopup(True)
        self.setDisplayFormat("MM/dd/yyyy")
        self.setMinimumDate(NOT_SET_DATE)
        self.setSpecialValueText(self.tr("Not set"))
        self.setDate(NOT_SET_DATE)
        self.dateChanged.connect(
            lambda _d: self.edited.emit() if not self.signalsBlocked() else None
        )

    def value(self) -> date | None:
        d = self.date()
        return None if d == NOT_SET_DATE else pydate(d)

    def set_value(self, value: date | None) -> None:
        self.blockSignals(True)
        self.setDate(NOT_SET_DATE if value is None else QDate(value))
        self.blockSignals(False)


class OptionalDecimal(QDoubleSpinBox):
    """0 means "not set": PARS credits and points are always more than 0."""

    edited = Signal()

    def __init__(self, step: float = 0.25, maximum: float = 999.75) -> None:
        super().__init__()
        self.setDecimals(2)
        self.setSingleStep(step)
        self.setRange(0, maximum)
        self.setSpecialValueText(self.tr("Not set"))
        self.valueChanged.connect(lambda _v: self.edited.emit())

    def decimal(self) -> Decimal | None:
        v = self.value()
        return None if v == 0 else Decimal(str(round(v, 2))).normalize()

    def set_decimal(self, value: Decimal | None) -> None:
        self.blockSignals(True)
        self.setValue(float(value) if value is not None else 0)
        self.blockSignals(False)


class OptionalCount(QSpinBox):
    """-1 means "not set": 0 learners is a real answer."""

    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setRange(-1, 10_000_000)
        self.setSpecialValueText(self.tr("Not set"))
        self.setValue(-1)
        self.valueChanged.connect(lambda _v: self.edited.emit())

    def count(self) -> int | None:
        return None if self.value() < 0 else self.value()

    def set_count(self, value: int | None) -> None:
        self.blockSignals(True)
        self.setValue(-1 if value is None else value)
        self.blockSignals(False)


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


def date_edit(d: date) -> QDateEdit:
    """A required date, US style, with a calendar: the wizards' and yearly forms' date field."""
    edit = QDateEdit(QDate(d))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("MM/dd/yyyy")
    return edit


def pydate(q: QDate) -> date:
    """A QDate as a plain date (``toPython`` is typed as returning any object)."""
    d = q.toPython()
    assert isinstance(d, date)
    return d
