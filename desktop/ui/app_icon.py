"""The app's icon, from ``resources/icons`` beside the package or inside the frozen bundle.

The PNGs are rendered from ``pars-desktop.svg`` by ``scripts/make_icons.py``; loading PNGs
needs no SVG plugin in the bundle. A missing folder gives an empty icon (Qt's default), never
an error: an icon is not worth refusing to start over.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon

NAME = "pars-desktop"


def resources_dir() -> Path:
    """``resources/``: PyInstaller unpacks data under ``sys._MEIPASS``; from the source tree it
    is the repository's root folder."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def icon_files() -> list[Path]:
    """The icon's PNGs, smallest first."""
    found = (resources_dir() / "icons").glob(f"{NAME}-*.png")
    sized = [p for p in found if p.stem.rsplit("-", 1)[1].isdigit()]
    return sorted(sized, key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def app_icon() -> QIcon:
    icon = QIcon()
    for png in icon_files():
        icon.addFile(str(png))
    return icon
