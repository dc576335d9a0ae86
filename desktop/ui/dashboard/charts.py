"""Small charts drawn with QPainter: the same code paints the dashboard and the PDF report.

QtCharts would need PySide6-Addons (about 150 MiB more to install and ship) for four bar
charts; painting them is a screenful of code and keeps the app lean.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ("#2f6db5", "#3f9c6d", "#c77d1a", "#b3261e", "#6b4fa0", "#2a8a99", "#8a6d3b")
TEXT = QColor("#202124")
MUTED = QColor("#5f6368")


def _title(p: QPainter, rect: QRectF, title: str) -> QFontMetricsF:
    """The chart's title in bold at the top; returns the metrics of the body font."""
    base = QFont(p.font())
    bold = QFont(base)
    bold.setBold(True)
    p.setFont(bold)
    p.setPen(TEXT)
    p.drawText(QRectF(rect.left(), rect.top(), rect.width(), QFontMetricsF(bold).height()), title)
    p.setFont(base)
    return QFontMetricsF(base)


def paint_bars(
    p: QPainter, rect: QRectF, title: str, items: Sequence[tuple[str, int]], color: str = PALETTE[0]
) -> None:
    """Horizontal bars: a label, a bar in proportion to the largest value, and the value."""
    p.save()
    fm = _title(p, rect, title)
    top = rect.top() + fm.height() * 1.4
    if not items:
        p.setPen(MUTED)
        p.drawText(QRectF(rect.left(), top, rect.width(), fm.height()), "Nothing yet")
        p.restore()
        return
    row = min(fm.height() * 1.5, (rect.bottom() - top) / len(items))
    label_w = min(max(fm.horizontalAdvance(label) for label, _ in items) + 8, rect.width() * 0.45)
    value_w = max(fm.horizontalAdvance(f"{v:,}") for _, v in items) + 8
    bar_w = max(rect.width() - label_w - value_w, 10)
    biggest = max(v for _, v in items) or 1
    for i, (label, value) in enumerate(items):
        y = top + i * row
        p.setPen(TEXT)
        text = fm.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 8)
        p.drawText(
            QRectF(rect.left(), y, label_w - 8, row),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            text,
        )
        width = bar_w * value / biggest
        p.fillRect(QRectF(rect.left() + label_w, y + row * 0.18, width, row * 0.64), QColor(color))
        p.drawText(
            QRectF(rect.left() + label_w + width + 4, y, value_w, row),
            Qt.AlignmentFlag.AlignVCenter,
            f"{value:,}",
        )
    p.restore()


def paint_columns(
    p: QPainter, rect: QRectF, title: str, items: Sequence[tuple[str, int]], color: str = PALETTE[1]
) -> None:
    """Vertical columns with their labels below and values above (e.g. completions per month)."""
    p.save()
    fm = _title(p, rect, title)
    top = rect.top() + fm.height() * 2.4
    bottom = rect.bottom() - fm.height() * 1.3
    if not items:
        p.restore()
        return
    slot = rect.width() / len(items)
    biggest = max(v for _, v in items) or 1
    for i, (label, value) in enumerate(items):
        x = rect.left() + i * slot
        height = (bottom - top) * value / biggest
        p.fillRect(QRectF(x + slot * 0.15, bottom - height, slot * 0.7, height), QColor(color))
        p.setPen(TEXT)
        p.drawText(QRectF(x, bottom + 2, slot, fm.height()), Qt.AlignmentFlag.AlignHCenter, label)
        if value:
            p.drawText(
                QRectF(x - 6, bottom - height - fm.height() - 1, slot + 12, fm.height()),
                Qt.AlignmentFlag.AlignHCenter,
                f"{value:,}",
            )
    p.setPen(MUTED)
    p.drawLine(int(rect.left()), int(bottom), int(rect.right()), int(bottom))
    p.restore()


class Chart(QWidget):
    """A chart on the dashboard; ``items`` are what it draws, for tests and screen readers."""

    def __init__(self, title: str, columns: bool = False, color: str = PALETTE[0]) -> None:
        super().__init__()
        self.title = title
        self.items: list[tuple[str, int]] = []
        self._columns = columns
        self._color = color
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(title)

    def set_items(self, items: Sequence[tuple[str, int]]) -> None:
        self.items = list(items)
        self.setToolTip("\n".join(f"{label}: {value:,}" for label, value in self.items))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(360, 200)

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(6, 4, -6, -4)
        paint = paint_columns if self._columns else paint_bars
        paint(p, rect, self.title, self.items, self._color)
        p.end()
