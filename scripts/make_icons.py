"""Render the app icon from its SVG to PNGs, a Windows .ico and a macOS .icns.

``python scripts/make_icons.py`` rewrites ``resources/icons/`` from
``resources/icons/pars-desktop.svg``; run it after changing the drawing and commit the files.
Qt renders the SVG; the .ico and .icns containers are written here because Qt's own writers
put one image in a file, and each platform picks the size it needs from several. Both
containers hold PNG images, which Windows (Vista on) and macOS (10.7 on) read.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
NAME = "pars-desktop"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico entry can say
# The .icns entry types that hold PNG data, by the pixel size each one holds.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
)


def render(svg: Path, size: int) -> bytes:
    """The drawing at ``size`` × ``size`` pixels, as PNG bytes."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not QImageWriter(buffer, QByteArray(b"PNG")).write(image):
        raise OSError(f"Qt could not write a {size} px PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """An .ico file: a header, one directory entry per size, then the PNGs."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = b"", b""
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 means 256 in an .ico directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        images += data
        offset += len(data)
    return header + entries + images


def icns(pngs: dict[int, bytes]) -> bytes:
    """An .icns file: 'icns', the total length, then (type, length, PNG) entries."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def make(svg: Path, out: Path) -> list[Path]:
    """Write every icon file for ``svg`` into ``out``; the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    sizes = sorted({*PNG_SIZES, *ICO_SIZES, *(s for _, s in ICNS_TYPES)})
    pngs = {size: render(svg, size) for size in sizes}
    written = []
    for size in PNG_SIZES:
        path = out / f"{NAME}-{size}.png"
        path.write_bytes(pngs[size])
        written.append(path)
    for path, data in (
        (out / f"{NAME}.ico", ico({s: pngs[s] for s in ICO_SIZES})),
        (out / f"{NAME}.icns", icns(pngs)),
    ):
        path.write_bytes(data)
        written.append(path)
    return written


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no window: a display is not needed
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    for path in make(ICONS / f"{NAME}.svg", ICONS):
        print(f"{path.relative_to(ICONS.parents[1])}: {path.stat().st_size:,} bytes")
    del app


if __name__ == "__main__":
    main()
