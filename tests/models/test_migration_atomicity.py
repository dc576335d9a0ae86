"""A kill at any statement of any migration leaves the store at its previous revision, whole.

Issue 18, defect 1: DDL ran in SQLite autocommit, so a kill mid-upgrade left revision 0003
with 0004's columns and every later open failed with "duplicate column name".
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.models.migrate import HEAD
from desktop.models.store import open_store

ROOT = Path(__file__).resolve().parents[2]
# (revision the store is at, revision it is upgraded to): every migration, the first included.
STEPS = [
    ("", "0001"),
    ("0001", "0002"),
    ("0002", "0003"),
    ("0003", "0004"),
    ("0004", "0005"),
    ("0005", "0006"),
    ("0006", "0007"),
]


def _schema(path: Path) -> list[tuple[str, ...]]:
    with closing(sqlite3.connect(path)) as db:
        return sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))


def _revision(path: Path) -> str:
    with closing(sqlite3.connect(path)) as db:
        has = db.execute(
            "SELECT count(*) FROM sqlite_master WHERE name='alembic_version'"
        ).fetchone()
        if not has[0]:
            return ""
        row = db.execute("SELECT version_num FROM alembic_version").fetchone()
        return "" if row is None else str(row[0])


def _template(folder: Path, revision: str) -> Path:
    path = folder / f"at-{revision or 'empty'}.sqlite3"
    if revision:
        open_store(path, migrate_to=revision).close()
        with closing(sqlite3.connect(path)) as db, db:  # a provider row: 0006 rebuilds its table
            columns = [r[1] for r in db.execute("PRAGMA table_info(provider)")]
            values = {c: ("" if c != "id" else 1) for c in columns if c != "deadline"}
            values["accme_provider_id"] = "1234567"
            db.execute(
                f"INSERT INTO provider ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
                list(values.values()),
            )
    else:
        path.touch(mode=0o600)
    return path


@pytest.mark.parametrize(("start", "target"), STEPS, ids=[t for _, t in STEPS])
def test_a_kill_at_each_statement_leaves_the_previous_revision(
    tmp_path: Path, start: str, target: str
) -> None:
    template = _template(tmp_path, start)
    before = _schema(template)
    work = tmp_path / "work"
    work.mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "tests.models.migration_killer", str(template), target, str(work)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.split("\n")
    total = int(lines[0].split()[1])
    killed = [line.split(" ", 2) for line in lines[1:] if line]
    assert len(killed) == total >= 2
    after = _schema(work / "count.sqlite3")  # the copy upgraded without a kill
    at_start = 0
    for k, code, copy in killed:
        path = Path(copy)
        assert code == "137", f"after statement {k} the child ended with {code}"
        # Either nothing of the upgrade happened, or all of it (a kill after its commit, while
        # the derived columns are filled): never a mix.
        if _revision(path) == start:
            at_start += 1
            assert _schema(path) == before, f"killed after statement {k} of {total}"
        else:
            assert _revision(path) == target, f"killed after statement {k} of {total}"
            assert _schema(path) == after, f"killed after statement {k} of {total}"
        with closing(sqlite3.connect(path)) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert at_start >= 2  # the kills inside the upgrade's transaction
    # A later open upgrades each killed copy all the way, with its data.
    for _k, _code, copy in (killed[0], killed[-1]):
        store = open_store(Path(copy))
        with store.engine.connect() as c:
            assert c.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
            if start:
                assert c.execute(text("SELECT accme_provider_id FROM provider")).all() == [
                    ("1234567",)
                ]
        store.close()
