"""The store file: pragmas, permissions, location, and migrations with a backup first."""

import sqlite3
import stat
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.models.migrate import head_revision
from desktop.models.paths import STORE_ENV, default_store_path
from desktop.models.services import ActivityService
from desktop.models.store import Store, open_store
from tests.factories import closable_activity


def test_pragmas(store: Store) -> None:
    with store.engine.connect() as c:
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert c.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL


def test_store_is_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "s.sqlite3"
    s = open_store(path)
    ActivityService(s).create(closable_activity())
    for f in [path, *path.parent.glob("s.sqlite3-*")]:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f
    s.close()


def test_an_existing_files_mode_is_left_as_its_owner_set_it(tmp_path: Path) -> None:
    """We create stores 0600; a file someone else made keeps its mode (issue 18, defect 4)."""
    path = tmp_path / "s.sqlite3"
    path.touch(mode=0o640)
    path.chmod(0o640)
    open_store(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_foreign_keys_enforced(store: Store) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), store.transaction() as s:
        s.execute(
            text(
                "INSERT INTO completion (learner_id, activity_id, state, created_at, updated_at) VALUES (999, 999, 'queued', '2026-01-01', '2026-01-01')"
            )
        )


def test_default_location_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "env.sqlite3"))
    assert default_store_path() == tmp_path / "env.sqlite3"
    monkeypatch.delenv(STORE_ENV)
    assert default_store_path().name == "pars-desktop.sqlite3"
    assert "PARS Desktop" in str(default_store_path())


def test_new_store_is_at_head_without_backup(tmp_path: Path) -> None:
    s = open_store(tmp_path / "new.sqlite3")
    with s.engine.connect() as c:
        assert (
            c.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        )
    assert s.last_backup is None
    assert list(tmp_path.glob("*.bak")) == []
    s.close()


def _insert_activity_at_old_revision(path: Path, provider_activity_id: str) -> None:
    """Write a row the way revision 0001 stored it: only its own columns, filled plainly."""
    with sqlite3.connect(path) as db:
        columns = [
            (name, kind, notnull)
            for _, name, kind, notnull, _, _ in db.execute("PRAGMA table_info(activity)")
        ]
        values = {
            name: (
                1
                if "INT" in kind or "BOOL" in kind
                else "2026-01-01 00:00:00"
                if "DATETIME" in kind
                else "[]"
                if kind == "JSON"
                else ""
            )
            for name, kind, notnull in columns
            if notnull and name != "id"
        }
        values.update(
            provider_activity_id=provider_activity_id,
            title="Kept across upgrades",
            sync_state="never_synced",
        )
        db.execute(
            f"INSERT INTO activity ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
            list(values.values()),
        )


def test_old_store_is_upgraded_on_open_with_a_backup_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    open_store(path, migrate_to="0001").close()
    _insert_activity_at_old_revision(path, "OLD-1")

    upgraded = open_store(path)
    assert upgraded.last_backup is not None
    assert upgraded.last_backup.parent == tmp_path
    assert "pre-migration-0001" in upgraded.last_backup.name
    with upgraded.engine.connect() as c:
        assert (
            c.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        )
        indexes = {
            r[0] for r in c.execute(text("SELECT name FROM sqlite_master WHERE type='index'"))
        }
    assert "ix_completion_learner" in indexes  # added by 0002
    assert "ix_learner_name" not in indexes  # added by 0002, dropped by 0011: a duplicate
    assert [s.provider_activity_id for s in ActivityService(upgraded).summaries()] == ["OLD-1"]
    upgraded.close()

    # The backup is a complete, consistent store at the old revision, owner-only.
    with sqlite3.connect(upgraded.last_backup) as b:
        assert b.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert b.execute("SELECT provider_activity_id FROM activity").fetchall() == [("OLD-1",)]
    assert stat.S_IMODE(upgraded.last_backup.stat().st_mode) == 0o600

    # Opening again at head takes no further backup.
    again = open_store(path)
    assert again.last_backup is None
    again.close()


def test_migrations_match_the_models(tmp_path: Path) -> None:
    """A model change without its migration would pass every other test on a fresh store."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from desktop.models.entities import Base

    store = open_store(tmp_path / "m.sqlite3")
    with store.engine.connect() as c:
        assert compare_metadata(MigrationContext.configure(c), Base.metadata) == []
    store.close()


def test_head_constant_is_the_newest_migration() -> None:
    from desktop.models.migrate import HEAD

    assert head_revision() == HEAD


def test_daily_backup_rotates_and_runs_once_a_day(tmp_path: Path) -> None:
    import os

    from desktop.models.backup import KEEP, daily_backup

    store = open_store(tmp_path / "d.sqlite3")
    ActivityService(store).create(closable_activity())
    folder = tmp_path / "backups"
    first = daily_backup(store.engine, store.path, folder)
    assert first is not None and first.parent == folder
    assert daily_backup(store.engine, store.path, folder) is None  # already done today
    with sqlite3.connect(first) as b:
        assert b.execute("SELECT count(*) FROM activity").fetchone() == (1,)
    for _ in range(KEEP + 2):  # pretend days went by: only the newest KEEP copies stay
        for p in folder.iterdir():
            os.utime(p, (p.stat().st_atime - 2 * 86400, p.stat().st_mtime - 2 * 86400))
        assert daily_backup(store.engine, store.path, folder) is not None
    assert len(list(folder.iterdir())) == KEEP
    store.close()
