"""The headless command line (SPEC M15) over the same store and services as the app."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from desktop import __version__
from desktop.models.rules import Status
from desktop.models.services import ActivityService, ActivitySummary
from desktop.models.store import STORE_ENV, open_store

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pars-desktop",
        description="Report CME activities and learner completions to ACCME PARS.",
    )
    parser.add_argument("--version", action="version", version=f"pars-desktop {__version__}")
    parser.add_argument(
        "--store",
        type=Path,
        help=f"the local store file (default: ${STORE_ENV}, else the per-user data folder)",
    )
    sub = parser.add_subparsers(dest="command")
    validate = sub.add_parser("validate", help="print each activity's status and what blocks it")
    validate.add_argument("--json", action="store_true", help="machine-readable output")
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run a command; return the process exit code. No command opens the desktop app."""
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    if args.command is None:
        from desktop.app import run_app  # Qt is loaded only when the window is wanted

        return int(run_app(args.store))
    store = open_store(args.store)
    try:
        if args.command == "validate":
            return _validate(ActivityService(store), as_json=args.json, out=out)
    finally:
        store.close()
    return EXIT_USAGE


def _validate(service: ActivityService, *, as_json: bool, out: TextIO) -> int:
    summaries = service.summaries()
    incomplete = sum(1 for s in summaries if s.assessment.status is Status.INCOMPLETE)
    if as_json:
        json.dump([_as_json(s) for s in summaries], out, indent=2)
        out.write("\n")
    else:
        for s in summaries:
            a = s.assessment
            out.write(f"{s.provider_activity_id}  {a.status.label:<15} {s.title or '(no title)'}\n")
            for p in a.blockers:
                out.write(f"    - {p.field}: {p.message}\n")
            for p in a.warnings:
                out.write(f"    ! {p.field}: {p.message}\n")
        out.write(
            f"{len(summaries)} activities, {incomplete} missing what PARS needs for a Draft.\n"
        )
    return EXIT_PROBLEMS if incomplete else EXIT_OK


def _as_json(s: ActivitySummary) -> dict[str, object]:
    a = s.assessment
    return {
        "provider_activity_id": s.provider_activity_id,
        "accme_activity_id": s.accme_activity_id,
        "title": s.title,
        "status": a.status.name.lower(),
        "blockers": [{"field": p.field, "code": p.code, "message": p.message} for p in a.blockers],
        "warnings": [{"field": p.field, "code": p.code, "message": p.message} for p in a.warnings],
    }
