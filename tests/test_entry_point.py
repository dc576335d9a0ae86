"""The entry point of the frozen window (issue 16 item 6): built windowed, it starts on Windows
with no stdout or stderr, and must still run a command rather than fail on the first print."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from tests import store_files


def test_a_windowed_start_without_stdout_still_runs_the_command(tmp_path: Path) -> None:
    path = store_files.seeded_store(tmp_path / "s.sqlite3")
    out = tmp_path / "activities.xlsx"
    code = (
        "import sys\n"
        "sys.stdout = sys.stderr = None  # as pythonw / a windowed PyInstaller program starts\n"
        f"sys.argv = ['pars-desktop', '--store', {str(path)!r}, 'export', '--what', 'activities',"
        f" '--format', 'xlsx', {str(out)!r}]\n"
        "from desktop.__main__ import main\n"
        "main()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert proc.returncode == 0, proc.stderr
    sheet = load_workbook(out, read_only=True).worksheets[0]
    cells = {str(c) for row in sheet.iter_rows(values_only=True) for c in row}
    assert "T-0001" in cells  # the seeded activity, written while nothing could be printed
