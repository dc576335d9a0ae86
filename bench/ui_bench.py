"""Desktop responsiveness (issue #5).

(a) Start-up to the first paint of the main window on a store with 10,000 activities and
    200,000 completions, as a ratio to a minimal PySide6 window showing a 1M-row table, both
    measured here in the same run (process start → first paint, median of 3). Target ≤ 2.5×.
(b) Filtering a learner list of 1,000,000 completions by name: time to the first screen of
    results (the count and first page the Learners page asks for). Target ≤ 100 ms.
(c) Peak memory (max RSS) of the app with each store open.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.models.queries.completion_list import CompletionList  # noqa: E402
from desktop.models.records import ActivityRecord, CompletionRecord, CreditRecord, LearnerRecord  # noqa: E402
from desktop.models.services.bulk import NewCompletion, add_activities, add_completions  # noqa: E402
from desktop.models.store import open_store  # noqa: E402

BASELINE = r"""
import os, sys, time
from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QApplication, QTableView
class Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()): return 0 if parent.isValid() else 1_000_000
    def columnCount(self, parent=QModelIndex()): return 0 if parent.isValid() else 8
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return f"r{index.row()}c{index.column()}" if role == Qt.ItemDataRole.DisplayRole else None
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            # VmHWM, not ru_maxrss: a child's ru_maxrss starts at its parent's high-water mark.
            hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
            print(time.time() - float(os.environ["T0"]), hwm, flush=True)
            os._exit(0)
        return False
app = QApplication(sys.argv)
spy = FirstPaint(); app.installEventFilter(spy)
view = QTableView(); view.setModel(Model()); view.resize(1280, 800); view.show()
app.exec()
"""

APP = r"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from desktop.app import run_app
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            # VmHWM, not ru_maxrss: a child's ru_maxrss starts at its parent's high-water mark.
            hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
            print(time.time() - float(os.environ["T0"]), hwm, flush=True)
            os._exit(0)
        return False
app = QApplication(sys.argv)
spy = FirstPaint(); app.installEventFilter(spy)
run_app(__import__("pathlib").Path(os.environ["STORE"]))  # exactly what `pars-desktop` runs
"""

SETTLED = r"""
import os, sys, time, resource
from PySide6.QtWidgets import QApplication
from desktop.backend import build_context
from desktop.models.store import open_store
from desktop.ui.main_window import MainWindow
from pathlib import Path
app = QApplication(sys.argv)
store = open_store(Path(os.environ["STORE"]))
ctx, backend = build_context(store, Path(os.environ["PREFS"]))
window = MainWindow(ctx); window.show()
for _ in range(10):
    app.processEvents(); ctx.tasks.wait(5000)
window.nav.setCurrentRow(2)
for _ in range(40):
    app.processEvents(); ctx.tasks.wait(5000)
window.learners.search.setText("smi")
for _ in range(40):
    app.processEvents(); ctx.tasks.wait(5000)
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print(hwm, window.learners.model.rowCount(), flush=True)
backend.close()
os._exit(0)
"""


def run(code: str, **env: str) -> tuple[float, int]:
    full = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "T0": repr(time.time()),
        **env,
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=full,
        cwd=ROOT,
        timeout=300,
    )
    seconds, rss = out.stdout.split()[:2]
    return float(seconds), int(rss)


def seed(path: Path, activities: int, completions: int) -> None:
    store = open_store(path)
    records = [
        ActivityRecord(
            provider_activity_id=f"A{i:06d}",
            title=f"Session {i}",
            format="course",
            start_date=date(2026, 1 + i % 12, 1),
            end_date=date(2026, 1 + i % 12, 2),
        )
        for i in range(activities)
    ]
    add_activities(store, records)
    lasts = [
        "Smith",
        "Johnson",
        "Williams",
        "Brown",
        "Jones",
        "Garcia",
        "Miller",
        "Davis",
        "Smithers",
        "Rodriguez",
    ]
    chunk = 100_000
    for start in range(0, completions, chunk):
        rows = [
            NewCompletion(
                LearnerRecord(
                    first_name=f"F{n}",
                    last_name=f"{lasts[n % 10]}{n // 1000}",
                    birth_month=1 + n % 12,
                    birth_day=1 + n % 28,
                    license_state="IL",
                ),
                1 + n % activities,
                CompletionRecord(date(2026, 1 + n % 12, 2), (CreditRecord(None, Decimal("1")),)),
            )
            for n in range(start, min(start + chunk, completions))
        ]
        add_completions(store, rows)
    store.close()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        medium = Path(tmp) / "medium.sqlite3"
        seed(medium, 10_000, 200_000)
        print(
            f"seeded 10,000 activities and 200,000 completions in {time.perf_counter() - t:.0f} s"
        )
        base, app, rss = [], [], []
        for i in range(3):
            base.append(run(BASELINE)[0])
            seconds, peak = run(APP, STORE=str(medium), PREFS=f"{tmp}/prefs{i}.ini")
            app.append(seconds)
            rss.append(peak)
        b, a = statistics.median(base), statistics.median(app)
        print(
            f"(a) first paint: app {a * 1000:.0f} ms, minimal 1M-row window {b * 1000:.0f} ms: ratio {a / b:.2f}x (target ≤ 2.5x)"
        )

        if "--startup-only" in sys.argv:
            return
        t = time.perf_counter()
        large = Path(tmp) / "large.sqlite3"
        seed(large, 10_000, 1_000_000)
        print(f"seeded 1,000,000 completions in {time.perf_counter() - t:.0f} s")
        store = open_store(large)
        listing = CompletionList(store)
        timings = {}
        for name in ("smi", "smith12", "garcia7", "zz"):
            first_screen, counting = [], []
            for _ in range(5):
                t = time.perf_counter()
                first = listing.page(name, limit=200)  # what the Learners page shows first
                first_screen.append(time.perf_counter() - t)
                t = time.perf_counter()
                total = listing.count(name)  # then the count, in a second step
                counting.append(time.perf_counter() - t)
            timings[name] = (
                statistics.median(first_screen) * 1000,
                total,
                len(first),
                statistics.median(counting) * 1000,
            )
        store.close()
        for name, (ms, total, shown, count_ms) in timings.items():
            print(
                f"(b) filter 1,000,000 completions by “{name}”: {ms:.1f} ms to the first screen "
                f"({shown} shown); the exact count of {total:,} follows {count_ms:.0f} ms later"
            )
        peak_large, rows = (
            int(x)
            for x in subprocess.run(
                [sys.executable, "-c", SETTLED],
                capture_output=True,
                text=True,
                cwd=ROOT,
                timeout=600,
                env={
                    **os.environ,
                    "QT_QPA_PLATFORM": "offscreen",
                    "PYTHONPATH": str(ROOT),
                    "STORE": str(large),
                    "PREFS": f"{tmp}/p.ini",
                },
            ).stdout.split()[:2]
        )
        print(
            f"(c) peak memory: {statistics.median(rss) / 1024:.0f} MB at first paint (10k/200k store); "
            f"{peak_large / 1024:.0f} MB with the 1M-completion store open and filtered ({rows} rows loaded)"
        )
        print(
            json.dumps(
                {
                    "startup_ratio": round(a / b, 2),
                    "filter_ms": {k: round(v[0], 1) for k, v in timings.items()},
                }
            )
        )


if __name__ == "__main__":
    main()
