"""The local draft store: one SQLite file, WAL, foreign keys on, owner-only, always migrated.

Transactions are ours, not pysqlite's: the driver is put in autocommit and every transaction
starts with an explicit ``BEGIN`` (``BEGIN IMMEDIATE`` for writes), the SQLAlchemy recipe for
pysqlite. Left to itself, pysqlite begins a transaction only before INSERT/UPDATE/DELETE, so
DDL ran outside any transaction and a read-check-then-write unit of work was not one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from desktop.models import migrate, store_checks
from desktop.models.maintenance import fill_derived_columns
from desktop.models.paths import default_store_path
from desktop.models.private_files import create_private
from desktop.models.store_problem import store_failure


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # transactions begin in _on_begin, DDL included
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _on_begin(conn: Connection) -> None:
    options = conn.get_execution_options()
    # A bulk load sorts and builds indexes in memory; SQLite takes this only outside a
    # transaction, so each transaction says what it wants before BEGIN (and only on a change).
    temp_store = "MEMORY" if options.get("sqlite_bulk") else "DEFAULT"
    info = conn.connection.info
    if info.get("temp_store") != temp_store:
        conn.exec_driver_sql(f"PRAGMA temp_store={temp_store}")
        info["temp_store"] = temp_store
    # IMMEDIATE takes the write lock at once: a check and the write it allows see one state.
    mode = options.get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


@dataclass
class Store:
    """An open store. ``transaction()`` is the one way services write."""

    path: Path
    engine: Engine
    last_backup: Path | None = None

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writes = sessionmaker(
            self.engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False
        )
        self._bulk_writes = sessionmaker(
            self.engine.execution_options(sqlite_begin="IMMEDIATE", sqlite_bulk=True),
            expire_on_commit=False,
        )

    @contextmanager
    def transaction(self, bulk: bool = False) -> Iterator[Session]:
        """One unit of work: committed as a whole on success, rolled back on any error.

        It holds the write lock from its first statement, so what it reads stays true until
        it commits (another process cannot write in between). ``bulk``: a large load (an
        import), whose temporary b-trees are kept in memory.
        """
        with (self._bulk_writes if bulk else self._writes).begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_store(path: Path | None = None, migrate_to: str = "head") -> Store:
    """Open (creating or upgrading as needed) the store at ``path``.

    Raises ``StoreProblem`` — before writing anything into the file — for a file that is not a
    usable store: not SQLite, damaged, newer, read-only or another user's.
    """
    path = (path or default_store_path()).resolve()
    if not store_checks.check_file(path):
        # Learner data is personal: a store we create is owner-only from its first byte
        # (SQLite gives the WAL files the same mode), whatever the umask.
        path.parent.mkdir(parents=True, exist_ok=True)
        create_private(path)
    else:
        revision = store_checks.read_revision(path, check=None)
        wanted = migrate.HEAD if migrate_to == "head" else migrate_to
        upgrading = revision not in (None, wanted)
        if upgrading:
            migrate.refuse_newer(path, revision)  # before any check or backup: left untouched
        # A quick check on every open; the full one before a migration rewrites the file.
        store_checks.read_revision(path, check="integrity_check" if upgrading else "quick_check")
    # hide_parameters: an error message (and so a log) never carries the learner data bound.
    engine = create_engine(f"sqlite+pysqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    try:
        backup = migrate.upgrade(engine, path, migrate_to)
        if migrate_to == "head":
            fill_derived_columns(engine)
    except Exception as e:
        engine.dispose()
        problem = store_failure(e, path)  # a full disk or a damaged page met while upgrading
        if problem is None:
            raise
        raise problem from e
    except BaseException:
        engine.dispose()
        raise
    return Store(path=path, engine=engine, last_backup=backup)
