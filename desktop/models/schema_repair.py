"""Undo what an interrupted migration of an older build left behind.

Builds before migrations ran in one transaction could be killed half-way through one: the
store then says revision N while holding some of N+1's columns, indexes or tables, and every
later upgrade failed ("duplicate column name"). We compare the store with what revision N
really is (N's migrations run on an empty in-memory database) and drop exactly the extras —
they hold nothing a user typed, since no build ever ran with them. Anything *missing* from N
cannot be put back safely, so that store is refused with its backups listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from sqlalchemy import Connection, create_engine, text

from desktop.models.backup import list_backups
from desktop.models.store_problem import StoreProblem

TMP_PREFIX = "_alembic_tmp_"  # Alembic's copy of a table being rebuilt


@dataclass(frozen=True)
class Schema:
    columns: dict[str, frozenset[str]] = field(default_factory=dict)
    indexes: dict[str, str] = field(default_factory=dict)  # index name → table


def read_schema(conn: Connection) -> Schema:
    tables = [
        str(r[0])
        for r in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    columns = {
        t: frozenset(str(r[1]) for r in conn.exec_driver_sql(f'PRAGMA table_info("{t}")'))
        for t in tables
    }
    indexes = {
        str(name): str(table)
        for name, table in conn.exec_driver_sql(
            "SELECT name, tbl_name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL"
        )
    }
    return Schema(columns, indexes)


@cache
def expected_schema(revision: str) -> Schema:
    """What a store at ``revision`` holds, built by running the migrations up to it."""
    from alembic import command

    from desktop.models.migrate import alembic_config

    engine = create_engine("sqlite://")
    try:
        with engine.begin() as conn:
            cfg = alembic_config()
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
            return read_schema(conn)
    finally:
        engine.dispose()


def repair(conn: Connection, revision: str, path: Path) -> list[str]:
    """Drop what a later revision half-added; return the statements run (inside ``conn``'s
    transaction, so a kill here leaves the store as it was)."""
    want, have = expected_schema(revision), read_schema(conn)
    missing = [t for t in want.columns if t not in have.columns]
    missing += [f"{t}.{c}" for t, cs in want.columns.items() for c in cs - have.columns.get(t, cs)]
    missing += [i for i in want.indexes if i not in have.indexes]
    if missing:
        raise StoreProblem(
            "half_migrated",
            path,
            f"an interrupted upgrade left it incomplete (missing {', '.join(sorted(missing)[:3])})",
            list_backups(path),
        )
    statements = [f'DROP INDEX "{i}"' for i in have.indexes if i not in want.indexes]
    for table, cols in have.columns.items():
        if table not in want.columns:
            if not table.startswith(TMP_PREFIX) and _has_rows(conn, table):
                raise StoreProblem(
                    "half_migrated",
                    path,
                    f"an interrupted upgrade left a table {table} with data in it",
                    list_backups(path),
                )
            statements.append(f'DROP TABLE "{table}"')
        else:
            statements += [
                f'ALTER TABLE "{table}" DROP COLUMN "{c}"'
                for c in sorted(cols - want.columns[table])
            ]
    for sql in statements:
        conn.exec_driver_sql(sql)
    return statements


def _has_rows(conn: Connection, table: str) -> bool:
    return conn.execute(text(f'SELECT 1 FROM "{table}" LIMIT 1')).first() is not None
