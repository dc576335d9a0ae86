"""Splitting a person: "these records are not this person's", from wherever a person's
records are listed (the Learners page, an activity's learners grid).

The split is planned on the database thread first, so what cannot apply (nothing chosen, two
people's records, all of a person's, records PARS holds) is refused in plain words before
anything is asked; what can is said in full — what moves, what stays, what the new person
starts with — and done as one undo step (``people_undo.SplitPerson``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.models.changes import Changes
from desktop.models.services.errors import NotAllowed, NotFound
from desktop.ui.context import AppContext
from desktop.ui.people_undo import SplitPerson
from desktop.ui.tasks import Pool

if TYPE_CHECKING:
    from desktop.models.services.people import SplitPlan

SHOWN = 8  # records listed by name in the question; the rest are counted


class PersonSplitter(QObject):
    """Asks, refuses or splits; the window hands it the chosen records."""

    split_done = Signal(int)  # how many records went to a new person

    def __init__(self, ctx: AppContext, undo_stack: QUndoStack, parent: QWidget) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._undo = undo_stack
        self._window = parent
        self._pending: SplitPerson | None = None
        self._moving = 0
        self.box: QMessageBox | None = None  # the question or refusal on screen, for tests
        ctx.bus.data_changed.connect(self._changed)

    def split(self, completion_ids: Sequence[int]) -> None:
        """Plan the split of these records off their person, then refuse or ask."""
        chosen = tuple(completion_ids)
        # On the write thread: a row saved a moment ago is part of the plan.
        self._ctx.tasks.op(
            lambda: self._ctx.core.people.split_plan(chosen),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(self._ask).failed(self._plan_failed)

    def _plan_failed(self, e: Exception) -> None:
        if isinstance(e, NotAllowed | NotFound):
            self.refuse(str(e) if isinstance(e, NotAllowed) else self.tr("That record is gone."))
        else:
            self._ctx.tasks.error.emit(e)  # unexpected: the window's error dialog and the log

    def refuse(self, message: str) -> None:
        """Say why nothing was split (OK closes it; nothing changed)."""
        box = self._box(QMessageBox.Icon.Warning, self.tr("Not split"), message, "")
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.open()

    def _ask(self, plan: SplitPlan) -> None:
        moving = len(plan.moving)
        lines = [
            f"  {m.provider_activity_id} — {m.activity_title}"
            + (f" ({m.completion_date:%m/%d/%Y})" if m.completion_date else "")
            for m in plan.moving[:SHOWN]
        ]
        if moving > SHOWN:
            lines.append(self.tr("  and %n more", "", moving - SHOWN))
        staying = self.tr("Staying with %1: %2.").replace("%1", plan.name)
        details = "\n".join(
            [
                self.tr("Moving to the new person:"),
                *lines,
                staying.replace("%2", self._records(plan.staying)),
                "",
                self.tr(
                    "The new person starts with a copy of this person's identity (names, "
                    "birthday, state, license, NPI, board IDs, consent): correct what differs "
                    "in the activity's learners. PARS matches the new person again, and the "
                    "two are not offered as possibly the same person. Undo (Ctrl+Z) takes the "
                    "split back."
                ),
            ]
        )
        question = (
            self.tr("Give %1 of %2 to a new person?")
            .replace("%1", self._records(moving))
            .replace("%2", plan.name)
        )
        box = self._box(
            QMessageBox.Icon.Question, self.tr("Not the same person"), question, details
        )
        split = box.addButton(self.tr("&Split off"), QMessageBox.ButtonRole.AcceptRole)
        box.setEscapeButton(box.addButton(QMessageBox.StandardButton.Cancel))
        box.setDefaultButton(split)
        ids = tuple(m.completion_id for m in plan.moving)
        box.buttonClicked.connect(
            lambda button: self._push(plan.person_id, ids) if button is split else None
        )
        box.open()

    def _records(self, n: int) -> str:
        return self.tr("%n record", "", n) if n == 1 else self.tr("%n records", "", n)

    def _box(self, icon: QMessageBox.Icon, title: str, text: str, details: str) -> QMessageBox:
        """A box over the window (window-modal, not blocking), opened once it has its buttons:
        a box shown without any gets an OK of its own."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, self._window)
        box.setInformativeText(details)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda *_: self._forget(box))
        self.box = box
        return box

    def _forget(self, box: QMessageBox) -> None:
        if self.box is box:
            self.box = None

    def _push(self, person_id: int, ids: tuple[int, ...]) -> None:
        command = SplitPerson(self._ctx, person_id, ids, self.refuse)
        command.setText(self.tr("Split records off to a new person"))
        self._pending, self._moving = command, len(ids)
        self._undo.push(command)

    def _changed(self, _changes: Changes, initiator: object) -> None:
        # The split's own change, once the database thread has made the new person.
        command = self._pending
        if command is not None and initiator is command and command.new_person is not None:
            self._pending = None
            self.split_done.emit(self._moving)
