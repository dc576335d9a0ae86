"""A date field that takes typing: MM/DD/YYYY (also M/D/YY, M/D/YYYY, YYYY-MM-DD).

Empty shows a placeholder; Delete or Backspace on a shown date clears it; F4, Alt+Down or the
calendar button opens a calendar at the date, or at the month the form suggests (never 1900).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QKeyEvent, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit

from desktop.ui.fields.typed import parse_typed_date
from desktop.ui.fields.typed_line import TypedLine


def calendar_icon(ink: QColor) -> QIcon:
    """A small calendar page: Qt's styles have no calendar icon of their own."""
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setPen(ink)
    p.drawRect(1, 2, 13, 12)
    p.fillRect(1, 2, 14, 4, ink)
    for row in (8, 11):
        for col in (3, 6, 9, 12):
            p.fillRect(col, row, 2, 2, ink)
    p.end()
    return QIcon(pixmap)


def show_date(value: date | None) -> str:
    return "" if value is None else f"{value:%m/%d/%Y}"


class DateField(TypedLine):
    """An optional date; with ``required`` an empty field is a problem and saves nothing."""

    def __init__(self, value: date | None = None, required: bool = False) -> None:
        super().__init__()
        self.required = required
        self._value = value
        self._anchor: Callable[[], date | None] = lambda: None
        self.setPlaceholderText("MM/DD/YYYY")
        self.calendar_action = QAction(
            calendar_icon(self.palette().color(QPalette.ColorRole.Text)), "", self
        )
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip(self.tr("Calendar (F4)"))
        self.calendar_action.triggered.connect(self.open_calendar)
        self.calendar: QCalendarWidget | None = None
        self.show_text(show_date(value))

    def value(self) -> date | None:
        return self._value

    def day(self) -> date:
        """The date of a required field (one that was given a date to start from), with what
        is typed in it taken first."""
        self.take_typing()
        assert self._value is not None, "a required DateField starts with a date"
        return self._value

    def set_value(self, value: date | None) -> None:
        """Show a stored date (silent: ``edited`` is for the person's changes)."""
        if not (self.hasFocus() and self.isModified()):
            self._value = value
        self.show_text(show_date(value))

    def set_anchor(self, anchor: Callable[[], date | None]) -> None:
        """Where the calendar opens when the field is empty (e.g. the activity's start)."""
        self._anchor = anchor

    def read(self) -> str:
        value = parse_typed_date(self.text())
        if value is None and self.required:
            raise ValueError(self.tr("Enter a date (MM/DD/YYYY)."))
        if value is not None and not 1900 < value.year < 2200:
            raise ValueError(
                self.tr("“%1” is not a year PARS takes.").replace("%1", str(value.year))
            )
        self._value = value
        # Show it the one way the app writes dates, now that it is read.
        self.setText(show_date(value))
        self._shown = self.text()
        return ""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 or (
            key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier
        ):
            self.open_calendar()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not self.isModified():
            # A shown date is one value: the key clears it rather than one digit of it.
            self.clear()
            self.setModified(True)
            return
        super().keyPressEvent(event)

    # --- the calendar --------------------------------------------------------------------------

    def calendar_start(self) -> date:
        """The date the calendar opens at: the value, else the anchor, else today."""
        return self._value or self._anchor() or date.today()

    def open_calendar(self) -> None:
        if self.calendar is None:
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setGridVisible(True)
            self.calendar.activated.connect(self._picked)
            self.calendar.clicked.connect(self._picked)
        start = self.calendar_start()
        self.calendar.setSelectedDate(QDate(start))
        self.calendar.setCurrentPage(start.year, start.month)
        self.calendar.adjustSize()
        self.calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, day: QDate) -> None:
        if self.calendar is not None:
            self.calendar.hide()
        self.setFocus()
        self.setText(show_date(date(day.year(), day.month(), day.day())))
        self.setModified(True)
        self._commit_if_changed()
