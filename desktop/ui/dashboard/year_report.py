"""The printable year-end report (SPEC M11): the year's figures, the five steps and what is
still open, as a PDF written with QPdfWriter (no extra library, same charts as the screen).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter

from desktop.models.reporting_year import countdown
from desktop.ui.dashboard.charts import PALETTE, paint_bars, paint_columns

if TYPE_CHECKING:  # the query module brings SQLAlchemy, which the first paint does not wait for
    from desktop.models.queries.year_overview import YearOverview

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DPI = 96


def figure_lines(y: YearOverview) -> list[tuple[str, str]]:
    f = y.figures
    return [
        (f"Activities that started in {y.year}", f"{f['activities_started']:,}"),
        ("… of which in PARS and up to date", f"{f['activities_in_pars']:,}"),
        (f"Activities that ended in {y.year}", f"{f['activities_ended']:,}"),
        ("… of which closed", f"{f['activities_closed']:,}"),
        ("Enduring materials running", f"{f['enduring']:,}"),
        ("… with their Dec 31 count", f"{f['enduring_counted']:,}"),
        ("Physician learners (activity counts)", f"{f['physician_learners']:,}"),
        ("Other learners (activity counts)", f"{f['other_learners']:,}"),
        ("Learner completions recorded", f"{f['completions']:,}"),
        ("Commercial support (monetary)", f"${f['commercial_support']:,}"),
        ("Contacts reviewed", f"{f['contacts_reviewed']} of {f['contacts']}"),
    ]


class _Page:
    """A cursor down a page: text lines that start a new page when the page is full."""

    def __init__(self, writer: QPdfWriter, painter: QPainter) -> None:
        self.writer, self.p = writer, painter
        rect = writer.pageLayout().paintRectPixels(DPI)
        self.width, self.height = float(rect.width()), float(rect.height())
        self.y = 0.0

    def space(self, height: float) -> None:
        if self.y + height > self.height:
            self.writer.newPage()
            self.y = 0.0

    def text(self, text: str, size: float = 10, bold: bool = False, right: str = "") -> None:
        font = QFont(self.p.font())
        font.setPointSizeF(size)
        font.setBold(bold)
        self.p.setFont(font)
        h = QFontMetricsF(font).height() * 1.25
        self.space(h)
        self.p.drawText(QRectF(0, self.y, self.width * 0.7, h), Qt.AlignmentFlag.AlignLeft, text)
        if right:
            self.p.drawText(QRectF(0, self.y, self.width, h), Qt.AlignmentFlag.AlignRight, right)
        self.y += h

    def gap(self, h: float = 8) -> None:
        self.y += h


def write_year_report(
    path: Path, y: YearOverview, provider: str, now: datetime, title: str = ""
) -> None:
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
    writer.setTitle(title or f"PARS Desktop — reporting year {y.year}")
    writer.setCreator("PARS Desktop")
    p = QPainter(writer)
    try:
        page = _Page(writer, p)
        page.text(f"Reporting year {y.year} — year-end report", 16, bold=True)
        page.text(provider or "Provider not named yet (Settings)", 11)
        page.text(f"Prepared {now:%m/%d/%Y %H:%M}. {countdown(y.deadline, now).text}", 9)
        page.gap(10)
        page.text(f"The five yearly steps — {y.steps_complete} of {len(y.steps)} done", 12, True)
        for step in y.steps:
            progress = ", ".join(
                f"{part.done:,} of {part.total:,} {part.label}" for part in step.parts
            )
            page.text(f"{'✔' if step.complete else '○'}  {step.title}", 10, True)
            page.text(f"      {progress}. {step.detail}", 9)
        page.gap(10)
        page.text("The year in figures", 12, True)
        for label, value in figure_lines(y):
            page.text(label, 10, right=value)
        page.gap(12)
        charts: Sequence[tuple[str, list[tuple[str, int]], bool]] = (
            ("Activities by status", sorted(y.by_status.items()), False),
            ("Activities by format", sorted(y.by_format.items(), key=lambda kv: -kv[1]), False),
            ("Completions per month", list(zip(MONTHS, y.completions_by_month, strict=True)), True),
            ("Rejections by reason", list(y.rejections_by_reason.items()), False),
        )
        height = 170.0
        for i, (name, items, columns) in enumerate(charts):
            if i % 2 == 0:
                page.space(height)
            x = 0.0 if i % 2 == 0 else page.width / 2 + 10
            rect = QRectF(x, page.y, page.width / 2 - 10, height - 10)
            font = QFont(p.font())
            font.setPointSizeF(8)
            font.setBold(False)
            p.setFont(font)
            (paint_columns if columns else paint_bars)(
                p, rect, name, items, PALETTE[i % len(PALETTE)]
            )
            if i % 2 == 1:
                page.y += height
        open_lists = (
            (f"Started in {y.year} and not yet in PARS", y.not_entered),
            (f"Ended in {y.year} and not yet closed", y.not_closed),
            ("Enduring materials without their Dec 31 count", y.enduring_without_count),
        )
        if any(blockers for _, blockers in open_lists):
            writer.newPage()
            page.y = 0.0
            page.text("What is still open", 12, True)
            for heading, blockers in open_lists:
                if not blockers:
                    continue
                page.gap(6)
                page.text(f"{heading} ({len(blockers)})", 10, True)
                for blocker in blockers:
                    page.text(
                        f"{blocker.provider_activity_id}  {blocker.title} — {blocker.needs}", 8.5
                    )
    finally:
        p.end()
