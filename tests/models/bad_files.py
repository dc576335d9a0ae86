"""A corpus of broken, hostile and awkward import files, written fresh by each test run.

Each entry: a file name, how to write it, and what the coordinator must be told (a phrase of
the message and, where it applies, the row and column it names). Synthetic people only.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook

HEAD = "First Name,Last Name,DOB,State of Licensure,NPI,Completion Date,CME Credits,Activity ID"
GOOD = "Avery,Testperson,02/29/1980,IL,1234567893,03/02/2026,1.5,T-0001"


@dataclass(frozen=True)
class Bad:
    name: str
    write: Callable[[Path], object]
    says: str  # a phrase of the message
    where: str = ""  # "Row 3, DOB" — when the problem is in one cell


def text(content: str, encoding: str = "utf-8") -> Callable[[Path], object]:
    return lambda p: p.write_bytes(content.encode(encoding))


def raw(content: bytes) -> Callable[[Path], object]:
    return lambda p: p.write_bytes(content)


def csv_rows(*rows: str) -> Callable[[Path], object]:
    return text("\n".join((HEAD, *rows)) + "\n")


def workbook(rows: Sequence[Sequence[object]], merge: str = "") -> Callable[[Path], object]:
    def write(p: Path) -> None:
        wb = Workbook()
        ws = wb.active
        assert ws is not None
        for row in rows:
            ws.append(row)
        if merge:
            ws.merge_cells(merge)
        wb.save(p)

    return write


def _good_xlsx() -> bytes:
    buf = io.BytesIO()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEAD.split(","))
    for i in range(200):
        ws.append(
            ["Avery", f"Person{i}", date(1980, 2, 1), "IL", "", date(2026, 3, 2), 1.5, "T-0001"]
        )
    wb.save(buf)
    return buf.getvalue()


def truncated(p: Path) -> None:
    data = _good_xlsx()
    p.write_bytes(data[: len(data) // 2])


def zip_bomb(p: Path) -> None:
    with zipfile.ZipFile(p, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            block = b"\0" * (1024 * 1024)
            for _ in range(80):
                f.write(block)


def million_blank_rows(p: Path) -> None:
    p.write_bytes((HEAD + "\n" + "\n" * 1_000_000).encode())


def folder(p: Path) -> None:
    p.mkdir()


def legacy(*fields: str) -> Callable[[Path], object]:
    return text("\t".join(fields) + "\n")


CORPUS: tuple[Bad, ...] = (
    Bad("truncated.xlsx", truncated, "incomplete"),
    Bad("bomb.xlsx", zip_bomb, "would unpack to"),
    Bad(
        "not-a-spreadsheet.xlsx",
        text("Dear colleague, the sign-in sheet is attached."),
        "is not an Excel workbook",
    ),
    Bad(
        "encrypted.xlsx",
        raw(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048),
        "password-protected",
    ),
    Bad("empty.csv", raw(b""), "is empty"),
    Bad("header-only.csv", text(HEAD + "\n"), "no data below it"),
    Bad("million-blank-rows.csv", million_blank_rows, "no data below it"),
    Bad(
        "no-header.csv",
        text(GOOD + "\n" + GOOD.replace("Testperson", "Other") + "\n"),
        "looks like column headings",
    ),
    Bad("unknown-columns.csv", text("Foo,Bar,Baz\n1,2,3\n"), "looks like column headings"),
    Bad("binary.csv", raw(b"\x00\x01\x02PK\x00" * 200), "not a text file"),
    Bad("report.pdf", raw(b"%PDF-1.4\n"), "imports .xlsx, .xls, .csv"),
    Bad("folder.xlsx", folder, "is a folder"),
    Bad(
        "merged-header.xlsx",
        workbook(
            [
                ["Name", None, "DOB", "State", "Date", "Credits", "Activity ID"],
                ["Avery Testperson", None, "02/29/1980", "IL", "03/02/2026", 1.5, "T-0001"],
            ],
            merge="A1:B1",
        ),
        "Map a column to: First name.",
    ),
    Bad(
        "formulas.xlsx",
        workbook(
            [
                HEAD.split(","),
                ['=UPPER("avery")', "=B1", "02/29/1980", "IL", "", "03/02/2026", 1.5, "T-0001"],
            ]
        ),
        "Enter the first name",
        "Row 2, First Name",
    ),
    Bad(
        "feb-30.csv",
        csv_rows(GOOD.replace("03/02/2026", "02/30/2026")),
        "“02/30/2026” is not a date",
        "Row 2, Completion Date",
    ),
    Bad(
        "dob-13-45.csv",
        csv_rows(GOOD.replace("02/29/1980", "13/45/1980")),
        "is not a date",
        "Row 2, DOB",
    ),
    Bad(
        "six-date-formats.csv",
        csv_rows(
            GOOD,
            GOOD.replace("Testperson", "Two").replace("03/02/2026", "2026-03-02"),
            GOOD.replace("Testperson", "Three").replace("03/02/2026", "3/2/26"),
            GOOD.replace("Testperson", "Four").replace("03/02/2026", "46083"),
            GOOD.replace("Testperson", "Five").replace("03/02/2026", "March 2 2026"),
            GOOD.replace("Testperson", "Six").replace("03/02/2026", "2.3.2026x"),
        ),
        "“2.3.2026x” is not a date",
        "Row 7, Completion Date",
    ),
    Bad(
        "unknown-state.csv",
        csv_rows(GOOD.replace(",IL,", ",Narnia,")),
        "“Narnia” is not a US state",
        "Row 2, State of Licensure",
    ),
    Bad(
        "bad-npi.csv",
        csv_rows(GOOD.replace("1234567893", "1234567890")),
        "The NPI is not valid",
        "Row 2, NPI",
    ),
    Bad(
        "long-cell.csv",
        csv_rows(GOOD.replace("Avery", "A" * 40_000)),
        "40,000 characters is too long",
        "Row 2, First Name",
    ),
    Bad(
        "unknown-activity.csv",
        csv_rows(GOOD.replace("T-0001", "NOPE-9")),
        "There is no activity “NOPE-9”",
        "Row 2, Activity ID",
    ),
    Bad(
        "future.csv",
        csv_rows(GOOD.replace("03/02/2026", "03/02/2027")),
        "is in the future",
        "Row 2, Completion Date",
    ),
    Bad(
        "quarter-steps.csv",
        csv_rows(GOOD.replace(",1.5,", ",1.3,")),
        "steps of 0.25",
        "Row 2, CME Credits",
    ),
    Bad(
        "over-credits.csv",
        csv_rows(GOOD.replace(",1.5,", ",9,")),
        "more than",
        "Row 2, CME Credits",
    ),
    Bad(
        "before-activity.csv",
        csv_rows(GOOD.replace("03/02/2026", "01/02/2026")),
        "The activity starts on 2026-03-01",
        "Row 2, Completion Date",
    ),
    Bad(
        "duplicate-rows.csv",
        csv_rows(GOOD, GOOD),
        "Row 2 has the same learner, activity and completion date",
        "Row 3",
    ),
    Bad(
        "no-name.csv",
        csv_rows(GOOD.replace("Avery,", ",")),
        "Enter the first name",
        "Row 2, First Name",
    ),
    Bad(
        "text-credits.csv",
        csv_rows(GOOD.replace(",1.5,", ",one and a half,")),
        "is not a number",
        "Row 2, CME Credits",
    ),
    Bad(
        "legacy-bad-type.txt",
        legacy(
            "Template D",
            "",
            "L-1",
            "2019",
            "Old course",
            "03/02/2019",
            "Chicago",
            "IL",
            "USA",
            "Direct",
            "ZZ",
        ),
        "is not a legacy activity type",
        "Row 1, field 11",
    ),
    Bad(
        "legacy-bad-date.txt",
        legacy(
            "Template D",
            "",
            "L-2",
            "2019",
            "Old course",
            "2019-13-45",
            "Chicago",
            "IL",
            "USA",
            "Direct",
            "C",
        ),
        "is not a date",
        "Row 1, field 6",
    ),
    Bad(
        "legacy-bad-count.txt",
        legacy(
            "Template D",
            "",
            "L-3",
            "2019",
            "Old course",
            "03/02/2019",
            "Chicago",
            "IL",
            "USA",
            "Direct",
            "C",
            "",
            "many",
        ),
        "is not a number",
        "Row 1, field 13",
    ),
    Bad(
        "semicolons-bad-row.csv",
        text(HEAD.replace(",", ";") + "\n" + GOOD.replace(",", ";").replace("IL", "ZZ") + "\n"),
        "“ZZ” is not a US state",
        "Row 2, State of Licensure",
    ),
)
