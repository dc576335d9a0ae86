"""Create or upgrade a store's schema with Alembic, backing the file up before any change."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from desktop.models.backup import backup_store

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, db_path: Path | None, target: str = "head") -> Path | None:
    """Bring the schema to ``target``; return the backup taken first, if one was needed.

    A brand-new, empty store needs no backup. A store with data gets one before its first
    change, so a failed or unwanted migration can always be undone by hand.
    """
    cfg = alembic_config()
    wanted = head_revision() if target == "head" else target
    with engine.connect() as conn:
        current = current_revision(conn)
    if current == wanted:
        return None
    backup = None
    if current is not None and db_path is not None:
        backup = backup_store(engine, db_path, reason=f"pre-migration-{current}")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
    return backup
