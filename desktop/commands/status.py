"""``pars-desktop status``: counts by state, pending work, errors and conflicts."""

from __future__ import annotations

import json
from argparse import Namespace
from dataclasses import asdict
from datetime import date
from typing import TextIO

from sqlalchemy import select

from desktop.commands import exit_codes
from desktop.core import Core
from desktop.models.entities import Activity, Completion, Learner
from desktop.models.queries.attention import attention_counts
from desktop.models.store import Store
from desktop.models.sync_states import SYNC_LABELS
from desktop.sync.overview import overview


def command(core: Core, args: Namespace, out: TextIO, _err: TextIO) -> int:
    return run(
        core.store,
        as_json=args.json,
        out=out,
        today=core.today(),
        hold_unmatched=core.settings.hold_unmatched,
    )


def run(
    store: Store, *, as_json: bool, out: TextIO, today: date, hold_unmatched: bool = True
) -> int:
    """Exit 1 when anything needs the coordinator: errors, conflicts or attention items."""
    o = overview(store, today, hold_unmatched)
    attention = attention_counts(store, today)
    if as_json:
        json.dump({**asdict(o), "attention": attention}, out, indent=2)
        out.write("\n")
    else:
        out.write("Activities by status: " + _counts(o.activities_by_status) + "\n")
        by_sync = {SYNC_LABELS.get(k, k): n for k, n in o.activities_by_sync.items()}
        out.write("Activities by sync:   " + _counts(by_sync) + "\n")
        out.write("Completions by state: " + _counts(o.completions_by_state) + "\n")
        out.write(f"Records waiting to send: {o.pending_changes}\n")
        if o.held_total:
            # Every record staying home, whatever the reason; "Needs attention" below splits
            # them into its groups (not recognised, consent, other problems), so the heading
            # must not reuse a group's name with a larger number.
            out.write(f"Not sent, staying here ({o.held_total}):\n")
            names = _names(store, o.held)
            for h in o.held:
                out.write(f"    - {names.get(h['record'], h['record'])}: {h['state']}\n")
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
    needs_attention = o.errors or o.conflicts or any(attention.values())
    return exit_codes.PROBLEMS if needs_attention else exit_codes.OK


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


def _names(store: Store, held: list[dict[str, str]]) -> dict[str, str]:
    """ "completion 12" → "Testperson, Avery — A-1 Sepsis Update": a coordinator knows a record by
    its learner and activity. On screen only; the overview itself carries ids, never names."""
    ids = {
        int(h["record"].split()[1]): h["record"]
        for h in held
        if h["record"].startswith("completion ")
    }
    if not ids:
        return {}
    with store.reading() as s:
        rows = s.execute(
            select(
                Completion.id,
                Learner.last_name,
                Learner.first_name,
                Activity.provider_activity_id,
                Activity.title,
            )
            .join(Learner, Learner.id == Completion.learner_id)
            .join(Activity, Activity.id == Completion.activity_id)
            .where(Completion.id.in_(ids))
        ).all()
    return {
        ids[r.id]: f"{r.last_name}, {r.first_name} — {r.provider_activity_id} {r.title}"
        for r in rows
    }
