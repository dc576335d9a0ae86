"""Workbooks and the tab-delimited activity template (SPEC M9, §7.1). Every cell is made safe
against formula injection first: a title like "=HYPERLINK(…)" stays text in Excel."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.exports import records
from desktop.exports.xml_batch import Exported
from desktop.models.records import ActivityRecord
from desktop.models.reference import load_reference
from desktop.models.sheets import safe_cell, safe_text
from desktop.models.store import Store

ACTIVITY_COLUMNS: tuple[tuple[str, Callable[[ActivityRecord], Any]], ...] = (
    ("Provider Activity ID", lambda r: r.provider_activity_id),
    ("ACCME Activity ID", lambda r: r.accme_activity_id or ""),
    ("Title", lambda r: r.title),
    ("Format", lambda r: _format(r.format)),
    ("Start date", lambda r: r.start_date),
    ("End date", lambda r: r.end_date),
    ("City", lambda r: r.city),
    ("State", lambda r: r.state),
    ("Country", lambda r: r.country),
    ("Providership", lambda r: r.providership.value.title() if r.providership else ""),
    ("AMA PRA Category 1 Credit", lambda r: r.ama_credits),
    ("Physician learners", lambda r: r.physician_learners),
    ("Other learners", lambda r: r.other_learners),
    ("Commercial support", lambda r: _yes_no(r.commercial_support)),
    ("Description", lambda r: r.description),
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


def _format(code: str | None) -> str:
    fmt = load_reference().format(code)
    return fmt.name if fmt else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "Yes" if value else "No"


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
    wb.save(str(path))
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
    wb.save(str(path))
    return Exported(n)


def export_activities_tab(store: Store, path: Path, year: int | None = None) -> Exported:
    """PARS's tab-delimited activity template ("Template D" field order, no header row)."""
    ref = load_reference()
    lines = []
    items = records.activities(store, year)
    for r in items:
        fmt = ref.format(r.format)
        code = fmt.legacy_codes[0] if fmt and fmt.legacy_codes else ""
        if (
            r.format == "course"
            and "live_streamed" in r.delivery_methods
            and "in_person" not in r.delivery_methods
        ):
            code = "IL"
        if r.format == "enduring":
            code = "IEM" if "online" in r.delivery_methods else "EM"
        measured = {o.measure for o in r.outcomes}
        fields: list[Any] = [
            "Template D",
            r.accme_activity_id or "",
            r.provider_activity_id,
            r.start_date.year if r.start_date else "",
            r.title,
            r.start_date.strftime("%m/%d/%Y") if r.start_date else "",
            r.city,
            r.state,
            r.country,
            r.providership.value.title() if r.providership else "",
            code,
            "",  # hours of instruction: removed by PARS in 2021
            r.physician_learners if r.physician_learners is not None else "",
            r.other_learners if r.other_learners is not None else "",
            _yes_no(r.commercial_support),
            "",
            _yes_no("Learner Competence" in measured),
            "",
            _yes_no("Learner Performance" in measured),
            "",
            _yes_no("Patient Health" in measured),
            *[""] * 7,  # sub-categories (removed)
            "; ".join(r.joint_providers),
            r.ama_credits if r.ama_credits is not None else "",
            r.description,
            *[""] * 16,  # competencies (removed)
        ]
        for s in r.support_sources:
            fields += [s.source, s.amount if s.amount is not None else "", *[""] * 6]
        lines.append("\t".join(safe_text(f) for f in fields))
    path.write_text("\r\n".join(lines) + ("\r\n" if lines else ""), encoding="utf-8")
    return Exported(len(items))
