"""Shared fixtures. Qt runs offscreen; every test gets its own store in a temporary folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desktop.models.store import Store, open_store
from pars_sandbox.server import SandboxServer
from pars_sandbox.settings import Settings

TODAY = date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _own_log_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The app's log (platformdirs' per-user log folder) goes to a folder of the test's own,
    never the developer's."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))


@pytest.fixture(autouse=True)
def settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's settings live in its own folder: the window's preferences (``ui``) and the
    CLI read and write this one file, never the person's own."""
    path = tmp_path / "prefs.ini"
    monkeypatch.setenv("PARS_DESKTOP_SETTINGS", str(path))
    return path


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "store.sqlite3")
    yield s
    s.close()


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[SandboxServer]:
    """A real PARS sandbox on a free loopback port, with its own database and TODAY as today."""
    server = SandboxServer(tmp_path / "sandbox.sqlite3", settings=Settings(), today=lambda: TODAY)
    server.start()
    yield server
    server.stop()
