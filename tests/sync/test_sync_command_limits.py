"""``pars-desktop sync`` as a real process against the hostile server: exit codes 2, 4 and 5,
one-line messages, Ctrl-C (SIGINT) within 2 s, the wait shown while PARS is silent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.models.services import ActivityService
from desktop.models.store import open_store
from tests.factories import closable_activity
from tests.sync.hostile import Behaviour, HostileServer


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "s.sqlite3"
    store = open_store(path)
    ActivityService(store).create(closable_activity(provider_activity_id="A-1"))
    store.close()
    return path


def _sync(store: Path, url: str, *extra: str) -> subprocess.Popen[str]:
    read, write = os.pipe()
    os.write(write, b"s3cret-password\n")
    os.close(write)
    try:
        return subprocess.Popen(
            [
                *(sys.executable, "-m", "desktop", "--store", str(store), "sync", "--url", url),
                *("--user", "cme-office", "--password-stdin", *extra),
            ],
            stdin=read,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        )
    finally:
        os.close(read)


def _wait_for_request(hostile: HostileServer, proc: subprocess.Popen[str]) -> None:
    ends = time.monotonic() + 30
    while not hostile.seen:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < ends, "the sync never reached the server"
        time.sleep(0.05)  # polling a condition with a bound, like qtbot.waitUntil


def test_a_silent_server_ends_the_sync_at_its_deadline_with_exit_4(
    hostile: HostileServer, store_path: Path
) -> None:
    hostile.behaviour = Behaviour(mode="silent")
    proc = _sync(store_path, hostile.url, "--deadline", "3")
    _wait_for_request(hostile, proc)
    reached = time.monotonic()
    out, err = proc.communicate(timeout=30)
    assert time.monotonic() - reached < 3 + 1.5
    assert proc.returncode == 4
    stopped = [line for line in out.splitlines() if line.startswith("Stopped:")]
    assert len(stopped) == 1 and "time limit" in stopped[0], out
    assert "Traceback" not in err
    assert "waiting for PARS, 2 s" in err  # the progress the user sees meanwhile


@pytest.mark.parametrize("mode", ["drip", "silent", "retry_after"])
def test_ctrl_c_ends_the_sync_within_2_s_with_exit_5(
    hostile: HostileServer, store_path: Path, mode: str
) -> None:
    hostile.behaviour = Behaviour(mode=mode, drip_every=0.3, retry_after="50")
    proc = _sync(store_path, hostile.url)
    _wait_for_request(hostile, proc)
    pressed = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert time.monotonic() - pressed < 2
    assert proc.returncode == 5, (out, err)
    assert "Stopped: Sync was cancelled" in out and "Traceback" not in err


def test_a_huge_retry_after_is_shown_and_capped(hostile: HostileServer, store_path: Path) -> None:
    hostile.behaviour = Behaviour(mode="retry_after", retry_after="999999")
    proc = _sync(store_path, hostile.url, "--deadline", "100")
    _wait_for_request(hostile, proc)
    ends = time.monotonic() + 30
    assert proc.stderr is not None
    line = proc.stderr.readline()
    while "PARS asked to wait" not in line and time.monotonic() < ends:
        line = proc.stderr.readline()
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=30)
    assert "PARS asked to wait: next try in 60 s" in line  # 999999 s capped at 60


@pytest.mark.parametrize(
    "form",
    ["http://127.0.0.1@localhost:{port}", "http://localhost:{port}", "http://u@127.0.0.1:{port}"],
)
def test_a_clear_text_address_is_a_usage_error_and_nothing_is_sent(
    hostile: HostileServer, store_path: Path, form: str
) -> None:
    proc = _sync(store_path, form.format(port=hostile.port))
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 2
    assert len(err.strip().splitlines()) == 1, err
    assert "HTTPS" in err or "'@'" in err, err
    assert hostile.seen == []


def test_defect_6_no_password_in_clear_text_to_127_0_0_2(store_path: Path) -> None:
    """The chaos run's case: ``--url http://127.0.0.2:P`` sent Basic auth in clear text."""
    with HostileServer(Behaviour(mode="ok"), host="127.0.0.2") as other:
        proc = _sync(store_path, other.url)
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 2 and "HTTPS" in err
        assert other.seen == []
