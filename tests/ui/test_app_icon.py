"""The app icon (issue 16 item 6): resources/ holds it for every platform, the window wears
it, and the files are what scripts/make_icons.py makes from the SVG."""

from __future__ import annotations

import struct
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui.app_icon import app_icon, icon_files, resources_dir
from desktop.ui.main_window import MainWindow
from scripts import make_icons

ICONS = Path(__file__).resolve().parents[2] / "resources" / "icons"


def _png_size(data: bytes) -> tuple[int, int]:
    image = QImage.fromData(data)
    assert not image.isNull()
    return image.width(), image.height()


def _ico_entries(data: bytes) -> list[tuple[int, bytes]]:
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)  # an icon, not a cursor
    out = []
    for i in range(count):
        side, _, _, _, _, _, size, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        out.append((side or 256, data[offset : offset + size]))
    return out


def _icns_entries(data: bytes) -> dict[bytes, bytes]:
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    out, at = {}, 8
    while at < len(data):
        kind, length = data[at : at + 4], struct.unpack_from(">I", data, at + 4)[0]
        out[kind] = data[at + 8 : at + length]
        at += length
    return out


def test_the_window_wears_the_icon(window: MainWindow) -> None:
    QApplication.setWindowIcon(QIcon())  # the window's own, not one the app was given
    icon = window.windowIcon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} == {16, 24, 32, 48, 64, 128, 256, 512}
    image = icon.pixmap(QSize(64, 64)).toImage()
    assert image.pixelColor(32, 4).name() == "#1d5a8e"  # the blue tile, not Qt's default icon


def test_resources_hold_the_icon_for_every_platform() -> None:
    assert resources_dir() == ICONS.parent
    assert [_png_size(p.read_bytes()) for p in icon_files()] == [
        (s, s) for s in make_icons.PNG_SIZES
    ]
    ico = _ico_entries((ICONS / "pars-desktop.ico").read_bytes())
    assert [side for side, _ in ico] == list(make_icons.ICO_SIZES)
    assert all(_png_size(png) == (side, side) for side, png in ico)
    icns = _icns_entries((ICONS / "pars-desktop.icns").read_bytes())
    assert {kind: _png_size(png)[0] for kind, png in icns.items()} == dict(make_icons.ICNS_TYPES)


def test_the_icon_files_are_made_from_the_svg(qtbot: QtBot, tmp_path: Path) -> None:
    """Re-rendered from the SVG, each file holds the same sizes and the same drawing."""
    written = make_icons.make(ICONS / "pars-desktop.svg", tmp_path)
    assert sorted(p.name for p in written) == sorted(
        p.name for p in ICONS.iterdir() if p.suffix != ".svg"
    )
    for size in (16, 256):
        made = QImage(str(tmp_path / f"pars-desktop-{size}.png"))
        kept = QImage(str(ICONS / f"pars-desktop-{size}.png"))
        assert made.size() == kept.size()
        for x, y in ((size // 2, size // 8), (size // 2, size // 2), (1, 1)):
            assert abs(made.pixelColor(x, y).red() - kept.pixelColor(x, y).red()) < 8


def test_app_icon_is_built_from_the_pngs(qtbot: QtBot) -> None:
    assert not app_icon().isNull()
