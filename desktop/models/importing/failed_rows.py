"""The rows an import could not take, as a workbook to fix and import again: the file's own
columns as they were, plus a column saying what is wrong with each row."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop.models.importing.plan import ImportPlan, RowResult
from desktop.models.private_files import private_output
from desktop.models.sheets import safe_cell


def write_failed_rows(plan: ImportPlan, path: Path) -> int:
    from openpyxl import Workbook  # loaded on first export, not at start-up

    failed: Sequence[RowResult] = plan.failed
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Rows to fix")
    width = max([len(plan.headings), *(len(r.cells) for r in failed)])
    headings: list[Any] = [*plan.headings, *[""] * (width - len(plan.headings))]
    ws.append([safe_cell(h) for h in headings] + ["Row in the original file", "What to fix"])
    for r in failed:
        cells = [*r.cells, *[None] * (width - len(r.cells))]
        fixes = "; ".join((f"{p.column}: " if p.column else "") + p.message for p in r.problems)
        ws.append([safe_cell(c) for c in cells] + [r.row, fixes])
    path.parent.mkdir(parents=True, exist_ok=True)
    with private_output(path) as f:  # learner data: owner-only
        wb.save(f)
    return len(failed)
