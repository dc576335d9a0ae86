"""What can be wrong with an import, said so a coordinator can fix it, and each row's verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.models.importing.assigned import Marker


class ImportProblem(Exception):
    """The file as a whole cannot be imported (unreadable, empty, no header…); nothing is."""


@dataclass(frozen=True)
class CellProblem:
    """One thing wrong with one row: where (the file's row number and column) and what."""

    row: int
    column: str  # the file's column heading (or letter when it has none)
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"Row {self.row}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass
class RowResult:
    row: int  # the file's row number, as the coordinator sees it in Excel
    cells: list[Any]
    record: Any = (
        None  # (LearnerRecord, activity id, CompletionRecord) | LearnerRecord | ActivityRecord
    )
    problems: list[CellProblem] = field(default_factory=list)
    warnings: list[CellProblem] = field(default_factory=list)
    # Activity fields the import filled in or left to choose: field → (Marker, what it did).
    markers: dict[str, tuple[Marker, str]] = field(default_factory=dict)

    def mark(self, field_name: str, kind: Marker, note: str) -> None:
        """Record a filled-in value; the coordinator sees it as a warning and, after the
        import, as a marker on the field until confirmed or changed."""
        self.markers[field_name] = (kind, note)
        prefix = "Assigned on import" if kind is Marker.ASSIGNED else "Needs your choice"
        self.warnings.append(CellProblem(self.row, "", f"{prefix}: {note}.", warning=True))

    @property
    def ok(self) -> bool:
        return not self.problems
