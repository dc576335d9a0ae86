"""``pars-desktop --self-check``: prove an installed (or frozen) app works, step by step.

In a temporary folder: create a store, run the status engine, build and read back a PARS XML
document, start the embedded sandbox and sync one activity to it, and render the main window
offscreen. Prints OK/FAIL per step; the exit code is 1 if any step failed.
"""

from __future__ import annotations

import os
import tempfile
import threading
import traceback
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO


def _activity(today: date) -> Any:
    from desktop.models.records import ActivityRecord, Outcome, Providership

    return ActivityRecord(
        provider_activity_id="SELF-CHECK-1",
        title="Self-check activity",
        description="Checks that the application works.",
        format="course",
        delivery_methods=("live_streamed",),
        start_date=today - timedelta(days=10),
        end_date=today - timedelta(days=9),
        providership=Providership.DIRECT,
        ama_credits=Decimal("1"),
        passport=False,
        commercial_support=False,
        physician_learners=1,
        other_learners=0,
        outcomes=(Outcome("Learner Knowledge", subjective=True),),
        close_requested=True,
    )


def run(out: TextIO) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    today = date.today()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="pars-self-check-") as tmp:
        folder = Path(tmp)
        state: dict[str, Any] = {}

        def store() -> str:
            from desktop.core import Settings, open_core

            # The same composition root as the window and the CLI, with default settings.
            state["core"] = core = open_core(folder / "store.sqlite3", Settings, lambda: today)
            state["store"] = core.store
            state["activity_id"], _ = core.activities.create(_activity(today))
            return str(folder / "store.sqlite3")

        def engine() -> str:
            from desktop.models.rules import Status, assess_activity

            status = assess_activity(_activity(today), today).status
            if status is not Status.CLOSED:
                raise AssertionError(f"expected Closed, got {status.label}")
            return status.label

        def xml() -> str:
            from desktop.sync.contract.activity_document import (
                ActivityEnvelope,
                build_activities,
                parse_activities,
            )
            from desktop.sync.contract.encoding import WireFormat
            from desktop.sync.contract.unwired import keep_local

            record = _activity(today)
            sizes = []
            for fmt in WireFormat:  # both encodings the app may speak
                document = build_activities([ActivityEnvelope(record)], fmt=fmt)
                if keep_local(record, parse_activities(document)[0].record) != record:
                    raise AssertionError(f"the {fmt.value} document did not read back the same")
                sizes.append(f"{fmt.value} {len(document):,} bytes")
            return ", ".join(sizes)

        def sync() -> str:
            core = state["core"]
            report = core.run_sync(threading.Event())
            if report.error or report.activities_accepted != 1:
                raise AssertionError(report.error or f"{report.activities_accepted} accepted")
            accme = core.activities.get(state["activity_id"]).accme_activity_id
            return f"ACCME Activity ID {accme}"

        def window() -> str:
            from PySide6.QtWidgets import QApplication

            from desktop.ui.context import build_context
            from desktop.ui.main_window import MainWindow

            app = QApplication.instance() or QApplication([])
            ctx = build_context(state["store"], folder / "prefs.ini")
            try:
                w = MainWindow(ctx)
                w.show()
                w.start_loading()
                for _ in range(20):
                    app.processEvents()
                    ctx.tasks.wait(5000)
                image = w.grab()
                if image.isNull() or w.activities.model.rowCount() != 1:
                    raise AssertionError("the window did not show the activity")
                sizes = len(w.windowIcon().availableSizes())
                if not sizes:  # resources/ left out of the bundle
                    raise AssertionError("the window has no icon: resources/icons is missing")
                w.close()
                return f"{image.width()}×{image.height()}, its icon in {sizes} sizes"
            finally:
                ctx.tasks.wait()
                ctx.core.close()  # its practice sandbox, if the window started one

        steps: list[tuple[str, Callable[[], str]]] = [
            ("create a store", store),
            ("status engine", engine),
            ("PARS XML document", xml),
            ("sync one activity to the embedded sandbox", sync),
            ("render the main window", window),
        ]
        for name, step in steps:
            try:
                detail = step()
            except Exception as e:  # every failure is reported, and the next steps still run
                failures += 1
                out.write(f"FAIL  {name}: {e}\n")
                out.write("".join(traceback.format_exception_only(e)))
            else:
                out.write(f"OK    {name} ({detail})\n")
        if "core" in state:
            state["core"].close()
    out.write(
        "self-check passed\n" if not failures else f"self-check FAILED ({failures} step(s))\n"
    )
    return 1 if failures else 0
