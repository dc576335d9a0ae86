"""Typed preferences with one QSettings adapter: nothing else in the app touches QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings  # noqa: TID251 - this is the one adapter

from desktop.sync.contract.encoding import WireFormat
from desktop.sync.settings import SyncSettings


class Preferences:
    def __init__(self, path: Path | None = None) -> None:
        # Tests (and portable installs) pass a file; otherwise the platform's native store.
        self._q = (
            QSettings(str(path), QSettings.Format.IniFormat)
            if path is not None
            else QSettings("PARS Desktop", "PARS Desktop")
        )

    def _get_int(self, key: str, default: int) -> int:
        value = self._q.value(key, default)
        try:
            return int(str(value))
        except (TypeError, ValueError):
            return default

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
        return max(1, min(5000, self._get_int("sync/batch_size", 500)))

    @batch_size.setter
    def batch_size(self, value: int) -> None:
        self._q.setValue("sync/batch_size", int(value))

    @property
    def hold_unmatched(self) -> bool:
        """Hold completions of learners PARS does not recognise (True) or send them anyway."""
        return str(self._q.value("sync/hold_unmatched", "true")).lower() != "false"

    @hold_unmatched.setter
    def hold_unmatched(self, value: bool) -> None:
        self._q.setValue("sync/hold_unmatched", "true" if value else "false")

    @property
    def wire_format(self) -> WireFormat:
        """JSON (the default) or XML: what the provider's PARS web-services account takes."""
        value = str(self._q.value("sync/wire_format", WireFormat.JSON.value) or "")
        return WireFormat.XML if value == WireFormat.XML.value else WireFormat.JSON

    @wire_format.setter
    def wire_format(self, value: WireFormat) -> None:
        self._q.setValue("sync/wire_format", value.value)

    def sync_settings(self) -> SyncSettings:
        return SyncSettings(
            batch_size=self.batch_size,
            hold_unmatched=self.hold_unmatched,
            wire_format=self.wire_format,
        )

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
