"""Synthetic records for tests: made-up activities and people, never real physician data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from desktop.models.records import (
    ActivityRecord,
    CompletionRecord,
    Consent,
    CreditRecord,
    LearnerRecord,
    MocRegistration,
    Outcome,
    Providership,
    SupportKind,
    SupportSource,
)


def closable_activity(**overrides: Any) -> ActivityRecord:
    """An activity that satisfies every rule up to Closed (ended 2026-03-02, close requested)."""
    base = ActivityRecord(
        provider_activity_id="T-0001",
        title="Grand Rounds: Sepsis Update",
        description="Objectives: recognise sepsis early; apply the hour-1 bundle.",
        format="course",
        delivery_methods=("in_person",),
        start_date=date(2026, 3, 1),
        end_date=date(2026, 3, 2),
        city="Springfield",
        state="IL",
        country="USA",
        providership=Providership.JOINT,
        joint_providers=("Example Community Clinic",),
        ama_credits=Decimal("2"),  # ABP registers 2 MOC points: never above the credits
        passport=True,
        activity_url="https://example.org/cme/sepsis",
        passport_fee="Variable",
        passport_registration="Open to all",
        commercial_support=True,
        support_sources=(
            SupportSource("Acme Devices", SupportKind.MONETARY, 5000),
            SupportSource("Widget Labs", SupportKind.IN_KIND),
        ),
        physician_learners=42,
        other_learners=0,
        outcomes=(Outcome("Learner Competence", objective=True),),
        commendation_tags=("C23", "C36"),
        moc=(
            MocRegistration(
                board="ABIM",
                attested=True,
                points=Decimal("1.5"),
                credit_types=("MK",),
                practice_areas=("Internal Medicine",),
                fee="Yes",
                registration="Open to all",
                url="https://example.org/cme/sepsis",
                credit_claim_date=date(2026, 12, 31),
            ),
            MocRegistration(
                board="ABP",
                attested=True,
                points=Decimal("2"),
                credit_types=("P2",),
                practice_areas=("General Pediatrics",),
                fee="No, it's free",
                registration="Limited",
                url="https://example.org/cme/sepsis",
                credit_claim_date=date(2026, 12, 31),
            ),
        ),
        rems_type="Opioid Analgesic",
        rems_grant_id="EG-123456-789",
        mips=True,
        internal_id="GR-SEPSIS",
        close_requested=True,
    )
    return replace(base, **overrides)


def learner(**overrides: Any) -> LearnerRecord:
    base = LearnerRecord(
        first_name="Avery",
        last_name="Testperson",
        birth_month=2,
        birth_day=29,
        license_state="IL",
        license_number="036-000001",
        npi="1234567893",
        board_ids={"ABIM": "900001"},
        consent=Consent.GIVEN,
        consent_date=date(2026, 3, 1),
        consent_source="sign-in sheet",
    )
    return replace(base, **overrides)


def completion(**overrides: Any) -> CompletionRecord:
    base = CompletionRecord(
        completion_date=date(2026, 3, 2),
        credits=(
            CreditRecord(None, Decimal("1.5")),
            CreditRecord("ABIM", Decimal("1.5")),
        ),
    )
    return replace(base, **overrides)


# ABA registered with two credit types (ACCME's MOCA, then MOCA + patient safety example).
ABA = MocRegistration(
    board="ABA",
    attested=True,
    points=Decimal("1.5"),
    credit_types=("LL", "PS"),
    practice_areas=("Anesthesiology",),
    content_area="Patient Safety",
    fee="Yes",
    registration="Open to all",
    url="https://example.org/cme/safety",
    credit_claim_date=date(2026, 12, 31),
)
