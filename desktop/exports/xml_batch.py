"""The PARS XML batch documents (SPEC §5): what PARS's batch upload takes — activities as an
``ACCMEActivities`` document, learner completions as a MedBiquitous ``ActivityReports`` one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.exports import records
from desktop.models.private_files import private_output
from desktop.models.rules.moc_learner_rules import check_holds
from desktop.models.rules.problems import Status
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
    """Completions the sync would send: the same holds apply to a file uploaded by hand
    (an activity PARS does not hold as Active or later, a learner's consent missing or
    refused)."""
    reports: list[LearnerReport] = []
    not_in_pars = no_consent = no_board_id = 0
    for row in records.completions(store, year):
        if not row.accme_activity_id or row.pars_level is None or row.pars_level < Status.ACTIVE:
            not_in_pars += 1
            continue
        held = check_holds(row.learner, row.completion)
        if held:
            if any(p.field == "consent" for p in held):
                no_consent += 1
            else:
                no_board_id += 1
            continue
        reports.append(
            LearnerReport(row.learner, row.accme_activity_id, row.completion, row.activity_title)
        )
    document = build_learner_reports(reports, provider_name or "PARS Desktop provider")
    with private_output(path) as f:
        f.write(document)
    notes = []
    if not_in_pars:
        notes.append(
            f"{not_in_pars:,} completion(s) left out: their activities are not Active in PARS "
            "yet (sync them first)."
        )
    if no_consent:
        notes.append(
            f"{no_consent:,} completion(s) left out: the learner's consent to report is missing "
            "or was refused."
        )
    if no_board_id:
        notes.append(
            f"{no_board_id:,} completion(s) left out: MOC points without the learner's board ID."
        )
    return Exported(len(reports), not_in_pars + no_consent + no_board_id, " ".join(notes))
