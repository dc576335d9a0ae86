"""Opening a store carefully: half-migrated stores repaired, one backup per content, a full
disk during an upgrade or an import changes nothing (issue 18, defects 1, 3, 11)."""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import Engine

from desktop.cli import main
from desktop.commands import exit_codes
from desktop.models.backup import is_clean, list_backups
from desktop.models.entities import Activity, Completion
from desktop.models.migrate import HEAD
from desktop.models.store import open_store
from desktop.models.store_problem import StoreProblem
from tests import store_files
from tests.models.test_store import _insert_activity_at_old_revision


def _at_0003_with_0004_half_done(path: Path) -> Path:
    """What builds before atomic migrations left after a kill inside 0004 (the chaos run)."""
    open_store(path, migrate_to="0003").close()
    _insert_activity_at_old_revision(path, "OLD-1")
    with closing(sqlite3.connect(path)) as db:
        db.execute("ALTER TABLE activity ADD COLUMN rule_level INTEGER")
        db.execute("CREATE INDEX ix_activity_rule_level ON activity (rule_level, end_date)")
        db.execute("ALTER TABLE learner ADD COLUMN search_key VARCHAR(210)")
    return path


def _revision(path: Path) -> str:
    with closing(sqlite3.connect(path)) as db:
        return str(db.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_a_half_migrated_store_is_repaired_and_upgraded(tmp_path: Path) -> None:
    path = _at_0003_with_0004_half_done(tmp_path / "half.sqlite3")
    store = open_store(path)  # before: "duplicate column name: rule_level", on every open
    with store.reading() as s:
        assert s.scalars(select(Activity.provider_activity_id)).all() == ["OLD-1"]
        assert s.scalar(select(Activity.rule_level)) is not None  # filled after the upgrade
    with store.engine.connect() as c:
        assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    assert store.last_backup is not None and "pre-migration-0003" in store.last_backup.name
    store.close()


def test_a_store_missing_part_of_its_revision_is_refused_with_its_backups(
    tmp_path: Path,
) -> None:
    path = tmp_path / "broken.sqlite3"
    open_store(path, migrate_to="0003").close()
    with closing(sqlite3.connect(path)) as db:
        db.execute("DROP INDEX ix_outbox_entity")  # part of 0003 itself: cannot be guessed back
    before = store_files.snapshot(path)
    err = io.StringIO()
    assert main(["--store", str(path), "status"], out=io.StringIO(), err=err) == 6
    message = err.getvalue()
    assert message.count("\n") == 1
    assert "an interrupted upgrade left it incomplete (missing ix_outbox_entity)" in message
    assert "restore a backup (newest: " in message and "pre-migration-0003" in message
    assert store_files.snapshot(path) == before


@contextmanager
def _disk_full_after(path: Path, spare_pages: int) -> Iterator[None]:
    """SQLite's own page limit on every connection to ``path``: a real SQLITE_FULL."""
    with closing(sqlite3.connect(path)) as db:
        limit = db.execute("PRAGMA page_count").fetchone()[0] + spare_pages

    def cap(dbapi_connection: Any, _record: Any) -> None:
        if Path(dbapi_connection.execute("PRAGMA database_list").fetchone()[2]) == path:
            dbapi_connection.execute(f"PRAGMA max_page_count = {limit}")

    event.listen(Engine, "connect", cap)
    try:
        yield
    finally:
        event.remove(Engine, "connect", cap)


def test_a_full_disk_during_an_upgrade_keeps_the_old_revision_and_one_backup(
    tmp_path: Path,
) -> None:
    path = store_files.seeded_store(tmp_path / "s.sqlite3")
    store = open_store(path)
    store.close()
    # Back to 0001's schema and revision: the next open upgrades it all.
    path.unlink()
    open_store(path, migrate_to="0001").close()
    _insert_activity_at_old_revision(path, "OLD-1")
    with _disk_full_after(path, 0):
        for _attempt in range(7):  # more than the rotation keeps
            with pytest.raises(StoreProblem, match="the disk holding it is full"):
                open_store(path)
            assert _revision(path) == "0001"
    backups = list_backups(path)
    assert len(backups) == 1  # one per content, not one per failed open
    assert is_clean(backups[0])
    with closing(sqlite3.connect(backups[0])) as b:
        assert b.execute("SELECT provider_activity_id FROM activity").fetchall() == [("OLD-1",)]
    store = open_store(path)  # with room again, it upgrades
    with store.reading() as s:
        assert s.scalars(select(Activity.provider_activity_id)).all() == ["OLD-1"]
    store.close()


def test_a_full_disk_during_an_import_is_one_line_and_imports_nothing(tmp_path: Path) -> None:
    path = store_files.seeded_store(tmp_path / "s.sqlite3")
    sheet = store_files.sign_in_sheet(tmp_path / "sheet.csv", 400)
    err = io.StringIO()
    with _disk_full_after(path, 3):
        code = main(["--store", str(path), "import", str(sheet)], out=io.StringIO(), err=err)
    assert code == exit_codes.STORE
    assert err.getvalue() == (
        f"pars-desktop: cannot use the store {path}: the disk holding it is full; "
        "free some disk space and try again (nothing was changed).\n"
    )
    store = open_store(path)
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Completion)) == 0
    store.close()


def test_an_unexpected_error_is_logged_privately_without_learner_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stat

    from desktop.commands import status

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = store_files.seeded_store(tmp_path / "s.sqlite3")

    def broken(*_a: object, **_k: object) -> int:
        raise ValueError("learner Avery Testperson born 02/29 NPI 1234567893")

    monkeypatch.setattr(status, "run", broken)  # a bug, injected
    err = io.StringIO()
    assert main(["--store", str(path), "status"], out=io.StringIO(), err=err) == 7
    log = tmp_path / "state" / "PARS Desktop" / "log" / "pars-desktop.log"
    assert err.getvalue() == (
        f"pars-desktop: unexpected error (ValueError); details are in {log}.\n"
    )
    text_logged = log.read_text()
    assert (
        "Traceback (most recent call last)" in text_logged and "builtins.ValueError" in text_logged
    )
    assert "in broken" in text_logged
    assert "Avery" not in text_logged and "1234567893" not in text_logged
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
