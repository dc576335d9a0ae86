"""``pars-desktop status``: counts by state, pending work, errors and conflicts."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from typing import TextIO

from desktop.commands import exit_codes
from desktop.models.store import Store
from desktop.sync.overview import overview


def run(store: Store, *, as_json: bool, out: TextIO, today: date) -> int:
    o = overview(store, today)
    if as_json:
        json.dump(asdict(o), out, indent=2)
        out.write("\n")
    else:
        out.write("Activities by status: " + _counts(o.activities_by_status) + "\n")
        out.write("Activities by sync:   " + _counts(o.activities_by_sync) + "\n")
        out.write("Completions by state: " + _counts(o.completions_by_state) + "\n")
        out.write(f"Changes waiting to be sent: {o.pending_changes}\n")
        if o.conflicts:
            out.write(f"Conflicts to resolve ({len(o.conflicts)}): {', '.join(o.conflicts)}\n")
        if o.errors:
            out.write(f"Errors ({len(o.errors)}):\n")
            for e in o.errors:
                where = f"{e['record']} {e['field']}".strip()
                out.write(f"    - {where}: {e['message']}\n")
    return exit_codes.PROBLEMS if o.errors or o.conflicts else exit_codes.OK


def _counts(values: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(values.items())) or "none"
