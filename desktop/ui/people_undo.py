"""Undo for the learner directory's actions: merging two people, splitting records off to a
new person, keeping two apart. Each command holds ids (and what the service returned to take
its action back), runs on the database thread, and tells every view through the bus."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from desktop.models.changes import Changes
from desktop.ui.context import AppContext
from desktop.ui.tasks import Pool

if TYPE_CHECKING:
    from desktop.models.services.people import Merged


class _PeopleCommand(QUndoCommand):
    def __init__(self, ctx: AppContext, text: str, report: Callable[[str], object]) -> None:
        super().__init__(text)
        self._ctx = ctx
        self._report = report

    def _run(self, work: Callable[[], Any], then: Callable[[Any], Changes]) -> None:
        # One database thread runs jobs in order: an undo pressed right after a redo waits
        # for it, so the ids it needs are there.
        def finished(result: Any) -> None:
            self._ctx.bus.publish(then(result), self)

        def failed(e: Exception) -> None:
            self._report(str(e))

        # Not published by the op: ``then`` words the change (it also keeps the new ids).
        self._ctx.tasks.op(work, owner=None, pool=Pool.WRITE, publish=False).done(finished).failed(
            failed
        )


class MergePeople(_PeopleCommand):
    """``other`` becomes ``into``: one person with both people's records."""

    def __init__(
        self, ctx: AppContext, into: int, other: int, report: Callable[[str], object]
    ) -> None:
        super().__init__(ctx, "Merge two learners into one person", report)
        self._into, self._other = into, other
        self._merged: list[Merged] = []  # filled by the database thread's answer

    @property
    def done(self) -> bool:
        """Whether the merge has been made (the database thread answered)."""
        return bool(self._merged)

    def redo(self) -> None:
        def kept(result: tuple[Merged, Changes]) -> Changes:
            self._merged[:] = [result[0]]
            return result[1]

        self._run(lambda: self._ctx.core.people.merge(self._into, self._other), kept)

    def undo(self) -> None:
        merged = self._merged

        def work() -> Changes:
            if not merged:
                return Changes()  # the merge was refused: nothing to take back
            return self._ctx.core.people.unmerge(merged[0])

        self._run(work, lambda changes: changes)


class SplitPerson(_PeopleCommand):
    """Some of a person's records go to a new person (same identity, to be corrected)."""

    def __init__(
        self,
        ctx: AppContext,
        person: int,
        completions: Sequence[int],
        report: Callable[[str], object],
    ) -> None:
        super().__init__(ctx, "Give records to another person", report)
        self._person = person
        self._completions = tuple(completions)
        self._new: list[int] = []

    @property
    def new_person(self) -> int | None:
        return self._new[0] if self._new else None

    @property
    def done(self) -> bool:
        """Whether the split has been made (the database thread answered)."""
        return bool(self._new)

    def redo(self) -> None:
        def made(result: tuple[int, Changes]) -> Changes:
            self._new[:] = [result[0]]
            return result[1]

        self._run(lambda: self._ctx.core.people.split(self._person, self._completions), made)

    def undo(self) -> None:
        new = self._new

        def work() -> Changes:
            return self._ctx.core.people.unsplit(self._person, new[0]) if new else Changes()

        self._run(work, lambda changes: changes)


class KeepApart(_PeopleCommand):
    """Two people who are not one: no longer shown as possibly the same."""

    def __init__(self, ctx: AppContext, a: int, b: int, report: Callable[[str], object]) -> None:
        super().__init__(ctx, "Keep two learners apart", report)
        self._a, self._b = a, b

    def redo(self) -> None:
        self._run(lambda: self._ctx.core.people.keep_apart(self._a, self._b), lambda c: c)

    def undo(self) -> None:
        self._run(lambda: self._ctx.core.people.stop_keeping_apart(self._a, self._b), lambda c: c)
