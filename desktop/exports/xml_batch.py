"""The PARS XML batch documents (SPEC §5): what PARS's batch upload takes — activities as an
``ACCMEActivities`` document (MEMS v2), learner completions as an ``ActivityReports`` one
(Activity Report v2) — built from the same trees, with the same names, as the JSON web services.

Records PARS would refuse are left out of a batch and listed in its note, so one bad record
never makes PARS reject a whole upload.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.exports import records
from desktop.models.private_files import private_output
from desktop.models.records import ProviderRecord
from desktop.models.rules import Status, assess_activity
from desktop.models.rules.moc_learner_rules import check_holds
from desktop.models.store import Store
from desktop.sync.contract.activity_document import (
    ActivityEnvelope,
    RecordAction,
    build_activities,
    missing_for_wire,
)
from desktop.sync.contract.encoding import WireFormat
from desktop.sync.contract.learner_document import LearnerReport, build_learner_reports
from desktop.sync.contract.names import ProviderIdentity

MAX_LISTED = 20


@dataclass(frozen=True)
class Exported:
    written: int
    skipped: int = 0
    note: str = ""


def identity(provider: ProviderRecord | None) -> ProviderIdentity:
    if provider is None:
        return ProviderIdentity("", "PARS Desktop provider")
    return ProviderIdentity(provider.accme_provider_id, provider.name or "PARS Desktop provider")


def export_activities_xml(
    store: Store,
    path: Path,
    year: int | None = None,
    provider: ProviderRecord | None = None,
    today: date | None = None,
) -> Exported:
    today = today or date.today()
    envelopes: list[ActivityEnvelope] = []
    left_out: list[str] = []
    for r in records.activities(store, year):
        status = assess_activity(r, today).status
        missing = missing_for_wire(r)
        if status is Status.INCOMPLETE or missing:
            # e.g. no end date, no credits: PARS's schema refuses the document (reading 11).
            reasons = [m for _, m in missing] or ["it lacks a title, format or dates"]
            left_out.append(f"{r.provider_activity_id or r.title}: {reasons[0]}")
            continue
        action = RecordAction.UPDATE if r.accme_activity_id else RecordAction.ADD
        envelopes.append(ActivityEnvelope(r, action))
    with private_output(path) as f:
        f.write(build_activities(envelopes, identity(provider), WireFormat.XML))
    return Exported(len(envelopes), len(left_out), _note(left_out, "activity", "activities"))


def export_completions_xml(
    store: Store, path: Path, provider: ProviderRecord | None, year: int | None = None
) -> Exported:
    """Completions the sync would send: the same holds apply to a file uploaded by hand
    (an activity PARS does not hold as Active or later, a learner's consent missing or
    refused, MOC points without the learner's board ID)."""
    who = identity(provider)
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
    if not who.accme_id:
        # PARS needs the provider's ACCME ID on every learner record (ProviderOrganization).
        with private_output(path) as f:
            f.write(build_learner_reports([], who, WireFormat.XML))
        return Exported(
            0,
            len(reports) + not_in_pars + no_consent + no_board_id,
            "Every completion was left out: enter your 7-digit ACCME provider ID in Settings; "
            "PARS needs it on each learner record.",
        )
    with private_output(path) as f:
        f.write(build_learner_reports(reports, who, WireFormat.XML))
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


def _note(left_out: list[str], one: str, many: str) -> str:
    if not left_out:
        return ""
    listed = "; ".join(left_out[:MAX_LISTED])
    more = f"; and {len(left_out) - MAX_LISTED:,} more" if len(left_out) > MAX_LISTED else ""
    noun = one if len(left_out) == 1 else many
    return f"{len(left_out):,} {noun} left out, PARS would refuse them — {listed}{more}."
