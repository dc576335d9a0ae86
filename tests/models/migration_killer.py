"""Kill an upgrade after each of its statements, for the migration-atomicity test.

Run as ``python -m tests.models.migration_killer TEMPLATE TARGET WORKDIR``: it counts the
statements the upgrade of TEMPLATE to TARGET runs, then for each k forks a child that upgrades
its own copy of TEMPLATE and dies (``os._exit``: no rollback, no clean-up, as with SIGKILL)
right after statement k. It prints ``total N``, then ``k exit-code path`` per copy. One
single-threaded process imports everything once; the forks are cheap.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from desktop.models.store import open_store

KILLED = 137


def _upgrade_in_child(copy: Path, target: str, kill_after: int | None) -> tuple[int, int]:
    """(exit code, statements run) of a forked child upgrading ``copy``."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        seen = [0]

        def after(conn: Any, *_args: Any) -> None:
            if conn.engine.url.database != str(copy):
                return  # e.g. the in-memory reference schema, not the store
            seen[0] += 1
            if kill_after is not None and seen[0] >= kill_after:
                os._exit(KILLED)

        event.listen(Engine, "after_cursor_execute", after)
        try:
            open_store(copy, migrate_to=target).close()
        except BaseException:
            os._exit(1)
        os.write(write, str(seen[0]).encode())
        os._exit(0)
    os.close(write)
    data = os.read(read, 32)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), int(data or 0)


def main(template: Path, target: str, workdir: Path) -> None:
    # Loaded once here, inherited by every fork: the children only run the upgrade itself.
    from desktop.models.migrate import known_revisions
    from desktop.models.schema_repair import expected_schema

    known_revisions()
    revision = _revision(template)
    if revision:
        expected_schema(revision)
    dry = workdir / "count.sqlite3"
    shutil.copyfile(template, dry)
    code, total = _upgrade_in_child(dry, target, None)
    assert code == 0, f"the upgrade itself failed ({code})"
    print(f"total {total}", flush=True)
    for k in range(1, total + 1):
        copy = workdir / f"killed-after-{k}.sqlite3"
        shutil.copyfile(template, copy)
        code, _ = _upgrade_in_child(copy, target, k)
        print(f"{k} {code} {copy}", flush=True)


def _revision(path: Path) -> str:
    with closing(sqlite3.connect(path)) as db:
        try:
            row = db.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            return ""
        return "" if row is None else str(row[0])


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]))
