"""Store write speed: the bulk path (``executemany``) vs per-object ORM ``add_all`` of the same rows.

Prints rows/s for both and their ratio (measured in the same run; this machine is shared).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.models.entities import Completion, CompletionCredit, Learner
from desktop.models.services import ActivityService
from desktop.models.services.bulk import NewCompletion, add_completions
from desktop.models.store import open_store
from tests.factories import closable_activity, completion, learner

N = 50_000


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rows_per_completion = 1 + 1 + 2  # learner, completion, two credits
        bulk_store = open_store(Path(tmp) / "bulk.sqlite3")
        aid, _ = ActivityService(bulk_store).create(closable_activity())
        rows = [NewCompletion(learner(last_name=f"P{i}"), aid, completion()) for i in range(N)]
        t = time.perf_counter()
        add_completions(bulk_store, rows)
        bulk = time.perf_counter() - t

        orm_store = open_store(Path(tmp) / "orm.sqlite3")
        aid, _ = ActivityService(orm_store).create(closable_activity())
        t = time.perf_counter()
        with orm_store.transaction() as s:
            for i in range(N):
                lr = learner(last_name=f"P{i}")
                person = Learner(first_name=lr.first_name, last_name=lr.last_name)
                c = Completion(learner=person, activity_id=aid, state="queued")
                c.credits = [
                    CompletionCredit(board=k.board, points=k.points, credit_id=f"{i}-{j}")
                    for j, k in enumerate(completion().credits)
                ]
                s.add(c)
        orm = time.perf_counter() - t
    print(f"bulk Core insert: {N * rows_per_completion / bulk:,.0f} rows/s ({bulk:.2f} s)")
    print(f"ORM add (baseline): {N * rows_per_completion / orm:,.0f} rows/s ({orm:.2f} s)")
    print(f"speed-up: {orm / bulk:.1f}x")


if __name__ == "__main__":
    main()
