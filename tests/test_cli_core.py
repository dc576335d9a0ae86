"""The command line as the core's other face (issue 16, item 2): the window's settings, global
options anywhere, sign-in sheets for one activity, exit codes, and an honest dry run."""

from __future__ import annotations

import io
import json
from pathlib import Path

from sqlalchemy import select

from desktop.cli import main
from desktop.models.entities import Activity, Completion, Learner
from desktop.models.services import ActivityService, LearnerService
from desktop.models.store import open_store
from pars_sandbox.directory import PRACTICE_NOT_FOUND
from tests.factories import closable_activity, completion
from tests.physicians import as_learner
from tests.sandbox.helpers import unique_people


def _seed(path: Path, *, unmatched: bool = False, no_consent: bool = False) -> None:
    store = open_store(path)
    activity_id, _ = ActivityService(store).create(
        closable_activity(provider_activity_id="A-1", title="Sepsis Update")
    )
    doctors = unique_people()
    entries = [(as_learner(doctors[0]), completion())]
    if unmatched:  # practice matching never finds this example surname
        entries.append((as_learner(doctors[1], last_name=PRACTICE_NOT_FOUND), completion()))
    if no_consent:
        entries.append((as_learner(doctors[2], consent=None, consent_date=None), completion()))
    LearnerService(store).enter_completions(activity_id, entries)
    store.close()


def _states(path: Path) -> dict[str, str]:
    store = open_store(path)
    try:
        with store.reading() as s:
            return {
                last: state
                for last, state in s.execute(
                    select(Learner.last_name, Completion.state).join(
                        Learner, Learner.id == Completion.learner_id
                    )
                )
            }
    finally:
        store.close()


def test_the_cli_sends_unmatched_learners_when_the_window_said_so(
    tmp_path: Path, settings_file: Path
) -> None:
    from desktop.ui.preferences import Preferences  # the window's one QSettings adapter

    path = tmp_path / "s.sqlite3"
    _seed(path, unmatched=True)
    store = ["--store", str(path)]
    # First run as Settings say by default: the learner PARS does not know stays home.
    assert main([*store, "sync", "--sandbox"], out=io.StringIO(), err=io.StringIO()) == 1
    assert _states(path)[PRACTICE_NOT_FOUND] != "rejected"
    prefs = Preferences(settings_file)
    prefs.hold_unmatched = False  # the coordinator unticks "hold unmatched learners"
    prefs.sync()
    out = io.StringIO()
    main([*store, "sync", "--sandbox"], out=out, err=io.StringIO())
    # Sent this time, and PARS refused it: the window's choice reached the command line.
    assert _states(path)[PRACTICE_NOT_FOUND] == "rejected", out.getvalue()


def test_the_cli_takes_records_per_request_from_the_window(
    tmp_path: Path, settings_file: Path
) -> None:
    from desktop.core.settings import read_settings
    from desktop.ui.preferences import Preferences

    prefs = Preferences(settings_file)
    prefs.batch_size = 37
    prefs.backups_folder = r"C:\Backups, weekly"  # quoted and escaped by QSettings
    prefs.sync()
    values = read_settings(settings_file)
    assert (values.batch_size, values.hold_unmatched) == (37, True)
    assert values.backups_folder == r"C:\Backups, weekly"


def test_global_options_work_after_the_subcommand(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    _seed(path)
    before, after = io.StringIO(), io.StringIO()
    assert main(["--store", str(path), "validate"], out=before) == 0
    assert main(["validate", "--store", str(path)], out=after) == 0
    assert "A-1  Closed" in after.getvalue() and after.getvalue() == before.getvalue()
    out = io.StringIO()
    main(["status", "--json", "--store", str(path)], out=out)
    assert json.loads(out.getvalue())["activities_by_status"] == {"Closed": 1}


def test_import_attaches_a_sign_in_sheet_to_one_activity(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite3"
    store = open_store(path)
    ActivityService(store).create(closable_activity(provider_activity_id="A-1"))
    ActivityService(store).create(closable_activity(provider_activity_id="B-2"))
    store.close()
    sheet = tmp_path / "sign-in.csv"
    sheet.write_text(
        "Last Name,First Name,Birth Month,Birth Day,State,Completion Date,Credits,Consent\n"
        "Testperson,Avery,3,14,NY,03/02/2026,1,Yes\n"
        "Sampleton,Rowan,11,2,IL,03/02/2026,1,Yes\n"
    )
    out, err = io.StringIO(), io.StringIO()
    # Unknown activity: a clear error, nothing imported.
    assert main(["import", str(sheet), "--activity", "Z-9", "--store", str(path)], out, err) == 2
    assert "no activity with Provider Activity ID 'Z-9'" in err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    code = main(["import", str(sheet), "--activity", "B-2", "--store", str(path)], out, err)
    assert code == 0, out.getvalue() + err.getvalue()
    store = open_store(path)
    with store.reading() as s:
        rows = s.execute(
            select(Learner.last_name, Activity.provider_activity_id)
            .join(Completion, Completion.learner_id == Learner.id)
            .join(Activity, Activity.id == Completion.activity_id)
            .order_by(Learner.last_name)
        ).all()
    store.close()
    assert [tuple(r) for r in rows] == [("Sampleton", "B-2"), ("Testperson", "B-2")]


def test_status_exits_1_while_records_need_attention(tmp_path: Path) -> None:
    clean, waiting = tmp_path / "clean.sqlite3", tmp_path / "waiting.sqlite3"
    store = open_store(clean)
    ActivityService(store).create(closable_activity(provider_activity_id="A-1"))
    store.close()
    _seed(waiting, no_consent=True)
    assert main(["status", "--store", str(clean)], out=io.StringIO()) == 0
    out = io.StringIO()
    assert main(["status", "--store", str(waiting)], out=out) == 1
    assert "1 completions waiting for consent" in out.getvalue()
    doctor = unique_people()[2]
    # The record kept home is named by its learner and activity, not by an id.
    assert f"    - {doctor.last_name}, {doctor.first_name} — A-1 Sepsis Update: " in out.getvalue()


def test_dry_run_lists_holds_by_learner_and_activity_and_stores_nothing(
    tmp_path: Path,
) -> None:
    path = tmp_path / "s.sqlite3"
    _seed(path, no_consent=True)
    before = _states(path)
    doctors = unique_people()
    out = io.StringIO()
    assert main(["sync", "--dry-run", "--store", str(path)], out=out, err=io.StringIO()) == 1
    text = out.getvalue()
    # The activity goes first in the real run, so the consented learner would go with it.
    assert "Would send 1 activities" in text and "and 1 learner completions" in text, text
    held = f"completion {doctors[2].last_name}, {doctors[2].first_name} — Sepsis Update"
    assert any(line.startswith(f"  - {held}") and "(held)" in line for line in text.splitlines())
    assert "CID" not in text and "completion-" not in text  # never a Credit ID
    assert _states(path) == before  # a dry run stores no hold
    # The real run does what the dry run said.
    out = io.StringIO()
    main(["sync", "--sandbox", "--store", str(path)], out=out, err=io.StringIO())
    assert "and 1 learner completions (1 accepted" in out.getvalue(), out.getvalue()
    assert f"  - {held}" in out.getvalue()


def test_no_store_file_is_made_for_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "never.sqlite3"
    assert main(["sync", "--store", str(path), "--batch-size", "x"]) == 2
    assert not path.exists()
