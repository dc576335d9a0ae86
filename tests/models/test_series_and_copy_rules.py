"""Repeat activities vs a regularly scheduled series, and what next year's copy carries
(issue 15 items 8–9, SPEC §2.4, M3)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from desktop.models.copying import DEFAULT_CARRY, Placement, copied_record, next_edition_title
from desktop.models.entities import Activity, RepeatSeries
from desktop.models.records import ActivityRecord
from desktop.models.services import ActivityService
from desktop.models.services.errors import NotAllowed
from desktop.models.services.series import SeriesService
from desktop.models.store import Store
from tests.conftest import TODAY
from tests.factories import closable_activity


def weekly(first: date, sessions: int) -> list[Placement]:
    return [
        Placement(
            first + timedelta(weeks=n), first + timedelta(weeks=n), "Springfield", "IL", "USA"
        )
        for n in range(sessions)
    ]


def test_a_weekly_series_of_52_sessions_is_one_rss_activity(store: Store) -> None:
    shared = ActivityRecord(title="Medicine Grand Rounds", format="rss")
    activity_id, _ = SeriesService(store, lambda: TODAY).create_one_rss(
        shared, weekly(date(2026, 1, 6), 52), "GR2026"
    )
    record = ActivityService(store).get(activity_id)
    assert (record.provider_activity_id, record.format, record.start_date, record.end_date) == (
        "GR2026",
        "rss",
        date(2026, 1, 6),
        date(2026, 12, 29),
    )
    assert (record.city, record.state) == ("Springfield", "IL")
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 1
        assert s.scalar(select(func.count()).select_from(RepeatSeries)) == 0


def test_one_rss_activity_may_not_run_past_12_months(store: Store) -> None:
    shared = ActivityRecord(title="Tumor Board", format="rss")
    with pytest.raises(NotAllowed, match="more than 12 months"):
        SeriesService(store).create_one_rss(shared, weekly(date(2026, 1, 6), 54), "TB")
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 0


def test_enduring_materials_are_never_repeated(store: Store) -> None:
    shared = ActivityRecord(title="Online Module", format="enduring")
    places = [
        Placement(date(2026, 1, 1), date(2026, 12, 31)),
        Placement(date(2027, 1, 1), date(2027, 12, 31)),
    ]
    with pytest.raises(NotAllowed, match="never repeated"):
        SeriesService(store).create("Online Module", shared, places, "OM-")
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 0


def test_next_years_copy_carries_content_not_money_or_results() -> None:
    source = closable_activity()
    copy = copied_record(source, DEFAULT_CARRY, Placement(date(2027, 3, 1), date(2027, 3, 2)))
    assert (copy.title, copy.description, copy.format, copy.ama_credits) == (
        source.title,
        source.description,
        source.format,
        source.ama_credits,
    )
    assert copy.moc and copy.commendation_tags == source.commendation_tags
    assert (copy.commercial_support, copy.support_sources, copy.outcomes) == (None, (), ())
    assert (copy.physician_learners, copy.other_learners) == (None, None)


def test_the_quick_copy_leaves_money_and_results_behind(store: Store) -> None:
    service = ActivityService(store, lambda: TODAY)
    source, _ = service.create(closable_activity())
    copy, _ = service.copy(source)
    record = service.get(copy)
    assert (record.commercial_support, record.support_sources, record.outcomes) == (None, (), ())


@pytest.mark.parametrize(
    ("title", "suggested"),
    [
        ("Cardiology Update 2026", "Cardiology Update 2027"),
        ("2026 Annual Meeting", "2027 Annual Meeting"),
        ("Class of 2025: Board Review 2026", "Class of 2025: Board Review 2027"),
        ("Grand Rounds", "Grand Rounds"),
        ("Room 120266 tour", "Room 120266 tour"),
    ],
)
def test_the_copy_title_suggests_the_year_change(title: str, suggested: str) -> None:
    assert next_edition_title(title, 2026, 2027) == suggested
