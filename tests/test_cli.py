"""The command line: version, and validate over a real store."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from desktop import __version__
from desktop.cli import main
from desktop.models.records import ActivityRecord
from desktop.models.services import ActivityService
from desktop.models.store import open_store
from tests.factories import closable_activity


def test_version_from_the_installed_entry_point() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "--version"], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == f"pars-desktop {__version__}"
    assert __version__ == "0.1.0"


def _seed(path: Path) -> None:
    store = open_store(path)
    svc = ActivityService(store)
    svc.create(closable_activity(provider_activity_id="A-1"))
    svc.create(ActivityRecord(provider_activity_id="A-2", title="Half done", format="course"))
    store.close()


def test_validate_prints_status_and_blockers(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    _seed(path)
    out = io.StringIO()
    code = main(["--store", str(path), "validate"], out=out)
    text = out.getvalue()
    assert code == 1  # one activity lacks what a Draft needs
    assert "A-1  Closed" in text
    assert "A-2  Incomplete" in text
    assert "    - start_date: Enter the start date." in text
    assert "2 activities, 1 missing what PARS needs for a Draft." in text


def test_validate_json_and_env_store(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    _seed(path)
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "validate", "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "PARS_DESKTOP_STORE": str(path)},
    )
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert [(d["provider_activity_id"], d["status"]) for d in data] == [
        ("A-1", "closed"),
        ("A-2", "incomplete"),
    ]
    assert {b["field"] for b in data[1]["blockers"]} == {"start_date", "end_date"}


def test_validate_empty_store_succeeds(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["--store", str(tmp_path / "new.sqlite3"), "validate"], out=out) == 0
    assert "0 activities" in out.getvalue()
