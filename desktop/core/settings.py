"""The settings values the core acts on, and a Qt-free reader of the file the window writes.

The window keeps its settings in one INI file (``ui/preferences.py`` is the only writer, through
QSettings' INI format). The command line reads the same file here with ``configparser``, so
``pars-desktop sync`` honours what was chosen in Settings — hold unmatched learners, records per
request, the wire format. The file is ``$PARS_DESKTOP_SETTINGS``, else ``settings.ini`` in the
per-user config folder.
"""

from __future__ import annotations

import configparser
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop.sync.contract.encoding import WireFormat
from desktop.sync.settings import SyncSettings

SETTINGS_ENV = "PARS_DESKTOP_SETTINGS"
BATCH_LIMITS = (1, 5000)


def settings_path() -> Path:
    configured = os.environ.get(SETTINGS_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(platformdirs.user_config_dir("PARS Desktop", "PARS Desktop")) / "settings.ini"


@dataclass(frozen=True)
class Settings:
    """What the coordinator chose in Settings that changes what the core does."""

    batch_size: int = 500
    hold_unmatched: bool = True
    wire_format: WireFormat = WireFormat.JSON
    backups_folder: str = ""

    def sync_settings(self) -> SyncSettings:
        return SyncSettings(
            batch_size=self.batch_size,
            hold_unmatched=self.hold_unmatched,
            wire_format=self.wire_format,
        )


def clamp_batch(value: object, default: int = Settings.batch_size) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return default
    return max(BATCH_LIMITS[0], min(BATCH_LIMITS[1], number))


def parse_bool(value: object, default: bool) -> bool:
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    return default


def parse_wire(value: object) -> WireFormat:
    return WireFormat.XML if str(value).strip() == WireFormat.XML.value else WireFormat.JSON


def _unquote(value: str) -> str:
    # QSettings quotes a string holding separators and doubles its backslashes.
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value.replace("\\\\", "\x00").replace('\\"', '"').replace("\x00", "\\")


def read_settings(path: Path | None = None) -> Settings:
    """The stored settings; defaults for what the file lacks or cannot say (never an error)."""
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys keep their case
    try:
        parser.read(path or settings_path(), encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError):
        return Settings()

    def get(section: str, key: str) -> str | None:
        raw = parser.get(section, key, fallback=None)
        return None if raw is None else _unquote(raw)

    defaults = Settings()
    batch = get("sync", "batch_size")
    hold = get("sync", "hold_unmatched")
    wire = get("sync", "wire_format")
    backups = get("store", "backups_folder")
    return Settings(
        batch_size=clamp_batch(batch) if batch is not None else defaults.batch_size,
        hold_unmatched=parse_bool(hold, defaults.hold_unmatched) if hold is not None else True,
        wire_format=parse_wire(wire) if wire is not None else defaults.wire_format,
        backups_folder=backups or "",
    )
