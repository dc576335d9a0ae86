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
from desktop.models.services import ActivityService, LearnerService
from desktop.models.store import open_store
from pars_sandbox.server import SandboxServer
from tests.factories import closable_activity
from tests.physicians import as_learner


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


def test_sync_status_and_dry_run_with_the_embedded_sandbox(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    _seed(path)
    out, err = io.StringIO(), io.StringIO()
    assert main(["--store", str(path), "sync", "--dry-run"], out=out, err=err) == 1  # A-2 is held
    assert "Would send 1 activities" in out.getvalue()
    out = io.StringIO()
    code = main(["--store", str(path), "sync", "--sandbox"], out=out, err=io.StringIO())
    text = out.getvalue()
    assert code == 1
    assert "Practice mode: records went to the local PARS sandbox" in text
    assert "Sent 1 activities (1 accepted, 0 deleted)" in text
    assert "activity A-2 Half done start_date (held): Enter the start date." in text
    out = io.StringIO()
    main(["--store", str(path), "status", "--json"], out=out)
    data = json.loads(out.getvalue())
    assert data["activities_by_sync"] == {"synced": 1, "never_synced": 1}
    assert data["pending_changes"] == 1
    out = io.StringIO()
    main(["--store", str(path), "status"], out=out)
    assert "Activities by sync:   In PARS 1, Not sent 1" in out.getvalue()  # the window's words
    assert (tmp_path / "s.practice-pars.sqlite3").exists()


def test_sync_wrong_password_exit_code(tmp_path: Path, sandbox: SandboxServer) -> None:
    path = tmp_path / "s.sqlite3"
    _seed(path)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "--store",
            str(path),
            "sync",
            "--url",
            sandbox.url,
            "--user",
            "sandbox",
            "--password-stdin",
            "--json",
        ],
        input="wrong\n",
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 3
    report = json.loads(proc.stdout)
    assert report["error_kind"] == "auth" and report["activities_sent"] == 0


def test_sync_needs_a_user_for_a_real_endpoint(tmp_path: Path) -> None:
    err = io.StringIO()
    assert (
        main(
            ["--store", str(tmp_path / "s.sqlite3"), "sync", "--url", "https://pars.example.org"],
            out=io.StringIO(),
            err=err,
        )
        == 3
    )
    assert "no web-services user name" in err.getvalue()


def test_self_check_from_the_source_install() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "--self-check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = proc.stdout.splitlines()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [line.split("  ")[0] for line in lines[:5]] == ["OK"] * 5
    assert "sync one activity to the embedded sandbox (ACCME Activity ID " in proc.stdout
    assert lines[-1] == "self-check passed"


def test_status_shows_what_needs_attention_after_a_sync(tmp_path: Path) -> None:
    from pars_sandbox.directory import PRACTICE_NOT_FOUND
    from tests.factories import completion
    from tests.sandbox.helpers import unique_people

    path = tmp_path / "s.sqlite3"
    store = open_store(path)
    activity_id, _ = ActivityService(store).create(closable_activity(provider_activity_id="A-1"))
    doctors = unique_people()
    LearnerService(store).enter_completions(
        activity_id,
        [
            (as_learner(doctors[0]), completion()),
            # Practice matching is simulated: this example surname is the one never found.
            (as_learner(doctors[1], last_name=PRACTICE_NOT_FOUND), completion()),
            (as_learner(doctors[2], consent=None, consent_date=None), completion()),
        ],
    )
    store.close()
    out = io.StringIO()
    progress = io.StringIO()
    assert main(["--store", str(path), "sync", "--sandbox"], out=out, err=progress) == 1
    # The count is of records in the whole sync; the step is named apart from it.
    assert "progress: 0 of " in progress.getvalue()
    assert " records done — now: activities" in progress.getvalue()
    assert "PARS found no physician with this identity" in out.getvalue()
    out = io.StringIO()
    main(["--store", str(path), "status"], out=out)
    assert (
        "Needs attention: 1 learners PARS does not recognise, 0 completions kept here until fixed, "
        # The matched learner's record reached PARS: no longer at risk (only the two still here).
        "0 completions rejected by ACCME or a board, 2 MOC deadlines at risk, "
        "1 completions waiting for consent"
    ) in out.getvalue()
    out = io.StringIO()
    main(["--store", str(path), "status", "--json"], out=out)
    assert json.loads(out.getvalue())["attention"] == {
        "unmatched": 1,
        "held": 0,
        "rejected": 0,
        "moc_at_risk": 2,
        "consent": 1,
        "possibly_same": 0,
    }
    # Sending anyway lets PARS reject the unmatched learner: it shows as rejected instead.
    main(
        ["--store", str(path), "sync", "--sandbox", "--send-unmatched"],
        out=io.StringIO(),
        err=io.StringIO(),
    )
    out = io.StringIO()
    main(["--store", str(path), "status", "--json"], out=out)
    assert json.loads(out.getvalue())["attention"]["rejected"] == 1
