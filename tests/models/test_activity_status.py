"""Table-driven tests of the status engine (SPEC §2.2–§2.3, §3), boundaries included."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from desktop.models.records import (
    ActivityRecord,
    MocRegistration,
    Outcome,
    Providership,
    SupportKind,
    SupportSource,
)
from desktop.models.rules import Status, assess_activity
from tests.factories import closable_activity

TODAY = date(2026, 6, 15)


def fields_blocking(record: ActivityRecord, today: date = TODAY) -> set[str]:
    return {p.field for p in assess_activity(record, today).blockers}


def test_complete_record_is_closed() -> None:
    a = assess_activity(closable_activity(), TODAY)
    assert a.status is Status.CLOSED
    assert a.blockers == ()


def test_empty_record_is_incomplete_and_names_draft_fields() -> None:
    a = assess_activity(ActivityRecord(), TODAY)
    assert a.status is Status.INCOMPLETE
    assert {p.field for p in a.blockers} == {"title", "format", "start_date", "end_date"}


@pytest.mark.parametrize(
    ("overrides", "status", "blocking"),
    [
        # Draft: the four draft fields are enough.
        (dict(description="", ama_credits=None), Status.DRAFT, {"description", "ama_credits"}),
        (dict(providership=None), Status.DRAFT, {"providership"}),
        (dict(passport=None), Status.DRAFT, {"passport"}),
        (dict(activity_url=""), Status.DRAFT, {"activity_url"}),
        (dict(passport=False, activity_url="", passport_fee=None), Status.CLOSED, set()),
        (dict(delivery_methods=()), Status.DRAFT, {"delivery_methods"}),
        (dict(city=""), Status.DRAFT, {"city"}),
        (dict(state=""), Status.DRAFT, {"state"}),
        (dict(state="ZZ"), Status.DRAFT, {"state"}),
        (dict(country="XXX"), Status.DRAFT, {"country"}),
        (dict(country="CAN", state=""), Status.CLOSED, set()),
        # Location is only needed in person.
        (
            dict(delivery_methods=("live_streamed",), city="", state="", country=""),
            Status.CLOSED,
            set(),
        ),
        (dict(description="x" * 2500), Status.CLOSED, set()),
        (dict(description="x" * 2501), Status.DRAFT, {"description"}),
        (dict(ama_credits=Decimal("0")), Status.DRAFT, {"ama_credits"}),
        (dict(ama_credits=Decimal("1.3")), Status.DRAFT, {"ama_credits"}),
        (dict(ama_credits=Decimal("0.25"), moc=()), Status.CLOSED, set()),
        (dict(delivery_methods=("online",)), Status.DRAFT, {"delivery_methods"}),
        # Closing requirements.
        (dict(close_requested=False), Status.READY_TO_CLOSE, {"close_requested"}),
        (dict(joint_providers=()), Status.READY_TO_CLOSE, {"joint_providers"}),
        (dict(providership=Providership.DIRECT, joint_providers=()), Status.CLOSED, set()),
        (dict(outcomes=()), Status.READY_TO_CLOSE, {"outcomes"}),
        (dict(outcomes=(Outcome("Patient Health"),)), Status.READY_TO_CLOSE, {"outcomes"}),
        (dict(commercial_support=None), Status.READY_TO_CLOSE, {"commercial_support"}),
        (dict(support_sources=()), Status.READY_TO_CLOSE, {"support_sources"}),
        (
            dict(support_sources=(SupportSource("X", SupportKind.MONETARY, None),)),
            Status.READY_TO_CLOSE,
            {"support_sources"},
        ),
        (dict(commercial_support=False, support_sources=()), Status.CLOSED, set()),
        (dict(physician_learners=None), Status.READY_TO_CLOSE, {"physician_learners"}),
        (dict(other_learners=-1), Status.READY_TO_CLOSE, {"other_learners"}),
        (dict(physician_learners=0, other_learners=0), Status.CLOSED, set()),
        (dict(commendation_tags=("C99",)), Status.READY_TO_CLOSE, {"commendation_tags"}),
    ],
)
def test_each_rule_blocks_its_level(
    overrides: dict[str, Any], status: Status, blocking: set[str]
) -> None:
    record = closable_activity(**overrides)
    a = assess_activity(record, TODAY)
    assert a.status is status
    assert {p.field for p in a.blockers} == blocking


def test_active_vs_ready_to_close_by_end_date() -> None:
    r = closable_activity(end_date=TODAY, start_date=TODAY - timedelta(days=1))
    a = assess_activity(r, TODAY)
    assert a.status is Status.ACTIVE  # ends today: still running
    assert a.blockers[0].code == "not_ended"
    # Close blockers are listed too, so the coordinator sees everything still to do.
    r2 = replace(r, outcomes=())
    assert "outcomes" in fields_blocking(r2)
    assert assess_activity(r, TODAY + timedelta(days=1)).status is Status.CLOSED


def test_end_before_start_blocks_draft() -> None:
    r = closable_activity(start_date=date(2026, 3, 2), end_date=date(2026, 3, 1))
    a = assess_activity(r, TODAY)
    assert a.status is Status.INCOMPLETE
    assert [p.code for p in a.blockers] == ["before_start"]


@pytest.mark.parametrize(
    ("fmt", "delivery", "last_ok", "first_bad"),
    [
        ("rss", ("in_person",), date(2025, 12, 31), date(2026, 1, 1)),
        ("test_item_writing", (), date(2025, 12, 31), date(2026, 1, 1)),
        ("enduring", ("online",), date(2027, 12, 31), date(2028, 1, 1)),
        ("journal", ("online",), date(2027, 12, 31), date(2028, 1, 1)),
    ],
)
def test_format_period_limits(
    fmt: str, delivery: tuple[str, ...], last_ok: date, first_bad: date
) -> None:
    start = date(2025, 1, 1)
    ok = closable_activity(
        format=fmt, delivery_methods=delivery, start_date=start, end_date=last_ok
    )
    bad = replace(ok, end_date=first_bad)
    assert assess_activity(ok, date(2029, 1, 1)).status is Status.CLOSED
    result = assess_activity(bad, date(2029, 1, 1))
    assert result.status is Status.INCOMPLETE
    assert [p.code for p in result.blockers] == ["period_too_long"]


@pytest.mark.parametrize(
    "fmt",
    [
        "course",
        "manuscript_review",
        "committee_learning",
        "performance_improvement",
        "internet_searching",
        "learning_from_teaching",
        "other",
    ],
)
def test_formats_without_limit_warn_past_a_year(fmt: str) -> None:
    delivery = ("in_person",) if fmt in {"course", "other"} else ()
    r = closable_activity(
        format=fmt,
        delivery_methods=delivery,
        start_date=date(2025, 1, 1),
        end_date=date(2026, 1, 1),
    )
    a = assess_activity(r, TODAY)
    assert a.status is Status.CLOSED
    assert [w.code for w in a.warnings] == ["longer_than_a_year"]
    shorter = replace(r, end_date=date(2025, 12, 31))
    assert assess_activity(shorter, TODAY).warnings == ()


def test_enduring_does_not_warn_within_its_three_years() -> None:
    r = closable_activity(
        format="enduring",
        delivery_methods=("online",),
        start_date=date(2024, 1, 1),
        end_date=date(2025, 12, 1),
    )
    assert assess_activity(r, TODAY).warnings == ()


def test_unknown_format() -> None:
    a = assess_activity(closable_activity(format="webinar"), TODAY)
    assert a.status is Status.INCOMPLETE
    assert [p.field for p in a.blockers] == ["format"]


def _with_moc(**changes: Any) -> ActivityRecord:
    r = closable_activity()
    abim = replace(r.moc[0], **changes)
    return replace(r, moc=(abim, r.moc[1]))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (dict(attested=False), "moc.ABIM.attested"),
        (dict(points=None), "moc.ABIM.points"),
        (dict(points=Decimal("1.1")), "moc.ABIM.points"),
        (dict(credit_types=()), "moc.ABIM.credit_types"),
        (dict(credit_types=("P2",)), "moc.ABIM.credit_types"),
        (dict(practice_areas=()), "moc.ABIM.practice_areas"),
        (dict(fee=None), "moc.ABIM.fee"),
        (dict(registration="Anyone"), "moc.ABIM.registration"),
        (dict(credit_claim_date=None), "moc.ABIM.credit_claim_date"),
    ],
)
def test_moc_fields_block_closing(changes: dict[str, Any], field: str) -> None:
    a = assess_activity(_with_moc(**changes), TODAY)
    assert a.status is Status.READY_TO_CLOSE
    assert {p.field for p in a.blockers} == {field}


def test_abp_points_must_be_whole() -> None:
    r = closable_activity()
    abp = replace(r.moc[1], points=Decimal("1.5"))
    a = assess_activity(replace(r, moc=(r.moc[0], abp)), TODAY)
    assert [p.code for p in a.blockers] == ["not_whole"]


def test_aba_needs_content_area() -> None:
    aba = MocRegistration(
        board="ABA",
        attested=True,
        points=Decimal(1),
        credit_types=("LL",),
        practice_areas=("Anesthesiology",),
        fee="Yes",
        registration="Limited",
        url="https://example.org/cme/aba",
        credit_claim_date=date(2026, 12, 31),
    )
    r = closable_activity(moc=(aba,))
    assert {p.field for p in assess_activity(r, TODAY).blockers} == {"moc.ABA.content_area"}
    assert (
        assess_activity(
            closable_activity(moc=(replace(aba, content_area="Pharmacology"),)), TODAY
        ).status
        is Status.CLOSED
    )


def test_unknown_board() -> None:
    r = closable_activity(moc=(MocRegistration(board="ABXYZ"),))
    assert [p.code for p in assess_activity(r, TODAY).blockers] == ["unknown_board"]


def test_status_walk_draft_to_closed() -> None:
    """Each transition in turn, filling in what the engine asks for."""
    r = ActivityRecord(
        title="Walk",
        format="committee_learning",
        start_date=date(2026, 1, 5),
        end_date=date(2026, 7, 1),
    )
    assert assess_activity(r, TODAY).status is Status.DRAFT
    r = replace(
        r, description="d", providership=Providership.DIRECT, ama_credits=Decimal(2), passport=False
    )
    assert assess_activity(r, TODAY).status is Status.ACTIVE
    assert assess_activity(r, date(2026, 7, 2)).status is Status.READY_TO_CLOSE
    r = replace(
        r,
        close_requested=True,
        outcomes=(Outcome("Learner Knowledge", subjective=True),),
        commercial_support=False,
        physician_learners=3,
        other_learners=1,
    )
    a = assess_activity(r, date(2026, 7, 2))
    assert (a.status, a.blockers) == (Status.CLOSED, ())


# --- MOC and REMS rules PARS applies before it closes an activity (issue 15 item 4) ---------


@pytest.mark.parametrize(
    ("record", "field", "code"),
    [
        (_with_moc(url=""), "moc.ABIM.url", "required"),
        (_with_moc(url="example.org/cme"), "moc.ABIM.url", "invalid"),
        (_with_moc(points=Decimal("2.25")), "moc.ABIM.points", "over_designated"),
        (_with_moc(practice_areas=("Dermatology",)), "moc.ABIM.practice_areas", "unknown"),
        (
            replace(closable_activity(), moc=closable_activity().moc + closable_activity().moc[:1]),
            "moc.ABIM",
            "duplicate_board",
        ),
        (
            closable_activity(
                moc=(
                    MocRegistration(
                        board="ABPMR",
                        attested=True,
                        points=Decimal(1),
                        credit_types=("LL",),
                        practice_areas=("Physical Medicine and Rehabilitation",),
                        fee="Yes",
                        registration="Open to all",
                        url="https://example.org/cme/pmr",
                        credit_claim_date=date(2026, 12, 31),
                    ),
                ),
                start_date=date(2024, 12, 31),
                end_date=date(2025, 1, 2),
            ),
            "moc.ABPMR",
            "board_not_yet",
        ),
    ],
)
def test_moc_registration_rules_block_closing(
    record: ActivityRecord, field: str, code: str
) -> None:
    a = assess_activity(record, TODAY)
    assert a.status is Status.READY_TO_CLOSE
    assert [(p.field, p.code) for p in a.blockers] == [(field, code)]


def test_moc_points_equal_to_the_credits_and_abpmr_from_2025_are_fine() -> None:
    assert assess_activity(_with_moc(points=Decimal("2")), TODAY).status is Status.CLOSED
    pmr = MocRegistration(
        board="ABPMR",
        attested=True,
        points=Decimal(1),
        credit_types=("LL",),
        practice_areas=("Brain Injury Medicine",),
        fee="No, it’s free",  # as ACCME's schema writes it
        registration="Open to all",
        url="https://example.org/cme/pmr",
        credit_claim_date=date(2026, 12, 31),
    )
    assert assess_activity(closable_activity(moc=(pmr,)), TODAY).status is Status.CLOSED


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        (dict(rems_type="Other"), "rems_type", "unknown"),
        (dict(rems_grant_id=""), "rems_grant_id", "required"),
        (dict(rems_grant_id="EG 123/456"), "rems_grant_id", "invalid"),
        (dict(rems_type=None), "rems_type", "required"),
    ],
)
def test_rems_on_the_activity_is_checked_as_on_a_completion(
    changes: dict[str, Any], field: str, code: str
) -> None:
    a = assess_activity(closable_activity(**changes), TODAY)
    assert a.status is Status.DRAFT
    assert [(p.field, p.code) for p in a.blockers] == [(field, code)]
    no_rems = closable_activity(rems_type=None, rems_grant_id="")
    assert assess_activity(no_rems, TODAY).status is Status.CLOSED


def test_abo_does_not_take_improvement_and_patient_safety_together() -> None:
    abo = MocRegistration(
        board="ABO",
        attested=True,
        points=Decimal(1),
        credit_types=("LL", "IMP", "PS"),
        practice_areas=("Glaucoma",),
        fee="Yes",
        registration="Open to all",
        url="https://example.org/cme/eye",
        credit_claim_date=date(2026, 12, 31),
    )
    a = assess_activity(closable_activity(moc=(abo,)), TODAY)
    assert [(p.field, p.code) for p in a.blockers] == [("moc.ABO.credit_types", "exclusive")]
    fine = replace(abo, credit_types=("LL", "PS"))
    assert assess_activity(closable_activity(moc=(fine,)), TODAY).status is Status.CLOSED
