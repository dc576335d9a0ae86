"""The fields an import filled in, shown above the editor until the coordinator reviews each one
(SPEC §7.1): Confirm accepts an assigned value; a value left to choose takes the cursor there."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.models.importing.assigned import FIELD_LABELS, Marker, ReviewMarker

FLAG = "⚑ "  # put before a marked field's label in the form


class ImportReviewBar(QFrame):
    confirmed = Signal(str)  # an assigned field the coordinator accepts as it is
    go_to = Signal(str)  # a field to choose a value for

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("importReview")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#importReview { background: #fff4d6; }")
        self.markers: dict[str, ReviewMarker] = {}
        self.heading = QLabel(self.tr("<b>Assigned on import, not yet reviewed</b>"))
        self._rows = QWidget()
        self._grid = QGridLayout(self._rows)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self._rows)
        self.setVisible(False)

    def show_markers(self, markers: dict[str, ReviewMarker]) -> None:
        self.markers = dict(markers)
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        for i, m in enumerate(markers.values()):
            name = self.tr(FIELD_LABELS.get(m.field, m.field.replace("_", " ").capitalize()))
            if m.kind is Marker.ASSIGNED:
                text = self.tr("Assigned on import — %2")
                button = QPushButton(self.tr("Confirm %1").replace("%1", name.lower()))
                button.clicked.connect(lambda _c=False, f=m.field: self.confirmed.emit(f))
            else:
                text = self.tr("Needs your choice — %2")
                button = QPushButton(self.tr("Choose %1…").replace("%1", name.lower()))
                button.clicked.connect(lambda _c=False, f=m.field: self.go_to.emit(f))
            label = QLabel(text.replace("%2", m.note))
            label.setWordWrap(True)
            self._grid.addWidget(label, i, 0)
            self._grid.addWidget(button, i, 1)
            self.buttons[m.field] = button
        self.setVisible(bool(markers))

    def tooltip_for(self, field: str) -> str:
        """What a marked field's own tooltip says; empty when the field is not marked."""
        m = self.markers.get(field)
        if m is None:
            return ""
        if m.kind is Marker.ASSIGNED:
            return self.tr("Assigned on import, not yet reviewed: %1").replace("%1", m.note)
        return self.tr("Needs your choice (the import could not tell): %1").replace("%1", m.note)
