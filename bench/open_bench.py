"""Store open cost of the careful checks: the quick check on every open, the full one before an
upgrade, on a store of 50,000 learner completions. Prints seconds and the file size.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.models.services import ActivityService
from desktop.models.services.bulk import NewCompletion, add_completions
from desktop.models.store import open_store
from desktop.models.store_checks import read_revision
from tests.factories import closable_activity, completion, learner

N = 50_000


def _best(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.sqlite3"
        store = open_store(path)
        aid, _ = ActivityService(store).create(closable_activity())
        add_completions(
            store, [NewCompletion(learner(last_name=f"P{i}"), aid, completion()) for i in range(N)]
        )
        store.close()
        with closing(sqlite3.connect(path)) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = path.stat().st_size / 1e6
        print(f"store: {N:,} completions, {size:.1f} MB")
        print(f"no check:        {_best(lambda: read_revision(path, check=None)):.3f} s")
        print(f"quick_check:     {_best(lambda: read_revision(path)):.3f} s")
        print(f"integrity_check: {_best(lambda: read_revision(path, 'integrity_check')):.3f} s")
        print(f"open_store:      {_best(lambda: open_store(path).close()):.3f} s (all of it)")


if __name__ == "__main__":
    main()
