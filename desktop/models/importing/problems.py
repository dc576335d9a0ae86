"""What can be wrong with an import, said so a coordinator can fix it."""

from __future__ import annotations

from dataclasses import dataclass


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
