"""Workbooks meant for Excel (SPEC M9). Every cell is made safe against formula injection first:
a title like "=HYPERLINK(…)" stays text in Excel. (PARS upload files are not guarded: see
``template_d``.)"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.exports import records
from desktop.exports.xml_batch import Exported
from desktop.models import fields as activity_fields
from desktop.models.private_files import private_output
from desktop.models.records import ActivityRecord
from desktop.models.sheets import safe_cell
from desktop.models.store import Store

# Every activity field, as the field registry heads and writes it (MOC: one column per board),
# so an exported workbook imports again as it is.
ACTIVITY_COLUMNS: tuple[tuple[str, Callable[[ActivityRecord], Any]], ...] = tuple(
    (c.heading, c.value) for c in activity_fields.columns()
)
COMPLETION_COLUMNS = (
    "First name",
    "Last name",
    "Birth (MM/DD)",
    "State of licensure",
    "License number",
    "NPI",
    "Provider Activity ID",
    "ACCME Activity ID",
    "Activity",
    "Completion date",
    "CME credits",
    "MOC points",
    "Consent to report",
    "State",
)


def _workbook(title: str, headings: list[str]) -> tuple[Any, Any]:
    from openpyxl import Workbook  # loaded on first export, not at start-up

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    ws.append(headings)
    return wb, ws


def export_activities_xlsx(store: Store, path: Path, year: int | None = None) -> Exported:
    wb, ws = _workbook("Activities", [h for h, _ in ACTIVITY_COLUMNS])
    items = records.activities(store, year)
    for r in items:
        ws.append([safe_cell(get(r)) for _, get in ACTIVITY_COLUMNS])
    with private_output(path) as f:
        wb.save(f)
    return Exported(len(items))


def export_completions_xlsx(store: Store, path: Path, year: int | None = None) -> Exported:
    wb, ws = _workbook("Learner completions", list(COMPLETION_COLUMNS))
    n = 0
    for row in records.completions(store, year):
        lr, c = row.learner, row.completion
        cme = next((k.points for k in c.credits if k.board is None), None)
        moc = "; ".join(
            f"{k.board} {k.points}" + (f" ({k.credit_type})" if k.credit_type else "")
            for k in c.credits
            if k.board
        )
        consent = {"given": "Yes", "refused": "No (not sent)"}.get(lr.consent or "", "Not asked")
        birth = (
            f"{lr.birth_month:02d}/{lr.birth_day:02d}" if lr.birth_month and lr.birth_day else ""
        )
        ws.append(
            [
                safe_cell(v)
                for v in (
                    lr.first_name,
                    lr.last_name,
                    birth,
                    lr.license_state,
                    lr.license_number,
                    lr.npi,
                    row.provider_activity_id,
                    row.accme_activity_id or "",
                    row.activity_title,
                    c.completion_date,
                    cme,
                    moc,
                    consent,
                    row.state,
                )
            ]
        )
        n += 1
    with private_output(path) as f:
        wb.save(f)
    return Exported(n)
