"""Two processes importing one file at once add it once (issue 18, defect 2)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from desktop.models.entities import Completion, ImportBatch
from desktop.models.store import open_store
from tests import store_files

ROOT = Path(__file__).resolve().parents[2]
ROWS = 100


def test_two_simultaneous_imports_of_one_file_add_it_once(tmp_path: Path) -> None:
    path = store_files.seeded_store(tmp_path / "store.sqlite3")
    sheet = store_files.sign_in_sheet(tmp_path / "sign-in.csv", ROWS)
    racers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.models.import_racer", str(path), str(sheet)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        for _ in range(2)
    ]
    try:
        for racer in racers:  # both have read the store before either writes
            assert racer.stdout is not None
            assert racer.stdout.readline().strip() == f"planned {ROWS}"
        for racer in racers:
            assert racer.stdin is not None
            racer.stdin.write("go\n")
            racer.stdin.flush()
        said = sorted(r.communicate(timeout=60)[0].strip() for r in racers)
    finally:
        for racer in racers:
            racer.kill()
    assert [r.returncode for r in racers] == [0, 0]
    assert said[0].startswith(f"imported {ROWS} as ")
    assert said[1] == (
        "refused: Every row is already in your store (another import added them meanwhile): "
        "nothing was imported."
    )
    store = open_store(path)
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Completion)) == ROWS
        assert s.scalar(select(func.count()).select_from(ImportBatch)) == 1
    store.close()
