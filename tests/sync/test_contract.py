"""The wire contract: every field survives model → XML → model; documents meet the standard."""

from __future__ import annotations

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
from desktop.sync.contract.wire import ContractError
from tests.factories import closable_activity, completion, learner
from tests.sync.medbiq_schemas import activity_report_schema, mems_schema

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


@pytest.mark.parametrize("overrides", VARIANTS)
def test_activity_round_trip(overrides: dict[str, Any]) -> None:
    record = closable_activity(**overrides)
    env = ActivityEnvelope(record, RecordAction.UPDATE, version=3)
    assert parse_activities(build_activities([env])) == [env]


def test_sparse_activity_round_trip() -> None:
    for record in (
        ActivityRecord(provider_activity_id="X"),
        ActivityRecord(provider_activity_id="Y", title="t", format="course"),
    ):
        env = ActivityEnvelope(record, RecordAction.DELETE)
        assert parse_activities(build_activities([env])) == [env]


def test_many_activities_keep_their_order_and_actions() -> None:
    envs = [
        ActivityEnvelope(closable_activity(provider_activity_id=f"P-{i}"), action)
        for i, action in enumerate(RecordAction)
    ]
    assert parse_activities(build_activities(envs)) == envs


@pytest.mark.parametrize("overrides", VARIANTS)
def test_activity_documents_meet_the_mems_schema(overrides: dict[str, Any]) -> None:
    """Each MedicalEducationMetrics validates against MEMS v2 (with LOM and healthcare LOM).

    Outside the XSD, by design: the ``ACCMEActivities`` wrapper (ACCME's batch root) and the
    ACCME extension elements in ``XtensibleInfo`` (delivery methods, outcomes, tags, MOC,
    Passport, REMS, MIPS, record action, close flag), which MEMS admits as ``##other``.
    """
    doc = etree.fromstring(build_activities([ActivityEnvelope(closable_activity(**overrides))]))
    schema = mems_schema()
    for mem in doc:
        assert schema.validate(etree.ElementTree(mem)), schema.error_log


def test_mems_validation_can_fail() -> None:
    doc = etree.fromstring(build_activities([ActivityEnvelope(closable_activity())]))
    mem = doc[0]
    mem.remove(mem[0])  # drop ReportDescription
    assert not mems_schema().validate(etree.ElementTree(mem))


def _report(**overrides: Any) -> LearnerReport:
    c = completion(
        credits=(
            CreditRecord(None, Decimal("1.5"), "CME-1"),
            CreditRecord("ABIM", Decimal("1.5"), "MOC-1"),
            CreditRecord("ABPath", Decimal(1), "MOC-2"),
        )
    )
    base = LearnerReport(
        learner(board_ids={"ABIM": "900001", "ABPath": "P-77"}), "123456789", c, "Sepsis Update"
    )
    return replace(base, **overrides)


LEARNER_VARIANTS = [
    {},
    dict(action=ReportAction.DELETE),
    dict(
        learner=learner(
            npi="",
            license_number="",
            board_ids={},
            consent=None,
            consent_date=None,
            consent_source="",
        )
    ),
    dict(learner=learner(birth_month=12, birth_day=31, license_state="PR")),
    dict(
        completion=CompletionRecord(
            date(2026, 3, 1), (CreditRecord(None, Decimal("0.25"), "X"),), "Mycophenolate"
        )
    ),
    dict(learner=learner(first_name="José-María", last_name="O'Brien & Søn")),
]


@pytest.mark.parametrize("overrides", LEARNER_VARIANTS)
def test_learner_round_trip_and_schema(overrides: dict[str, Any]) -> None:
    report = _report(**overrides)
    doc = build_learner_reports([report, _report()], "Example Medical Society")
    assert parse_learner_reports(doc) == [report, _report()]
    schema = activity_report_schema()
    assert schema.validate(etree.ElementTree(etree.fromstring(doc))), schema.error_log


def test_learner_xml_carries_birth_as_month_day_only() -> None:
    doc = build_learner_reports([_report()], "P").decode()
    assert "<acc:BirthMonthDay>--02-29</acc:BirthMonthDay>" in doc
    assert "BirthDate" not in doc


def test_activity_report_validation_can_fail() -> None:
    doc = etree.fromstring(build_learner_reports([_report()], "P"))
    activity = doc.find(".//{http://ns.medbiq.org/activityreport/v2/}Activity")
    assert activity is not None
    activity.remove(activity[0])  # ProviderOrganization is required
    assert not activity_report_schema().validate(etree.ElementTree(doc))


def test_results_statuses_errors_and_matches_round_trip() -> None:
    results = [
        RecordResult("P-1", ResultStatus.ACCEPTED, "123456789", 2),
        RecordResult(
            "P-2",
            ResultStatus.REJECTED,
            errors=(FieldError("required", "title", "Enter a title."),),
        ),
        RecordResult("C-1", ResultStatus.DELETED),
    ]
    assert parse_results(build_results(results)) == results
    errors = (FieldError("auth", "", "Bad credentials"),)
    assert parse_errors(build_errors(errors)) == errors
    statuses = [
        CreditStatus("C-1", CreditState.PENDING_BOARD),
        CreditStatus("C-2", CreditState.BOARD_REJECTED, "No such diplomate"),
    ]
    assert parse_statuses(build_statuses(statuses)) == statuses
    queries = [MatchQuery("1", learner()), MatchQuery("2", learner(npi="", board_ids={}))]
    got = parse_match_request(build_match_request(queries))
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
    assert parse_match_answers(build_match_answers(answers)) == answers


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
            b'<acc:Results xmlns:acc="http://www.accme.org/xsd/pars/extensions/v1"><acc:Result key="k" status="maybe"/></acc:Results>',
            "not a result status",
        ),
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
    ("find", "replace_with", "says"),
    [
        (
            b"<hx:numberOfCredits>2</hx:numberOfCredits>",
            b"<hx:numberOfCredits>lots</hx:numberOfCredits>",
            "activity 1 (T-0001): “lots” is not a number",
        ),
        (
            b"<ReportingStartDate>2026-03-01",
            b"<ReportingStartDate>03/01/2026",
            "activity 1 (T-0001): “03/01/2026” is not a date",
        ),
        (b"<acc:RecordAction>Add", b"<acc:RecordAction>Upsert", "“Upsert” is not a record action"),
        (
            b"<hx:activitySponsorship>joint",
            b"<hx:activitySponsorship>shared",
            "“shared” is not direct or joint",
        ),
    ],
)
def test_bad_values_name_the_record(find: bytes, replace_with: bytes, says: str) -> None:
    doc = build_activities([ActivityEnvelope(closable_activity())])
    assert find in doc
    with pytest.raises(ContractError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_activities(doc.replace(find, replace_with))


def test_text_xml_cannot_carry_is_refused_not_sent_broken() -> None:
    bad = _report(learner=learner(last_name="Null\x00Byte"))
    with pytest.raises(ContractError, match="characters XML cannot carry"):
        build_learner_reports([bad], "P")
    tricky = _report(learner=learner(first_name='A "quoted" <name> & co', license_state="IL"))
    assert parse_learner_reports(build_learner_reports([tricky], "P & Sons <Ltd>"))[0] == tricky
