"""Practice mode: with no PARS account configured, an embedded sandbox stands in for PARS."""

from __future__ import annotations

from pathlib import Path

from desktop.models.private_files import create_private
from desktop.sync.settings import Endpoint
from pars_sandbox.server import SandboxServer
from pars_sandbox.settings import Settings

PRACTICE_USER = PRACTICE_PASSWORD = "sandbox"


def practice_db_path(store_path: Path) -> Path:
    """The sandbox keeps its own data file beside the store, never inside it."""
    return store_path.with_name(f"{store_path.stem}.practice-pars.sqlite3")


def start_practice_sandbox(store_path: Path) -> tuple[SandboxServer, Endpoint]:
    path = practice_db_path(store_path)
    # It holds learners' names, birth dates and NPIs: created owner-only before the sandbox
    # (which knows nothing of us) opens it; SQLite gives its WAL files the same mode.
    create_private(path)
    # Matching is simulated in practice: a real sign-in sheet is recognised (issue 19, item 7).
    server = SandboxServer(path, settings=Settings(practice=True)).start()
    return server, Endpoint(server.url, PRACTICE_USER, PRACTICE_PASSWORD)
