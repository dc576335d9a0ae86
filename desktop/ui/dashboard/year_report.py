"""The printable year-end report (SPEC M11): the year's figures, the five steps and what is
still open, as a PDF written with QPdfWriter (no extra library, same charts as the screen).

Text is laid out by QTextDocument — it wraps, keeps table rows whole and breaks pages — so a
long title or provider name wraps inside the margins instead of running off the page.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument

from desktop.models.private_files import private_output
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


def _e(text: object) -> str:
    return html.escape(str(text))


def summary_html(y: YearOverview, provider: str, now: datetime) -> str:
    """The report's first part: who, when, the five steps and the year in figures."""
    steps = "".join(
        "<tr>"
        f"<td width='22' class='mark'>{'✔' if step.complete else '○'}</td>"
        f"<td><b>{_e(step.title)}</b><br/>"
        + _e(", ".join(f"{part.done:,} of {part.total:,} {part.label}" for part in step.parts))
        + f". {_e(step.detail)}</td></tr>"
        for step in y.steps
    )
    figures = "".join(
        f"<tr><td>{_e(label)}</td><td align='right'>{_e(value)}</td></tr>"
        for label, value in figure_lines(y)
    )
    return (
        f"<h1>Reporting year {y.year} — year-end report</h1>"
        f"<p class='who'>{_e(provider or 'Provider not named yet (Settings)')}</p>"
        f"<p class='small'>Prepared {now:%m/%d/%Y %H:%M}. {_e(countdown(y.deadline, now).text)}</p>"
        f"<h2>The five yearly steps — {y.steps_complete} of {len(y.steps)} done</h2>"
        f"<table width='100%' cellpadding='3'>{steps}</table>"
        "<h2>The year in figures</h2>"
        f"<table width='100%' cellpadding='2'>{figures}</table>"
    )


def open_html(y: YearOverview) -> str:
    """The report's last part: every activity that keeps a step open, and what it needs."""
    open_lists = (
        (f"Started in {y.year} and not yet in PARS", y.not_entered),
        (f"Ended in {y.year} and not yet closed", y.not_closed),
        ("Enduring materials without their Dec 31 count", y.enduring_without_count),
    )
    if not any(blockers for _, blockers in open_lists):
        return ""
    parts = ["<h2>What is still open</h2>"]
    for heading, blockers in open_lists:
        if not blockers:
            continue
        parts.append(f"<h3>{_e(heading)} ({len(blockers)})</h3>")
        parts += [
            f"<p class='item'><b>{_e(b.provider_activity_id)}</b> {_e(b.title)} — {_e(b.needs)}</p>"
            for b in blockers
        ]
    return "".join(parts)


STYLE = """
h1 { font-size: 16pt; margin-bottom: 2px; }
h2 { font-size: 12pt; margin-top: 14px; margin-bottom: 4px; }
h3 { font-size: 10pt; margin-top: 8px; margin-bottom: 2px; }
p.who { font-size: 11pt; margin: 0; }
p.small { font-size: 9pt; margin-top: 2px; }
p.item { font-size: 8.5pt; margin: 1px 0 1px 14px; text-indent: -14px; }
td { font-size: 9.5pt; }
td.mark { font-size: 10pt; }
"""


class _Flow:
    """Text laid out by QTextDocument onto the writer's pages (wrapping, tables, page breaks),
    with a cursor below the last text for what is painted directly (the charts)."""

    def __init__(self, writer: QPdfWriter, painter: QPainter) -> None:
        self.writer, self.p = writer, painter
        rect = writer.pageLayout().paintRectPixels(DPI)
        self.width, self.height = float(rect.width()), float(rect.height())
        self.y = 0.0  # used height of the current page
        self.fresh = True  # nothing on the current page yet

    def new_page(self) -> None:
        if not self.fresh:
            self.writer.newPage()
        self.y, self.fresh = 0.0, True

    def text(self, body: str) -> None:
        """Lay out ``body`` (HTML) from the top of a page, page after page."""
        if not body:
            return
        self.new_page()
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(
            self.writer
        )  # the writer's font metrics, not a screen's
        doc.setDefaultStyleSheet(STYLE)
        font = QFont(self.p.font())
        font.setPointSizeF(10)
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        doc.setHtml(body)
        doc.setPageSize(QSizeF(self.width, self.height))
        pages = doc.pageCount()
        for i in range(pages):
            if i:
                self.writer.newPage()
            self.p.save()
            self.p.translate(0, -i * self.height)
            doc.drawContents(self.p, QRectF(0, i * self.height, self.width, self.height))
            self.p.restore()
        last = doc.documentLayout().blockBoundingRect(doc.lastBlock())
        self.y = last.bottom() - (pages - 1) * self.height
        self.fresh = False

    def space(self, height: float) -> float:
        """The top of ``height`` free space, on a new page when this one is full."""
        if self.y + height > self.height:
            self.writer.newPage()
            self.y, self.fresh = 0.0, True
        top = self.y
        self.y += height
        self.fresh = False
        return top


def write_year_report(
    path: Path, y: YearOverview, provider: str, now: datetime, title: str = ""
) -> None:
    # Painted into memory, then written owner-only and whole (as every export is): the report
    # lists the provider's activities, and a failed write must not leave half a PDF.
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
    writer.setTitle(title or f"PARS Desktop — reporting year {y.year}")
    writer.setCreator("PARS Desktop")
    p = QPainter(writer)
    try:
        flow = _Flow(writer, p)
        flow.text(summary_html(y, provider, now))
        charts: Sequence[tuple[str, list[tuple[str, int]], bool]] = (
            ("Activities by status", sorted(y.by_status.items()), False),
            ("Activities by format", sorted(y.by_format.items(), key=lambda kv: -kv[1]), False),
            ("Completions per month", list(zip(MONTHS, y.completions_by_month, strict=True)), True),
            ("Rejections by reason", list(y.rejections_by_reason.items()), False),
        )
        height = 170.0
        flow.space(12)
        top = 0.0
        for i, (name, items, columns) in enumerate(charts):
            if i % 2 == 0:
                top = flow.space(height)
            x = 0.0 if i % 2 == 0 else flow.width / 2 + 10
            rect = QRectF(x, top, flow.width / 2 - 10, height - 10)
            font = QFont(p.font())
            font.setPointSizeF(8)
            font.setBold(False)
            p.setFont(font)
            (paint_columns if columns else paint_bars)(
                p, rect, name, items, PALETTE[i % len(PALETTE)]
            )
        flow.text(open_html(y))
    finally:
        p.end()
    buffer.close()
    with private_output(path) as f:
        f.write(bytes(buffer.data().data()))
