"""Spreadsheet import and XML export speed (issue: import and exports).

1. A generated 100,000-row learner-completion .xlsx (12 columns) imported end to end —
   read → check → commit into a fresh store — as a ratio to python-calamine merely reading the
   same file, both in the same run (target ≤ 2.5×), with the import's peak memory (≤ 400 MB).
   Each side runs in its own process so one's memory and caches do not colour the other's.
2. Exporting those 100,000 completions as a PARS XML batch, in rows/s.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

N = 100_000
HEADINGS = [
    "First Name",
    "Last Name",
    "Date of Birth",
    "State of Licensure",
    "License Number",
    "NPI",
    "Email",
    "Completion Date",
    "CME Credits",
    "ABIM MOC Points",
    "Activity ID",
    "Consent Date",
    "ABIM ID",
]

READ = """
import json, resource, sys, time
from python_calamine import CalamineWorkbook
t = time.perf_counter()
wb = CalamineWorkbook.from_path(sys.argv[1])
rows = wb.get_sheet_by_name(wb.sheet_names[0]).to_python()
print(json.dumps({"seconds": time.perf_counter() - t, "rows": len(rows),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

IMPORT = """
import json, resource, sys, time
from datetime import date
from pathlib import Path
sys.path.insert(0, sys.argv[3])
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
print(json.dumps({"seconds": t_commit - t, "read": t_read - t, "check": t_plan - t_read,
                  "commit": t_commit - t_plan, "valid": len(result.valid), "failed": len(result.failed),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

# The floor: SQLite alone inserting the rows 100,000 completions need in this store (learners,
# completions, credits, outbox), values prepared beforehand, only executemany + COMMIT timed.
FLOOR = """
import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from desktop.models.store import open_store
store = open_store(Path(sys.argv[1]))
n = int(sys.argv[3])
con = store.engine.raw_connection().driver_connection
now = "2026-11-25 12:00:00.000000"
learners = [(900000 + i, f"F{i}", f"L{i}", 1 + i % 12, 1 + i % 28, "IL", f"LIC-{i}", "", f"l{i} f{i}", "{}",
             "given", "2026-03-01", "import", "not_checked", "{}", None, now, now) for i in range(n)]
completions = [(900000 + i, 900000 + i, 1, "2026-03-02", None, "queued", None, "[]", None, None, now, now)
               for i in range(n)]
credits = [(900000 + i // 2, None if i % 2 == 0 else "ABIM", "1.5", f"{i:032X}") for i in range(n + n // 3)]
outbox = [(900000 + i, f"{2 * i:032X}", now) for i in range(n)]
t = time.perf_counter()
con.execute("BEGIN")
con.executemany("INSERT INTO learner (id, first_name, last_name, birth_month, birth_day, license_state, license_number, npi, search_key, board_ids, consent, consent_date, consent_source, match_status, match_detail, import_batch_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", learners)
con.executemany("INSERT INTO completion (id, learner_id, activity_id, completion_date, rems_type, state, state_reason, sync_errors, replaces_id, import_batch_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", completions)
con.executemany("INSERT INTO completion_credit (completion_id, board, points, credit_id) VALUES (?,?,?,?)", credits)
con.executemany("INSERT INTO outbox (entity, entity_id, key, action, created_at, attempts) VALUES ('completion', ?, ?, 'add', ?, 0)", outbox)
con.execute("COMMIT")
print(json.dumps({"seconds": time.perf_counter() - t}))
"""


def generate(path: Path) -> None:
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
                f"learner{i}@example.org",
                date(2026, 3, 2),
                1.5,
                1.5 if i % 3 == 0 else None,
                "BENCH-1",
                date(2026, 3, 1),
                f"{400000 + i}" if i % 3 == 0 else None,
            ]
        )
    wb.save(str(path))


def run(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    from dataclasses import replace

    from desktop.models.services import ActivityService
    from desktop.models.store import open_store
    from tests.factories import closable_activity

    with tempfile.TemporaryDirectory() as tmp:
        sheet = Path(tmp) / "registrations.xlsx"
        t = time.perf_counter()
        generate(sheet)
        print(f"generated {N:,} rows × {len(HEADINGS)} columns in {time.perf_counter() - t:.0f} s")
        store_path = Path(tmp) / "store.sqlite3"
        store = open_store(store_path)
        ActivityService(store, lambda: date(2026, 6, 15)).create(
            replace(closable_activity(), provider_activity_id="BENCH-1")
        )
        store.close()

        reads = [run(READ, str(sheet)) for _ in range(2)]
        baseline = min(r["seconds"] for r in reads)
        result = run(IMPORT, str(sheet), str(store_path), str(ROOT))
        ratio = result["seconds"] / baseline
        print(
            f"(1) python-calamine reading the file: {baseline:.2f} s; the import end to end: "
            f"{result['seconds']:.2f} s (read {result['read']:.2f}, check {result['check']:.2f}, "
            f"commit {result['commit']:.2f}) for {result['valid']:,.0f} rows imported, "
            f"{result['failed']:,.0f} refused"
        )
        print(
            f"    ratio {ratio:.2f}× (target ≤ 2.5×{', met' if ratio <= 2.5 else ', NOT met'}); "
            f"peak memory {result['peak_mb']:.0f} MB (target ≤ 400 MB"
            f"{', met' if result['peak_mb'] <= 400 else ', NOT met'})"
        )

        floor_store = Path(tmp) / "floor.sqlite3"
        floor_db = open_store(floor_store)
        ActivityService(floor_db).create(closable_activity())  # id 1, as the rows say
        floor_db.close()
        floor = run(FLOOR, str(floor_store), str(ROOT), str(N))["seconds"]
        print(
            f"    for scale: SQLite alone writing the same rows takes {floor:.2f} s here "
            f"({floor / baseline:.1f}× the read) before any reading or checking"
        )

        from sqlalchemy import update

        from desktop.exports.xml_batch import export_completions_xml
        from desktop.models.entities import Activity
        from desktop.models.records import ProviderRecord

        store = open_store(store_path)
        with store.transaction() as s:
            s.execute(update(Activity).values(accme_activity_id="100000001", pars_level=2))
        out = Path(tmp) / "learners.xml"
        t = time.perf_counter()
        exported = export_completions_xml(store, out, ProviderRecord(name="Bench Provider"))
        seconds = time.perf_counter() - t
        print(
            f"(2) PARS XML batch of {exported.written:,} completions: {seconds:.2f} s, "
            f"{exported.written / seconds:,.0f} rows/s ({out.stat().st_size / 1024 / 1024:.0f} MB)"
        )
        store.close()


if __name__ == "__main__":
    main()
