"""Migration 0011 on a store built at 0010 with one learner per completion."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.models.services import ActivityService
from desktop.models.store import open_store
from tests.factories import closable_activity
from tests.models.old_stores import completion_row as _completion
from tests.models.old_stores import learner_row as _learner


def test_duplicate_learners_are_folded_into_people_without_losing_a_completion(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    old = open_store(path, migrate_to="0010")
    activity_id, _ = ActivityService(old).create(closable_activity())
    old.close()
    with sqlite3.connect(path) as db:
        first = _learner(db, "Avery", "Testperson", "IL")
        same = _learner(
            db,
            "AVERY ",
            "testperson",
            "IL",
            npi="1234567893",
            board_ids='{"ABIM": "900001"}',
            consent="given",
            consent_date="2026-03-01",
            consent_source="sign-in sheet",
            match_status="matched",
            match_detail='{"accme_id": "P1"}',
        )
        also = _learner(db, "Avery", "Testperson", "IL", npi="1234567893")
        other_npi = _learner(db, "Avery", "Testperson", "IL", npi="1245319599")
        near_miss = _learner(db, "Avery", "Testperson", "WI")
        stranger = _learner(db, "Blake", "Otherperson", "IL")
        owners = [first, same, also, other_npi, near_miss, stranger, same]
        completions = {
            _completion(db, lid, activity_id, day): lid for day, lid in enumerate(owners, 1)
        }
    store = open_store(path)
    store.close()
    with sqlite3.connect(path) as db:
        after = dict(db.execute("SELECT id, learner_id FROM completion"))
        learners = {
            row[0]: row[1:]
            for row in db.execute(
                "SELECT id, npi, board_ids, consent, consent_date, match_status FROM learner"
            )
        }
        merges = db.execute(
            "SELECT entity_id, old_value FROM audit_log WHERE action = 'merge' ORDER BY old_value"
        ).fetchall()
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    folded = {same: first, also: first}
    assert after == {cid: folded.get(lid, lid) for cid, lid in completions.items()}
    assert set(learners) == {first, other_npi, near_miss, stranger}
    assert learners[first] == (
        "1234567893",
        '{"ABIM": "900001"}',
        "given",
        "2026-03-01",
        "matched",
    )
    assert merges == [(first, str(same)), (first, str(also))]
    assert "ix_learner_name" not in indexes and "ix_learner_search" in indexes


def test_a_store_without_duplicates_is_left_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    open_store(path, migrate_to="0010").close()
    with sqlite3.connect(path) as db:
        ids = [_learner(db, "Avery", "Testperson", state) for state in ("IL", "WI")]
    open_store(path).close()
    with sqlite3.connect(path) as db:
        assert [r[0] for r in db.execute("SELECT id FROM learner ORDER BY id")] == ids
        assert db.execute("SELECT count(*) FROM audit_log WHERE action = 'merge'").fetchone() == (
            0,
        )
