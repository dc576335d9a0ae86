"""End-to-end sync: 10,000 completions over 200 activities to the sandbox on loopback.

Prints completions/s for the whole run (read store → build XML → HTTP → parse → store results)
and the share of the time spent in the client (everything but waiting for the HTTP answers).
Target (issue #4): ≥ 2,000 completions/s on this 2-core machine. Since learner matching
(issue #8) the sync also asks PARS about learners not yet checked: measured both with the
learners matched beforehand, as the app leaves them, and cold.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.models.store import open_store  # noqa: E402
from desktop.sync.client import ParsClient  # noqa: E402
from desktop.sync.engine import SyncEngine  # noqa: E402
from desktop.sync.learner_match import match_learners  # noqa: E402
from desktop.sync.settings import Endpoint, SyncSettings  # noqa: E402
from tests.conftest import TODAY  # noqa: E402
from tests.sync.seeding import seed  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sandbox_process import sandbox_process  # noqa: E402

COMPLETIONS, ACTIVITIES = 10_000, 200


def run(matched_first: bool) -> tuple[float, int, float]:
    """One timed sync; with ``matched_first`` the learners were matched beforehand, as the
    app does in the background while they are typed or imported (that part is not timed)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.sqlite3")
        seed(store, activities=ACTIVITIES, completions=COMPLETIONS)
        with sandbox_process(Path(tmp) / "sandbox.sqlite3") as url:
            settings = SyncSettings()
            client = ParsClient(Endpoint(url, "sandbox", "sandbox"), settings)
            if matched_first:
                match_learners(store, client, settings.batch_size)
            waiting = [0.0]
            # The whole exchange (headers and the streamed body), as the transport does it.
            send = client._transport.send

            def timed(*args: Any, **kwargs: Any) -> Any:
                start = time.perf_counter()
                try:
                    return send(*args, **kwargs)
                finally:
                    waiting[0] += time.perf_counter() - start

            client._transport.send = timed  # type: ignore[method-assign]
            start = time.perf_counter()
            report = SyncEngine(store, client, settings, lambda: TODAY).run()
            elapsed = time.perf_counter() - start
        store.close()
    assert report.error is None and report.completions_accepted == COMPLETIONS, report
    return elapsed, report.requests, waiting[0]


def main() -> None:
    for matched_first, label in (
        (True, "learners matched beforehand (the app matches them in the background)"),
        (False, "cold: all 10,000 learners matched inside the sync"),
    ):
        elapsed, requests, waiting = run(matched_first)
        print(f"sync, {label}:")
        print(
            f"    {COMPLETIONS:,} completions over {ACTIVITIES} activities in {elapsed:.2f} s "
            f"({requests} requests): {COMPLETIONS / elapsed:,.0f} completions/s (target ≥ 2,000); "
            f"client share {100 * (elapsed - waiting) / elapsed:.0f}%, waiting on HTTP {waiting:.2f} s"
        )


if __name__ == "__main__":
    main()
