"""The PARS sandbox as its own process on a free loopback port, for the benchmarks."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The admin API's password for the sandboxes started here (Basic auth, user "admin").
ADMIN_PASSWORD = secrets.token_urlsafe(18)


@contextmanager
def sandbox_process(db: Path) -> Iterator[str]:
    """Yield the sandbox's base URL; it is stopped (SIGTERM) on the way out."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "pars_sandbox", "--port", str(port), "--db", str(db)],
        cwd=ROOT,
        env={**os.environ, "PARS_SANDBOX_ADMIN_PASSWORD": ADMIN_PASSWORD},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        proc.stdout.readline()  # "PARS sandbox serving on …": it is listening
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
