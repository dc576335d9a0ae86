"""Exports (SPEC M9): PARS XML batches that meet the schemas and read back, the tab template
that our own legacy reader takes back, workbooks with formula injection neutralised."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from pathlib import Path

from lxml import etree
from openpyxl import load_workbook
from sqlalchemy import update

from desktop.cli import main
from desktop.exports.run import export
from desktop.models.entities import Activity
from desktop.models.importing.columns import Kind
from desktop.models.importing.session import plan, prepare
from desktop.models.records import Consent, CreditRecord
from desktop.models.rules import Status
from desktop.models.services import ActivityService, LearnerService
from desktop.models.services.provider import ProviderService
from desktop.models.store import Store, open_store
from desktop.sync.contract.activity_document import parse_activities
from desktop.sync.contract.learner_document import parse_learner_reports
from tests.conftest import TODAY
from tests.factories import closable_activity, completion, learner
from tests.sync.medbiq_schemas import activity_report_schema, mems_schema

HOSTILE = '=HYPERLINK("http://evil.example","click")'


def _seed(store: Store) -> tuple[int, int]:
    acts = ActivityService(store, lambda: TODAY)
    a, _ = acts.create(closable_activity(provider_activity_id="X-1"))
    b, _ = acts.create(
        closable_activity(
            provider_activity_id="X-2",
            title=HOSTILE,
            start_date=date(2025, 3, 1),
            end_date=date(2025, 3, 2),
        )
    )
    people = LearnerService(store, lambda: TODAY)
    people.enter_completions(
        a,
        [
            (learner(last_name="+Plus", first_name="@At"), completion()),
            (
                learner(last_name="Sample", npi=""),
                completion(credits=(CreditRecord(None, Decimal("1")),)),
            ),
        ],
    )
    with store.transaction() as s:  # X-1 is in PARS, Active
        s.execute(
            update(Activity)
            .where(Activity.id == a)
            .values(accme_activity_id="100000007", pars_level=int(Status.ACTIVE))
        )
    ProviderService(store).save(accme_provider_id="0012345", name="Example Medical Society")
    return a, b


def test_activity_xml_batch_meets_the_schema_and_reads_back(store: Store, tmp_path: Path) -> None:
    _seed(store)
    out = tmp_path / "activities.xml"
    assert export(store, "activities", "xml", None, out).written == 2
    envelopes = parse_activities(out.read_bytes())
    assert [e.record.provider_activity_id for e in envelopes] == ["X-1", "X-2"]
    assert [e.action.value for e in envelopes] == ["Update", "Add"]
    assert envelopes[1].record.title == HOSTILE  # XML keeps text exactly; it is not a sheet
    schema = mems_schema()
    root = etree.fromstring(out.read_bytes())
    for mem in root:
        assert schema.validate(etree.ElementTree(mem)), schema.error_log
    assert export(store, "activities", "xml", 2025, out).written == 1


def test_completion_xml_batch_takes_only_activities_pars_has(store: Store, tmp_path: Path) -> None:
    _seed(store)
    not_in_pars, _ = ActivityService(store, lambda: TODAY).create(
        closable_activity(provider_activity_id="X-3")
    )
    LearnerService(store, lambda: TODAY).enter_completions(
        not_in_pars, [(learner(last_name="Waiting"), completion())]
    )
    out = tmp_path / "learners.xml"
    result = export(store, "completions", "xml", 2026, out)
    assert (result.written, result.skipped) == (2, 1)
    assert "not Active in PARS yet" in result.note
    reports = parse_learner_reports(out.read_bytes())
    assert {r.learner.last_name for r in reports} == {"+Plus", "Sample"}
    assert {r.accme_activity_id for r in reports} == {"100000007"}
    assert activity_report_schema().validate(etree.fromstring(out.read_bytes()))
    text = out.read_text(encoding="utf-8")
    assert "<ProviderOrganization>0012345</ProviderOrganization>" in text
    assert '<ModuleName moduleID="100000007">' in text


def test_completion_xml_batch_needs_the_provider_id(store: Store, tmp_path: Path) -> None:
    _seed(store)
    ProviderService(store).save(accme_provider_id="")
    out = tmp_path / "learners.xml"
    result = export(store, "completions", "xml", 2026, out)
    assert (result.written, result.skipped) == (0, 2)
    assert "7-digit ACCME provider ID" in result.note
    assert parse_learner_reports(out.read_bytes()) == []


def test_activity_xml_batch_leaves_out_and_lists_what_pars_would_refuse(
    store: Store, tmp_path: Path
) -> None:
    _seed(store)
    ActivityService(store, lambda: TODAY).create(
        closable_activity(provider_activity_id="NO-CREDITS", ama_credits=None)
    )
    out = tmp_path / "activities.xml"
    result = export(store, "activities", "xml", None, out)
    assert (result.written, result.skipped) == (2, 1)
    assert "NO-CREDITS: PARS takes an activity once its AMA PRA Category 1" in result.note
    ids = [e.record.provider_activity_id for e in parse_activities(out.read_bytes())]
    assert ids == ["X-1", "X-2"]
    assert "<acc:ProviderID>0012345</acc:ProviderID>" in out.read_text(encoding="utf-8")


def test_completion_xml_batch_holds_what_the_sync_holds(store: Store, tmp_path: Path) -> None:
    a, _ = _seed(store)
    LearnerService(store, lambda: TODAY).enter_completions(
        a,
        [
            (learner(last_name="Refused", consent=Consent.REFUSED), completion()),
            (learner(last_name="Unasked", consent=None, consent_date=None), completion()),
        ],
    )
    draft, _ = ActivityService(store, lambda: TODAY).create(
        closable_activity(provider_activity_id="X-4")
    )
    LearnerService(store, lambda: TODAY).enter_completions(
        draft, [(learner(last_name="DraftInPars"), completion())]
    )
    with store.transaction() as s:  # PARS has X-4, but only as a Draft
        s.execute(
            update(Activity)
            .where(Activity.id == draft)
            .values(accme_activity_id="100000008", pars_level=int(Status.DRAFT))
        )
    out = tmp_path / "learners.xml"
    result = export(store, "completions", "xml", 2026, out)
    assert (result.written, result.skipped) == (2, 3)
    assert "consent to report is missing or was refused" in result.note
    assert "not Active in PARS yet" in result.note
    sent = {r.learner.last_name for r in parse_learner_reports(out.read_bytes())}
    assert sent == {"+Plus", "Sample"}


def test_workbooks_neutralise_formula_injection(store: Store, tmp_path: Path) -> None:
    _seed(store)
    acts = tmp_path / "activities.xlsx"
    export(store, "activities", "xlsx", None, acts)
    ws = load_workbook(acts).active
    assert ws is not None
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Provider Activity ID", "ACCME Activity ID", "Title")
    assert rows[2][2] == "'" + HOSTILE
    assert rows[1][4].date() == date(2026, 3, 1)  # dates stay dates
    comps = tmp_path / "completions.xlsx"
    assert export(store, "completions", "xlsx", None, comps).written == 2
    ws = load_workbook(comps).active
    assert ws is not None
    first = list(ws.iter_rows(values_only=True))[1]
    assert first[:3] == ("'@At", "'+Plus", "02/29")
    assert first[11] == "ABIM 1.5"
    assert first[12] == "Yes"  # consent to report, shown beside the credits


def test_tab_template_is_what_the_legacy_reader_takes_back(store: Store, tmp_path: Path) -> None:
    _seed(store)
    out = tmp_path / "activities.txt"
    assert export(store, "activities", "tab", None, out).written == 2
    lines = out.read_text().splitlines()
    assert lines[0].split("\t")[:5] == [
        "Template D",
        "100000007",
        "X-1",
        "2026",
        "Grand Rounds: Sepsis Update",
    ]
    # A PARS upload file, not a sheet: the title goes as it is (no formula guard).
    assert lines[1].split("\t")[4] == HOSTILE
    other = open_store(tmp_path / "other.sqlite3")
    try:
        back = plan(other, prepare(other, out), TODAY)
        assert [r.record.provider_activity_id for r in back.valid] == ["X-1", "X-2"]
        x1 = back.valid[0].record
        original = closable_activity()
        assert (x1.format, x1.start_date, x1.ama_credits, x1.physician_learners) == (
            original.format,
            original.start_date,
            original.ama_credits,
            original.physician_learners,
        )
        assert [s.source for s in x1.support_sources] == ["Acme Devices", "Widget Labs"]
        assert back.valid[0].record.support_sources[0].amount == 5000
        assert prepare(other, out).kind is Kind.ACTIVITIES
    finally:
        other.close()


def test_export_command(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = open_store(path)
    _seed(store)
    store.close()
    out = io.StringIO()
    code = main(
        [
            "--store",
            str(path),
            "export",
            "--what",
            "completions",
            "--format",
            "xml",
            "--year",
            "2026",
            str(tmp_path / "l.xml"),
        ],
        out=out,
    )
    assert code == 0 and "Wrote 2 completions" in out.getvalue()
    err = io.StringIO()
    assert (
        main(
            [
                "--store",
                str(path),
                "export",
                "--what",
                "completions",
                "--format",
                "tab",
                str(tmp_path / "x.txt"),
            ],
            out=io.StringIO(),
            err=err,
        )
        == 2
    )
    assert "activities only" in err.getvalue()
    err = io.StringIO()
    code = main(
        [
            "--store",
            str(path),
            "export",
            "--what",
            "activities",
            "--format",
            "xlsx",
            str(tmp_path / "missing" / "x.xlsx"),
        ],
        out=io.StringIO(),
        err=err,
    )
    assert code == 2 and "cannot write" in err.getvalue()
