"""What a large load sets up for itself, inside its own transaction, and puts back after.

SQLite's defaults suit the app's small writes: a 2 MiB page cache, temporary b-trees on disk,
and every secondary index updated row by row. A load of tens of thousands of rows runs with a
64 MiB cache and temporary b-trees in memory (``Store.transaction(bulk=True)``), and — when it
at least doubles a table — builds that table's secondary indexes (unique ones too) once at its
end instead of paying for them per row (dropping and re-creating them in the same
transaction: a failure rolls both back).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

LARGE = 20_000  # rows: below this the index rebuild would cost more than it saves
CACHE_KIB = 64 * 1024


def _cursor(s: Session) -> Any:
    return s.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]


@contextmanager
def bulk_load(s: Session) -> Iterator[None]:
    """A large page cache for this transaction's load, then the connection's own setting again
    (it goes back to the pool for small writes). Temporary b-trees in memory cannot be asked
    for inside a transaction: ``Store.transaction(bulk=True)`` asks before its BEGIN."""
    cursor = _cursor(s)
    cache = cursor.execute("PRAGMA cache_size").fetchone()[0]
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    try:
        yield
    finally:
        cursor.execute(f"PRAGMA cache_size={int(cache)}")


@contextmanager
def index_rebuild(s: Session, rows: int, tables: Sequence[str]) -> Iterator[None]:
    """Secondary indexes of the tables a load of ``rows`` rows at least doubles are built once
    after the writes instead of row by row."""
    cursor = _cursor(s)
    rebuild = _drop_secondary_indexes(cursor, rows, tables) if rows >= LARGE else []
    yield
    for sql in rebuild:  # only on success: on failure the rollback brings the old ones back
        cursor.execute(sql)


def _drop_secondary_indexes(cursor: Any, rows: int, tables: Sequence[str]) -> list[str]:
    """Drop the named indexes (``ix_``, and the unique ``uq_`` ones) of tables this load at
    least doubles; returns the statements that create them again. A unique index built at
    the end still refuses a duplicate the load wrote: creating it fails, and the whole load
    rolls back, as the insert would have."""
    rebuild: list[str] = []
    for table in tables:
        # max(id) - min(id) bounds the row count without counting every row.
        low, high = cursor.execute(f"SELECT min(rowid), max(rowid) FROM {table}").fetchone()
        existing = 0 if low is None else high - low + 1
        if existing > rows:
            continue
        for name, sql in cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
            " AND (name LIKE 'ix\\_%' ESCAPE '\\' OR name LIKE 'uq\\_%' ESCAPE '\\')"
            " AND sql IS NOT NULL",
            (table,),
        ).fetchall():
            cursor.execute(f'DROP INDEX "{name}"')
            rebuild.append(sql)
    return rebuild
