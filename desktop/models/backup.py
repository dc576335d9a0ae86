"""Consistent copies of the store file, taken with SQLite's online backup API.

Every copy is checked (``PRAGMA integrity_check``) before it counts; a copy identical to the
newest one already kept for the same reason is not kept twice, so opening an old store again
and again (say, each time a migration could not finish) cannot rotate the last good copy away.
"""

from __future__ import annotations

import filecmp
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the window's first look at a store (store_checks) loads no SQLAlchemy
    from sqlalchemy import Engine

KEEP = 5  # rotating: the newest copies per reason are kept


class BackupFailed(OSError):
    """The copy could not be made or did not pass its integrity check (it was removed)."""


def backup_store(
    engine: Engine, db_path: Path, reason: str, folder: Path | None = None, dedupe: bool = False
) -> Path:
    """Copy the live store beside it (or into ``folder``); owner-only like the store itself.

    With ``dedupe``, a copy byte-identical to the newest kept one is dropped and that one
    returned (the backup API copies unchanged pages identically).
    """
    folder = folder or db_path.parent
    folder.mkdir(parents=True, exist_ok=True)
    prefix = f"{db_path.name}.{reason}."
    previous = _copies(folder, prefix)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{prefix}{stamp}.bak"
    # Created owner-only before a byte of learner data goes in, whatever the umask.
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    try:
        raw = engine.raw_connection()
        try:
            source = raw.driver_connection
            assert isinstance(source, sqlite3.Connection)
            dest = sqlite3.connect(target)
            try:
                source.backup(dest)
                # A backup is one file: out of WAL mode, opening it never makes -wal/-shm files.
                dest.execute("PRAGMA journal_mode=DELETE")
            finally:
                dest.close()
        finally:
            raw.close()
        if not is_clean(target):
            raise BackupFailed(f"the backup copy {target.name} failed its integrity check")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    if dedupe and previous and filecmp.cmp(previous[-1], target, shallow=False):
        target.unlink()  # the same content is already kept: keep that copy, not a second one
        return previous[-1]
    _rotate(folder, prefix)
    return target


def is_clean(copy: Path) -> bool:
    """True when ``copy`` is an SQLite file passing a full integrity check."""
    try:
        db = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
        try:
            return [r[0] for r in db.execute("PRAGMA integrity_check(1)")] == ["ok"]
        finally:
            db.close()
    except sqlite3.Error:
        return False


def list_backups(db_path: Path) -> list[Path]:
    """The copies of this store a user can restore, newest first (beside it and in backups/)."""
    found: list[Path] = []
    for folder in (db_path.parent, db_path.parent / "backups"):
        if folder.is_dir():
            found += [
                p
                for p in folder.iterdir()
                if p.name.startswith(f"{db_path.name}.") and p.name.endswith(".bak")
            ]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _copies(folder: Path, prefix: str) -> list[Path]:
    """Oldest first: the time stamp in the name sorts as text."""
    return sorted(p for p in folder.iterdir() if p.name.startswith(prefix))


def _rotate(folder: Path, prefix: str) -> None:
    # Runs only after a copy passed its check, and keeps the newest: the newest clean copy
    # is never the one deleted. Identical copies are not kept twice (``dedupe``), so failed
    # attempts cannot push the last good copy of a different content out either.
    for p in _copies(folder, prefix)[:-KEEP]:
        p.unlink()


DAY = 24 * 60 * 60


def daily_backup(engine: Engine, db_path: Path, folder: Path | None = None) -> Path | None:
    """A rotating copy at most once a day (SPEC §8); None when today's already exists."""
    folder = folder or db_path.parent / "backups"
    prefix = f"{db_path.name}.daily."
    if folder.is_dir():
        newest = max(
            (p.stat().st_mtime for p in folder.iterdir() if p.name.startswith(prefix)), default=0.0
        )
        if datetime.now(UTC).timestamp() - newest < DAY:
            return None
    return backup_store(engine, db_path, reason="daily", folder=folder)
