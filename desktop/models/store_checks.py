"""Careful open: look at a store file before anything writes into it.

Every check here only reads. A file that fails one is refused with a ``StoreProblem`` and left
exactly as it was (bytes and mode): we never chmod, repair or migrate a file we were not sure
we may change.

A read-only store (no owner write bit) is refused rather than opened read-only: SQLite in WAL
mode needs to write beside it even to read, and every command of this app may write (the
sync log, derived columns, backups), so "read-only" would fail later and less clearly.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

from desktop.models.backup import list_backups
from desktop.models.store_problem import StoreProblem

SQLITE_MAGIC = b"SQLite format 3\x00"


def check_file(path: Path) -> bool:
    """Refuse a file we may not use; True when there is a file (False: a new store)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(info.st_mode):
        raise StoreProblem("not_a_file", path, "it is not a regular file")
    # Root may write anything, so the owner and mode bits decide, not os.access().
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise StoreProblem("foreign", path, "it belongs to another user")
    if not info.st_mode & stat.S_IWUSR:
        raise StoreProblem("read_only", path, "it is read-only")
    if info.st_size == 0:
        return True  # created but never written (a first open killed early): fine to fill
    with path.open("rb") as f:
        if f.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise StoreProblem("not_sqlite", path, "it is not a PARS Desktop store (not SQLite)")
    return True


def read_revision(path: Path, check: str | None = "quick_check") -> str | None:
    """The store's schema revision after an integrity check: ``quick_check`` on every open,
    ``integrity_check`` before a migration, None for none (the window's cheap first look).

    Raises ``StoreProblem`` for a damaged file or an SQLite file that is not ours.
    """
    try:
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as e:
        raise _corrupted(path, str(e)) from e
    try:
        rows = [r[0] for r in db.execute(f"PRAGMA {check}(5)")] if check else ["ok"]
        if rows != ["ok"]:
            found = [
                str(r) for r in rows if not str(r).startswith("***")
            ]  # skip "in database main"
            raise _corrupted(path, f"integrity check: {(found or rows)[0]}")
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            if tables - {"sqlite_sequence"}:
                raise StoreProblem(
                    "not_a_store", path, "it is an SQLite file, but not a PARS Desktop store"
                )
            return None
        row = db.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])
    except sqlite3.DatabaseError as e:
        raise _corrupted(path, str(e)) from e
    finally:
        db.close()


def _corrupted(path: Path, detail: str) -> StoreProblem:
    detail = " ".join(detail.split())[:100]  # one line, however SQLite words it
    return StoreProblem(
        "corrupted",
        path,
        f"it is damaged ({detail or 'integrity check failed'})",
        list_backups(path),
    )
