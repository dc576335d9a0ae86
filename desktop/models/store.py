"""The local draft store: one SQLite file, WAL, foreign keys on, owner-only, always migrated."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import migrate
from desktop.models.maintenance import fill_derived_columns
from desktop.models.paths import default_store_path


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


@dataclass
class Store:
    """An open store. ``transaction()`` is the one way services write."""

    path: Path
    engine: Engine
    last_backup: Path | None = None

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed as a whole on success, rolled back on any error."""
        with self._sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _create_private_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    # Learner data is personal: the store, and the WAL files SQLite derives from its mode,
    # are readable by their owner only, whatever the umask.
    if stat.S_IMODE(path.stat().st_mode) != 0o600:
        path.chmod(0o600)


def open_store(path: Path | None = None, migrate_to: str = "head") -> Store:
    """Open (creating or upgrading as needed) the store at ``path``."""
    path = (path or default_store_path()).resolve()
    _create_private_file(path)
    engine = create_engine(f"sqlite+pysqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    backup = migrate.upgrade(engine, path, migrate_to)
    if migrate_to == "head":
        fill_derived_columns(engine)
    return Store(path=path, engine=engine, last_backup=backup)
