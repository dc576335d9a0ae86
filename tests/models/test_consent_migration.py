"""Migration 0009 on a store from before it: consent dates become consent given."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.models.queries.completion_list import CompletionList
from desktop.models.store import open_store


def _learner_at_0007(db: sqlite3.Connection, last: str, consent_date: str | None) -> int:
    cursor = db.execute(
        "INSERT INTO learner (first_name, last_name, birth_month, birth_day, license_state,"
        " license_number, npi, board_ids, consent_date, consent_source, match_status,"
        " match_detail, created_at, updated_at) VALUES"
        " ('Avery', ?, 2, 29, 'IL', '', '', '{}', ?, ?, 'not_checked', '{}',"
        " '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
        (last, consent_date, "sign-in sheet" if consent_date else ""),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def test_consent_dates_of_an_older_store_are_kept_as_consent_given(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    open_store(path, migrate_to="0007").close()
    with sqlite3.connect(path) as db:
        _learner_at_0007(db, "Dated", "2026-02-01")
        _learner_at_0007(db, "Undated", None)
    store = open_store(path)
    try:
        with sqlite3.connect(path) as db:
            rows = dict(db.execute("SELECT last_name, consent FROM learner").fetchall())
        assert rows == {"Dated": "given", "Undated": None}
        assert CompletionList(store).count() == 0  # the query reads the new column
    finally:
        store.close()


def test_synced_activities_of_an_older_store_keep_the_level_pars_took(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    open_store(path, migrate_to="0007").close()
    with sqlite3.connect(path) as db:
        notnull = [
            (name, kind)
            for _, name, kind, nn, _, _ in db.execute("PRAGMA table_info(activity)")
            if nn and name != "id"
        ]
        for pai, accme, synced in (("IN-PARS", "100000001", 1), ("LOCAL", None, None)):
            values: dict[str, object] = {
                name: (1 if "INT" in kind or "BOOL" in kind else "[]" if kind == "JSON" else "")
                for name, kind in notnull
            }
            values.update(
                provider_activity_id=pai,
                accme_activity_id=accme,
                synced_revision=synced,
                revision=1,
                rule_level=2,
                created_at="2026-01-01 00:00:00",
                updated_at="2026-01-01 00:00:00",
            )
            db.execute(
                f"INSERT INTO activity ({', '.join(values)}) "
                f"VALUES ({', '.join('?' * len(values))})",
                list(values.values()),
            )
    open_store(path).close()
    with sqlite3.connect(path) as db:
        levels = dict(db.execute("SELECT provider_activity_id, pars_level FROM activity"))
    assert levels == {"IN-PARS": 2, "LOCAL": None}
