"""Create or upgrade a store's schema with Alembic, backing the file up before any change.

Alembic is imported only when a store actually needs migrating: every start-up checks the
stored revision against ``HEAD`` with one plain query (a test keeps ``HEAD`` equal to the
newest migration).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from desktop.models.backup import backup_store

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "0009"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


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


def upgrade(engine: Engine, db_path: Path | None, target: str = "head") -> Path | None:
    """Bring the schema to ``target``; return the backup taken first, if one was needed.

    A brand-new, empty store needs no backup. A store with data gets one before its first
    change, so a failed or unwanted migration can always be undone by hand.
    """
    wanted = HEAD if target == "head" else target
    with engine.connect() as conn:
        current = current_revision(conn)
    if current == wanted:
        return None
    from alembic import command

    backup = None
    if current is not None and db_path is not None:
        backup = backup_store(engine, db_path, reason=f"pre-migration-{current}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
    return backup
