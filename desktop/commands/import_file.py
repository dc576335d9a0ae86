"""``pars-desktop import FILE``: the same checks as the import dialog, from a script."""

from __future__ import annotations

import json
from argparse import Namespace
from datetime import date
from pathlib import Path
from typing import TextIO

from desktop.commands import exit_codes
from desktop.core import Core
from desktop.models.importing.columns import Kind
from desktop.models.importing.commit import commit_import
from desktop.models.importing.problems import ImportProblem
from desktop.models.importing.session import plan, prepare
from desktop.models.services.errors import NotAllowed
from desktop.models.store import Store


def command(core: Core, args: Namespace, out: TextIO, err: TextIO) -> int:
    activity_id = None
    if args.activity is not None:
        if args.kind not in (None, Kind.COMPLETIONS.value):
            err.write("pars-desktop import: --activity is for a file of completions.\n")
            return exit_codes.USAGE
        activity_id = core.activity_id(args.activity)
        if activity_id is None:
            err.write(
                f"pars-desktop import: there is no activity with Provider Activity ID "
                f"{args.activity!r}.\n"
            )
            return exit_codes.USAGE
    return run(
        core.store,
        args.file,
        kind=Kind.COMPLETIONS.value if activity_id is not None else args.kind,
        mapping=args.mapping,
        dry_run=args.dry_run,
        as_json=args.json,
        out=out,
        err=err,
        today=core.today(),
        activity_id=activity_id,
    )


def run(
    store: Store,
    path: Path,
    *,
    kind: str | None,
    mapping: str | None,
    dry_run: bool,
    as_json: bool,
    out: TextIO,
    err: TextIO,
    today: date,
    activity_id: int | None = None,
) -> int:
    """``activity_id``: the activity every row belongs to (a sign-in sheet), as the dialog's
    "choose the activity"."""
    try:
        prepared = prepare(store, path, Kind(kind) if kind else None, mapping_name=mapping)
        result = plan(store, prepared, today, activity_id)
        batch_id = None
        if not dry_run and result.valid:
            batch_id, _changes = commit_import(store, result, today)
    except (ImportProblem, NotAllowed) as e:
        if as_json:
            json.dump({"file": str(path), "error": str(e)}, out, indent=2)
            out.write("\n")
        else:
            err.write(f"pars-desktop import: {e}\n")
        return exit_codes.PROBLEMS
    failed = result.failed
    if as_json:
        json.dump(
            {
                "file": str(path),
                "kind": result.kind.value,
                "dry_run": dry_run,
                "valid": len(result.valid),
                "failed": len(failed),
                "blank_rows": result.blank_rows,
                "import_batch": batch_id,
                "notes": result.notes,
                "errors": [
                    {"row": p.row, "column": p.column, "message": p.message}
                    for r in failed
                    for p in r.problems
                ],
                "warnings": [
                    {"row": p.row, "column": p.column, "message": p.message}
                    for r in result.rows
                    for p in r.warnings
                ],
            },
            out,
            indent=2,
        )
        out.write("\n")
    else:
        for note in result.notes:
            out.write(f"Note: {note}\n")
        out.write(f"{path.name} ({result.kind.value}): {result.summary()}\n")
        for r in failed:
            for p in r.problems:
                out.write(f"    {p}\n")
        if dry_run:
            out.write("Dry run: nothing was imported.\n")
        elif batch_id is not None:
            out.write(f"Imported {len(result.valid):,} rows as import #{batch_id}.\n")
    return exit_codes.PROBLEMS if failed else exit_codes.OK
