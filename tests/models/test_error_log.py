"""The app's log (issue 16 item 6): one private rotating file, configured at start, and never a
learner's name, birth date or NPI in it — whichever path writes to it."""

from __future__ import annotations

import io
import json
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.commands import status
from desktop.models import error_log
from desktop.models.services import ActivityService
from desktop.models.services.bulk import NewCompletion, add_completions
from desktop.models.store import open_store
from desktop.sync.client import ParsClient
from desktop.sync.contract.match_document import MatchQuery
from desktop.sync.errors import NetworkError
from desktop.sync.settings import Endpoint, SyncSettings
from tests.conftest import TODAY
from tests.factories import closable_activity, completion, learner
from tests.sync.hostile import Behaviour, HostileServer

# A synthetic learner whose every identifying value is easy to find in a file.
FIRST, LAST, NPI, LICENSE = "Marisolde", "Quillfeather", "1234567893", "036-777123"


def _log_dir() -> Path:
    return Path(os.environ["XDG_STATE_HOME"]) / "PARS Desktop" / "log"


@pytest.fixture
def umask_zero() -> Iterator[None]:
    """Without a mode given at creation, files would be world-readable."""
    old = os.umask(0)
    yield
    os.umask(old)


def test_the_log_file_is_private_from_its_first_byte_and_rotates_privately(
    tmp_path: Path, umask_zero: None
) -> None:
    path = tmp_path / "logs" / "pars-desktop.log"
    assert error_log.configure(path) == path
    assert error_log.configure(path) == path  # again: still one handler
    root = logging.getLogger().handlers
    ours = [h for h in root if isinstance(h, error_log.PrivateRotatingFileHandler)]
    assert [h.baseFilename for h in ours] == [str(path)]
    said = logging.getLogger("desktop.sync.engine")
    said.info("sync finished: %d activities", 3)
    assert "INFO desktop.sync.engine: sync finished: 3 activities" in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    line = "x" * 1000
    for _ in range(error_log.MAX_BYTES // 1000 * (error_log.BACKUPS + 1)):
        said.info(line)
    rotated = sorted(p.name for p in path.parent.iterdir())
    assert rotated == [f"pars-desktop.log{s}" for s in ("", ".1", ".2", ".3")]
    for p in path.parent.iterdir():
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name
        assert p.stat().st_size <= error_log.MAX_BYTES + 2000


def test_libraries_log_only_warnings_and_our_modules_log_what_they_did(tmp_path: Path) -> None:
    path = tmp_path / "pars-desktop.log"
    error_log.configure(path)
    logging.getLogger("urllib3.connectionpool").info("Starting new HTTPS connection")
    logging.getLogger("urllib3.connectionpool").warning("Retrying")
    logging.getLogger("desktop.sync.credentials").info("no OS keyring available")
    text = path.read_text()
    assert "Starting new" not in text
    assert "Retrying" in text and "no OS keyring available" in text


def test_a_traceback_is_logged_as_where_not_what(tmp_path: Path) -> None:
    path = tmp_path / "pars-desktop.log"
    error_log.configure(path)

    def checking_the_row() -> None:
        raise ValueError(f"{FIRST} {LAST} NPI {NPI}")

    try:
        try:
            checking_the_row()
        except ValueError as e:
            raise RuntimeError(f"row of {LAST} failed") from e
    except RuntimeError:
        logging.getLogger("desktop.ui.tasks").exception("a job failed for %s", NPI)
    text = path.read_text()
    assert "ERROR desktop.ui.tasks: a job failed for [number]" in text
    assert "in checking_the_row" in text
    assert "builtins.ValueError" in text and "builtins.RuntimeError" in text
    assert LAST not in text and FIRST not in text and NPI not in text


def test_no_learner_data_reaches_the_log_through_the_paths_that_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Configured by the command line itself; then a real sync of a learner to the sandbox,
    a PARS answer quoting the learner, and a crash whose message names them."""
    path = tmp_path / "store.sqlite3"
    store = open_store(path)
    aid, _ = ActivityService(store, lambda: TODAY).create(closable_activity())
    person = learner(first_name=FIRST, last_name=LAST, npi=NPI, license_number=LICENSE)
    add_completions(store, [NewCompletion(person, aid, completion())])
    store.close()

    # 1. A sync to the embedded sandbox: matching, sending, the summary.
    out = io.StringIO()
    assert main(["--store", str(path), "sync", "--sandbox", "--json"], out=out) == 0
    assert json.loads(out.getvalue())["completions_sent"] == 1

    # 2. PARS answers with a document that is not valid and quotes the learner back.
    match = {"ref": "1", "status": f"{LAST} {FIRST} {NPI}"}
    quoted = json.dumps({"LearnerMatchResults": {"Match": [match]}})
    settings = SyncSettings(max_attempts=1, request_deadline=2, call_deadline=3)
    with (
        HostileServer(
            Behaviour(mode="ok", body=quoted.encode(), content_type="application/json")
        ) as hostile,
        ParsClient(Endpoint(hostile.url, "cme-office", "s3cret"), settings) as client,
        pytest.raises(NetworkError, match=LAST),  # the user is told what was wrong …
    ):
        client.match([MatchQuery("1", person)])

    # 3. A bug while the status command runs, its message naming the learner.
    def broken(*_a: object, **_k: object) -> int:
        raise ValueError(f"learner {FIRST} {LAST} born 02/29 NPI {NPI} license {LICENSE}")

    monkeypatch.setattr(status, "run", broken)
    assert main(["--store", str(path), "status"], out=io.StringIO(), err=io.StringIO()) == 7

    text = (_log_dir() / "pars-desktop.log").read_text()
    assert "sync finished: 1 activities, 1 completions sent" in text
    assert "learner matching: 1 checked" in text
    assert "attempt 1 failed: PARS's answer was not a valid document" in text  # … the log not
    assert "in broken" in text and "builtins.ValueError" in text
    for secret in (FIRST, LAST, NPI, LICENSE, "02/29", "s3cret"):
        assert secret not in text, secret
