"""Where the store lives: ``$PARS_DESKTOP_STORE``, else the per-user data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

STORE_ENV = "PARS_DESKTOP_STORE"
STORE_NAME = "pars-desktop.sqlite3"


def default_store_path() -> Path:
    configured = os.environ.get(STORE_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_data_dir("PARS Desktop", "PARS Desktop")) / STORE_NAME
