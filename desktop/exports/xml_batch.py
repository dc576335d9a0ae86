"""The PARS XML batch documents (SPEC §5): what PARS's batch upload takes — activities as an
``ACCMEActivities`` document, learner completions as a MedBiquitous ``ActivityReports`` one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.exports import records
from desktop.models.private_files import private_output
from desktop.models.store import Store
from desktop.sync.contract.activity_document import ActivityEnvelope, RecordAction, build_activities
from desktop.sync.contract.learner_document import LearnerReport, build_learner_reports


@dataclass(frozen=True)
class Exported:
    written: int
    skipped: int = 0
    note: str = ""


def export_activities_xml(store: Store, path: Path, year: int | None = None) -> Exported:
    items = records.activities(store, year)
    envelopes = [
        ActivityEnvelope(r, RecordAction.UPDATE if r.accme_activity_id else RecordAction.ADD)
        for r in items
    ]
    with private_output(path) as f:
        f.write(build_activities(envelopes))
    return Exported(len(envelopes))


def export_completions_xml(
    store: Store, path: Path, provider_name: str, year: int | None = None
) -> Exported:
    """Completions of activities PARS already has (a learner record needs its ACCME ID)."""
    reports: list[LearnerReport] = []
    skipped = 0
    for row in records.completions(store, year):
        if not row.accme_activity_id:
            skipped += 1
            continue
        reports.append(
            LearnerReport(row.learner, row.accme_activity_id, row.completion, row.activity_title)
        )
    document = build_learner_reports(reports, provider_name or "PARS Desktop provider")
    with private_output(path) as f:
        f.write(document)
    note = (
        f"{skipped:,} completion(s) left out: their activities are not in PARS yet (sync them first)."
        if skipped
        else ""
    )
    return Exported(len(reports), skipped, note)
