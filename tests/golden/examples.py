"""The records the golden bodies stand for (what a coordinator typed), and a reader for them."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.models.records import (
    ActivityRecord,
    CompletionRecord,
    CreditRecord,
    LearnerRecord,
    MocRegistration,
    Outcome,
    Providership,
    SupportKind,
    SupportSource,
)
from desktop.sync.contract.learner_document import LearnerReport
from desktop.sync.contract.names import ProviderIdentity

GOLDEN = Path(__file__).resolve().parent
PROVIDER = ProviderIdentity("0012345", "Example Medical Society")


def body(name: str) -> bytes:
    return (GOLDEN / name).read_bytes()


def tree(name: str) -> Any:
    return json.loads(body(name))


ACTIVITY = ActivityRecord(
    provider_activity_id="GR2026-01",
    title="Grand Rounds: Sepsis Update",
    description="Recognising and treating sepsis early.",
    format="course",
    delivery_methods=("in_person", "live_streamed"),
    start_date=date(2026, 3, 1),
    end_date=date(2026, 3, 2),
    city="Chicago",
    state="IL",
    country="USA",
    providership=Providership.JOINT,
    joint_providers=("Example Community Hospital",),
    ama_credits=Decimal("1.5"),
    passport=True,
    activity_url="https://cme.example.org/gr2026-01",
    passport_fee="No, it's free",
    passport_registration="Open to all",
    commercial_support=True,
    support_sources=(
        SupportSource("Example Pharma", SupportKind.MONETARY, 5000),
        SupportSource("Example Devices", SupportKind.IN_KIND),
    ),
    physician_learners=42,
    other_learners=7,
    outcomes=(
        Outcome("Learner Competence", objective=True),
        Outcome("Patient Health", objective=True, subjective=True),
    ),
    commendation_tags=("C23", "C36"),
    moc=(
        MocRegistration(
            board="ABA",
            attested=True,
            points=Decimal("1.5"),
            credit_types=("LL",),
            practice_areas=("Anesthesiology", "Critical Care Medicine"),
            content_area="Critical care",
            credit_claim_date=date(2026, 12, 31),
        ),
        MocRegistration(
            board="ABPath",
            attested=True,
            points=Decimal(1),
            credit_types=("SA",),
            credit_claim_date=date(2026, 12, 31),
        ),
    ),
    rems_type="Opioid Analgesic",
    rems_grant_id="EG-123456-789",
)

LEARNER = LearnerRecord(
    first_name="Avery",
    last_name="Testperson",
    birth_month=2,
    birth_day=29,
    npi="1234567893",
    board_ids={"ABA": "123456789"},
)
REPORT = LearnerReport(
    LEARNER,
    "987654321",
    CompletionRecord(
        date(2026, 3, 2),
        (
            CreditRecord(None, Decimal("1.5"), "ccid:pd:0A1B2C3D4E5F60718293A4B5C6D7E8F9"),
            # Stored before ACCME's form: it travels wrapped as ccid:legacy:… (reading 9).
            CreditRecord("ABA", Decimal("1.5"), "00112233445566778899AABBCCDDEEFF"),
        ),
    ),
    "Grand Rounds: Sepsis Update",
)
