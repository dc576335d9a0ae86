"""The window paints before the heavy stacks load (SPEC §8): importing it must not pull in the
database, network, XML or sandbox libraries — they load on first use, off the UI thread."""

from __future__ import annotations

import json
import subprocess
import sys


def test_the_main_window_imports_none_of_the_heavy_stacks() -> None:
    code = (
        "import sys, json, desktop.ui.main_window, desktop.app\n"
        "print(json.dumps(sorted(m for m in ('sqlalchemy', 'alembic', 'requests', 'urllib3',"
        " 'lxml', 'flask', 'openpyxl') if m in sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    assert json.loads(out.stdout) == []
