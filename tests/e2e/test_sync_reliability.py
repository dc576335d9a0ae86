"""Whatever the network does, every record reaches PARS exactly once (SPEC §6).

2,000 completions over 100 activities against the real sandbox with 20% injected faults of
every kind; then the same with the sync process SIGKILLed at random moments and restarted.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from desktop.models.entities import Activity, Completion, OutboxEntry
from desktop.models.store import Store, open_store
from pars_sandbox.server import SandboxServer
from tests.sandbox.helpers import admin, counts
from tests.sync.seeding import seed, sync_until_settled

ROOT = Path(__file__).resolve().parents[2]
FAULTS = {
    "error_rate": 0.05,
    "throttle_rate": 0.05,
    "drop_rate": 0.05,
    "malformed_rate": 0.05,
    "retry_after": 0,
    "seed": 7,
}
TERMINAL = {"board_accepted", "rejected"}


def _assert_end_state(store: Store, sandbox: SandboxServer) -> None:
    pars = counts(sandbox)
    assert pars["activities"] == 100
    assert pars["learner_records"] == 2000 and pars["learner_credits"] == 4000  # no duplicates
    with store.reading() as s:
        states = Counter(
            dict(s.execute(select(Completion.state, func.count()).group_by(Completion.state)).all())
        )
        accme = s.scalars(select(Activity.accme_activity_id)).all()
        unsent = s.scalar(
            select(func.count()).select_from(OutboxEntry).where(OutboxEntry.sent_at.is_(None))
        )
    assert set(states) <= TERMINAL and sum(states.values()) == 2000, states
    assert len(set(accme)) == 100 and None not in accme
    assert unsent == 0


def test_exactly_once_through_faults_of_every_kind(store: Store, sandbox: SandboxServer) -> None:
    admin(sandbox, "board-polls", {"polls": 0})
    admin(sandbox, "faults", FAULTS)
    seed(store, activities=100, completions=2000)
    reports = sync_until_settled(store, sandbox)
    _assert_end_state(store, sandbox)
    seen = counts(sandbox)["faults"]
    assert all(seen[kind] > 0 for kind in ("error", "throttle", "drop", "malformed")), seen
    assert sum(r.retries for r in reports) >= sum(
        seen[k] for k in ("error", "throttle", "drop", "malformed")
    )


def test_exactly_once_when_the_sync_process_is_killed(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    admin(sandbox, "board-polls", {"polls": 0})
    admin(sandbox, "faults", {**FAULTS, "latency_ms": 5})
    path = tmp_path / "killed.sqlite3"
    store = open_store(path)
    seed(store, activities=100, completions=2000)
    store.close()
    rng = random.Random(11)
    kills = 0
    for _ in range(12):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "desktop",
                "--store",
                str(path),
                "sync",
                "--url",
                sandbox.url,
                "--user",
                "sandbox",
                "--password-stdin",
                "--batch-size",
                "100",
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        assert proc.stdin is not None and proc.stderr is not None
        proc.stdin.write("sandbox\n")
        proc.stdin.close()
        wanted = rng.randint(1, 6)
        lines = 0
        while lines < wanted and proc.stderr.readline().startswith("progress"):
            lines += 1
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        proc.stderr.close()
        if kills >= 6:
            break
    assert kills >= 5
    store = open_store(path)
    try:
        sync_until_settled(store, sandbox)
        _assert_end_state(store, sandbox)
    finally:
        store.close()
