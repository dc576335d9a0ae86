"""Shown above an instance of a repeat series: which series, and — once shared content was
edited here — an offer to apply the same change to every other instance that is not Closed."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.models.copying import SHARED_FIELDS
from desktop.ui.context import AppContext
from desktop.ui.tasks import Pool

if TYPE_CHECKING:
    from desktop.models.services.series import SeriesInfo


class SeriesBar(QWidget):
    def __init__(self, ctx: AppContext, ask: Callable[[str, str], bool]) -> None:
        super().__init__()
        self._ctx = ctx
        self._ask = ask
        self.info: SeriesInfo | None = None
        self.activity_id: int | None = None
        self.changed: dict[str, Any] = {}
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.apply = QPushButton(self.tr("Apply to the other instances…"))
        self.apply.clicked.connect(self.apply_changes)
        self.setStyleSheet("background: #e8f0fe; padding: 3px")
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(self.text, 1)
        row.addWidget(self.apply)
        self.setVisible(False)

    def show_series(self, activity_id: int, info: SeriesInfo | None) -> None:
        self.activity_id, self.info, self.changed = activity_id, info, {}
        self.setVisible(info is not None)
        self._refresh()

    def edited(self, field: str, value: Any) -> None:
        """A field of this instance was saved: shared content may go to the others too."""
        if self.info is not None and field in SHARED_FIELDS:
            self.changed[field] = value
            self._refresh()

    def _refresh(self) -> None:
        info = self.info
        if info is None:
            return
        others = info.open_members(but=self.activity_id)
        text = (
            self.tr("One of %1 instances of the series “%2”.")
            .replace("%1", str(len(info.members)))
            .replace("%2", info.name)
        )
        if self.changed:
            fields = ", ".join(f.replace("_", " ") for f in sorted(self.changed))
            text += " " + self.tr("You changed %1 here.").replace("%1", fields)
        self.text.setText(text)
        self.apply.setVisible(bool(self.changed))
        self.apply.setEnabled(bool(others))

    def apply_changes(self) -> None:
        info, values = self.info, dict(self.changed)
        if info is None or not values:
            return
        others = info.open_members(but=self.activity_id)
        closed = len(info.members) - 1 - len(others)
        question = (
            self.tr("Apply %1 to the %2 other instances that are not Closed?")
            .replace("%1", ", ".join(f.replace("_", " ") for f in sorted(values)))
            .replace("%2", str(len(others)))
        )
        if closed:
            question += " " + self.tr("%1 Closed instance(s) stay as they are.").replace(
                "%1", str(closed)
            )
        if not self._ask(self.tr("Apply to the series?"), question):
            return
        series_id, but = info.id, self.activity_id

        def done(result: Any) -> None:
            changes, skipped = result
            self.changed = {}
            self.text.setText(
                self.tr("Applied to %1 instances.").replace("%1", str(len(changes.activities)))
                + (
                    " " + self.tr("Skipped as Closed: %1.").replace("%1", ", ".join(skipped))
                    if skipped
                    else ""
                )
            )
            self.apply.setVisible(False)

        self._ctx.tasks.op(
            lambda: self._ctx.core.series.apply_shared(series_id, values, but),
            owner=self,
            pool=Pool.WRITE,
            publish=True,
        ).done(done)
