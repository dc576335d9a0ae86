"""One typed application signal: what changed, and who changed it (so views refresh only that)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.models.changes import Changes


class DataBus(QObject):
    data_changed = Signal(object, object)  # (Changes, initiator or None)

    def publish(self, changes: Changes, initiator: object = None) -> None:
        if not changes.empty:
            self.data_changed.emit(changes, initiator)
