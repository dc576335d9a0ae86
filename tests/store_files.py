"""Stores nobody should write into, and a sign-in sheet, for the store-safety tests."""

from __future__ import annotations

import os
import sqlite3
import stat
from contextlib import closing
from pathlib import Path

from desktop.models.backup import backup_store
from desktop.models.services import ActivityService
from desktop.models.store import open_store
from tests.conftest import TODAY
from tests.factories import closable_activity

ANOTHER_UID = 4242


def seeded_store(path: Path, activities: int = 1) -> Path:
    """A store at head holding T-0001 (and more activities, to span several pages)."""
    store = open_store(path)
    service = ActivityService(store, lambda: TODAY)
    service.create(closable_activity())
    for i in range(1, activities):
        service.create(closable_activity(provider_activity_id=f"FILL-{i}", title="x" * 400))
    store.close()
    return path


def sign_in_sheet(path: Path, learners: int) -> Path:
    """A CSV of ``learners`` synthetic people who completed T-0001 on 03/02/2026."""
    lines = ["Given name,Surname,Date of Birth,License State,Attended,Hours,Course Code"]
    lines += [
        f"Learner{i},Testperson,{1 + i % 12:02d}/{1 + i % 28:02d}/1980,IL,03/02/2026,1.5,T-0001"
        for i in range(learners)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def corrupted(path: Path) -> Path:
    """A real store whose table pages are overwritten (with a clean backup beside it)."""
    seeded_store(path, activities=60)
    store = open_store(path)
    backup_store(store.engine, path, "daily")
    store.close()
    with closing(sqlite3.connect(path)) as db:
        page_size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    with path.open("r+b") as f:
        for page in range(2, pages, 2):  # every other page past the schema page: garbage
            f.seek(page * page_size + 100)
            f.write(b"\x55" * 200)
    return path


def newer(path: Path) -> Path:
    seeded_store(path)
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE alembic_version SET version_num = '0999'")
    return path


def not_sqlite(path: Path) -> Path:
    path.write_text("Attendance notes, not a database.\n", encoding="utf-8")
    path.chmod(0o644)
    return path


def other_sqlite(path: Path) -> Path:
    """An SQLite file of some other program."""
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        db.execute("INSERT INTO notes (body) VALUES ('not ours')")
    path.chmod(0o644)
    return path


def read_only(path: Path) -> Path:
    seeded_store(path)
    path.chmod(0o444)
    return path


def foreign(path: Path) -> Path:
    """Another user's store (needs root to give it away; the tests skip otherwise)."""
    seeded_store(path)
    os.chown(path, ANOTHER_UID, ANOTHER_UID)
    return path


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), stat.S_IMODE(path.stat().st_mode)
