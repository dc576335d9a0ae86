"""Everything we write that may hold learner data is the user's only, whatever the umask
(issue 18, defect 8): the practice database, exports, failed-row workbooks, backups."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.exports.run import FORMATS, export
from desktop.models.backup import backup_store, daily_backup
from desktop.models.importing.failed_rows import write_failed_rows
from desktop.models.importing.session import plan, prepare
from desktop.models.services import ActivityService, LearnerService
from desktop.models.store import Store
from desktop.practice import practice_db_path, start_practice_sandbox
from tests.conftest import TODAY
from tests.factories import closable_activity, completion, learner


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def everyone_may_read() -> Iterator[None]:
    """The common default umask, under which a plain open() makes files world-readable."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture
def with_learner(store: Store) -> Store:
    aid, _ = ActivityService(store, lambda: TODAY).create(closable_activity())
    people = LearnerService(store, lambda: TODAY)
    lid, _ = people.add_learner(learner(last_name="Modecheck"))
    people.record_completion(lid, aid, completion())
    return store


def test_the_practice_database_is_owner_only(with_learner: Store) -> None:
    server, _endpoint = start_practice_sandbox(with_learner.path)
    try:
        path = practice_db_path(with_learner.path)
        files = [path, *path.parent.glob(f"{path.name}-*")]
        assert path in files and all(_mode(f) == 0o600 for f in files), {
            f.name: oct(_mode(f)) for f in files
        }
    finally:
        server.stop()


@pytest.mark.parametrize(("what", "fmt"), list(FORMATS))
def test_every_export_is_owner_only_even_over_an_older_file(
    with_learner: Store, tmp_path: Path, what: str, fmt: str
) -> None:
    out = tmp_path / f"{what}.{fmt}"
    out.write_text("an older export\n")
    assert _mode(out) == 0o644
    export(with_learner, what, fmt, None, out)
    assert _mode(out) == 0o600
    assert out.read_bytes() != b"an older export\n"
    assert [p.name for p in tmp_path.glob(f".{out.name}*")] == []  # no temporary left behind


def test_failed_rows_workbook_is_owner_only(with_learner: Store, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Given name,Surname,Date of Birth,License State,Attended,Hours,Course Code\n"
        "Avery,Testperson,02/29/1980,Atlantis,03/02/2026,1.5,T-0001\n"
    )
    result = plan(with_learner, prepare(with_learner, sheet, None), TODAY)
    out = tmp_path / "to-fix.xlsx"
    assert write_failed_rows(result, out) == 1
    assert _mode(out) == 0o600


def test_backups_are_owner_only(with_learner: Store, tmp_path: Path) -> None:
    made = [
        backup_store(with_learner.engine, with_learner.path, "pre-migration-0006"),
        daily_backup(with_learner.engine, with_learner.path, tmp_path / "backups"),
    ]
    for path in made:
        assert path is not None and _mode(path) == 0o600
