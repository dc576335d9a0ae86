"""PARS's pre-2021 tab-delimited activity template ("Template D", SPEC §7.1), written for upload.

Template D predates PARS's 2021 data model: it has one activity date, a type code in place of
format and delivery, and no fields for CME Passport, MOC, REMS, MIPS or commendation tags. What
an activity holds that the template cannot carry is listed per activity, so the coordinator can
enter it in PARS after the upload.

This is a file for PARS, not for Excel: values go as they are. A leading ' (the formula guard
of the workbooks) would become part of the title PARS stores, so it is not added here; only
tabs and line breaks, which would break the file's shape, become spaces.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.exports import records
from desktop.exports.xml_batch import Exported
from desktop.models.importing.legacy_template import OTHER_BLENDED
from desktop.models.private_files import private_output
from desktop.models.records import ActivityRecord
from desktop.models.reference import load_reference
from desktop.models.store import Store

# The three "changes evaluated" answers the template has; other outcomes cannot be carried.
EVALUATED = ("Learner Competence", "Learner Performance", "Patient Health")


def type_code(r: ActivityRecord) -> str:
    """The legacy activity type code: format and, for courses and enduring materials, delivery."""
    if r.format == "course":
        live_only = "live_streamed" in r.delivery_methods and "in_person" not in r.delivery_methods
        return "IL" if live_only else "C"
    if r.format == "enduring":
        return "IEM" if "online" in r.delivery_methods else "EM"
    if r.format == "other":
        return OTHER_BLENDED
    fmt = load_reference().format(r.format)
    return fmt.legacy_codes[0] if fmt and fmt.legacy_codes else ""


def cannot_carry(r: ActivityRecord) -> list[str]:
    """What the activity holds that Template D has no field for, in words."""
    out = []
    if r.end_date and r.start_date and r.end_date != r.start_date:
        out.append(f"end date {r.end_date:%m/%d/%Y} (the template has one activity date)")
    said = _delivery_the_code_says(r)
    lost = [m for m in r.delivery_methods if m not in said]
    if lost:
        names = {d.code: d.name for d in load_reference().delivery_methods}
        kind = "a second delivery method" if said else "delivery method"
        out.append(f"{kind}: {', '.join(names.get(m, m) for m in lost)}")
    if r.passport:
        out.append("CME Passport listing (web address, fee, registration)")
    if r.moc:
        out.append("MOC registration (" + ", ".join(m.board for m in r.moc) + ")")
    if r.rems_type or r.rems_grant_id:
        out.append("REMS")
    if r.mips:
        out.append("MIPS")
    if r.commendation_tags:
        out.append("commendation tags")
    others = [o.measure for o in r.outcomes if o.measure not in EVALUATED]
    if others:
        out.append("outcome measures " + ", ".join(others))
    if any(o.objective or o.subjective for o in r.outcomes):
        out.append("how outcomes were measured (objectively/subjectively)")
    if r.enduring_counts:
        out.append("yearly enduring learner counts")
    if r.internal_id:
        out.append("internal ID")
    return out


def _delivery_the_code_says(r: ActivityRecord) -> tuple[str, ...]:
    code = type_code(r)
    return {"C": ("in_person",), "IL": ("live_streamed",), "EM": ("print_other",)}.get(
        code, ("online",) if code == "IEM" else ()
    )


def _field(value: Any) -> str:
    if value is None:
        return ""
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "Yes" if value else "No"


def template_line(r: ActivityRecord) -> str:
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
        type_code(r),
        "",  # hours of instruction: removed by PARS in 2021
        r.physician_learners,
        r.other_learners,
        _yes_no(r.commercial_support),
        # 16–21: designed to change / changes evaluated, for competence, performance, patients.
        "",
        _yes_no(EVALUATED[0] in measured),
        "",
        _yes_no(EVALUATED[1] in measured),
        "",
        _yes_no(EVALUATED[2] in measured),
        *[""] * 7,  # sub-categories (removed)
        "; ".join(r.joint_providers),
        r.ama_credits,
        r.description,
        *[""] * 16,  # competencies (removed)
    ]
    for s in r.support_sources:
        fields += [s.source, s.amount, *[""] * 6]
    return "\t".join(_field(f) for f in fields)


def export_activities_tab(store: Store, path: Path, year: int | None = None) -> Exported:
    """The activities as Template D lines (no header row, as ACCME's instructions say); the
    note lists, per activity, what the template could not carry."""
    items = records.activities(store, year)
    lines = [template_line(r) for r in items]
    with private_output(path) as f:
        f.write(("\r\n".join(lines) + ("\r\n" if lines else "")).encode("utf-8"))
    missing = [(r.provider_activity_id, cannot_carry(r)) for r in items]
    missing = [(pai, what) for pai, what in missing if what]
    note = ""
    if missing:
        note = "Template D (PARS's pre-2021 template) cannot carry these; enter them in PARS:\n" + (
            "\n".join(f"{pai}: {'; '.join(what)}" for pai, what in missing)
        )
    return Exported(len(items), note=note)
