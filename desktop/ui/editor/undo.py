"""Undo/redo of field edits: each command calls the service with the id and old/new values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand

from desktop.models.fields import MERGEABLE

# Typing in one text field is one undo step, not one per pause (the registry says which).
_MERGEABLE = MERGEABLE


class FieldEdit(QUndoCommand):
    def __init__(
        self,
        apply: Callable[[str, Any], None],
        activity_id: int,
        field: str,
        old: Any,
        new: Any,
        typing: bool = False,
    ) -> None:
        super().__init__(f"Edit {field.replace('_', ' ')}")
        self._apply = apply
        self.activity_id = activity_id
        self.field = field
        self.old = old
        self.new = new
        # Saved mid-typing: the next save of the same field, before it is left, joins this step.
        self.open = typing

    def id(self) -> int:
        return hash(self.field) & 0x7FFFFFFF if self.field in _MERGEABLE else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not self.open or not isinstance(other, FieldEdit):
            return False
        if other.field != self.field or other.activity_id != self.activity_id:
            return False
        self.new = other.new
        self.open = other.open
        return True

    def redo(self) -> None:
        self._apply(self.field, self.new)

    def undo(self) -> None:
        self._apply(self.field, self.old)
