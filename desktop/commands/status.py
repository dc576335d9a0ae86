"""``pars-desktop status``: counts by state, pending work, errors and conflicts."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import TextIO

from desktop.commands import exit_codes
from desktop.models.queries.attention import attention_counts
from desktop.models.store import Store
from desktop.sync.overview import overview


def run(store: Store, *, as_json: bool, out: TextIO, today: date) -> int:
    o = overview(store, today)
    attention = attention_counts(store, today)
    if as_json:
        json.dump({**asdict(o), "attention": attention}, out, indent=2)
        out.write("\n")
    else:
        out.write("Activities by status: " + _counts(o.activities_by_status) + "\n")
        out.write("Activities by sync:   " + _counts(o.activities_by_sync) + "\n")
        out.write("Completions by state: " + _counts(o.completions_by_state) + "\n")
        out.write(f"Records waiting to send: {o.pending_changes}\n")
        if o.held_total:
            out.write(f"Kept here until fixed ({o.held_total}):\n")
            for h in o.held:
                out.write(f"    - {h['record']}: {h['state']}\n")
            if o.held_total > len(o.held):
                out.write(f"    … and {o.held_total - len(o.held)} more\n")
        out.write(
            "Needs attention: "
            + ", ".join(f"{attention[key]} {label}" for key, label in ATTENTION_LABELS.items())
            + "\n"
        )
        if o.conflicts:
            out.write(f"Conflicts to resolve ({len(o.conflicts)}): {', '.join(o.conflicts)}\n")
        if o.errors:
            out.write(f"Errors ({len(o.errors)}):\n")
            for e in o.errors:
                where = f"{e['record']} {e['field']}".strip()
                out.write(f"    - {where}: {e['message']}\n")
    return exit_codes.PROBLEMS if o.errors or o.conflicts else exit_codes.OK


ATTENTION_LABELS = {
    "unmatched": "learners PARS does not recognise",
    "held": "completions kept here until fixed",
    "rejected": "completions rejected by ACCME or a board",
    "moc_at_risk": "MOC deadlines at risk",
    "consent": "completions waiting for consent",
    "possibly_same": "pairs of learners possibly the same person",
}


def _counts(values: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(values.items())) or "none"
