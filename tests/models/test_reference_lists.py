"""The reference lists are whole and say where they come from (issue 15 item 5)."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from desktop.models.importing.columns import Kind
from desktop.models.importing.session import plan, prepare
from desktop.models.reference import load_reference
from desktop.models.store import Store
from tests.conftest import TODAY

LISTS = (
    "formats",
    "delivery_methods",
    "outcomes",
    "commendation_tags",
    "passport_fees",
    "registrations",
    "rems_types",
    "moc_credit_kinds",
    "boards",
    "us_states",
    "countries",
    "pars_pages",
)


def _raw() -> dict[str, Any]:
    text = resources.files("desktop.models.reference").joinpath("reference_data.json")
    data: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    return data


def _dated(entry: dict[str, Any]) -> None:
    assert entry["source"].strip()
    assert date.fromisoformat(entry["checked"]) <= date.today()
    assert isinstance(entry["unconfirmed"], list)


def test_every_list_and_every_board_says_its_source_and_when_it_was_checked() -> None:
    raw = _raw()
    for name in LISTS:
        _dated(raw["sources"][name])
    for board in raw["boards"]:
        _dated(board)


@pytest.mark.parametrize(
    ("board", "areas"),
    [
        (
            "ABIM",
            (
                "Interventional Cardiology",
                "Clinical Cardiac Electrophysiology",
                "Advanced Heart Failure and Transplant Cardiology",
                "Hospice and Palliative Medicine",
                "Sleep Medicine",
                "Transplant Hepatology",
                "Adolescent Medicine",
                "Sports Medicine",
                "Neurocritical Care",
                "Adult Congenital Heart Disease",
            ),
        ),
        ("ABPath", ("Blood Banking/Transfusion Medicine", "Neuropathology", "Pediatric Pathology")),
        ("ABP", ("Child Abuse Pediatrics", "Developmental-Behavioral Pediatrics")),
        ("ABA", ("Adult Cardiac Anesthesiology", "Neurocritical Care")),
        ("ABPMR", ("Neuromuscular Medicine", "Brain Injury Medicine")),
        ("ABO", ("Comprehensive Ophthalmology", "Glaucoma", "Retina/Vitreous")),
    ],
)
def test_practice_areas_are_the_boards_whole_lists(board: str, areas: tuple[str, ...]) -> None:
    found = load_reference().board(board)
    assert found is not None
    assert set(areas) <= set(found.practice_areas)
    assert len(set(found.practice_areas)) == len(found.practice_areas)


def test_abo_takes_part_and_abs_matches_without_an_id() -> None:
    ref = load_reference()
    abo = ref.board("ABO")
    assert abo is not None and abo.learner_id_required
    assert {t.kind for t in abo.credit_types} == {
        "cme",
        "cme_evaluation",
        "patient_safety",
        "improvement",
    }
    abs_ = ref.board("ABS")
    assert abs_ is not None and not abs_.learner_id_required
    pmr = ref.board("ABPMR")
    assert pmr is not None and pmr.registrable_from == date(2025, 1, 1)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Live Course", "course"),
        ("Internet Live Course", "course"),
        ("Journal-based CE", "journal"),
        ("Test Item Writing", "test_item_writing"),
        ("Performance Improvement", "performance_improvement"),
        ("Internet Activity (Enduring Material)", "enduring"),
        ("Regularly Scheduled Series", "rss"),
        ("Other/Blended Learning", "other"),
        ("IEM", "enduring"),
        ("committee  learning", "committee_learning"),
    ],
)
def test_formats_by_the_names_coordinators_use(written: str, code: str) -> None:
    found = load_reference().format_for_name(written)
    assert found is not None and found.code == code


def test_the_passport_fee_as_accme_writes_it() -> None:
    ref = load_reference()
    assert ref.passport_fee("No, it’s free") == "No, it's free"  # ACCME's schema: U+2019
    assert ref.passport_fee("no, it's free") == "No, it's free"
    assert ref.passport_fee("Varies") == "Variable"
    assert ref.passport_fee("maybe") is None


def test_an_activity_sheet_with_coordinators_format_names_imports(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "activities.csv"
    path.write_text(
        "Activity ID,Title,Format,Start Date,End Date\n"
        "A-1,Cardiology Update,Live Course,03/01/2026,03/01/2026\n"
        "A-2,Journal Club,Journal-based CE,01/01/2026,12/31/2026\n"
        "A-3,Item pool,Test Item Writing,01/01/2026,06/30/2026\n"
        "A-4,Quality project,Performance Improvement,01/01/2026,06/30/2026\n",
        encoding="utf-8",
    )
    prepared = prepare(store, path)
    assert prepared.kind is Kind.ACTIVITIES
    result = plan(store, prepared, TODAY)
    assert [r.record.format for r in result.valid] == [
        "course",
        "journal",
        "test_item_writing",
        "performance_improvement",
    ]
