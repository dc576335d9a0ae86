"""Reading spreadsheets as they arrive (SPEC M8, §7): .xlsx/.xls with python-calamine, .csv and
tab-delimited .txt with the standard library. Anything unreadable becomes an ``ImportProblem``
that says what is wrong with the file in plain words; nothing half-read goes further.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.models.importing.problems import ImportProblem

SPREADSHEET = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
TEXT = {".csv", ".txt", ".tsv", ".tab"}
MAX_FILE_BYTES = 200 * 1024 * 1024
# An .xlsx is a zip: refuse one that would unpack to more than this, or at an absurd ratio
# (a "zip bomb"), before any parser sees it.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200
MAX_ROWS = 1_000_000
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class Table:
    """The cells of one sheet, row by row as in the file (row 1 is ``rows[0]``)."""

    name: str
    rows: list[list[Any]]


def sheet_names(path: Path) -> list[str]:
    """The sheets a workbook has (a text file has one, named after the file)."""
    kind = _kind(path)
    if kind == "text":
        return [path.stem]
    workbook = _open_workbook(path)
    try:
        return list(workbook.sheet_names)
    finally:
        workbook.close()


def read_table(path: Path, sheet: str | None = None, cancel: Cancel = lambda: False) -> Table:
    kind = _kind(path)
    if kind == "text":
        return Table(path.stem, _read_text(path, cancel))
    workbook = _open_workbook(path)
    try:
        name = sheet or workbook.sheet_names[0]
        if name not in workbook.sheet_names:
            raise ImportProblem(f"The workbook has no sheet named “{name}”.")
        try:
            with no_cycle_collection():
                rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as e:  # calamine reports damaged sheets with its own error types
            raise ImportProblem(
                f"The sheet “{name}” cannot be read: the workbook is damaged ({_short(e)})."
            ) from None
    finally:
        workbook.close()
    rows = _trim(rows)
    if len(rows) > MAX_ROWS + 50:
        raise ImportProblem(
            f"The sheet has {len(rows):,} rows; one import takes at most {MAX_ROWS:,}."
        )
    return Table(name, rows)


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Building a million cells (or rows of records) that all stay alive makes Python's cycle
    collector rescan the growing heap again and again; none of them form cycles.

    On the way out, before the collector is switched back on, what was built goes straight to
    its oldest generation (frozen, then unfrozen: that is where ``gc.unfreeze`` puts objects).
    Left young, the collector's first pass would walk every object made while it was off, and
    the passes after it walk them again as they age (a tenth of a 100,000-row import's check).
    Kept frozen, a cycle that later became garbage (a closed window's widgets) would never be
    collected: in the oldest generation it is, at the next full collection."""
    enabled = gc.isenabled()
    if enabled:
        gc.collect(1)  # the young garbage of before goes now, not promoted with the rest
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def _kind(path: Path) -> str:
    if not path.exists():
        raise ImportProblem(f"There is no file at {path}.")
    if path.is_dir():
        raise ImportProblem(f"{path.name} is a folder, not a file.")
    size = path.stat().st_size
    if size == 0:
        raise ImportProblem(f"{path.name} is empty.")
    if size > MAX_FILE_BYTES:
        raise ImportProblem(
            f"{path.name} is {size / 1024 / 1024:,.0f} MB; files up to {MAX_FILE_BYTES // 1024 // 1024} MB can be imported."
        )
    suffix = path.suffix.lower()
    if suffix in TEXT:
        return "text"
    if suffix in SPREADSHEET:
        return "workbook"
    raise ImportProblem(
        f"{path.name}: PARS Desktop imports .xlsx, .xls, .csv and tab-delimited .txt files."
    )


def _open_workbook(path: Path) -> Any:
    from python_calamine import CalamineWorkbook  # loaded on first import, not at start-up

    suffix = path.suffix.lower()
    with path.open("rb") as f:
        head = f.read(8)
    if suffix in {".xlsx", ".xlsm", ".ods"}:
        if head == OLE_SIGNATURE:
            raise ImportProblem(
                f"{path.name} is password-protected. Open it in Excel, remove the password "
                "(File ▸ Info ▸ Protect Workbook), save it and import it again."
            )
        if not zipfile.is_zipfile(path):
            raise ImportProblem(
                f"{path.name} is not an Excel workbook, or it is incomplete (was the download "
                "or the copy cut short?). Save it again from Excel as .xlsx."
            )
        _check_zip(path)
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as e:
        if type(e).__name__ == "PasswordError":
            raise ImportProblem(
                f"{path.name} is password-protected: remove the password and save it again."
            ) from None
        raise ImportProblem(f"{path.name} cannot be read as a workbook ({_short(e)}).") from None


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except zipfile.BadZipFile:
        raise ImportProblem(
            f"{path.name} is damaged: it is not a complete Excel workbook."
        ) from None
    unpacked = sum(i.file_size for i in infos)
    packed = max(sum(i.compress_size for i in infos), 1)
    if unpacked > MAX_UNPACKED_BYTES or (
        unpacked > 50 * 1024 * 1024 and unpacked / packed > MAX_RATIO
    ):
        raise ImportProblem(
            f"{path.name} would unpack to {unpacked / 1024 / 1024:,.0f} MB from "
            f"{packed / 1024 / 1024:,.1f} MB: that is not a normal spreadsheet, so it is not opened."
        )


def _read_text(path: Path, cancel: Cancel) -> list[list[Any]]:
    data = path.read_bytes()
    text = _decode(data)
    if "\x00" in text[:4096]:
        raise ImportProblem(f"{path.name} is not a text file (it holds binary data).")
    delimiter = _delimiter(text, path)
    rows: list[list[Any]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for n, row in enumerate(reader, start=1):
            if n % 50_000 == 0 and cancel():
                raise ImportProblem("Cancelled.")
            rows.append(row)
            if len(rows) > MAX_ROWS + 50 and any(c.strip() for c in row):
                raise ImportProblem(
                    f"{path.name} has more than {MAX_ROWS:,} rows; one import takes at most {MAX_ROWS:,}."
                )
    except csv.Error as e:
        raise ImportProblem(f"{path.name}, line {reader.line_num}: {e}.") from None
    return _trim(rows)


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), else Windows-1252 — what Excel writes."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Mixed or legacy encodings: cp1252 reads every byte Excel writes, latin-1 the rest.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _delimiter(text: str, path: Path) -> str:
    sample = "\n".join(line for line in text[:65536].splitlines()[:50] if line.strip())
    counts = {d: sum(line.count(d) for line in sample.splitlines()) for d in ",\t;|"}
    if path.suffix.lower() in {".txt", ".tsv", ".tab"} and counts["\t"]:
        return "\t"
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ("\t" if path.suffix.lower() == ".txt" else ",")


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop trailing blank rows (a sheet "used" down to row 1,000,000 is not 1,000,000 rows)."""
    end = len(rows)
    while end and not any(_filled(c) for c in rows[end - 1]):
        end -= 1
    return rows[:end]


def _filled(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _short(e: Exception) -> str:
    text = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return text[:160]
