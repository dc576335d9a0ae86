"""Stores as older builds left them, for the migration tests: rows written by SQL, and the
way back to an older revision (by hand: the app itself only upgrades)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from desktop.models import migrate


def learner_row(db: sqlite3.Connection, first: str, last: str, state: str, **extra: object) -> int:
    """A learner row as an older build wrote it (by SQL: no code of today's in the way)."""
    values: dict[str, object] = {
        "first_name": first,
        "last_name": last,
        "birth_month": 2,
        "birth_day": 29,
        "license_state": state,
        "license_number": "",
        "npi": "",
        "board_ids": "{}",
        "consent": None,
        "consent_source": "",
        "match_status": "not_checked",
        "match_detail": "{}",
        "search_key": " ".join(f"{last} {first}".split()).casefold(),
        "created_at": "2026-01-01 00:00:00",
        "updated_at": "2026-01-01 00:00:00",
    }
    values.update(extra)
    cursor = db.execute(
        f"INSERT INTO learner ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
        list(values.values()),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def completion_row(db: sqlite3.Connection, learner_id: int, activity_id: int, day: int) -> int:
    """A queued completion row as an older build wrote it."""
    cursor = db.execute(
        "INSERT INTO completion (learner_id, activity_id, completion_date, state, sync_errors,"
        " created_at, updated_at) VALUES (?, ?, ?, 'queued', '[]', '2026-01-01 00:00:00',"
        " '2026-01-01 00:00:00')",
        (learner_id, activity_id, f"2026-03-{day:02d}"),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def downgrade(path: Path, revision: str) -> None:
    """Take the store at ``path`` back to ``revision``."""
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as conn:
            config = migrate.alembic_config()
            config.attributes["connection"] = conn
            command.downgrade(config, revision)
    finally:
        engine.dispose()
