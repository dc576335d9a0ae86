"""Copying activities, generating series dates, and repeat series (SPEC M3, M4, §2.4)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from desktop.models.copying import ALL_GROUPS, Placement, copied_record, instance_ids
from desktop.models.entities import Activity, OutboxEntry, RepeatSeries
from desktop.models.rules import Status
from desktop.models.schedule import Repeat, Schedule, ScheduleError, generate
from desktop.models.services import ActivityService
from desktop.models.services.errors import NotAllowed
from desktop.models.services.series import SeriesService
from desktop.models.store import Store
from tests.conftest import TODAY
from tests.factories import closable_activity

# --- schedules ---------------------------------------------------------------------------------


def starts(s: Schedule) -> list[date]:
    return [a for a, _ in generate(s)]


def test_every_tuesday_for_ten_weeks() -> None:
    got = starts(Schedule(Repeat.WEEKLY, date(2026, 1, 6), count=10))
    assert got[0] == date(2026, 1, 6) and got[-1] == date(2026, 3, 10) and len(got) == 10
    assert {d.weekday() for d in got} == {1}


def test_weekly_across_daylight_saving_keeps_the_weekday_and_local_time() -> None:
    # US clocks change on 2026-03-08 and 2026-11-01: a 12:00 session stays at 12:00 local.
    got = starts(Schedule(Repeat.WEEKLY, date(2026, 2, 24), until=date(2026, 3, 24)))
    assert got == [
        date(2026, 2, 24),
        date(2026, 3, 3),
        date(2026, 3, 10),
        date(2026, 3, 17),
        date(2026, 3, 24),
    ]
    central = ZoneInfo("America/Chicago")
    noon = [datetime(d.year, d.month, d.day, 12, tzinfo=central) for d in got]
    assert {n.hour for n in noon} == {12}
    utc = [n.astimezone(UTC) for n in noon]
    assert utc[2] - utc[1] == timedelta(days=7) - timedelta(hours=1)  # the short week is real
    autumn = starts(Schedule(Repeat.WEEKLY, date(2026, 10, 27), count=2, every=1))
    assert autumn == [date(2026, 10, 27), date(2026, 11, 3)]


def test_first_monday_of_each_month_until_june() -> None:
    got = starts(
        Schedule(
            Repeat.MONTHLY_WEEKDAY, date(2026, 1, 1), until=date(2026, 6, 30), weekday=0, nth=1
        )
    )
    assert got == [
        date(2026, 1, 5),
        date(2026, 2, 2),
        date(2026, 3, 2),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 6, 1),
    ]


def test_last_friday_and_a_start_after_this_months_one() -> None:
    got = starts(Schedule(Repeat.MONTHLY_WEEKDAY, date(2026, 1, 31), count=3, weekday=4, nth=-1))
    assert got == [date(2026, 2, 27), date(2026, 3, 27), date(2026, 4, 24)]


def test_month_ends_and_leap_days_clamp_to_the_last_day() -> None:
    got = starts(Schedule(Repeat.MONTHLY_DAY, date(2027, 10, 31), count=6))
    assert got == [
        date(2027, 10, 31),
        date(2027, 11, 30),
        date(2027, 12, 31),
        date(2028, 1, 31),
        date(2028, 2, 29),  # 2028 is a leap year
        date(2028, 3, 31),
    ]
    yearly_feb = starts(Schedule(Repeat.MONTHLY_DAY, date(2028, 2, 29), count=3, every=12))
    assert yearly_feb == [date(2028, 2, 29), date(2029, 2, 28), date(2030, 2, 28)]


def test_multi_day_instances() -> None:
    assert generate(Schedule(Repeat.WEEKLY, date(2026, 3, 5), count=2, days_long=2)) == [
        (date(2026, 3, 5), date(2026, 3, 6)),
        (date(2026, 3, 12), date(2026, 3, 13)),
    ]


@pytest.mark.parametrize(
    ("schedule", "says"),
    [
        (Schedule(Repeat.WEEKLY, date(2026, 5, 1), until=date(2026, 4, 1)), "is before the first"),
        (Schedule(Repeat.WEEKLY, date(2026, 5, 1)), "how many sessions, or the date of the last"),
        (
            Schedule(Repeat.WEEKLY, date(2026, 5, 1), count=3, until=date(2026, 6, 1)),
            "one of the two",
        ),
        (Schedule(Repeat.WEEKLY, date(2026, 5, 1), count=0), "between 1 and 500"),
        (Schedule(Repeat.MONTHLY_WEEKDAY, date(2026, 5, 1), count=2), "Choose the weekday"),
        (
            Schedule(Repeat.MONTHLY_WEEKDAY, date(2026, 5, 1), count=2, weekday=1, nth=5),
            "first, second",
        ),
        (Schedule(Repeat.MONTHLY_DAY, date(2026, 5, 1), count=2, day=32), "between 1 and 31"),
        (Schedule(Repeat.WEEKLY, date(2026, 5, 1), until=date(2040, 1, 1)), "more than 500"),
        (
            Schedule(
                Repeat.MONTHLY_WEEKDAY, date(2026, 5, 20), until=date(2026, 5, 31), weekday=0, nth=1
            ),
            "No date matches",
        ),
    ],
)
def test_schedules_that_cannot_make_dates_say_why(schedule: Schedule, says: str) -> None:
    with pytest.raises(ScheduleError, match=says):
        generate(schedule)


# --- copying -----------------------------------------------------------------------------------


def test_a_copy_carries_only_the_chosen_groups_and_never_ids_counts_or_closing() -> None:
    source = replace(
        closable_activity(),
        accme_activity_id="123456789",
        enduring_counts=(),
    )
    where = Placement(date(2027, 3, 1), date(2027, 3, 2), "Peoria", "IL", "USA")
    everything = copied_record(source, ALL_GROUPS, where)
    assert everything.title == source.title and everything.moc and everything.support_sources
    assert (everything.provider_activity_id, everything.accme_activity_id) == ("", None)
    assert (everything.physician_learners, everything.other_learners) == (None, None)
    assert not everything.close_requested
    assert (everything.start_date, everything.city) == (date(2027, 3, 1), "Peoria")
    # MOC claim dates move with the activity (a year later here).
    assert [m.credit_claim_date for m in everything.moc] == [date(2027, 12, 31)] * 2
    some = copied_record(source, frozenset({"content", "format"}), where)
    assert (some.title, some.format, some.moc, some.ama_credits, some.outcomes) == (
        source.title,
        "course",
        (),
        None,
        (),
    )
    with pytest.raises(ValueError, match="unknown groups"):
        copied_record(source, frozenset({"learners"}), where)


# --- series ------------------------------------------------------------------------------------


def test_instance_ids_are_readable_and_wide_enough() -> None:
    assert instance_ids("GR2026-", 10) == [f"GR2026-{n:02d}" for n in range(1, 11)]
    assert instance_ids("X", 120)[-1] == "X120"


def _places(n: int) -> list[Placement]:
    days = generate(Schedule(Repeat.WEEKLY, date(2026, 1, 6), count=n))
    return [Placement(a, b, "Springfield", "IL", "USA") for a, b in days]


def test_a_series_is_n_linked_activities_in_one_transaction(store: Store) -> None:
    series = SeriesService(store, lambda: TODAY)
    shared = closable_activity(close_requested=False)
    sid, ids, changes = series.create("Grand Rounds 2026", shared, _places(10), "GR2026-")
    assert len(ids) == 10 and changes.outbox
    with store.reading() as s:
        rows = s.scalars(
            select(Activity).where(Activity.series_id == sid).order_by(Activity.id)
        ).all()
        assert [a.provider_activity_id for a in rows] == instance_ids("GR2026-", 10)
        assert {a.title for a in rows} == {shared.title}
        assert [a.start_date for a in rows][:2] == [date(2026, 1, 6), date(2026, 1, 13)]
        adds = s.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.action == "add")
        )
        assert adds == 10
    # A clash of IDs refuses the whole series: nothing half-made.
    with pytest.raises(NotAllowed, match="GR2026-01, GR2026-02"):
        series.create("Again", shared, _places(3), "GR2026-")
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(RepeatSeries)) == 1
        assert s.scalar(select(func.count()).select_from(Activity)) == 10
    with pytest.raises(NotAllowed, match="Instance 2: the end date is before"):
        series.create(
            "Bad", shared, [_places(1)[0], Placement(date(2026, 2, 2), date(2026, 2, 1))], "B-"
        )


def test_shared_edits_reach_every_instance_that_is_not_closed(store: Store) -> None:
    series = SeriesService(store, lambda: TODAY)
    acts = ActivityService(store, lambda: TODAY)
    sid, ids, _ = series.create(
        "Grand Rounds", closable_activity(close_requested=False), _places(5), "GR-"
    )
    acts.update(ids[1], close_requested=True, physician_learners=30, other_learners=2)  # Closed
    info = series.of(ids[0])
    assert info is not None and info.name == "Grand Rounds"
    assert [m.status for m in info.members].count(Status.CLOSED) == 1
    changes, skipped = series.apply_shared(
        sid, {"title": "Grand Rounds: New Title", "ama_credits": Decimal("2")}, but=ids[0]
    )
    assert skipped == ["GR-02"]
    assert changes.activities == {ids[2], ids[3], ids[4]}
    titles = {i: acts.get(i).title for i in ids}
    assert titles[ids[1]] == closable_activity().title  # Closed: untouched
    assert titles[ids[0]] == closable_activity().title  # the one edited by hand is left as it is
    assert {titles[i] for i in ids[2:]} == {"Grand Rounds: New Title"}
    with pytest.raises(NotAllowed, match="keeps its own start_date"):
        series.apply_shared(sid, {"start_date": date(2026, 1, 1)})


def test_removing_a_created_series_undoes_it_entirely(store: Store) -> None:
    series = SeriesService(store, lambda: TODAY)
    sid, ids, _ = series.create("Journal Club", closable_activity(), _places(3), "JC-")
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == len(ids) == 3
    series.remove(sid)
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 0
        assert s.scalar(select(func.count()).select_from(RepeatSeries)) == 0
        assert (
            s.scalar(
                select(func.count()).select_from(OutboxEntry).where(OutboxEntry.sent_at.is_(None))
            )
            == 0
        )
