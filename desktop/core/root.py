"""The one composition root: every front end gets its ``Core`` from ``open_core``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from desktop.core.core import Core
from desktop.core.settings import Settings, read_settings
from desktop.models.store import Store, open_store


def open_core(
    store: Store | Path | None = None,
    settings: Callable[[], Settings] | Path | None = None,
    today: Callable[[], date] = date.today,
    *,
    backup: bool = False,
) -> Core:
    """Open the store (a path, the default one, or a store a test already opened) and build
    the core over it.

    ``settings``: where the values come from — a callable (the window's live preferences), a
    settings file, or None for the stored settings (``$PARS_DESKTOP_SETTINGS`` or the per-user
    file). ``backup``: take the day's backup once opened (the window does; the CLI does not).
    """
    if callable(settings):
        source = settings
    else:
        path = settings

        def source() -> Settings:
            return read_settings(path)

    opened = store if isinstance(store, Store) else open_store(store)
    if backup:
        from desktop.models.backup import daily_backup

        folder = source().backups_folder
        daily_backup(opened.engine, opened.path, Path(folder) if folder else None)
    return Core(opened, source, today, owns_store=opened is not store)
