"""The right-click menu of a list of records, also opened from the keyboard.

Qt opens a context menu for the Menu key only where the platform says so (not Shift+F10 on
Linux, nor on keyboards without a Menu key); here both open it at the current row, so every
action on chosen records is reachable without a mouse.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QMenu


class RecordMenu(QObject):
    """Pops up the menu ``fill`` builds, at the mouse or at the view's current cell."""

    def __init__(self, view: QAbstractItemView, fill: Callable[[QMenu], None]) -> None:
        super().__init__(view)
        self._view = view
        self._fill = fill
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self.popup)
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            shift_f10 = (
                event.key() == Qt.Key.Key_F10
                and event.modifiers() == Qt.KeyboardModifier.ShiftModifier
            )
            if event.key() == Qt.Key.Key_Menu or shift_f10:
                cell = self._view.visualRect(self._view.currentIndex())
                self.popup(cell.center() if cell.isValid() else QPoint(0, 0))
                return True
        return False

    def popup(self, pos: QPoint) -> QMenu | None:
        """The menu at ``pos`` (viewport coordinates), unless it would be empty."""
        menu = QMenu(self._view)
        self._fill(menu)
        if menu.isEmpty():
            menu.deleteLater()
            return None
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(self._view.viewport().mapToGlobal(pos))
        return menu
