"""``pars-desktop validate``: each activity's status and what blocks it."""

from __future__ import annotations

import json
from argparse import Namespace
from typing import TextIO

from desktop.commands import exit_codes
from desktop.core import Core
from desktop.models.rules import Status
from desktop.models.services import ActivityService, ActivitySummary


def command(core: Core, args: Namespace, out: TextIO, _err: TextIO) -> int:
    return run(core.activities, as_json=args.json, out=out)


def run(service: ActivityService, *, as_json: bool, out: TextIO) -> int:
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
    return exit_codes.PROBLEMS if incomplete else exit_codes.OK


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
