"""MOC learner data (SPEC §2.5, issue 15 item 3): board IDs, credit types, the ABA pair."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import select

from desktop.models.entities import CompletionCredit
from desktop.models.importing.commit import commit_import
from desktop.models.importing.session import plan, prepare
from desktop.models.records import ActivityRecord, CompletionRecord, CreditRecord
from desktop.models.rules import check_completion, check_holds, check_moc_learner
from desktop.models.rules.moc_learner_rules import parse_credit_type
from desktop.models.services import ActivityService
from desktop.models.store import Store
from desktop.sync.contract.encoding import WireFormat
from desktop.sync.contract.learner_document import (
    LearnerReport,
    build_learner_reports,
    parse_learner_reports,
)
from desktop.sync.contract.names import ProviderIdentity
from tests.conftest import TODAY
from tests.factories import ABA, closable_activity, completion, learner
from tests.sync.medbiq_schemas import activity_report_schema


def aba_activity() -> ActivityRecord:
    return closable_activity(provider_activity_id="ABA-1", moc=(ABA,))


def test_moc_points_need_the_learners_id_with_that_board_abs_excepted() -> None:
    moc = completion(credits=(CreditRecord(None, Decimal(1)), CreditRecord("ABP", Decimal(2))))
    without = learner(board_ids={"ABIM": "900001"})
    [p] = check_moc_learner(without, moc)
    assert (p.field, p.code) == ("board_ids.ABP", "board_id_required")
    assert check_moc_learner(learner(board_ids={"ABP": "P-1"}), moc) == ()
    surgery = completion(credits=(CreditRecord("ABS", Decimal(1)),))
    assert check_moc_learner(without, surgery) == ()  # ABS matches without an ID
    cme_only = completion(credits=(CreditRecord(None, Decimal(1)),))
    assert check_moc_learner(learner(board_ids={}), cme_only) == ()
    # It is a hold: an error the sync and the exports keep home, with consent's.
    assert [
        x.code for x in check_holds(replace(without, consent=None, consent_date=None), moc)
    ] == [
        "consent_missing",
        "board_id_required",
    ]


def test_credit_types_are_read_as_the_board_writes_them() -> None:
    assert parse_credit_type("MOCA", "ABA") == "LL"
    assert parse_credit_type("MOCA + patient safety", "ABA") == "LL+PS"
    assert parse_credit_type("LL & PS", "ABA") == "LL+PS"
    assert parse_credit_type("  ", "ABA") is None
    with pytest.raises(ValueError, match="“Knowledge” is not a ABA credit type"):
        parse_credit_type("Knowledge", "ABA")


def test_a_credit_type_must_be_one_the_activity_is_registered_for() -> None:
    activity = aba_activity()
    ok = CompletionRecord(date(2026, 3, 2), (CreditRecord("ABA", Decimal("1.5"), "", "LL+PS"),))
    assert check_completion(ok, activity, TODAY) == ()
    wrong = CompletionRecord(date(2026, 3, 2), (CreditRecord("ABA", Decimal("1.5"), "", "QI"),))
    [p] = check_completion(wrong, activity, TODAY)
    assert (p.field, p.code) == ("moc.ABA", "credit_type_not_registered")


@pytest.mark.parametrize("fmt", [WireFormat.JSON, WireFormat.XML])
def test_the_learners_credit_type_is_in_the_learner_document(fmt: WireFormat) -> None:
    c = CompletionRecord(
        date(2026, 3, 2),
        (
            CreditRecord(None, Decimal("1.5"), "ccid:pd:CME9"),
            CreditRecord("ABA", Decimal("1.5"), "ccid:pd:MOC9", "LL+PS"),
        ),
    )
    report = LearnerReport(
        learner(board_ids={"ABA": "A-1"}, consent=None, consent_date=None, consent_source=""),
        "123456789",
        c,
        "Safety",
    )
    doc = build_learner_reports([report], ProviderIdentity("0012345", "Example"), fmt)
    # ACCME's MOCCreditType (reading 8): a JSON member, an XML CreditFocus.
    assert b"MOCCreditType" in doc and b"LL+PS" in doc
    [back] = parse_learner_reports(doc)
    assert [(x.board, x.credit_type) for x in back.completion.credits] == [
        (None, None),
        ("ABA", "LL+PS"),
    ]
    if fmt is WireFormat.XML:
        assert activity_report_schema().validate(etree.fromstring(doc))


def _aba_sheet(path: Path, rows: list[tuple[str, str]]) -> None:
    lines = [
        "First Name,Last Name,DOB,State,ABA ID,Consent,Date,CME Credits,ABA MOC Points,"
        "ABA Credit Type,Activity ID"
    ]
    for when, kind in rows:
        lines.append(f"Avery,Testperson,02/29,IL,A-77,Y,{when},1.5,1.5,{kind},ABA-1")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_aba_moca_then_moca_and_patient_safety_pair_is_two_records(
    store: Store, tmp_path: Path
) -> None:
    ActivityService(store, lambda: TODAY).create(aba_activity())
    path = tmp_path / "aba.csv"
    _aba_sheet(
        path,
        [
            ("03/02/2026", "MOCA"),
            ("03/02/2026", "MOCA + Patient Safety"),
            ("03/02/2026", "MOCA"),  # the first row again
        ],
    )
    result = plan(store, prepare(store, path), TODAY)
    assert [r.row for r in result.valid] == [2, 3]
    [again] = result.failed
    assert [p.message for p in again.problems] == [
        "Row 2 has the same learner, activity and completion date: this row would duplicate it."
    ]
    commit_import(store, result, TODAY)
    with store.reading() as s:
        kinds = sorted(
            s.scalars(select(CompletionCredit.credit_type).where(CompletionCredit.board == "ABA")),
            key=str,
        )
    assert kinds == ["LL", "LL+PS"]
    # The store now holds both: importing either again is a duplicate of what is stored.
    repeat = plan(store, prepare(store, path), TODAY)
    assert not repeat.valid
    assert all("Already in your store" in p.message for r in repeat.failed for p in r.problems)
