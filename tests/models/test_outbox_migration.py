"""Migration 0012 on a store built at 0011, whose completions each had an outbox row."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.models import migrate
from desktop.models.services import ActivityService, LearnerService
from desktop.models.store import open_store
from desktop.sync.overview import changes_waiting
from tests.factories import closable_activity, completion, learner
from tests.models.old_stores import completion_row as _completion
from tests.models.old_stores import downgrade
from tests.models.old_stores import learner_row as _learner

STATES = ("queued", "draft", "accepted", "delete_queued", "rejected")


def test_completion_outbox_rows_go_and_what_waits_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = open_store(path, migrate_to="0011")
    activity_id, _ = ActivityService(old).create(closable_activity())
    old.close()
    with sqlite3.connect(path) as db:  # completions as builds before 0012 wrote them
        ids = []
        for i in range(len(STATES)):
            lid = _learner(db, "Avery", f"Old{i}", "IL")
            cid = _completion(db, lid, activity_id, 2)
            db.execute(
                "INSERT INTO completion_credit (completion_id, board, points, credit_id)"
                " VALUES (?, NULL, '1.5', ?)",
                (cid, f"K{cid}"),
            )
            ids.append(cid)
    with sqlite3.connect(path) as db:  # what builds before 0012 wrote beside each completion
        for cid, state in zip(ids, STATES, strict=True):
            db.execute("UPDATE completion SET state = ? WHERE id = ?", (state, cid))
            sent = None if state in ("queued", "draft", "delete_queued") else "2026-04-01"
            db.execute(
                "INSERT INTO outbox (entity, entity_id, key, action, created_at, sent_at,"
                " attempts) VALUES ('completion', ?, ?, ?, '2026-03-01', ?, 0)",
                (cid, f"K{cid}", "delete" if state == "delete_queued" else "add", sent),
            )
        states_before = db.execute("SELECT id, state FROM completion ORDER BY id").fetchall()

    store = open_store(path)  # upgraded to the head
    try:
        with store.reading() as s:
            # The activity's add, the queued completion and the queued delete (a draft waits
            # for its fix, not for PARS).
            assert changes_waiting(s, hold_unmatched=False) == 3
    finally:
        store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT entity FROM outbox").fetchall() == [("activity",)]
        assert db.execute("SELECT id, state FROM completion ORDER BY id").fetchall() == (
            states_before
        )
        assert db.execute("SELECT version_num FROM alembic_version").fetchone() == (migrate.HEAD,)


def test_downgrade_writes_the_rows_an_older_build_expects(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    store = open_store(path)
    activity_id, _ = ActivityService(store).create(closable_activity())
    people = LearnerService(store)
    waiting, _ = people.record_completion(
        people.add_learner(learner())[0], activity_id, completion()
    )
    store.close()
    downgrade(path, "0011")
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT o.entity_id, o.action, o.sent_at IS NULL, o.key = k.credit_id FROM outbox o"
            " JOIN completion_credit k ON k.completion_id = o.entity_id"
            " WHERE o.entity = 'completion' AND k.board IS NULL"
        ).fetchall()
    assert rows == [(waiting, "add", 1, 1)]
