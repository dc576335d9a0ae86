"""Kill a writer at random moments: every reported action survives whole, none half-written."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select, text

from desktop.models.entities import Activity, AuditEntry, Completion, CompletionCredit, OutboxEntry
from desktop.models.store import Store, open_store

ROOT = Path(__file__).resolve().parents[2]
KILLS = 22


def _run_and_kill(store_path: Path, run: int, lines_before_kill: int) -> list[str]:
    """Start a writer, read ``lines_before_kill`` commit reports, then SIGKILL it at once."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.models.kill_writer", str(store_path), str(run)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    reported: list[str] = []
    while len(reported) < lines_before_kill:
        line = proc.stdout.readline()
        assert line, f"writer exited early with {proc.wait()}"
        reported.append(line.strip())
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return reported


def _check(store: Store, reported: list[str]) -> None:
    with store.engine.connect() as c:
        assert c.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    with store.reading() as s:
        outbox = {(o.entity, o.key, o.action) for o in s.scalars(select(OutboxEntry))}
        audits = {
            (a.entity, a.entity_id, a.action, a.field, a.new_value)
            for a in s.scalars(select(AuditEntry))
        }
        for line in reported:
            kind, value = line.split(" ", 1)
            if kind == "create":
                activity = s.scalar(select(Activity).where(Activity.provider_activity_id == value))
                assert activity is not None, value
                assert ("activity", value, "add") in outbox
                assert any(a[:3] == ("activity", activity.id, "create") for a in audits)
            elif kind == "update":
                activity = s.scalar(select(Activity).where(Activity.provider_activity_id == value))
                assert activity is not None and activity.title == f"edited {value}"
                assert ("activity", value, "update") in outbox
                assert ("activity", activity.id, "update", "title", f'"edited {value}"') in audits
            elif kind == "completion":
                # Its first Credit ID, a CME credit's, is on the completion's row.
                found = s.scalar(select(Completion).where(Completion.cme_credit_id == value))
                # Waiting for PARS by its state (a completion's state is its outbox entry).
                assert found is not None and found.state == "queued"
        # Nothing half-written: each stored row has exactly the journal entries its action wrote.
        n_activities = s.scalar(select(func.count()).select_from(Activity))
        n_completions = s.scalar(select(func.count()).select_from(Completion))
        adds = s.scalar(
            select(func.count())
            .select_from(OutboxEntry)
            .where(OutboxEntry.entity == "activity", OutboxEntry.action == "add")
        )
        created = s.scalar(
            select(func.count(func.distinct(AuditEntry.entity_id))).where(
                AuditEntry.entity == "activity", AuditEntry.action == "create"
            )
        )
        assert n_activities == adds == created
        queued = s.scalar(
            select(func.count()).select_from(Completion).where(Completion.state == "queued")
        )
        assert n_completions == queued
        assert not s.scalar(select(OutboxEntry.id).where(OutboxEntry.entity != "activity"))
        updated = {
            o.key for o in s.scalars(select(OutboxEntry).where(OutboxEntry.action == "update"))
        }
        edited = set(
            s.scalars(
                select(Activity.provider_activity_id).where(Activity.title.startswith("edited "))
            )
        )
        assert updated == edited
        credits_per_completion = s.execute(
            select(CompletionCredit.completion_id, func.count()).group_by(
                CompletionCredit.completion_id
            )
        ).all()
        # Each written whole: its CME credit on its row, its board credit in the table.
        assert len(credits_per_completion) == n_completions
        assert all(n == 1 for _, n in credits_per_completion)
        assert (
            s.scalar(
                select(func.count()).select_from(Completion).where(Completion.cme_points.is_(None))
            )
            == 0
        )


def test_killed_writer_loses_nothing_it_reported(tmp_path: Path) -> None:
    path = tmp_path / "durable.sqlite3"
    open_store(path).close()  # created and migrated before the first kill
    rng = random.Random(20261125)
    everything: list[str] = []
    for run in range(KILLS):
        everything += _run_and_kill(path, run, rng.randint(1, 40))
        store = open_store(path)
        try:
            _check(store, everything)
        finally:
            store.close()
    assert sum(1 for line in everything if line.startswith("create ")) >= KILLS
