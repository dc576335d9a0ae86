"""Migration 0013 on a store built at 0012: a completion's first credit, when CME, moves to
its row; every credit of every completion reads back the same, in the same order."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.models.services import ActivityService
from desktop.models.store import open_store
from tests.factories import closable_activity
from tests.models.old_stores import completion_row as _completion
from tests.models.old_stores import downgrade
from tests.models.old_stores import learner_row as _learner

# Each completion's credits as stored before: (board, points, credit_id, credit_type).
Credit = tuple[str | None, str, str, str | None]
BEFORE: list[list[Credit]] = [
    [(None, "1.5", "A-CME", None), ("ABIM", "1.5", "A-ABIM", None)],  # CME first: moves
    [("ABIM", "2", "B-ABIM", None), (None, "2", "B-CME", None)],  # board first: stays
    [(None, "1", "C-CME", None)],  # CME alone: moves
    [("ABA", "1", "D-ABA", "LL")],  # no CME
]


def _credits(db: sqlite3.Connection, cid: int) -> list[tuple[object, ...]]:
    """A completion's credits in order, wherever they are kept (the row's first)."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(completion)")}
    first: list[tuple[object, ...]] = []
    if "cme_points" in columns:
        points, credit_id = db.execute(
            "SELECT cme_points, cme_credit_id FROM completion WHERE id = ?", (cid,)
        ).fetchone()
        if points is not None:
            first = [(None, points, credit_id, None)]
    return (
        first
        + db.execute(
            "SELECT board, points, credit_id, credit_type FROM completion_credit"
            " WHERE completion_id = ? ORDER BY id",
            (cid,),
        ).fetchall()
    )


def test_cme_credits_move_to_the_row_only_when_first_and_nothing_changes_order(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.sqlite3"
    old = open_store(path, migrate_to="0012")
    activity_id, _ = ActivityService(old).create(closable_activity())
    old.close()
    with sqlite3.connect(path) as db:
        ids = []
        for i, credits in enumerate(BEFORE):
            cid = _completion(db, _learner(db, "Avery", f"Credit{i}", "IL"), activity_id, 2)
            for credit in credits:
                db.execute(
                    "INSERT INTO completion_credit (completion_id, board, points, credit_id,"
                    " credit_type) VALUES (?, ?, ?, ?, ?)",
                    (cid, *credit),
                )
            ids.append(cid)

    open_store(path).close()  # upgraded to the head
    with sqlite3.connect(path) as db:
        assert [_credits(db, cid) for cid in ids] == [[*c] for c in BEFORE]
        on_row = db.execute(
            "SELECT cme_credit_id FROM completion WHERE cme_credit_id IS NOT NULL ORDER BY id"
        ).fetchall()
        assert on_row == [("A-CME",), ("C-CME",)]
        assert db.execute("SELECT count(*) FROM completion_credit").fetchone() == (4,)

    downgrade(path, "0012")  # and back
    with sqlite3.connect(path) as db:
        assert [_credits(db, cid) for cid in ids] == [[*c] for c in BEFORE]
        assert db.execute("SELECT count(*) FROM completion_credit").fetchone() == (6,)
