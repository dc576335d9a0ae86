"""The learner directory and the import's writing (issue 17 items 1, 2, 4).

A generated 100,000-row × 12-column completion .xlsx (100,000 different physicians) imported
end to end — read → check → commit into a store holding its activity — as a ratio to
python-calamine merely reading the same file, both in the same run, each in its own process;
median and min of RUNS paired runs, with each phase and the import's peak memory.

Then, in the same store, the same people in a second file for another activity: the ratio of
that import to the read, and the learner rows afterwards (100,000 with the directory).

Then the SQLite floor: writing exactly the rows the store's schema takes for those 100,000
completions (values prepared beforehand, only executemany + COMMIT timed) vs the read.

``python bench/people_bench.py [ROOT]`` — ROOT is the source tree to measure (default: this
one), so the same harness measures another checkout (e.g. ``git archive`` of main) as "before".
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from calamine_baseline import READ, run

HERE = Path(__file__).resolve().parents[1]
N = int(os.environ.get("PEOPLE_BENCH_ROWS", "100000"))
RUNS = int(os.environ.get("PEOPLE_BENCH_RUNS", "5"))
HEADINGS = [
    "First Name",
    "Last Name",
    "Date of Birth",
    "State of Licensure",
    "License Number",
    "NPI",
    "Completion Date",
    "CME Credits",
    "ABIM MOC Points",
    "Activity ID",
    "Consent Date",
    "ABIM ID",
]


IMPORT = """
import json, logging, resource, sqlite3, sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, sys.argv[3])
class Kept(logging.Handler):  # what a tried load settled on (overlap.py logs it)
    said = ""
    def emit(self, record): Kept.said = record.getMessage()
logging.getLogger("desktop.models.services.overlap").addHandler(Kept())
logging.getLogger("desktop.models.services.overlap").setLevel(logging.INFO)
from desktop.models.importing.commit import commit_import
from desktop.models.importing.session import plan, prepare
from desktop.models.store import open_store
store = open_store(Path(sys.argv[2]))
today = date(2026, 6, 15)
t = time.perf_counter()
prepared = prepare(store, Path(sys.argv[1]))
t_read = time.perf_counter()
result = plan(store, prepared, today)
t_plan = time.perf_counter()
batch, _ = commit_import(store, result, today)
t_commit = time.perf_counter()
store.close()
with sqlite3.connect(sys.argv[2]) as db:
    learners = db.execute("SELECT count(*) FROM learner").fetchone()[0]
    completions = db.execute("SELECT count(*) FROM completion").fetchone()[0]
print(json.dumps({"seconds": t_commit - t, "read": t_read - t, "check": t_plan - t_read,
                  "commit": t_commit - t_plan, "valid": len(result.valid),
                  "failed": len(result.failed), "learners": learners,
                  "completions": completions, "writer": Kept.said,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

# SQLite alone writing the rows one import of N completions makes in the store at ROOT:
# learners (unless they are all known: the second file), completions, credits (from 0013 the CME
# credit on its completion's row) — and, in a tree from before migration 0012, the outbox row it
# wrote per completion.
FLOOR = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from desktop.models.store import open_store
store = open_store(Path(sys.argv[1]))
n, with_learners = int(sys.argv[3]), sys.argv[4] == "1"
con = store.engine.raw_connection().driver_connection
version = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
outbox_per_completion, cme_on_row = version < "0012", version >= "0013"
now = "2026-11-25 12:00:00.000000"
learners = [(900000 + i, f"F{i}", f"L{i}", 1 + i % 12, 1 + i % 28, "IL", f"LIC-{i}", "", f"l{i} f{i}",
             "{}", "given", "2026-03-01", "import", "not_checked", "{}", None, now, now)
            for i in range(n)]
completions = [(900000 + i, 900000 + i, 1, "2026-03-02", None, "queued", None, "[]", None, None,
                now, now) for i in range(n)]
cme = [(900000 + i, None, "1.5", f"ccid:pd:{3 * i:032X}") for i in range(n)]  # one each
boards = [(900000 + 3 * i, "ABIM", "1.5", f"ccid:pd:{3 * i + 1:032X}") for i in range(n // 3)]
credits = sorted(cme + boards, key=lambda k: (k[0], k[3]))
completion_columns = ("id, learner_id, activity_id, completion_date, rems_type, state, state_reason,"
                      " sync_errors, replaces_id, import_batch_id, created_at, updated_at")
if cme_on_row:  # from 0013 each completion's CME credit is on its own row
    completions = [c + (k[2], k[3]) for c, k in zip(completions, cme)]
    credits = boards
    completion_columns += ", cme_points, cme_credit_id"
outbox = [(900000 + i, f"{2 * i:032X}", now) for i in range(n)]
t = time.perf_counter()
con.execute("BEGIN")
if with_learners:
    con.executemany("INSERT INTO learner (id, first_name, last_name, birth_month, birth_day,"
        " license_state, license_number, npi, search_key, board_ids, consent, consent_date,"
        " consent_source, match_status, match_detail, import_batch_id, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", learners)
else:
    con.executemany("INSERT INTO learner (id, first_name, last_name, birth_month, birth_day,"
        " license_state, license_number, npi, search_key, board_ids, consent, consent_date,"
        " consent_source, match_status, match_detail, import_batch_id, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", learners)
    con.execute("COMMIT")
    t = time.perf_counter()  # the people are known: only what the second file adds is timed
    con.execute("BEGIN")
con.executemany(f"INSERT INTO completion ({completion_columns})"
    f" VALUES ({','.join('?' * len(completions[0]))})", completions)
con.executemany("INSERT INTO completion_credit (completion_id, board, points, credit_id)"
    " VALUES (?,?,?,?)", credits)
if outbox_per_completion:
    con.executemany("INSERT INTO outbox (entity, entity_id, key, action, created_at, attempts)"
        " VALUES ('completion', ?, ?, 'add', ?, 0)", outbox)
con.execute("COMMIT")
print(json.dumps({"seconds": time.perf_counter() - t}))
"""


def generate(path: Path, activity: str) -> None:
    """100,000 different physicians (names, birthdays and license numbers all differ)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Registrations")
    ws.append(HEADINGS)
    for i in range(N):
        ws.append(
            [
                f"First{i % 977}",
                f"Last{i % 1013}-{i // 1013}",
                date(1950 + i % 50, 1 + i % 12, 1 + i % 28),
                ("IL", "New York", "TX", "California")[i % 4],
                f"LIC-{i:07d}",
                None,
                date(2026, 3, 2),
                1.5,
                1.5 if i % 3 == 0 else None,
                activity,
                date(2026, 3, 1),
                f"{400000 + i}" if i % 3 == 0 else None,
            ]
        )
    wb.save(str(path))


def template(root: Path, path: Path) -> None:
    """A store made by the code at ``root`` holding the two activities the files name."""
    code = """
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from desktop.models.services import ActivityService
from desktop.models.store import open_store
from tests.factories import closable_activity
store = open_store(Path(sys.argv[1]))
service = ActivityService(store, lambda: date(2026, 6, 15))
for pai in ("BENCH-1", "BENCH-2"):
    service.create(replace(closable_activity(), provider_activity_id=pai))
store.close()
print("{}")
"""
    run(code, str(path), str(root))


def _summary(name: str, ratios: list[float]) -> str:
    return f"{name}: median {statistics.median(ratios):.2f}×, min {min(ratios):.2f}×"


def overlap_vs_serial(root: Path, sheet: Path, clean: Path, tmp: Path) -> None:
    """Item 4: the same import written serially, by the writer thread, and tried both ways
    (its first rows timed in place and overlapped, the rest the faster way), paired runs."""
    chosen = run(
        "import sys; sys.path.insert(0, sys.argv[1]); import json;"
        " from desktop.models.services.overlap import overlap_mode, cores;"
        " import os; print(json.dumps({'mode': str(overlap_mode(10**6)), 'cores': cores(),"
        " 'load': os.getloadavg()[0]}))",
        str(root),
    )
    print(
        f"(4) measured now: {chosen['cores']:.0f} cores, load average {chosen['load']:.2f} → "
        f"{chosen['mode']} would be chosen (try: both ways timed on the load's first rows)"
    )
    modes = ("serial", "overlap", "try")
    ratios: dict[str, list[float]] = {m: [] for m in modes}
    commits: dict[str, list[float]] = {m: [] for m in modes}
    said: list[str] = []
    for i in range(RUNS):
        read = run(READ, str(sheet))["seconds"]
        for mode in modes:
            store = tmp / f"{mode}{i}.sqlite3"
            shutil.copy(clean, store)
            os.environ["PARS_IMPORT_WRITER"] = mode
            try:
                one = run(IMPORT, str(sheet), str(store), str(root))
            finally:
                del os.environ["PARS_IMPORT_WRITER"]
            ratios[mode].append(one["seconds"] / read)
            if mode == "try":
                said.append(str(one.get("writer", "")))
            commits[mode].append(one["commit"] / read)
            for path in store.parent.glob(store.name + "*"):
                path.unlink()
    for mode in modes:
        print(
            "    "
            + _summary(f"{mode:7s} end to end", ratios[mode])
            + "; "
            + _summary("commit", commits[mode])
        )
    for line in said:
        print(f"    try: {line or 'not settled (the load was too small)'}")


def main() -> None:
    root = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE
    print(f"measuring the tree at {root}; {N:,} rows, {RUNS} paired runs; {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "first.xlsx", Path(tmp) / "second.xlsx"
        t = time.perf_counter()
        generate(first, "BENCH-1")
        generate(second, "BENCH-2")
        print(
            f"generated 2 × {N:,} rows × {len(HEADINGS)} columns in {time.perf_counter() - t:.0f} s"
        )
        clean = Path(tmp) / "template.sqlite3"
        template(root, clean)

        ends, seconds, peaks, learner_rows = [], [], [], []
        for i in range(RUNS):
            store = Path(tmp) / f"run{i}.sqlite3"
            shutil.copy(clean, store)
            read = run(READ, str(first))["seconds"]
            one = run(IMPORT, str(first), str(store), str(root))
            read2 = run(READ, str(second))["seconds"]
            two = run(IMPORT, str(second), str(store), str(root))
            ends.append(one["seconds"] / read)
            seconds.append(two["seconds"] / read2)
            peaks.append(max(one["peak_mb"], two["peak_mb"]))
            learner_rows.append(two["learners"])
            print(
                f"  run {i + 1}: read {read:.2f} s | import {one['seconds']:.2f} s = "
                f"{one['seconds'] / read:.2f}× (read {one['read'] / read:.2f}×, check "
                f"{one['check'] / read:.2f}×, commit {one['commit'] / read:.2f}×), "
                f"{one['peak_mb']:.0f} MB | second activity {two['seconds']:.2f} s = "
                f"{two['seconds'] / read2:.2f}× (commit {two['commit'] / read2:.2f}×); "
                f"learner rows {one['learners']:,.0f} → {two['learners']:,.0f}, completions "
                f"{two['completions']:,.0f}"
            )
            for path in store.parent.glob(store.name + "*"):
                path.unlink()
        print(_summary("(1) import end to end vs the read", ends) + " (≤ 3.0× required)")
        print(f"    peak memory: max {max(peaks):.0f} MB (≤ 400 MB)")
        print(_summary("(2) the same people for a second activity vs the read", seconds))
        print(f"    learner rows after both files: {sorted(set(learner_rows))}")

        if (root / "desktop/models/services/overlap.py").exists():
            overlap_vs_serial(root, first, clean, Path(tmp))

        floors_new: list[float] = []
        floors_known: list[float] = []
        for i in range(RUNS):
            read = run(READ, str(first))["seconds"]
            for with_learners, into in ((True, floors_new), (False, floors_known)):
                store = Path(tmp) / f"floor{i}-{int(with_learners)}.sqlite3"
                shutil.copy(clean, store)
                floor = run(FLOOR, str(store), str(root), str(N), "1" if with_learners else "0")
                into.append(floor["seconds"] / read)
        print(
            _summary("(3) SQLite floor, new people (learners + completions + credits)", floors_new)
        )
        print(_summary("    SQLite floor, known people (completions + credits)", floors_known))


if __name__ == "__main__":
    main()
