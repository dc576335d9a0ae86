"""Time an app command from launch to its first paint (median of 3): ``make build-check``."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time


def main(command: list[str]) -> None:
    samples = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(3):
            env = {
                **os.environ,
                "QT_QPA_PLATFORM": "offscreen",
                "PARS_DESKTOP_TIME_FIRST_PAINT": repr(time.time()),
            }
            out = subprocess.run(
                [*command, "--store", f"{tmp}/store.sqlite3"],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            line = next(
                line for line in out.stdout.splitlines() if line.startswith("first paint after")
            )
            samples.append(float(line.split()[3]))
    print(
        f"{' '.join(command)}: first paint after {statistics.median(samples):.2f} s (median of 3)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
