"""Create or upgrade a store's schema with Alembic, backing the file up before any change.

An upgrade is all-or-nothing: every migration's DDL runs inside one explicit SQLite
transaction (``BEGIN IMMEDIATE``, opened by the store's engine — pysqlite on its own would
run DDL in autocommit), so a kill or a full disk at any statement leaves the store at the
revision it had. Alembic is imported only when a store actually needs migrating: every
start-up checks the stored revision against ``HEAD`` with one plain query (a test keeps
``HEAD`` equal to the newest migration).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from desktop.models.backup import backup_store
from desktop.models.store_problem import StoreProblem

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "0013"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def head_revision() -> str:
    """The newest revision according to the migration scripts themselves."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    value = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if value is None else str(value)


def refuse_newer(path: Path, revision: str | None) -> None:
    """A store written by a newer build is left alone: no backup, no change."""
    if revision is not None and revision != HEAD and revision not in known_revisions():
        raise StoreProblem(
            "newer",
            path,
            f"it was written by a newer version of PARS Desktop (schema {revision})",
        )


def upgrade(engine: Engine, db_path: Path | None, target: str = "head") -> Path | None:
    """Bring the schema to ``target``; return the backup taken first, if one was needed.

    A brand-new, empty store needs no backup. A store with data gets one (verified) before its
    first change, so a failed or unwanted migration can always be undone by hand.
    """
    wanted = HEAD if target == "head" else target
    with engine.connect() as conn:
        current = current_revision(conn)
    if current == wanted:
        return None
    from alembic import command

    from desktop.models.schema_repair import repair

    if db_path is not None:
        refuse_newer(db_path, current)
    backup = None
    with engine.connect().execution_options(sqlite_begin="IMMEDIATE") as conn, conn.begin():
        # Under the write lock: another process may have migrated while we waited for it.
        current = current_revision(conn)
        if current == wanted:
            return None
        if current is not None and db_path is not None:
            backup = backup_store(engine, db_path, f"pre-migration-{current}", dedupe=True)
            repair(conn, current, db_path)
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
    return backup
