"""The wire contract: every field the drafts carry survives model → document → model, in both
encodings; JSON documents meet ACCME's draft schemas, XML documents the MedBiquitous XSDs."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from lxml import etree

from desktop.models.records import (
    ActivityRecord,
    CompletionRecord,
    CreditRecord,
    EnduringCountRecord,
    MocRegistration,
    Outcome,
    Providership,
)
from desktop.sync.contract.activity_document import (
    ActivityEnvelope,
    RecordAction,
    build_activities,
    parse_activities,
)
from desktop.sync.contract.encoding import WireFormat
from desktop.sync.contract.learner_document import (
    LearnerReport,
    ReportAction,
    build_learner_reports,
    parse_learner_reports,
)
from desktop.sync.contract.match_document import (
    Candidate,
    MatchAnswer,
    MatchQuery,
    MatchStatus,
    build_match_answers,
    build_match_request,
    parse_match_answers,
    parse_match_request,
)
from desktop.sync.contract.names import ProviderIdentity
from desktop.sync.contract.results_document import (
    CreditState,
    CreditStatus,
    FieldError,
    RecordResult,
    ResultStatus,
    build_errors,
    build_results,
    build_statuses,
    parse_errors,
    parse_results,
    parse_statuses,
)
from desktop.sync.contract.unwired import keep_local
from desktop.sync.contract.wire import ContractError
from tests.factories import closable_activity, completion, learner
from tests.sync.accme_schemas import activity_errors, learner_errors
from tests.sync.medbiq_schemas import activity_report_schema, mems_schema

PROVIDER = ProviderIdentity("0012345", "Example Medical Society")
BOTH = list(WireFormat)

VARIANTS: list[dict[str, Any]] = [
    {},
    dict(accme_activity_id="123456789"),
    dict(providership=Providership.DIRECT, joint_providers=()),
    dict(passport=None, passport_fee=None, passport_registration=None, activity_url=""),
    dict(passport=False),
    dict(commercial_support=None, support_sources=()),
    dict(commercial_support=False, support_sources=()),
    dict(physician_learners=None, other_learners=None),
    dict(physician_learners=0, other_learners=7),
    dict(
        outcomes=(
            Outcome("Patient Health", objective=True, subjective=True),
            Outcome("Community Health", subjective=True),
        )
    ),
    dict(commendation_tags=()),
    dict(moc=()),
    dict(rems_type=None, rems_grant_id=""),
    dict(mips=False, close_requested=False, internal_id=""),
    dict(
        format="enduring", delivery_methods=("online", "print_other"), city="", state="", country=""
    ),
    dict(
        format="enduring",
        delivery_methods=("online",),
        enduring_counts=(EnduringCountRecord(2025, 120, 30), EnduringCountRecord(2026, 0, 45)),
    ),
    dict(format="other", delivery_methods=("in_person", "live_streamed", "online", "print_other")),
    dict(country="CAN", state="ON", city="Toronto"),
    dict(ama_credits=Decimal("0.25"), description="Ünïcödé — “quotes” & <angle> brackets"),
    dict(
        moc=(
            MocRegistration(
                board="ABA", attested=False, content_area="Pharmacology", internal_id="X1"
            ),
        )
    ),
]


def _round_trip(record: ActivityRecord, fmt: WireFormat, action: RecordAction) -> None:
    env = ActivityEnvelope(record, action)
    [back] = parse_activities(build_activities([env], PROVIDER, fmt))
    assert back.action is action
    assert keep_local(record, back.record) == record


@pytest.mark.parametrize("fmt", BOTH)
@pytest.mark.parametrize("overrides", VARIANTS)
def test_activity_round_trip(overrides: dict[str, Any], fmt: WireFormat) -> None:
    _round_trip(closable_activity(**overrides), fmt, RecordAction.UPDATE)


@pytest.mark.parametrize("overrides", VARIANTS)
def test_activity_json_meets_accmes_schema(overrides: dict[str, Any]) -> None:
    body = build_activities([ActivityEnvelope(closable_activity(**overrides))], PROVIDER)
    assert activity_errors(body) == []


def test_activity_json_uses_accmes_names() -> None:
    body = build_activities(
        [ActivityEnvelope(closable_activity(close_requested=True), RecordAction.UPDATE)], PROVIDER
    )
    [item] = json.loads(body)["ACCMEActivities"]["MedicalEducationMetrics"]
    x = item["XtensibleInfo"]
    assert x["ProviderID"] == "0012345"
    assert x["activityRecordAction"] == "Update"
    assert x["closeActivityRecord"] is True
    assert x["MOCRegistrations"]["MOCRegistration"][0] == {
        "boardName": "ABIM",
        "mocPoints": 1.5,
        "MOCCreditType": ["MK"],
        "CreditClaimDate": "2026-12-31",
    }
    assert {"Version", "ActivityFormatCode", "CumulativeLearnerCounts", "RecordAction"}.isdisjoint(
        x
    )
    assert item["healthcareMetadata"]["healthcareEducation"]["startDateTime"].endswith("T00:00:00")


def test_activity_json_schema_check_can_fail() -> None:
    body = build_activities([ActivityEnvelope(closable_activity())], PROVIDER)
    doc = json.loads(body)
    doc["ACCMEActivities"]["MedicalEducationMetrics"][0]["XtensibleInfo"]["MOCRegistrations"][
        "MOCRegistration"
    ][0]["boardName"] = "ABPath"
    assert activity_errors(json.dumps(doc).encode()) != []


def test_board_names_are_spelled_as_accmes_enum() -> None:
    record = closable_activity(
        moc=(MocRegistration(board="ABPath", points=Decimal(1), credit_types=("SA",)),)
    )
    body = build_activities([ActivityEnvelope(record)], PROVIDER)
    assert b'"boardName":"ABPATH"' in body
    assert activity_errors(body) == []
    [back] = parse_activities(body)
    assert back.record.moc[0].board == "ABPath"


@pytest.mark.parametrize("fmt", BOTH)
def test_sparse_activity_round_trip(fmt: WireFormat) -> None:
    for record in (
        ActivityRecord(provider_activity_id="X"),
        ActivityRecord(provider_activity_id="Y", title="t", format="course"),
    ):
        _round_trip(record, fmt, RecordAction.DELETE)


@pytest.mark.parametrize("fmt", BOTH)
def test_many_activities_keep_their_order_and_actions(fmt: WireFormat) -> None:
    envs = [
        ActivityEnvelope(closable_activity(provider_activity_id=f"P-{i}"), action)
        for i, action in enumerate(RecordAction)
    ]
    back = parse_activities(build_activities(envs, PROVIDER, fmt))
    assert [(e.record.provider_activity_id, e.action) for e in back] == [
        (e.record.provider_activity_id, e.action) for e in envs
    ]


@pytest.mark.parametrize("overrides", VARIANTS)
def test_activity_xml_meets_the_mems_schema(overrides: dict[str, Any]) -> None:
    """Each MedicalEducationMetrics validates against MEMS v2 (with LOM and healthcare LOM).

    Outside the XSD, by design: the ``ACCMEActivities`` wrapper (ACCME's batch root) and the
    ACCME extension elements in ``XtensibleInfo``, which MEMS admits as ``##other``.
    """
    body = build_activities(
        [ActivityEnvelope(closable_activity(**overrides))], PROVIDER, WireFormat.XML
    )
    schema = mems_schema()
    for mem in etree.fromstring(body):
        assert schema.validate(etree.ElementTree(mem)), schema.error_log


def test_mems_validation_can_fail() -> None:
    body = build_activities([ActivityEnvelope(closable_activity())], PROVIDER, WireFormat.XML)
    mem = etree.fromstring(body)[0]
    mem.remove(mem[0])  # drop ReportDescription
    assert not mems_schema().validate(etree.ElementTree(mem))


def test_pull_reads_reporting_years_as_the_period_not_the_activity_dates() -> None:
    record = closable_activity(start_date=date(2026, 3, 1), end_date=date(2026, 3, 2))
    doc = json.loads(build_activities([ActivityEnvelope(record)], PROVIDER))
    report = doc["ACCMEActivities"]["MedicalEducationMetrics"][0]["ReportDescription"]
    report["ReportingStartDate"], report["ReportingEndDate"] = "2026", "2026"
    body = json.dumps(doc).encode()
    assert activity_errors(body) == []
    [back] = parse_activities(body)
    assert (back.record.start_date, back.record.end_date) == (date(2026, 3, 1), date(2026, 3, 2))


def _report(**overrides: Any) -> LearnerReport:
    c = completion(
        credits=(
            CreditRecord(None, Decimal("1.5"), "ccid:pd:CME1"),
            CreditRecord("ABIM", Decimal("1.5"), "ccid:pd:MOC1"),
            CreditRecord("ABPath", Decimal(1), "0123456789ABCDEF0123456789ABCDEF"),
        )
    )
    base = LearnerReport(
        learner(
            board_ids={"ABIM": "900001", "ABPath": "P-77"}, consent_date=None, consent_source=""
        ),
        "123456789",
        c,
        "Sepsis Update",
    )
    return replace(base, **overrides)


LEARNER_VARIANTS = [
    {},
    dict(action=ReportAction.DELETE),
    dict(
        learner=learner(
            npi="", license_number="L-1", board_ids={}, consent_date=None, consent_source=""
        )
    ),
    dict(
        learner=learner(
            birth_month=12, birth_day=31, license_state="PR", consent_date=None, consent_source=""
        )
    ),
    dict(
        completion=CompletionRecord(
            date(2026, 3, 1), (CreditRecord(None, Decimal("0.25"), "ccid:pd:X"),)
        )
    ),
    dict(
        learner=learner(
            first_name="José-María", last_name="O'Brien & Søn", consent_date=None, consent_source=""
        )
    ),
]


def _wired(report: LearnerReport) -> LearnerReport:
    """What a learner report carries: identity fields that travel (reading 7, 11)."""
    lr = report.learner
    used_license = not lr.npi and any(c.board is None for c in report.completion.credits)
    return replace(
        report,
        learner=replace(
            lr,
            # Consent is the provider's to hold, not on the wire (reading 11).
            consent=None,
            consent_date=None,
            consent_source="",
            license_state=lr.license_state if used_license else "",
            license_number=lr.license_number if used_license else "",
            board_ids={
                b: v
                for b, v in lr.board_ids.items()
                if any(c.board == b for c in report.completion.credits)
            },
        ),
    )


@pytest.mark.parametrize("fmt", BOTH)
@pytest.mark.parametrize("overrides", LEARNER_VARIANTS)
def test_learner_round_trip(overrides: dict[str, Any], fmt: WireFormat) -> None:
    report = _report(**overrides)
    body = build_learner_reports([report, _report()], PROVIDER, fmt)
    assert parse_learner_reports(body) == [_wired(report), _wired(_report())]


@pytest.mark.parametrize("overrides", LEARNER_VARIANTS)
def test_learner_json_meets_accmes_schema(overrides: dict[str, Any]) -> None:
    body = build_learner_reports([_report(**overrides)], PROVIDER)
    assert learner_errors(body) == []


@pytest.mark.parametrize("overrides", LEARNER_VARIANTS)
def test_learner_xml_meets_the_activity_report_schema(overrides: dict[str, Any]) -> None:
    body = build_learner_reports([_report(**overrides), _report()], PROVIDER, WireFormat.XML)
    schema = activity_report_schema()
    assert schema.validate(etree.ElementTree(etree.fromstring(body))), schema.error_log


def test_learner_json_uses_accmes_names() -> None:
    body = build_learner_reports([_report()], PROVIDER)
    [r] = json.loads(body)["ACCMELearnerReports"]["ActivityReports"]["ActivityReport"]
    assert r["Member"]["PersonalInfo"] == {"BirthDate": "1904-02-29"}
    assert r["Activity"]["ProviderOrganization"] == "0012345"
    assert r["Activity"]["Module"]["ModuleName"] == {
        "value": "Sepsis Update",
        "moduleID": "123456789",
    }
    assert r["XtensibleInfo"] == {"ProviderID": "0012345", "LearnerRecordAction": "add"}
    certs = r["Activity"]["Module"]["CreditCertificate"]
    assert [c["CreditID"] for c in certs] == [
        "ccid:pd:CME1",
        "ccid:pd:MOC1",
        "ccid:legacy:0123456789ABCDEF0123456789ABCDEF",
    ]
    assert [c["UniqueID"]["domain"] for c in certs] == ["NPI", "ABIM", "ABPATH"]
    assert [c["CreditReceived"]["activityCertification"] for c in certs] == [
        "AMA PRA Category 1",
        "ABIM",
        "ABPATH",
    ]
    assert {c["CreditReceived"]["creditUnit"] for c in certs} == {"Point"}


def test_learner_xml_carries_the_same_names() -> None:
    doc = build_learner_reports([_report()], PROVIDER, WireFormat.XML).decode()
    assert '<m:BirthDate accuracy="DayMonth">1904-02-29</m:BirthDate>' in doc
    assert '<ModuleName moduleID="123456789">Sepsis Update</ModuleName>' in doc
    assert '<m:UniqueID domain="idd:accme.org:NPI">' in doc
    assert "<acc:LearnerRecordAction>add</acc:LearnerRecordAction>" in doc
    assert "<acc:ProviderID>0012345</acc:ProviderID>" in doc
    assert "<hx:creditUnit>Point</hx:creditUnit>" in doc
    assert "BirthMonthDay" not in doc and "ActivityInstanceID" not in doc


def test_activity_report_validation_can_fail() -> None:
    doc = etree.fromstring(build_learner_reports([_report()], PROVIDER, WireFormat.XML))
    activity = doc.find(".//{http://ns.medbiq.org/activityreport/v2/}Activity")
    assert activity is not None
    activity.remove(activity[0])  # ProviderOrganization is required
    assert not activity_report_schema().validate(etree.ElementTree(doc))


@pytest.mark.parametrize("fmt", BOTH)
def test_results_statuses_errors_and_matches_round_trip(fmt: WireFormat) -> None:
    results = [
        RecordResult("P-1", ResultStatus.ACCEPTED, "123456789", 2),
        RecordResult(
            "P-2",
            ResultStatus.REJECTED,
            errors=(FieldError("required", "title", "Enter a title."),),
        ),
        RecordResult("ccid:pd:C1", ResultStatus.DELETED),
    ]
    assert parse_results(build_results(results, fmt)) == results
    errors = (FieldError("auth", "", "Bad credentials"),)
    assert parse_errors(build_errors(errors, fmt)) == errors
    statuses = [
        CreditStatus("ccid:pd:C1", CreditState.PENDING_BOARD),
        CreditStatus("ccid:pd:C2", CreditState.BOARD_REJECTED, "No such diplomate"),
    ]
    assert parse_statuses(build_statuses(statuses, fmt)) == statuses
    queries = [MatchQuery("1", learner()), MatchQuery("2", learner(npi="", board_ids={}))]
    got = parse_match_request(build_match_request(queries, fmt))
    assert [
        (q.ref, q.learner.last_name, q.learner.birth_day, q.learner.board_ids) for q in got
    ] == [
        ("1", "Testperson", 29, {"ABIM": "900001"}),
        ("2", "Testperson", 29, {}),
    ]
    answers = [
        MatchAnswer("1", MatchStatus.MATCHED, (Candidate("1234567893", "IL", "036-1"),)),
        MatchAnswer("2", MatchStatus.NOT_FOUND),
    ]
    assert parse_match_answers(build_match_answers(answers, fmt)) == answers


def test_legacy_credit_ids_are_wrapped_on_the_wire_and_mapped_back() -> None:
    legacy = "0123456789ABCDEF0123456789ABCDEF"
    body = build_statuses([CreditStatus(f"ccid:legacy:{legacy}", CreditState.ACCEPTED)])
    assert parse_statuses(body) == [CreditStatus(legacy, CreditState.ACCEPTED)]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<Results xmlns="http://www.accme.org/xsd/pars/extensions/v1">&lol4;</Results>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Results xmlns="http://www.accme.org/xsd/pars/extensions/v1"><Result key="&xxe;" status="accepted"/></Results>"""


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (BILLION_LAUGHS, "DTD or entities"),
        (EXTERNAL_ENTITY, "DTD or entities"),
        (b"", "is empty"),
        (b"   \n", "is empty"),
        (b"<html><body>502 Bad Gateway</body></html>", "expected Results"),
        (b"<Results", r"not well-formed XML \(line 1\)"),
        (b"\x00\x01\x02", "not well-formed"),
        (
            b'<acc:Results xmlns:acc="http://www.accme.org/xsd/pars/extensions/v1"><acc:results><acc:key>k</acc:key><acc:status>maybe</acc:status></acc:results></acc:Results>',
            "not a result status",
        ),
        (b'{"results": [{"key": "k", "status": "maybe"}]}', "not a result status"),
        (b'{"results": [{"key": "k", "status": NaN}]}', "NaN, which JSON does not allow"),
        (b'{"results": [], "results": []}', "names “results” twice"),
        (b'{"results": [', r"not well-formed JSON \(line 1\)"),
        (b'{"results": "x"}', "expected an object"),
    ],
)
def test_untrusted_documents_are_refused_clearly(data: bytes, says: str) -> None:
    with pytest.raises(ContractError, match=says):
        parse_results(data)


def test_size_limit_is_checked_before_parsing() -> None:
    from desktop.sync.contract.safe_xml import parse_untrusted

    with pytest.raises(ContractError, match="over the 100-byte limit"):
        parse_untrusted(b"<a>" + b"x" * 200 + b"</a>", "response", max_bytes=100)


@pytest.mark.parametrize(
    ("fmt", "find", "replace_with", "says"),
    [
        (
            WireFormat.XML,
            b"<hx:numberOfCredits>2</hx:numberOfCredits>",
            b"<hx:numberOfCredits>lots</hx:numberOfCredits>",
            "activity 1 (T-0001): “lots” is not a number",
        ),
        (
            WireFormat.XML,
            b"<hx:startDateTime>2026-03-01",
            b"<hx:startDateTime>03/01/2026",
            "activity 1 (T-0001): “03/01/2026T00:00:00” is not a date",
        ),
        (
            WireFormat.XML,
            b"<acc:activityRecordAction>Add",
            b"<acc:activityRecordAction>Upsert",
            "“Upsert” is not a record action",
        ),
        (
            WireFormat.XML,
            b"<hx:activitySponsorship>joint",
            b"<hx:activitySponsorship>shared",
            "“shared” is not direct or joint",
        ),
        (
            WireFormat.JSON,
            b'"numberOfCredits":2',
            b'"numberOfCredits":"lots"',
            "activity 1 (T-0001): “lots” is not a number",
        ),
        (
            WireFormat.JSON,
            b'"activityRecordAction":"Add"',
            b'"activityRecordAction":"Upsert"',
            "“Upsert” is not a record action",
        ),
        (WireFormat.JSON, b'"Lom":', b'"Lom":"text","ignored":', "expected an object"),
    ],
)
def test_bad_values_name_the_record(
    fmt: WireFormat, find: bytes, replace_with: bytes, says: str
) -> None:
    doc = build_activities([ActivityEnvelope(closable_activity())], PROVIDER, fmt)
    assert find in doc
    with pytest.raises(ContractError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_activities(doc.replace(find, replace_with))


def test_text_xml_cannot_carry_is_refused_not_sent_broken() -> None:
    bad = _report(learner=learner(last_name="Null\x00Byte"))
    with pytest.raises(ContractError, match="characters XML cannot carry"):
        build_learner_reports([bad], PROVIDER, WireFormat.XML)
    tricky = _report(
        learner=learner(first_name='A "quoted" <name> & co', consent_date=None, consent_source="")
    )
    provider = ProviderIdentity("0012345", "P & Sons <Ltd>")
    for fmt in BOTH:
        assert parse_learner_reports(build_learner_reports([tricky], provider, fmt))[0] == _wired(
            tricky
        )


def test_a_learners_moc_credit_type_travels_when_the_record_carries_one() -> None:
    """The seam for the per-completion MOC credit type (schemas/README.md, reading 8)."""
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class TypedCredit(CreditRecord):
        credit_type: str = ""

    credits = (
        CreditRecord(None, Decimal("1.5"), "ccid:pd:T1"),
        TypedCredit("ABA", Decimal("1.5"), "ccid:pd:T2", credit_type="PS"),
    )
    report = _report(completion=completion(credits=credits))
    body = build_learner_reports([report], PROVIDER)
    assert learner_errors(body) == []
    certs = json.loads(body)["ACCMELearnerReports"]["ActivityReports"]["ActivityReport"][0][
        "Activity"
    ]["Module"]["CreditCertificate"]
    assert "MOCCreditType" not in certs[0]["CreditReceived"]
    assert certs[1]["CreditReceived"]["MOCCreditType"] == "PS"
    xml = build_learner_reports([report], PROVIDER, WireFormat.XML)
    assert activity_report_schema().validate(etree.fromstring(xml))
    assert b"<Description>PS</Description><Code>MOCCreditType</Code>" in xml


OLDER = b"""<?xml version='1.0' encoding='UTF-8'?>
<acc:ACCMEActivities xmlns="http://ns.medbiq.org/metrics/v2/" xmlns:lom="http://ltsc.ieee.org/xsd/LOM" xmlns:hx="http://ns.medbiq.org/lom/extend/v1/" xmlns:acc="http://www.accme.org/xsd/pars/extensions/v1"><MedicalEducationMetrics><ReportDescription><ReportingStartDate>2026-03-01</ReportingStartDate><ReportingEndDate>2026-03-02</ReportingEndDate></ReportDescription><ActivityDescription><lom:lom><lom:general><lom:identifier><lom:catalog>Provider Activity ID</lom:catalog><lom:entry>OLD-1</lom:entry></lom:identifier><lom:title><lom:string language="en">Kept from before</lom:string></lom:title></lom:general><hx:healthcareMetadata><hx:healthcareEducation><hx:startDateTime>2026-03-01T00:00:00</hx:startDateTime><hx:endDateTime>2026-03-02T00:00:00</hx:endDateTime><hx:activityFormat><lom:string language="en">Course</lom:string></hx:activityFormat></hx:healthcareEducation></hx:healthcareMetadata></lom:lom></ActivityDescription><XtensibleInfo><acc:RecordAction>Update</acc:RecordAction><acc:CloseActivity>true</acc:CloseActivity><acc:MeasuredOutcomes><acc:MeasuredOutcome measure="Patient Health"><acc:MeasurementType>Objective</acc:MeasurementType></acc:MeasuredOutcome></acc:MeasuredOutcomes><acc:Version>3</acc:Version></XtensibleInfo></MedicalEducationMetrics></acc:ACCMEActivities>"""


def test_a_conflict_stored_by_an_earlier_version_still_reads() -> None:
    """Stores keep PARS's side of a conflict as it was received; older ones are our old XML."""
    [env] = parse_activities(OLDER)
    assert env.action is RecordAction.UPDATE
    r = env.record
    assert (r.provider_activity_id, r.title, r.format) == ("OLD-1", "Kept from before", "course")
    assert r.close_requested is True
    assert r.outcomes == (Outcome("Patient Health", objective=True),)
