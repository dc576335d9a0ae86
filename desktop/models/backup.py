"""Consistent copies of the store file, taken with SQLite's online backup API."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

KEEP = 5  # rotating: the newest copies per reason are kept


def backup_store(engine: Engine, db_path: Path, reason: str, folder: Path | None = None) -> Path:
    """Copy the live store beside it (or into ``folder``); owner-only like the store itself."""
    folder = folder or db_path.parent
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{db_path.name}.{reason}.{stamp}.bak"
    fd = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
    os.close(fd)
    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        with sqlite3.connect(target) as dest:
            source.backup(dest)
        dest.close()
    finally:
        raw.close()
    _rotate(folder, f"{db_path.name}.{reason}.")
    return target


def _rotate(folder: Path, prefix: str) -> None:
    copies = sorted(p for p in folder.iterdir() if p.name.startswith(prefix))
    for old in copies[:-KEEP]:
        old.unlink()


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
