"""Save current screenshots of the app to docs/screenshots/ (``make screenshots``).

Builds a throw-away store of synthetic activities and learners, syncs it to the embedded
sandbox, and grabs the windows offscreen with ``QWidget.grab()``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from PySide6.QtCore import QCoreApplication, QItemSelectionModel  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop.models.records import ActivityRecord, ContactRecord, CreditRecord  # noqa: E402
from desktop.models.schedule import Repeat  # noqa: E402
from desktop.models.store import open_store  # noqa: E402
from desktop.sync.contract.activity_document import ActivityEnvelope, build_activities  # noqa: E402
from desktop.ui.context import AppContext, build_context  # noqa: E402
from desktop.ui.main_window import (  # noqa: E402
    ATTENTION_PAGE,
    LEARNERS_PAGE,
    SYNC_PAGE,
    MainWindow,
)
from desktop.ui.sync_page import describe  # noqa: E402
from tests.factories import closable_activity, completion, learner  # noqa: E402
from tests.models.test_import import _messy as write_messy_export  # noqa: E402
from tests.physicians import as_learner  # noqa: E402
from tests.sandbox.helpers import unique_people  # noqa: E402

OUT = Path(os.environ.get("PARS_SCREENSHOTS", ROOT / "docs" / "screenshots"))
TITLES = [
    "Grand Rounds: Sepsis Update",
    "Cardiology Case Conference",
    "Annual Diabetes Symposium",
    "Pediatric Asthma Workshop",
    "Opioid Prescribing: Safe Practices",
    "Tumor Board (RSS)",
    "Ethics in Practice Webinar",
    "Emergency Airway Simulation",
]


def pump(app: QCoreApplication, ctx: AppContext) -> None:
    for _ in range(30):
        app.processEvents()
        ctx.tasks.wait(2000)
    app.processEvents()


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    QCoreApplication.setApplicationName("PARS Desktop")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "demo.sqlite3")
        ctx = build_context(store, Path(tmp) / "prefs.ini")
        people = unique_people()
        ids = []
        for i, title in enumerate(TITLES):
            aid, _ = ctx.core.activities.create(
                closable_activity(
                    provider_activity_id=f"2026-{i + 1:04d}",
                    title=title,
                    internal_id=f"CME-{100 + i}",
                )
            )
            ids.append(aid)
        ctx.core.activities.create(
            ActivityRecord(
                provider_activity_id="2026-0009",
                title="Hospital Medicine Update",
                format="course",
                start_date=date(2026, 12, 3),
                end_date=date(2026, 12, 4),
            )
        )
        entries = [
            (
                as_learner(people[n]),
                completion(
                    credits=(
                        CreditRecord(None, Decimal("1.5")),
                        CreditRecord("ABIM", Decimal("1.5")),
                    )
                ),
            )
            for n in range(14)
        ]
        entries.append(
            (
                learner(first_name="Jordan", last_name="Mistyped", npi=""),
                completion(credits=(CreditRecord(None, Decimal("1.5")),)),
            )
        )
        entries.append(
            (
                as_learner(people[20], consent_date=None, consent_source=""),
                completion(),
            )
        )
        ctx.core.learners.enter_completions(ids[0], entries)
        ctx.core.run_sync(threading.Event(), lambda *_: None)
        # A conflict to show: the same activity changed in PARS and here since the sync.
        accme = ctx.core.activities.get(ids[1]).accme_activity_id
        body = build_activities(
            [
                ActivityEnvelope(
                    closable_activity(
                        provider_activity_id="2026-0002",
                        title="Cardiology Case Conference (PARS edit)",
                        ama_credits=Decimal("2"),
                    )
                )
            ]
        )
        requests.put(
            f"{ctx.core.practice_endpoint().base_url}/_admin/activities/{accme}",
            data=body,
            headers={"Content-Type": "application/xml"},
            auth=ctx.core.practice_admin_auth(),
            timeout=10,
        )
        ctx.core.activities.update(
            ids[1], title="Cardiology Case Conference — Spring", city="Chicago"
        )
        report = ctx.core.run_sync(threading.Event(), lambda *_: None)
        ctx.prefs.last_sync = describe(report)

        # The yearly steps: an agreement, contacts, part of the program summary, an enduring
        # material with its count and one without.
        ctx.core.annual.accept_agreement(2026, "Dana Example", date(2026, 2, 2))
        ctx.core.annual.save_contact(
            None,
            ContactRecord(
                "Pat Sample", "Primary CME contact", "pat@example.org", "", date(2026, 5, 4)
            ),
        )
        ctx.core.annual.save_contact(None, ContactRecord("Lee Sample", "CEO"))
        ctx.core.annual.save_program_summary(
            2026, registration_fees=48200, advertising_exhibit_income=9500
        )
        for n, counted in ((1, True), (2, False)):
            aid, _ = ctx.core.activities.create(
                closable_activity(
                    provider_activity_id=f"2026-E{n:03d}",
                    title=f"Online Module {n}: Antibiotic Stewardship",
                    format="enduring",
                    delivery_methods=("online",),
                    start_date=date(2026, 1, 15),
                    end_date=date(2028, 1, 14),
                    moc=(),
                )
            )
            if counted:
                ctx.core.activities.record_enduring_count(aid, 2026, 212, 40)

        window = MainWindow(ctx)
        window.resize(1440, 860)
        window.show()
        pump(app, ctx)
        window.nav.setCurrentRow(1)  # the dashboard is the home page; this one shows activities
        window.activities.table.selectRow(0)
        pump(app, ctx)
        window.grab().save(str(OUT / "main-window.png"))

        window.activities.table.selectRow(8)
        pump(app, ctx)
        window.grab().save(str(OUT / "activity-editor.png"))

        window.open_activity(ids[0], learners=True)
        pump(app, ctx)
        window.grab().save(str(OUT / "learners-grid.png"))

        window.sync_page.show_report(report)
        window.nav.setCurrentRow(SYNC_PAGE)
        pump(app, ctx)
        window.grab().save(str(OUT / "sync-results.png"))

        window.nav.setCurrentRow(ATTENTION_PAGE)
        pump(app, ctx)
        window.grab().save(str(OUT / "needs-attention.png"))

        window.nav.setCurrentRow(0)
        pump(app, ctx)
        window.grab().save(str(OUT / "dashboard.png"))

        copy = window.copy_activity(ids[0])
        pump(app, ctx)
        copy.next()
        copy.carry.boxes["moc"].setChecked(False)
        pump(app, ctx)
        copy.grab().save(str(OUT / "copy-wizard.png"))
        copy.reject()

        series = window.new_series(ids[5])
        pump(app, ctx)
        series.content.name.setText("Tumor Board 2027")
        series.next()
        page = series.instances
        page.repeat.setCurrentIndex(page.repeat.findData(Repeat.MONTHLY_WEEKDAY))
        page.first.set_value(date(2027, 1, 1))
        page.weekday.setCurrentIndex(0)
        page.count.setValue(6)
        page.city.setText("Springfield")
        page.state.setText("IL")
        page.country.setText("USA")
        page.fill_from_schedule()
        pump(app, ctx)
        series.grab().save(str(OUT / "repeat-wizard.png"))
        series.reject()

        ctx.core.activities.create(closable_activity(provider_activity_id="T-0001"))
        messy = Path(tmp) / "regsys-export.xlsx"
        write_messy_export(messy)
        importer = window.import_file()
        importer.file.path.setText(str(messy))
        importer.next()
        pump(app, ctx)
        importer.next()
        pump(app, ctx)
        importer.next()
        pump(app, ctx)
        importer.grab().save(str(OUT / "import-preview.png"))
        importer.reject()

        # Not the same person: one physician's two newer records chosen to be split off, the
        # question on screen (a dialog is its own window: painted over the window's grab).
        twin = as_learner(people[0])
        for aid in (ids[2], ids[3]):
            ctx.core.learners.enter_completions(aid, [(twin, completion())])
        window.nav.setCurrentRow(LEARNERS_PAGE)
        window.learners.search.setText(twin.last_name)
        window.learners.model.set_name(twin.last_name)  # now, not after the typing pause
        pump(app, ctx)
        table = window.learners.table
        table.setFocus()
        table.selectRow(1)
        table.selectionModel().select(
            window.learners.model.index(2, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
        window.split_action.trigger()
        pump(app, ctx)
        box = window.people_actions.box
        assert box is not None
        shot = window.grab()
        question = box.grab()
        painter = QPainter(shot)
        painter.drawPixmap(
            (shot.width() - question.width()) // 2,
            (shot.height() - question.height()) // 3,
            question,
        )
        painter.end()
        shot.save(str(OUT / "split-person.png"))
        box.reject()
        window.close()
        ctx.tasks.wait()
        ctx.core.close()
        store.close()
    print(f"saved {', '.join(sorted(p.name for p in OUT.glob('*.png')))} in {OUT}")


if __name__ == "__main__":
    main()
