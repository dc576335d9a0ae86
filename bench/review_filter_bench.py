"""The activity list's "Assigned on import, not yet reviewed" filter (issue 15 item 7) on a big
store: 100,000 activities, 10,000 of them with import markers. Prints the time of the count and
of the first page, both answered in SQL (an EXISTS over the marker table's activity index)."""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import insert

from desktop.models.entities import Activity, ImportMarker
from desktop.models.queries.activity_list import ActivityList
from desktop.models.queries.rows import ActivityFilter
from desktop.models.store import open_store

ACTIVITIES, MARKED = 100_000, 10_000
TODAY = date(2026, 6, 15)


def main() -> None:
    store = open_store(Path(tempfile.mkdtemp()) / "bench.sqlite3")
    with store.transaction() as s:
        s.execute(
            insert(Activity),
            [
                {
                    "provider_activity_id": f"A-{i:06d}",
                    "title": f"Activity {i}",
                    "format": "rss",
                    "start_date": date(2020, 1, 1),
                    "end_date": date(2020, 12, 31),
                    "rule_level": 1,
                    "delivery_methods": [],
                    "joint_providers": [],
                    "commendation_tags": [],
                }
                for i in range(ACTIVITIES)
            ],
        )
    step = ACTIVITIES // MARKED
    with store.transaction() as s:
        s.execute(
            insert(ImportMarker),
            [
                {"activity_id": i * step + 1, "field": f, "kind": "assigned", "note": ""}
                for i in range(MARKED)
                for f in ("end_date", "passport")
            ],
        )
    listing = ActivityList(store)
    unreviewed = ActivityFilter(unreviewed=True)
    for _ in range(2):  # the second run is the one printed: caches warm, as in the app
        t = time.perf_counter()
        count = listing.count(unreviewed, TODAY)
        counted = time.perf_counter() - t
        t = time.perf_counter()
        rows = listing.page(unreviewed, TODAY, limit=200)
        paged = time.perf_counter() - t
    store.close()
    print(
        f"{ACTIVITIES:,} activities, {MARKED:,} with markers: count {count:,} in "
        f"{counted * 1000:.0f} ms; first page of {len(rows)} in {paged * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
