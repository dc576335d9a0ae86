"""The learner directory's actions on chosen records, from wherever records are listed (the
Learners page, an activity's learners grid): "not the same person" splits them off to a new
person; "same person" merges the two people they belong to.

Each is planned on the database thread first, so what cannot apply (nothing chosen, two
people's records for a split, all of a person's, records PARS holds; not two people, or two
NPIs, for a merge) is refused in plain words before anything is asked; what can is said in
full — what moves, what stays — and done as one undo step (``people_undo``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.models.changes import Changes
from desktop.models.services.errors import NotAllowed, NotFound
from desktop.ui.context import AppContext
from desktop.ui.people_undo import MergePeople, SplitPerson
from desktop.ui.tasks import Pool

if TYPE_CHECKING:
    from desktop.models.services.people import MergePlan, PersonRecords, SplitPlan

SHOWN = 8  # records listed by name in the question; the rest are counted


class PersonActions(QObject):
    """Asks, refuses, splits or merges; the window hands it the chosen records."""

    done = Signal(str)  # what was done, in words for the status bar

    def __init__(self, ctx: AppContext, undo_stack: QUndoStack, parent: QWidget) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._undo = undo_stack
        self._window = parent
        self._pending: tuple[SplitPerson | MergePeople, str] | None = None
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
        ).done(self._ask_split).failed(lambda e: self._plan_failed(self.tr("Not split"), e))

    def merge(self, completion_ids: Sequence[int]) -> None:
        """Plan the merge of the two people these records belong to, then refuse or ask."""
        chosen = tuple(completion_ids)
        self._ctx.tasks.op(
            lambda: self._ctx.core.people.merge_plan(chosen),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(self._ask_merge).failed(lambda e: self._plan_failed(self.tr("Not merged"), e))

    def _plan_failed(self, title: str, e: Exception) -> None:
        if isinstance(e, NotAllowed | NotFound):
            self.refuse(
                title, str(e) if isinstance(e, NotAllowed) else self.tr("That record is gone.")
            )
        else:
            self._ctx.tasks.error.emit(e)  # unexpected: the window's error dialog and the log

    def refuse(self, title: str, message: str) -> None:
        """Say why nothing was done (OK closes it; nothing changed)."""
        box = self._box(QMessageBox.Icon.Warning, title, message, "")
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.open()

    def _ask_split(self, plan: SplitPlan) -> None:
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
        ids = tuple(m.completion_id for m in plan.moving)
        self._answer(box, self.tr("&Split off"), lambda: self._split(plan.person_id, ids))

    def _ask_merge(self, plan: MergePlan) -> None:
        into, other = self._person(plan.into), self._person(plan.other)
        question = (
            self.tr("Merge %1 and %2 into one person?").replace("%1", into).replace("%2", other)
        )
        details = (
            self.tr(
                "%1 keeps their identity and takes the other's %2, with what they lack of "
                "the other's NPI, license number, board IDs and consent. The other person "
                "goes. Undo (Ctrl+Z) takes the merge back."
            )
            .replace("%1", into)
            .replace("%2", self._records(plan.other.records))
        )
        box = self._box(QMessageBox.Icon.Question, self.tr("Same person"), question, details)
        self._answer(box, self.tr("&Merge"), lambda: self._merge(plan.into.id, plan.other.id))

    def _person(self, p: PersonRecords) -> str:
        return f"{p.name} ({p.license_state or '—'}, {self._records(p.records)})"

    def _answer(self, box: QMessageBox, verb: str, then: Callable[[], None]) -> None:
        """The action's own button (Enter) and Cancel (Escape); opens the box."""
        act = box.addButton(verb, QMessageBox.ButtonRole.AcceptRole)
        box.setEscapeButton(box.addButton(QMessageBox.StandardButton.Cancel))
        box.setDefaultButton(act)
        box.buttonClicked.connect(lambda button: then() if button is act else None)
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

    def _split(self, person_id: int, ids: tuple[int, ...]) -> None:
        command = SplitPerson(
            self._ctx, person_id, ids, lambda m: self.refuse(self.tr("Not split"), m)
        )
        command.setText(self.tr("Split records off to a new person"))
        said = (
            self.tr("1 record went to a new person.")
            if len(ids) == 1
            else self.tr("%n records went to a new person.", "", len(ids))
        )
        self._push(
            command,
            said
            + " "
            + self.tr("Correct their identity in the activity's learners; Ctrl+Z takes it back."),
        )

    def _merge(self, into: int, other: int) -> None:
        command = MergePeople(
            self._ctx, into, other, lambda m: self.refuse(self.tr("Not merged"), m)
        )
        self._push(command, self.tr("Two people merged into one; Ctrl+Z takes it back."))

    def _push(self, command: SplitPerson | MergePeople, said: str) -> None:
        self._pending = (command, said)
        self._undo.push(command)

    def _changed(self, _changes: Changes, initiator: object) -> None:
        # The action's own change, once the database thread has done it.
        if self._pending is None:
            return
        command, said = self._pending
        if initiator is command and command.done:
            self._pending = None
            self.done.emit(said)
