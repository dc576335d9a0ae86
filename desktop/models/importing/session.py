"""An import from start to finish, as the dialog and the command line both run it: read the
file, recognise its kind and columns (or a saved mapping), plan, and commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.models.entities import Activity
from desktop.models.importing.columns import FIELDS, Kind, find_header_row, suggest
from desktop.models.importing.legacy_template import is_legacy_template, plan_legacy
from desktop.models.importing.mappings import load_mapping
from desktop.models.importing.plan import Cancel, ImportPlan, Progress, plan_import
from desktop.models.importing.problems import ImportProblem
from desktop.models.importing.reading import Table, read_table
from desktop.models.store import Store


@dataclass
class Prepared:
    """A file read and understood: which rows are headings, which columns are which fields."""

    path: Path
    table: Table
    kind: Kind
    header_row: int  # 0-based index into table.rows; -1 for a legacy template
    mapping: dict[str, int]
    notes: list[str] = field(default_factory=list)

    @property
    def legacy(self) -> bool:
        return self.header_row < 0

    @property
    def headings(self) -> list[Any]:
        return [] if self.legacy else list(self.table.rows[self.header_row])


def guess_kind(headings: list[Any]) -> Kind:
    """Completions when the file has completion dates, activities when it has titles and
    start dates, otherwise a list of learners."""
    scores = {k: suggest(headings, k) for k in Kind}
    if "completion_date" in scores[Kind.COMPLETIONS] and "last_name" in scores[Kind.COMPLETIONS]:
        return Kind.COMPLETIONS
    if "title" in scores[Kind.ACTIVITIES] and "start_date" in scores[Kind.ACTIVITIES]:
        return Kind.ACTIVITIES
    return Kind.LEARNERS


def prepare(
    store: Store,
    path: Path,
    kind: Kind | None = None,
    sheet: str | None = None,
    mapping_name: str | None = None,
    header_row: int | None = None,
    table: Table | None = None,
) -> Prepared:
    """Understand a file; with ``table``, the sheet already read (another header row chosen)."""
    table = table or read_table(path, sheet)
    if not table.rows:
        raise ImportProblem(f"{path.name} has no rows to import.")
    if is_legacy_template(table.rows) and kind in (None, Kind.ACTIVITIES):
        return Prepared(
            path,
            table,
            Kind.ACTIVITIES,
            -1,
            {},
            [
                "This is a legacy PARS activity template: its records are brought forward to the current fields."
            ],
        )
    guessed: Kind | None = kind
    if header_row is None:
        candidates = [kind] if kind else list(Kind)
        rows = [find_header_row(table.rows, k) for k in candidates]
        found = [h for h in rows if h is not None]
        if not found:
            names = ", ".join(f.label for f in FIELDS[kind or Kind.COMPLETIONS][:4])
            raise ImportProblem(
                f"No row of {path.name} looks like column headings (such as {names}). "
                "Add a heading row, or choose the header row yourself."
            )
        header_row = min(found)
    if header_row >= len(table.rows):
        raise ImportProblem(f"{path.name} has no row {header_row + 1}.")
    headings = list(table.rows[header_row])
    notes: list[str] = []
    if mapping_name:
        saved_kind, mapping, notes = load_mapping(store, mapping_name, headings)
        guessed = kind or saved_kind
    else:
        guessed = guessed or guess_kind(headings)
        mapping = suggest(headings, guessed)
    if header_row > 0:
        notes.append(f"Headings are in row {header_row + 1}; the rows above were skipped.")
    return Prepared(path, table, guessed, header_row, mapping, notes)


def plan(
    store: Store,
    prepared: Prepared,
    today: date,
    activity_id: int | None = None,
    progress: Progress = lambda _d, _t: None,
    cancel: Cancel = lambda: False,
) -> ImportPlan:
    if prepared.legacy:
        with store.reading() as s:
            existing = set(s.scalars(select(Activity.provider_activity_id)))
        result = plan_legacy(prepared.table.rows, existing, prepared.path.name)
    else:
        result = plan_import(
            store,
            prepared.table,
            prepared.kind,
            prepared.header_row,
            prepared.mapping,
            today,
            activity_id,
            prepared.path.name,
            progress,
            cancel,
        )
    result.notes[:0] = prepared.notes
    return result
