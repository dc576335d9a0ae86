"""Stores that must not be used: every command refuses them in one line, exit 6, and leaves the
file exactly as it was (issue 18, defects 3, 4 and 11)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.commands import exit_codes
from desktop.models.migrate import HEAD
from tests import store_files

STORES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "corrupted": (store_files.corrupted, "it is damaged"),
    "newer": (store_files.newer, "written by a newer version"),
    "not-sqlite": (store_files.not_sqlite, "not a PARS Desktop store"),
    "other-sqlite": (store_files.other_sqlite, "an SQLite file, but not a PARS Desktop store"),
    "read-only": (store_files.read_only, "it is read-only"),
    "foreign": (store_files.foreign, "belongs to another user"),
}


def _commands(tmp_path: Path) -> dict[str, list[str]]:
    sheet = store_files.sign_in_sheet(tmp_path / "sheet.csv", 3)
    return {
        "import": ["import", str(sheet)],
        "export": ["export", "--what", "activities", "--format", "xml", str(tmp_path / "a.xml")],
        "sync": ["sync", "--dry-run"],
        "validate": ["validate"],
        "status": ["status"],
        "check": ["check"],
    }


@pytest.mark.parametrize("kind", list(STORES))
def test_every_command_refuses_an_unusable_store_and_changes_nothing(
    tmp_path: Path, kind: str
) -> None:
    if kind == "foreign" and os.geteuid() != 0:
        pytest.skip("giving a file to another user needs root")
    make, reason = STORES[kind]
    path = make(tmp_path / "store.sqlite3")
    before = store_files.snapshot(path)
    beside = sorted(p.name for p in tmp_path.iterdir())
    for name, argv in _commands(tmp_path).items():
        out, err = io.StringIO(), io.StringIO()
        code = main(["--store", str(path), *argv], out=out, err=err)
        message = err.getvalue()
        assert code == exit_codes.STORE, (name, message, out.getvalue())
        assert message.count("\n") == 1 and message.startswith("pars-desktop: cannot use"), name
        assert reason in message, (name, message)
        assert "Traceback" not in message + out.getvalue()
        assert store_files.snapshot(path) == before, name  # bytes and mode
    if kind == "corrupted":  # it says which copy to restore
        assert ".daily." in message and "restore a backup" in message
    # No backup, export, practice database or anything else was made beside it.
    made = {p.name for p in tmp_path.iterdir()} - set(beside) - {"sheet.csv"}
    assert {n for n in made if not n.startswith("store.sqlite3-")} == set()


def test_the_installed_command_prints_one_line_not_a_traceback(tmp_path: Path) -> None:
    path = store_files.not_sqlite(tmp_path / "notes.txt")
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "--store", str(path), "status"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == exit_codes.STORE
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"pars-desktop: cannot use the store {path}: it is not")
    assert store_files.snapshot(path) == (b"Attendance notes, not a database.\n", 0o644)


def test_check_runs_the_full_integrity_check_on_demand(tmp_path: Path) -> None:
    path = store_files.seeded_store(tmp_path / "store.sqlite3")
    out = io.StringIO()
    assert main(["--store", str(path), "check"], out=out, err=io.StringIO()) == exit_codes.OK
    assert out.getvalue() == f"{path}: integrity check ok (schema {HEAD}).\nNo backups yet.\n"
