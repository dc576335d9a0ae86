"""End dates and other values an import fills in (issue 15 items 6–7, SPEC §7.1): assigned the way
ACCME's 2021 migration did, marked on the activity, listed by a filter until reviewed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.models.entities import ImportMarker
from desktop.models.importing.commit import commit_import, remove_import
from desktop.models.importing.session import plan, prepare
from desktop.models.queries.activity_list import ActivityList
from desktop.models.queries.rows import ActivityFilter
from desktop.models.records import Outcome
from desktop.models.services import ActivityService
from desktop.models.services.errors import NotAllowed
from desktop.models.store import Store
from tests.conftest import TODAY


def template_line(
    pai: str, year: str, title: str, when: str, code: str, credits: str = "1", **extra: str
) -> str:
    """One Template D line: fields 1–31 (SPEC §7.1), the rest empty."""
    fields = [""] * 31
    fields[0] = "Template D"
    fields[2], fields[3], fields[4], fields[5] = pai, year, title, when
    fields[6], fields[7], fields[8], fields[9], fields[10] = "Chicago", "IL", "USA", "Direct", code
    fields[12], fields[13], fields[14] = "30", "2", "No"
    for i in range(15, 21):
        fields[i] = "No"
    fields[16] = extra.get("competence", "No")  # 17: changes in competence evaluated
    fields[29] = credits
    return "\t".join(fields)


def import_template(store: Store, tmp_path: Path, *lines: str) -> list[int]:
    path = tmp_path / "legacy.txt"
    path.write_text("\n".join(lines) + "\n")
    result = plan(store, prepare(store, path), TODAY)
    assert not result.failed, [str(p) for r in result.failed for p in r.problems]
    commit_import(store, result, TODAY)
    return [a.id for a in ActivityService(store).summaries()]


def test_a_52_session_rss_gets_dec_31_of_its_reporting_year_marked_assigned(
    store: Store, tmp_path: Path
) -> None:
    # ACCME's example: a weekly series, 52 sessions of one credit, reported for 2020.
    (rss,) = import_template(
        store,
        tmp_path,
        template_line("GR-2020", "2020", "Medicine Grand Rounds", "01/08/2020", "RSS", "52"),
    )
    service = ActivityService(store, lambda: TODAY)
    record = service.get(rss)
    assert (record.format, record.start_date, record.end_date) == (
        "rss",
        date(2020, 1, 8),
        date(2020, 12, 31),
    )
    assert record.ama_credits == 52
    markers = service.import_markers(rss)
    assert markers["end_date"].kind == "assigned"
    # The template does not say how a series was delivered: nothing is invented.
    assert record.delivery_methods == ()
    assert markers["delivery_methods"].kind == "needs_choice"

    unreviewed = ActivityFilter(unreviewed=True)
    listing = ActivityList(store)
    assert [r.id for r in listing.page(unreviewed, TODAY)] == [rss]
    assert set(markers) == {"end_date", "delivery_methods", "description", "passport"}
    for name in ("end_date", "description", "passport"):
        service.confirm_assigned(rss, name)
    assert "end_date" not in service.import_markers(rss)
    # Still listed while a choice is open; choosing it (changing the field) reviews it.
    assert listing.count(unreviewed, TODAY) == 1
    with pytest.raises(NotAllowed):
        service.confirm_assigned(rss, "delivery_methods")
    service.update(rss, delivery_methods=("in_person",))
    assert listing.count(unreviewed, TODAY) == 0
    assert listing.count(ActivityFilter(), TODAY) == 1


def test_an_rss_reported_a_year_late_stays_within_12_months(store: Store, tmp_path: Path) -> None:
    (rss,) = import_template(
        store,
        tmp_path,
        template_line("GR-2019", "2020", "Surgery Grand Rounds", "06/05/2019", "RSS"),
    )
    assert ActivityService(store).get(rss).end_date == date(2020, 6, 4)


def test_an_enduring_material_gets_dec_31_within_3_years(store: Store, tmp_path: Path) -> None:
    same_year, three_later = import_template(
        store,
        tmp_path,
        template_line("EM-1", "2019", "Online Module", "05/01/2019", "IEM"),
        template_line("EM-2", "2022", "Print Monograph", "05/01/2019", "EM"),
    )
    service = ActivityService(store)
    assert service.get(same_year).end_date == date(2019, 12, 31)
    assert service.get(same_year).delivery_methods == ("online",)
    # Reported in 2022, it may not run past three years from its start (April 30, 2022).
    assert service.get(three_later).end_date == date(2022, 4, 30)
    assert service.import_markers(three_later)["end_date"].kind == "assigned"


def test_a_one_day_course_gets_its_activity_date(store: Store, tmp_path: Path) -> None:
    (course,) = import_template(
        store, tmp_path, template_line("C-1", "2019", "Cardiology Update", "03/02/2019", "C")
    )
    service = ActivityService(store)
    record = service.get(course)
    assert (record.start_date, record.end_date) == (date(2019, 3, 2), date(2019, 3, 2))
    assert service.import_markers(course)["end_date"].kind == "assigned"


def test_outcome_measurement_type_is_left_to_choose_and_a_change_reviews_it(
    store: Store, tmp_path: Path
) -> None:
    (course,) = import_template(
        store,
        tmp_path,
        template_line("C-2", "2019", "Airway Skills", "04/02/2019", "C", competence="Yes"),
    )
    service = ActivityService(store)
    assert service.get(course).outcomes == (Outcome("Learner Competence"),)
    assert service.import_markers(course)["outcomes"].kind == "needs_choice"
    service.update(course, outcomes=(Outcome("Learner Competence", objective=True),))
    assert "outcomes" not in service.import_markers(course)
    # Changing the end date reviews the assigned one too.
    service.update(course, end_date=date(2019, 4, 3))
    assert "end_date" not in service.import_markers(course)


def test_a_spreadsheet_row_without_an_end_date(store: Store, tmp_path: Path) -> None:
    sheet = tmp_path / "activities.csv"
    sheet.write_text(
        "Activity ID,Title,Format,Start Date,End Date,Credits\n"
        "S-1,Ethics Webinar,Course,04/01/2026,,1\n"
        "S-2,Online Ethics Module,Enduring Material,04/01/2026,,1\n"
        "S-3,Tumor Board,RSS,01/07/2026,,12\n"
    )
    result = plan(store, prepare(store, sheet), TODAY)
    assert [r.row for r in result.valid] == [2]
    assert [str(p) for r in result.failed for p in r.problems] == [
        "Row 3, End Date: The end date is missing: enter this Enduring Material's end date "
        "(only a one-day course may take its start date).",
        "Row 4, End Date: The end date is missing: enter this Regularly Scheduled Series's end "
        "date (only a one-day course may take its start date).",
    ]
    course = result.valid[0]
    assert course.record.end_date == date(2026, 4, 1)
    assert course.markers["end_date"][0] == "assigned"
    batch_id, _ = commit_import(store, result, TODAY)
    (only,) = ActivityService(store).summaries()
    assert ActivityService(store).import_markers(only.id)["end_date"].kind == "assigned"
    # Taking the import back out takes its markers with it.
    remove_import(store, batch_id)
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(ImportMarker)) == 0
