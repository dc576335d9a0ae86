"""A writer for the durability test: performs services in a loop, reporting each commit.

Run as ``python -m tests.models.kill_writer STORE RUN``; it writes until it is killed.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from desktop.models.services import ActivityService, LearnerService
from desktop.models.store import open_store
from tests.factories import closable_activity, completion, learner

TODAY = date(2026, 6, 15)


def main(path: str, run: str) -> None:
    store = open_store(Path(path))
    acts, people = ActivityService(store, lambda: TODAY), LearnerService(store, lambda: TODAY)
    lid, _ = people.add_learner(learner(last_name=f"Writer{run}"))
    print(f"learner {lid}", flush=True)
    i = 0
    while True:
        i += 1
        pai = f"K{run}-{i}"
        aid, _ = acts.create(closable_activity(provider_activity_id=pai, title=f"t{i}"))
        print(f"create {pai}", flush=True)
        acts.update(aid, title=f"edited {pai}")
        print(f"update {pai}", flush=True)
        cid, _ = people.record_completion(lid, aid, completion())
        key = people.get_completion(cid).credits[0].credit_id
        print(f"completion {key}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
