"""The baseline every import benchmark is a ratio to: python-calamine's bare read of the same
file, in a fresh process, and the helper that runs such a measuring snippet.

One copy, so the import and the people benchmarks measure against the same thing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

READ = """
import json, resource, sys, time
from python_calamine import CalamineWorkbook
t = time.perf_counter()
wb = CalamineWorkbook.from_path(sys.argv[1])
rows = wb.get_sheet_by_name(wb.sheet_names[0]).to_python()
print(json.dumps({"seconds": time.perf_counter() - t, "rows": len(rows),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, *args: str) -> dict[str, float]:
    """Run a measuring snippet in a fresh process; its last line of output is JSON figures."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}  # never write into the tree measured
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]
