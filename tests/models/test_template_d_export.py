"""The tab template export is PARS's pre-2021 Template D (issue 15 item 10): its cells read back
from the written file, Other/Blended with its code, "=" cells unguarded in the upload file but
guarded in the workbook, and the fields it cannot carry listed per activity."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from desktop.exports.run import export
from desktop.exports.template_d import cannot_carry
from desktop.models.importing.session import plan, prepare
from desktop.models.records import ActivityRecord, MocRegistration, Outcome, Providership
from desktop.models.services import ActivityService
from desktop.models.store import Store, open_store
from tests.conftest import TODAY
from tests.factories import closable_activity

FORMULA = "=1+2 Journal Club"


def _blended(**overrides: object) -> ActivityRecord:
    base = ActivityRecord(
        provider_activity_id="OB-1",
        title=FORMULA,
        description="-Case discussions online and in person",
        format="other",
        delivery_methods=("in_person", "online"),
        start_date=date(2026, 2, 1),
        end_date=date(2026, 5, 31),
        city="Springfield",
        state="IL",
        country="USA",
        providership=Providership.DIRECT,
        ama_credits=Decimal("6"),
        passport=False,
        commercial_support=False,
        physician_learners=14,
        other_learners=3,
        outcomes=(Outcome("Learner Knowledge", subjective=True),),
    )
    return ActivityRecord(**{**base.__dict__, **overrides})


def test_template_d_cells_read_back_unguarded_and_the_workbook_guarded(
    store: Store, tmp_path: Path
) -> None:
    service = ActivityService(store, lambda: TODAY)
    service.create(_blended())
    service.create(closable_activity(provider_activity_id="C-1"))
    out = tmp_path / "activities.txt"
    result = export(store, "activities", "tab", None, out)
    assert result.written == 2
    raw = out.read_bytes()
    assert raw.count(b"\r\n") == 2 and b"'" not in raw.split(b"\t")[4]
    lines = {line.split("\t")[2]: line.split("\t") for line in raw.decode().splitlines()}
    blended = lines["OB-1"]
    assert blended[0] == "Template D" and len(blended) == 47
    assert (blended[3], blended[5], blended[10]) == ("2026", "02/01/2026", "OBL")
    assert blended[4] == FORMULA  # an upload file for PARS: no leading '
    assert blended[30] == "-Case discussions online and in person"
    assert (blended[12], blended[13], blended[29]) == ("14", "3", "6")
    # The workbook meant for Excel guards the same title.
    book = tmp_path / "activities.xlsx"
    export(store, "activities", "xlsx", None, book)
    ws = load_workbook(book).active
    assert ws is not None
    titles = {row[0]: row[2] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert titles["OB-1"] == "'" + FORMULA
    course = lines["C-1"]
    assert course[10] == "C" and course[16] == "Yes"  # changes in competence evaluated
    assert course[47:49] == ["Acme Devices", "5000"]


def test_other_blended_reads_back_through_the_legacy_reader(store: Store, tmp_path: Path) -> None:
    ActivityService(store, lambda: TODAY).create(_blended())
    out = tmp_path / "activities.txt"
    export(store, "activities", "tab", None, out)
    other = open_store(tmp_path / "other.sqlite3")
    try:
        back = plan(other, prepare(other, out), TODAY)
        (row,) = back.valid
        assert (row.record.format, row.record.title) == ("other", FORMULA)
    finally:
        other.close()


def test_what_template_d_cannot_carry_is_listed_per_activity(store: Store, tmp_path: Path) -> None:
    service = ActivityService(store, lambda: TODAY)
    service.create(_blended())
    service.create(
        closable_activity(
            provider_activity_id="C-2",
            start_date=date(2026, 3, 1),
            end_date=date(2026, 3, 1),
            delivery_methods=("in_person",),
            passport=False,
            commendation_tags=(),
            moc=(),
            outcomes=(Outcome("Learner Competence"),),
            internal_id="",
            rems_type=None,
            rems_grant_id="",
            mips=False,
        )
    )
    full = closable_activity(
        provider_activity_id="C-3",
        delivery_methods=("in_person", "live_streamed"),
        rems_type="Opioid Analgesic",
        mips=True,
        moc=(MocRegistration("ABIM"),),
    )
    service.create(full)
    assert cannot_carry(full) == [
        "end date 03/02/2026 (the template has one activity date)",
        "a second delivery method: Live-Streamed",
        "CME Passport listing (web address, fee, registration)",
        "MOC registration (ABIM)",
        "REMS",
        "MIPS",
        "commendation tags",
        "how outcomes were measured (objectively/subjectively)",
        "internal ID",
    ]
    result = export(store, "activities", "tab", None, tmp_path / "a.txt")
    lines = result.note.splitlines()
    assert lines[0].startswith("Template D (PARS's pre-2021 template) cannot carry")
    assert lines[1] == ("C-3: " + "; ".join(cannot_carry(full)))
    assert lines[2] == (
        "OB-1: end date 05/31/2026 (the template has one activity date); "
        "delivery method: In-Person, Online; outcome measures Learner Knowledge; "
        "how outcomes were measured (objectively/subjectively)"
    )
    assert len(lines) == 3  # C-2 holds nothing the template cannot carry
