"""PARS's legacy tab-delimited activity templates (SPEC §7.1): "Template D" (2015–2021) and
"Template C" (2014). No header row (or a numbered one some exporters add); fixed positions.

Records are brought forward the way ACCME migrated its own data in November 2021, and every
value filled in that way is reported as "assigned on import" so the coordinator can review it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from desktop.models import coerce
from desktop.models.importing.assigned import Marker, migrated_end_date, takes_start_as_end
from desktop.models.importing.columns import Kind
from desktop.models.importing.plan import ImportPlan, RowResult
from desktop.models.importing.problems import CellProblem
from desktop.models.records import ActivityRecord, Outcome, Providership, SupportKind, SupportSource
from desktop.models.reference import load_reference

# 1-based field positions of Template D; Template C has 8 more after field 15 and 3 after 31.
D = {
    "template": 1,
    "accme_id": 2,
    "provider_id": 3,
    "year": 4,
    "title": 5,
    "date": 6,
    "city": 7,
    "state": 8,
    "country": 9,
    "providership": 10,
    "type": 11,
    "physicians": 13,
    "others": 14,
    "support": 15,
    "changes_competence": 17,
    "changes_performance": 19,
    "changes_patients": 21,
    "joint": 29,
    "credits": 30,
    "description": 31,
}
D_FIXED = 47  # fields before the per-supporter groups of 8
# Other/Blended Learning's type code (PARS added the format in 2018; the reference data has no
# legacy code for it). Not confirmed against ACCME's template instructions, which could not be
# consulted here: the exporter writes it and this reader takes it back.
OTHER_BLENDED = "OBL"
# Legacy type code → (current format, delivery methods) — ACCME's 2021 migration.
DELIVERY = {
    "C": ("in_person",),
    "IL": ("live_streamed",),
    "EM": ("print_other",),
    "IEM": ("online",),
}
OUTCOMES = (
    ("changes_competence", "Learner Competence"),
    ("changes_performance", "Learner Performance"),
    ("changes_patients", "Patient Health"),
)
_NUMBERED = re.compile(r"\s*1\s*[.)]\s*template", re.IGNORECASE)


def is_legacy_template(rows: Sequence[Sequence[Any]]) -> bool:
    """Recognised by shape: the first filled row names a template, or numbers the fields."""
    for row in rows[:5]:
        first = coerce.clean(row[0] if row else "")
        if not first:
            continue
        return bool(
            re.fullmatch(r"template\s*[cd]", first, re.IGNORECASE) or _NUMBERED.match(first)
        )
    return False


def plan_legacy(
    rows: Sequence[Sequence[Any]], existing_pai: set[str], source_name: str = ""
) -> ImportPlan:
    ref = load_reference()
    plan = ImportPlan(Kind.ACTIVITIES, source_name, [], 0, {}, [])
    seen: dict[str, int] = {}
    for n, raw in enumerate(rows, start=1):
        cells = [coerce.clean(c) for c in raw]
        if not any(cells):
            plan.blank_rows += 1
            continue
        if _NUMBERED.match(cells[0]):
            plan.notes.append(f"Row {n} numbers the template's fields; it was skipped.")
            continue
        result = RowResult(n, list(raw))
        plan.rows.append(result)
        template = cells[0].casefold().replace(" ", "")
        if template not in ("templated", "templatec"):
            result.problems.append(
                CellProblem(n, "field 1", f"“{cells[0]}” is not Template C or Template D.")
            )
            continue
        pos = dict(D)
        if template == "templatec":
            for k, v in pos.items():
                pos[k] = v + (8 if v > 15 else 0) + (3 if v > 31 else 0)
        fixed = D_FIXED + (11 if template == "templatec" else 0)

        row = _Row(n, cells, pos, result)
        cell, problem, mark = row.cell, row.problem, result.mark

        code = cell("type").upper()
        fmt = ref.format_for_legacy_code(code) or (
            ref.format("other") if code == OTHER_BLENDED else None
        )
        if fmt is None:
            problem(
                "type",
                f"“{cell('type')}” is not a legacy activity type (C, IL, RSS, EM, IEM, JN, MR, TIW, CML, PI, ISL, LFT, OBL).",
            )
            continue
        try:
            start = coerce.parse_date(cell("date"))
        except ValueError as e:
            problem("date", f"{e}.")
            continue
        if start is None:
            problem("date", "The activity date is missing.")
            continue
        year = _year(cell("year"))
        end = migrated_end_date(fmt, start, year)
        if takes_start_as_end(fmt):
            mark("end_date", Marker.ASSIGNED, f"end date {end:%m/%d/%Y} (the activity date)")
        else:
            mark(
                "end_date",
                Marker.ASSIGNED,
                f"end date {end:%m/%d/%Y} (December 31 of the reporting year, within the "
                f"{fmt.name}'s limit)",
            )
        title = cell("title")
        description = cell("description")
        if not description and title:
            description = title
            mark("description", Marker.ASSIGNED, "description = the title")
        parsed: dict[str, Any] = {}
        for key, parse in (
            ("credits", coerce.parse_decimal),
            ("physicians", _count),
            ("others", _count),
            ("support", coerce.parse_yes_no),
            *((key, coerce.parse_yes_no) for key, _ in OUTCOMES),
        ):
            try:
                parsed[key] = parse(cell(key))
            except ValueError as e:
                problem(key, f"{e}.")
        if result.problems:
            continue
        credits, physicians, others, support = (
            parsed["credits"],
            parsed["physicians"],
            parsed["others"],
            parsed["support"],
        )
        changes = {key: parsed[key] for key, _ in OUTCOMES}
        # The template says what was evaluated, not how: objective/subjective is left open.
        outcomes = tuple(Outcome(measure) for key, measure in OUTCOMES if changes[key])
        if outcomes:
            mark(
                "outcomes",
                Marker.CHOOSE,
                "outcome measures from “changes evaluated”: "
                + ", ".join(o.measure for o in outcomes)
                + " — choose how each was measured (objectively and/or subjectively)",
            )
        sources = []
        for start_i in range(fixed, len(cells), 8):
            group = cells[start_i : start_i + 8]
            if not any(group):
                continue
            amount = group[1].replace("$", "").replace(",", "") if len(group) > 1 else ""
            if amount and amount.replace(".", "", 1).isdigit() and float(amount) > 0:
                sources.append(SupportSource(group[0], SupportKind.MONETARY, int(float(amount))))
            else:
                sources.append(SupportSource(group[0], SupportKind.IN_KIND))
        ship = {"direct": Providership.DIRECT, "joint": Providership.JOINT}.get(
            cell("providership").casefold()
        )
        pai = cell("provider_id")
        record = ActivityRecord(
            provider_activity_id=pai,
            title=title,
            description=description,
            format=fmt.code,
            delivery_methods=DELIVERY.get(code, ()),
            start_date=start,
            end_date=end,
            city=cell("city"),
            state=cell("state").upper(),
            country=cell("country").upper(),
            providership=ship,
            joint_providers=tuple(p.strip() for p in cell("joint").split(";") if p.strip()),
            ama_credits=credits,
            passport=False,
            commercial_support=support,
            support_sources=tuple(sources),
            physician_learners=physicians,
            other_learners=others,
            outcomes=outcomes,
        )
        if code in DELIVERY:
            mark(
                "delivery_methods",
                Marker.ASSIGNED,
                f"{fmt.name} delivered {', '.join(record.delivery_methods)} (type {code})",
            )
        elif fmt.delivery_methods:
            # The 2021 migration did not know how an RSS or a journal was delivered either.
            mark(
                "delivery_methods",
                Marker.CHOOSE,
                f"how the {fmt.name} is delivered (type {code} does not say)",
            )
        mark("passport", Marker.ASSIGNED, "CME Passport: No (not registered for MOC, REMS or MIPS)")
        if pai and pai in existing_pai:
            problem("provider_id", f"There is already an activity “{pai}” in your store.")
            continue
        if pai and pai in seen:
            problem("provider_id", f"Row {seen[pai]} has the same Provider Activity ID.")
            continue
        if pai:
            seen[pai] = n
        result.record = record
    return plan


class _Row:
    """One template line: its cells by field name, and where to say what is wrong."""

    def __init__(self, n: int, cells: list[str], pos: dict[str, int], result: RowResult) -> None:
        self.n, self.cells, self.pos, self.result = n, cells, pos, result

    def cell(self, key: str) -> str:
        i = self.pos[key] - 1
        return self.cells[i] if i < len(self.cells) else ""

    def problem(self, key: str, message: str) -> None:
        where = f"field {self.pos[key]} ({key.replace('_', ' ')})"
        self.result.problems.append(CellProblem(self.n, where, message))


def _year(text: str) -> int | None:
    """The template's reporting year, when it holds a plausible one."""
    return int(text) if text.isdigit() and 1990 <= int(text) <= 2100 else None


def _count(text: str) -> int | None:
    value = coerce.parse_decimal(text)
    if value is None:
        return None
    if value < 0 or value != value.to_integral_value():
        raise ValueError(f"“{text}” is not a whole number")
    return int(value)
