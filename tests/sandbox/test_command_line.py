"""``python -m pars_sandbox --port N --db PATH`` serves the API as a separate process."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from pathlib import Path

import requests

from desktop.sync.contract.results_document import ResultStatus, parse_results
from tests.factories import closable_activity

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serves_from_the_command_line(tmp_path: Path) -> None:
    from desktop.sync.contract.activity_document import ActivityEnvelope, build_activities

    port, db = _free_port(), tmp_path / "cli-sandbox.sqlite3"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pars_sandbox",
            "--port",
            str(port),
            "--db",
            str(db),
            "--account",
            "me:secret",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert f"serving on http://127.0.0.1:{port}" in proc.stdout.readline()
        body = build_activities([ActivityEnvelope(closable_activity())])
        r = requests.post(
            f"http://127.0.0.1:{port}/activities", data=body, auth=("me", "secret"), timeout=10
        )
        [result] = parse_results(r.content)
        assert result.status is ResultStatus.ACCEPTED
        assert (
            requests.post(
                f"http://127.0.0.1:{port}/activities",
                data=body,
                auth=("sandbox", "sandbox"),
                timeout=10,
            ).status_code
            == 401
        )
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    assert db.exists()


def test_bad_fault_flags_are_refused(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pars_sandbox", "--error-rate", "1.5", "--db", str(tmp_path / "x")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert out.returncode == 2
    assert "error_rate must be between 0 and 1" in out.stderr
