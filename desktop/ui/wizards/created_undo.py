"""Undo of a wizard's Finish: the activities it created go again, as one step (and come back on
redo). Both run on the database thread; the bus tells every view."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from desktop.models.changes import Changes
from desktop.ui.context import AppContext
from desktop.ui.tasks import Pool


class CreatedActivities(QUndoCommand):
    def __init__(
        self,
        ctx: AppContext,
        text: str,
        remove: Callable[[], Changes],
        recreate: Callable[[], Changes],
        report: Callable[[str], object],
    ) -> None:
        super().__init__(text)
        self._ctx = ctx
        self._remove = remove
        self._recreate = recreate
        self._report = report
        self._done = True  # pushed after Finish has already created them

    def redo(self) -> None:
        if self._done:
            return
        self._done = True
        self._run(self._recreate)

    def undo(self) -> None:
        self._done = False
        self._run(self._remove)

    def _run(self, work: Callable[[], Changes]) -> None:
        # One database thread runs jobs in order, so an undo and a redo pressed in quick
        # succession happen in that order too. The op publishes the changes itself.
        self._ctx.tasks.op(work, owner=self, pool=Pool.WRITE).failed(self._failed)

    def _failed(self, e: Exception) -> None:
        self._report(str(e))
