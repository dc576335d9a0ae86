"""The year-end PDF lays its text out: long names and titles wrap inside the margins, long lists
go on to further pages, and every sentence can be read back whole."""

from __future__ import annotations

import os
import stat
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import cast

import pypdf
from pypdf.generic import ContentStream, DictionaryObject
from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

from desktop.models.records import ActivityRecord
from desktop.models.reporting_year import CENTRAL
from desktop.ui.context import AppContext
from desktop.ui.dashboard.year_report import write_year_report

PAGE_WIDTH, MARGIN = 612.0, 18 / 25.4 * 72  # Letter, 18 mm margins, in PDF points
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(m: Matrix, n: Matrix) -> Matrix:
    """m × n, PDF's row-vector convention: apply m, then n."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _widths(page: pypdf.PageObject) -> dict[str, dict[int, float]]:
    """Each font's glyph advances (1/1000 em) by glyph id, from its /W array (Qt writes
    Type0 fonts with two-byte glyph ids)."""
    out: dict[str, dict[int, float]] = {}
    resources = cast(DictionaryObject, page["/Resources"])
    for name, ref in cast(DictionaryObject, resources["/Font"]).items():
        font = ref.get_object()
        widths: dict[int, float] = {}
        default = 1000.0
        if "/DescendantFonts" in font:
            cid = font["/DescendantFonts"][0].get_object()
            default = float(cid.get("/DW", 1000))
            w = list(cid.get("/W", []))
            i = 0
            while i < len(w):
                first = int(w[i])
                if isinstance(w[i + 1], list):
                    for k, width in enumerate(w[i + 1]):
                        widths[first + k] = float(width)
                    i += 2
                else:
                    for g in range(first, int(w[i + 1]) + 1):
                        widths[g] = float(w[i + 2])
                    i += 3
        widths[-1] = default
        out[str(name)] = widths
    return out


def glyph_extents(page: pypdf.PageObject, reader: pypdf.PdfReader) -> list[tuple[float, float]]:
    """(left, right) on the page, in points, of every glyph shown: its origin from the text
    and graphics matrices, its width from the font's advances."""
    fonts = _widths(page)
    ctm, stack = IDENTITY, []
    tm = line = IDENTITY
    size, widths = 0.0, fonts[next(iter(fonts))] if fonts else {-1: 1000.0}
    out = []
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            ctm = _times(tuple(float(x) for x in operands), ctm)  # type: ignore[arg-type]
        elif op == b"BT":
            tm = line = IDENTITY
        elif op == b"Tm":
            tm = line = tuple(float(x) for x in operands)  # type: ignore[assignment]
        elif op in (b"Td", b"TD"):
            tx, ty = (float(x) for x in operands)
            tm = line = _times((1, 0, 0, 1, tx, ty), line)
        elif op == b"Tf":
            widths, size = fonts[str(operands[0])], float(operands[1])
        elif op == b"Tj":
            raw = (
                operands[0].original_bytes
                if hasattr(operands[0], "original_bytes")
                else bytes(operands[0])
            )
            for k in range(0, len(raw) - 1, 2):
                advance = (
                    widths.get(int.from_bytes(raw[k : k + 2], "big"), widths[-1]) / 1000 * size
                )
                start = _times(tm, ctm)
                tm = _times((1, 0, 0, 1, advance, 0), tm)
                end = _times(tm, ctm)
                out.append((min(start[4], end[4]), max(start[4], end[4])))
    return out


def _report(ui: AppContext, tmp_path: Path, provider: str) -> pypdf.PdfReader:
    target = tmp_path / "year.pdf"
    y = ui.core.year_overview(2026)
    write_year_report(target, y, provider, datetime(2027, 3, 20, 10, 0, tzinfo=CENTRAL))
    return pypdf.PdfReader(str(target))


def _words(pdf: pypdf.PdfReader) -> str:
    # Qt sets "fi" as a ligature; NFKC reads it back as two letters. Lines wrap: spaces only.
    return unicodedata.normalize(
        "NFKC", " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    )


LONG_TITLE = (
    "Interprofessional Management of Hypertension, Diabetes and Chronic Kidney Disease in "
    "Rural Primary Care Practices: A Year-Long Quality Improvement Collaborative Series"
)
PROVIDER = (
    "The Example Regional Academic Health System Office of Continuing Medical and "
    "Interprofessional Education for Physicians, Nurses and Pharmacists"
)


def test_long_text_wraps_inside_the_margins_and_reads_back_whole(
    qapp: object, ui: AppContext, tmp_path: Path
) -> None:
    ui.core.activities.create(  # one word wider than the page: it must break, not run off
        ActivityRecord(
            provider_activity_id="WIDE",
            title="W" * 150,
            format="course",
            start_date=date(2026, 3, 1),
        )
    )
    for i in range(60):  # enough activities still open to need more than one page
        ui.core.activities.create(
            ActivityRecord(
                provider_activity_id=f"LONG-{i:02d}",
                title=f"{LONG_TITLE} {i}",
                format="course",
                start_date=date(2026, 3, 1),
                end_date=date(2026, 3, 2),
            )
        )
    pdf = _report(ui, tmp_path, PROVIDER)
    words = _words(pdf)
    assert PROVIDER in words
    y = ui.core.year_overview(2026)
    assert len(y.not_entered) == 61
    for blocker in y.not_entered:
        sentence = " ".join(
            f"{blocker.provider_activity_id} {blocker.title} — {blocker.needs}".split()
        )
        sentence = unicodedata.normalize("NFKC", sentence)
        if blocker.provider_activity_id == "WIDE":  # broken mid-word: every letter, in order
            assert "".join(sentence.split()) in "".join(words.split())
        else:
            assert sentence in words, sentence
    for step in y.steps:
        assert " ".join(step.detail.split()) in words, step.detail
    assert len(pdf.pages) >= 3  # the summary and charts, then the open list over pages
    right_edge = PAGE_WIDTH - MARGIN
    for number, page in enumerate(pdf.pages, start=1):
        glyphs = glyph_extents(page, pdf)
        assert glyphs, f"page {number} has no text"
        assert min(left for left, _ in glyphs) >= MARGIN - 0.5, number
        beyond = [right for _, right in glyphs if right > right_edge + 0.5]
        assert not beyond, f"page {number}: {len(beyond)} glyphs past the right margin"


def test_the_margin_check_catches_text_drawn_past_the_margin(qapp: object, tmp_path: Path) -> None:
    """The check above can fail: a line painted as the old report did is caught."""
    target = tmp_path / "old.pdf"
    writer = QPdfWriter(str(target))
    writer.setResolution(96)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
    painter = QPainter(writer)
    width = writer.pageLayout().paintRectPixels(96).width()
    painter.drawText(QRectF(0, 0, width * 0.7, 20), Qt.AlignmentFlag.AlignLeft, LONG_TITLE)
    painter.end()
    pdf = pypdf.PdfReader(str(target))
    assert any(right > PAGE_WIDTH - MARGIN + 0.5 for _, right in glyph_extents(pdf.pages[0], pdf))


def test_the_report_is_written_owner_only_even_under_a_loose_umask(
    ui: AppContext, tmp_path: Path
) -> None:
    old = os.umask(0o022)  # the common default, under which open() makes files world-readable
    try:
        pdf = _report(ui, tmp_path, PROVIDER)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "year.pdf").stat().st_mode) == 0o600
    assert "reporting year" in _words(pdf).lower()
