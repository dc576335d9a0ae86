"""The sandbox's own SQLite database: what "PARS" holds. Shares nothing with the desktop store."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS activity (
    accme_id TEXT PRIMARY KEY,
    account TEXT NOT NULL,
    provider_activity_id TEXT NOT NULL,
    document BLOB NOT NULL,          -- the MedicalEducationMetrics element as PARS keeps it
    status TEXT NOT NULL,
    version INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL DEFAULT (datetime('now')),
    UNIQUE (account, provider_activity_id)
);
CREATE TABLE IF NOT EXISTS learner_credit (
    credit_id TEXT PRIMARY KEY,
    report_key TEXT NOT NULL,        -- the first Credit ID of the report: one completion
    account TEXT NOT NULL,
    accme_id TEXT NOT NULL REFERENCES activity(accme_id),
    board TEXT,                      -- NULL for CME
    points TEXT NOT NULL,
    fingerprint TEXT NOT NULL,       -- what was reported, to refuse edits under a used Credit ID
    physician_npi TEXT NOT NULL,
    completion_date TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    polls INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX IF NOT EXISTS ix_credit_report ON learner_credit (report_key);
CREATE INDEX IF NOT EXISTS ix_credit_activity ON learner_credit (accme_id);
"""


class Storage:
    """One connection guarded by a lock: the sandbox is small, correctness beats concurrency."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.execute("PRAGMA foreign_keys=ON")
        self._conn.executescript(SCHEMA)
        self._lock = threading.Lock()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def reset(self) -> None:
        with self.transaction() as c:
            c.execute("DELETE FROM learner_credit")
            c.execute("DELETE FROM activity")

    def counts(self) -> dict[str, int]:
        with self.transaction() as c:
            return {
                "activities": c.execute(
                    "SELECT count(*) FROM activity WHERE deleted = 0"
                ).fetchone()[0],
                "deleted_activities": c.execute(
                    "SELECT count(*) FROM activity WHERE deleted = 1"
                ).fetchone()[0],
                "learner_records": c.execute(
                    "SELECT count(DISTINCT report_key) FROM learner_credit WHERE deleted = 0"
                ).fetchone()[0],
                "learner_credits": c.execute(
                    "SELECT count(*) FROM learner_credit WHERE deleted = 0"
                ).fetchone()[0],
                "deleted_learner_records": c.execute(
                    "SELECT count(DISTINCT report_key) FROM learner_credit WHERE deleted = 1"
                ).fetchone()[0],
            }

    def close(self) -> None:
        self._conn.close()
