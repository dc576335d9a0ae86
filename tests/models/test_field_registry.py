"""The field registry: every activity field goes from a spreadsheet into the store and out to a
workbook again; an imported activity can reach Active; copying follows the registry."""

from __future__ import annotations

from dataclasses import fields as record_fields
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from desktop.exports.run import export
from desktop.models import fields as registry
from desktop.models.copying import ALL_GROUPS, CARRY_GROUPS, Placement, copied_record
from desktop.models.entities import Activity
from desktop.models.importing.columns import Kind
from desktop.models.importing.commit import commit_import
from desktop.models.importing.session import plan, prepare
from desktop.models.records import (
    ActivityRecord,
    EnduringCountRecord,
    MocRegistration,
    Outcome,
    Providership,
    SupportKind,
    SupportSource,
)
from desktop.models.rules import Status, assess_activity
from desktop.models.services import ActivityService
from desktop.models.store import Store, open_store
from tests.conftest import TODAY

# One activity with every field filled in, as a coordinator's workbook would say it.
CELLS: dict[str, Any] = {
    "Provider Activity ID": "RT-0001",
    "Title": "Sepsis Update (online)",
    "Description": "Objectives: recognise sepsis early; apply the hour-1 bundle.",
    "Format": "Enduring Material",
    "Delivery methods": "Online",
    "Start date": date(2026, 1, 5),
    "End date": "12/31/2027",
    "City": "Springfield",
    "State": "Illinois",
    "Country": "usa",
    "Providership": "Joint",
    "Joint providers": "Example Community Clinic; Lakeside Hospital",
    "AMA PRA Category 1 Credit": 2,
    "CME Passport": "Yes",
    "Web address": "https://example.org/cme/sepsis",
    "Passport fee": "Variable",
    "Passport registration": "open to all",
    "Commercial support": "Yes",
    "Commercial supporters": "Acme Devices=5000; Widget Labs=in kind",
    "Physician learners": 42,
    "Other learners": 0,
    "Outcomes measured": "Learner Competence=objective|subjective; Learner Performance=subjective",
    "Commendation criteria": "C23; C36",
    "ABIM MOC": (
        "points=1.5; types=MK; areas=Internal Medicine; fee=Yes; registration=Open to all;"
        " url=https://example.org/cme/sepsis; claim=12/31/2027; attested=yes"
    ),
    "ABP MOC": "2",
    "REMS": "Opioid Analgesic",
    "RPC grant ID": "EG-123456-789",
    "MIPS": "Yes",
    "Internal ID": "GR-7",
    "Close requested": "No",
    "Enduring learner counts": "2026=40|3",
}

EXPECTED = ActivityRecord(
    provider_activity_id="RT-0001",
    title="Sepsis Update (online)",
    description="Objectives: recognise sepsis early; apply the hour-1 bundle.",
    format="enduring",
    delivery_methods=("online",),
    start_date=date(2026, 1, 5),
    end_date=date(2027, 12, 31),
    city="Springfield",
    state="IL",
    country="USA",
    providership=Providership.JOINT,
    joint_providers=("Example Community Clinic", "Lakeside Hospital"),
    ama_credits=Decimal("2"),
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
    outcomes=(
        Outcome("Learner Competence", objective=True, subjective=True),
        Outcome("Learner Performance", subjective=True),
    ),
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
            credit_claim_date=date(2027, 12, 31),
        ),
        MocRegistration(board="ABP", points=Decimal("2")),
    ),
    rems_type="Opioid Analgesic",
    rems_grant_id="EG-123456-789",
    mips=True,
    internal_id="GR-7",
    close_requested=False,
    enduring_counts=(EnduringCountRecord(2026, 40, 3),),
)


def _workbook(path: Path, rows: list[dict[str, Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    headings = list(dict.fromkeys(h for row in rows for h in row))
    ws.append(headings)
    for row in rows:
        ws.append([row.get(h) for h in headings])
    wb.save(path)
    return path


def _import(store: Store, path: Path) -> list[int]:
    prepared = prepare(store, path, Kind.ACTIVITIES)
    result = plan(store, prepared, TODAY)
    assert not result.failed, [p.message for r in result.failed for p in r.problems]
    commit_import(store, result, TODAY)
    with store.reading() as s:
        return list(s.scalars(select(Activity.id).order_by(Activity.id)))


def _stored(store: Store, activity_id: int) -> ActivityRecord:
    return ActivityService(store, lambda: TODAY).get(activity_id)


def test_the_workbook_names_every_importable_column() -> None:
    """A new field in the registry fails this test until the workbook below carries it."""
    boards_unregistered = {c.heading for c in registry.import_columns() if c.field == "moc"} - set(
        CELLS
    )
    assert {c.heading for c in registry.import_columns()} == set(CELLS) | boards_unregistered
    names = {f.name for f in record_fields(ActivityRecord)}
    assert {f.key for f in registry.ACTIVITY_FIELDS} == names  # every record field, once


def test_every_field_round_trips_import_store_export(store: Store, tmp_path: Path) -> None:
    [activity_id] = _import(store, _workbook(tmp_path / "in.xlsx", [CELLS]))
    stored = _stored(store, activity_id)
    for f in registry.ACTIVITY_FIELDS:
        assert getattr(stored, f.key) == getattr(EXPECTED, f.key), f.key
    assert stored == EXPECTED

    out = tmp_path / "out.xlsx"
    export(store, "activities", "xlsx", None, out)
    ws = load_workbook(out).active
    assert ws is not None
    headings, row = list(ws.iter_rows(values_only=True))
    cells = dict(zip(headings, row, strict=True))
    # Every column of the registry is in the workbook, with the value the store holds.
    assert set(cells) == {c.heading for c in registry.columns()}
    assert cells["Provider Activity ID"] == "RT-0001"
    assert cells["Start date"].date() == date(2026, 1, 5)
    assert cells["Format"] == "Enduring Material"
    assert cells["CME Passport"] == "Yes"
    assert cells["Passport fee"] == "Variable"
    assert cells["Commercial supporters"] == "Acme Devices=5000; Widget Labs=in kind"
    assert cells["ABP MOC"].startswith("points=2;")
    assert "areas=Internal Medicine" in cells["ABIM MOC"]
    assert cells["ABA MOC"] in (None, "")
    assert cells["REMS"] == "Opioid Analgesic"
    assert cells["MIPS"] == "Yes"
    assert cells["Enduring learner counts"] == "2026=40|3"

    # The exported workbook imports again, field for field, into another store.
    other = open_store(tmp_path / "other.sqlite3")
    try:
        [again] = _import(other, out)
        assert _stored(other, again) == EXPECTED
    finally:
        other.close()


def test_an_imported_activity_with_passport_columns_is_active_without_the_editor(
    store: Store, tmp_path: Path
) -> None:
    row = {
        "Provider Activity ID": "ACT-1",
        "Title": "Hypertension Update",
        "Description": "Objectives: apply the 2026 guideline.",
        "Format": "Course",
        "Delivery methods": "In-Person",
        "Start date": "06/01/2026",
        "End date": "12/01/2026",
        "City": "Springfield",
        "State": "IL",
        "Country": "USA",
        "Providership": "Direct",
        "AMA PRA Category 1 Credit": 1.5,
        "CME Passport": "Yes",
        "Web address": "https://example.org/cme/htn",
        "Passport fee": "No, it's free",
        "Passport registration": "Limited",
        "ABIM MOC": "points=1.5; types=MK; areas=Internal Medicine",
        "ABP MOC points": 1,
    }
    [activity_id] = _import(store, _workbook(tmp_path / "active.xlsx", [row]))
    stored = _stored(store, activity_id)
    assert (stored.passport, stored.passport_fee, stored.passport_registration) == (
        True,
        "No, it's free",
        "Limited",
    )
    assert stored.moc_for("ABIM") == MocRegistration(
        "ABIM", points=Decimal("1.5"), credit_types=("MK",), practice_areas=("Internal Medicine",)
    )
    assert stored.moc_for("ABP") == MocRegistration("ABP", points=Decimal("1"))
    assessed = assess_activity(stored, TODAY)
    assert assessed.status is Status.ACTIVE, [p.message for p in assessed.blockers]
    with store.reading() as s:
        assert s.scalar(select(Activity.rule_level).where(Activity.id == activity_id)) == 2


def test_a_bad_registry_cell_is_named_and_imports_nothing(store: Store, tmp_path: Path) -> None:
    row = {
        "Title": "Bad fee",
        "Format": "Course",
        "Start date": "06/01/2026",
        "CME Passport": "Yes",
        "Passport fee": "Sometimes",
        "ABIM MOC": "points=1; colour=blue",
        "Enduring learner counts": "2026=10|1",  # a course keeps no yearly counts
    }
    path = _workbook(tmp_path / "bad.xlsx", [row])
    result = plan(store, prepare(store, path, Kind.ACTIVITIES), TODAY)
    messages = [p.message for r in result.failed for p in r.problems]
    assert any("“Sometimes” is not a fee answer" in m for m in messages), messages
    assert any("“colour” is not a MOC item" in m for m in messages), messages
    assert any("Only enduring materials keep yearly" in m for m in messages), messages
    assert not result.valid
    with store.reading() as s:
        assert s.scalar(select(Activity.id)) is None


def test_copy_groups_are_the_registry_s() -> None:
    """Each group carries exactly the fields the registry puts in it, and no field names a
    group the copy wizard does not offer."""
    assert {f.copy_group for f in registry.ACTIVITY_FIELDS if f.copy_group} == ALL_GROUPS
    for group in CARRY_GROUPS:
        assert group.fields == tuple(
            f.key for f in registry.ACTIVITY_FIELDS if f.copy_group == group.key
        )
    where = Placement(date(2027, 1, 4), date(2028, 12, 31))
    for group in CARRY_GROUPS:
        copy = copied_record(EXPECTED, frozenset({group.key}), where)
        for f in registry.ACTIVITY_FIELDS:
            carried = getattr(copy, f.key) == getattr(EXPECTED, f.key)
            if f.copy_group == group.key and f.key != "moc":
                assert carried, (group.key, f.key)
            elif f.copy_group is not None and f.copy_group != group.key:
                assert getattr(copy, f.key) == getattr(ActivityRecord(), f.key), (group.key, f.key)
    never = {f.key for f in registry.ACTIVITY_FIELDS if f.copy_group is None}
    assert {"provider_activity_id", "accme_activity_id", "enduring_counts"} <= never
