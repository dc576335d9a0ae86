"""Typed preferences with one QSettings adapter: nothing else in the app touches QSettings.

The values the core acts on are also given as one ``desktop.core.Settings`` (``values()``).
They are stored in QSettings' INI format in one file (``desktop.core.settings.settings_path``),
so the command line reads the same choices without Qt (``desktop.core.settings.read_settings``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings  # noqa: TID251 - this is the one adapter

from desktop.core.settings import (
    Settings,
    clamp_batch,
    parse_bool,
    parse_wire,
    settings_path,
)
from desktop.sync.contract.encoding import WireFormat
from desktop.sync.settings import SyncSettings


class Preferences:
    def __init__(self, path: Path | None = None) -> None:
        # Tests (and portable installs) pass a file; otherwise the per-user settings file. INI
        # on every platform (not the registry or a plist): the CLI reads it without Qt.
        self._q = QSettings(str(path or settings_path()), QSettings.Format.IniFormat)

    @property
    def window_geometry(self) -> QByteArray | None:
        value = self._q.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self._q.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        value = self._q.value("window/state")
        return value if isinstance(value, QByteArray) else None

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self._q.setValue("window/state", value)

    @property
    def batch_size(self) -> int:
        return clamp_batch(self._q.value("sync/batch_size", Settings.batch_size))

    @batch_size.setter
    def batch_size(self, value: int) -> None:
        self._q.setValue("sync/batch_size", int(value))

    @property
    def hold_unmatched(self) -> bool:
        """Hold completions of learners PARS does not recognise (True) or send them anyway."""
        return parse_bool(self._q.value("sync/hold_unmatched", "true"), Settings.hold_unmatched)

    @hold_unmatched.setter
    def hold_unmatched(self, value: bool) -> None:
        self._q.setValue("sync/hold_unmatched", "true" if value else "false")

    @property
    def wire_format(self) -> WireFormat:
        """JSON (the default) or XML: what the provider's PARS web-services account takes."""
        return parse_wire(self._q.value("sync/wire_format", WireFormat.JSON.value) or "")

    @wire_format.setter
    def wire_format(self, value: WireFormat) -> None:
        self._q.setValue("sync/wire_format", value.value)

    def values(self) -> Settings:
        """What the core acts on, as one value (read afresh: Settings may have changed)."""
        return Settings(
            batch_size=self.batch_size,
            hold_unmatched=self.hold_unmatched,
            wire_format=self.wire_format,
            backups_folder=self.backups_folder,
        )

    def sync_settings(self) -> SyncSettings:
        return self.values().sync_settings()

    @property
    def backups_folder(self) -> str:
        return str(self._q.value("store/backups_folder", "") or "")

    @backups_folder.setter
    def backups_folder(self, value: str) -> None:
        self._q.setValue("store/backups_folder", value)

    @property
    def last_sync(self) -> str:
        return str(self._q.value("sync/last_result", "") or "")

    @last_sync.setter
    def last_sync(self, value: str) -> None:
        self._q.setValue("sync/last_result", value)

    def sync(self) -> None:
        self._q.sync()
