"""List queries: the SQL status equals the engine's, filters and sorting happen in SQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from desktop.models.queries.activity_list import ActivityList
from desktop.models.queries.completion_list import CompletionList
from desktop.models.queries.rows import ActivityFilter
from desktop.models.records import ActivityRecord
from desktop.models.rules import Status, assess_activity
from desktop.models.services import ActivityService, LearnerService
from desktop.models.store import Store
from tests.factories import closable_activity, completion, learner

TODAY = date(2026, 6, 15)

VARIANTS = [
    ActivityRecord(provider_activity_id="V-0", title="Incomplete"),
    closable_activity(provider_activity_id="V-1", description=""),  # Draft
    closable_activity(
        provider_activity_id="V-2", end_date=TODAY, start_date=TODAY - timedelta(days=3)
    ),  # Active
    closable_activity(provider_activity_id="V-3", close_requested=False),  # Ready to close
    closable_activity(provider_activity_id="V-4", outcomes=()),  # Ready to close (blocked)
    closable_activity(provider_activity_id="V-5"),  # Closed
    closable_activity(
        provider_activity_id="V-6",
        end_date=date(2026, 12, 1),
        format="rss",
        title="Grand rounds RSS",
    ),  # Active
]


@pytest.mark.parametrize("day", [TODAY, date(2026, 3, 2), date(2027, 1, 1)])
def test_sql_status_equals_the_engine(store: Store, day: date) -> None:
    service = ActivityService(store, lambda: day)
    for v in VARIANTS:
        service.create(v)
    rows = ActivityList(store).page(ActivityFilter(), day)
    got = {r.provider_activity_id: r.status for r in rows}
    want = {v.provider_activity_id: assess_activity(v, day).status for v in VARIANTS}
    assert got == want
    for status in Status:
        only = ActivityList(store).page(ActivityFilter(status=status), day)
        assert {r.provider_activity_id for r in only} == {k for k, v in want.items() if v is status}


def test_rule_level_follows_edits(store: Store) -> None:
    service = ActivityService(store, lambda: TODAY)
    aid, _ = service.create(ActivityRecord(provider_activity_id="E-1", title="t"))
    listing = ActivityList(store)
    assert listing.page(ActivityFilter(), TODAY)[0].status is Status.INCOMPLETE
    full = replace(closable_activity(), provider_activity_id="E-1")
    service.update(aid, **{k: getattr(full, k) for k in full.__dataclass_fields__})
    assert listing.page(ActivityFilter(), TODAY)[0].status is Status.CLOSED


def test_filters_sort_and_pages(store: Store) -> None:
    service = ActivityService(store, lambda: TODAY)
    for i in range(30):
        service.create(
            closable_activity(
                provider_activity_id=f"P-{i:02d}",
                title=f"{'Cardiology' if i % 3 == 0 else 'Oncology'} session {i}",
                format="rss" if i % 2 else "course",
                start_date=date(2025 + i % 2, 3, 1),
                end_date=date(2025 + i % 2, 3, 2),
                ama_credits=Decimal(i + 1) / 4,
            )
        )
    listing = ActivityList(store)
    assert listing.count(ActivityFilter(text="cardio"), TODAY) == 10
    assert listing.count(ActivityFilter(format="rss"), TODAY) == 15
    assert listing.count(ActivityFilter(year=2025), TODAY) == 15
    assert listing.count(ActivityFilter(text="cardio", year=2025), TODAY) == 5
    first = listing.page(ActivityFilter(), TODAY, sort="ama_credits", descending=True, limit=3)
    assert [r.provider_activity_id for r in first] == ["P-29", "P-28", "P-27"]
    second = listing.page(
        ActivityFilter(), TODAY, sort="ama_credits", descending=True, offset=3, limit=3
    )
    assert [r.provider_activity_id for r in second] == ["P-26", "P-25", "P-24"]
    assert listing.years() == [2026, 2025]


def test_completion_list_filters_by_name_prefix(store: Store) -> None:
    acts, people = ActivityService(store, lambda: TODAY), LearnerService(store, lambda: TODAY)
    aid, _ = acts.create(closable_activity())
    for last, first in [("Smith", "Anna"), ("smithers", "Bo"), ("Smyth", "Cy"), ("Jones", "Di")]:
        lid, _ = people.add_learner(learner(last_name=last, first_name=first))
        people.record_completion(lid, aid, completion())
    listing = CompletionList(store)
    assert [r.last_name for r in listing.page("smi")] == ["Smith", "smithers"]
    assert [r.last_name for r in listing.page("SMITH ")] == ["Smith", "smithers"]
    assert listing.count("sm") == 3 and listing.count("") == 4
    row = listing.page("jones")[0]
    assert row.credits == {"CME": Decimal("1.5"), "ABIM": Decimal("1.5")}
    assert row.state == "queued" and row.provider_activity_id == "T-0001"
    assert listing.count(activity_id=aid) == 4
