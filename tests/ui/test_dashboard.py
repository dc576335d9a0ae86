"""The dashboard driven as a coordinator would: the year's steps and figures (checked against
SQL), the countdown, the yearly forms, the links to PARS and the year-end PDF."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pypdf
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from desktop.models.entities import Activity
from desktop.models.records import ActivityRecord
from desktop.models.reporting_year import CENTRAL
from desktop.models.store import Store
from desktop.ui.context import AppContext
from desktop.ui.dashboard.annual_dialogs import EnduringCountDialog
from desktop.ui.dashboard.dashboard_page import DashboardPage
from desktop.ui.main_window import MainWindow
from tests.factories import closable_activity
from tests.ui.conftest import settle


def _seed(ui: AppContext, store: Store) -> dict[str, int]:
    ids = {}
    for pai, start in (
        ("D-1", date(2026, 3, 1)),
        ("D-2", date(2026, 5, 1)),
        ("D-3", date(2025, 9, 1)),
    ):
        ids[pai], _ = ui.core.activities.create(
            closable_activity(
                provider_activity_id=pai, start_date=start, end_date=start.replace(day=2)
            )
        )
    ids["draft"], _ = ui.core.activities.create(
        ActivityRecord(
            provider_activity_id="D-4",
            title="Ethics Webinar",
            format="course",
            start_date=date(2026, 12, 3),
            end_date=date(2026, 12, 3),
        )
    )
    ids["enduring"], _ = ui.core.activities.create(
        closable_activity(
            provider_activity_id="E-1",
            title="Online Module",
            format="enduring",
            delivery_methods=("online",),
            start_date=date(2026, 1, 10),
            end_date=date(2027, 12, 31),
            moc=(),
        )
    )
    with store.transaction() as s:  # D-1 reached PARS as it is
        a = s.get(Activity, ids["D-1"])
        assert a is not None
        a.accme_activity_id, a.synced_revision, a.sync_state = "100000001", a.revision, "synced"
    return ids


def _shown(qtbot: QtBot, page: DashboardPage, year: int) -> None:
    with qtbot.waitSignal(page.shown, timeout=10_000):
        page.year.setCurrentIndex(page.year.findData(year))
        if page.overview is not None and page.overview.year == year:
            page.refresh()


def _bars(page: DashboardPage, key: str) -> list[str]:
    return [b.format() for b in page.rows[key].progress]


def test_the_years_steps_and_charts_match_the_store(
    window: MainWindow, ui: AppContext, qtbot: QtBot, store: Store
) -> None:
    assert window.pages.currentWidget() is window.dashboard  # the home page
    ids = _seed(ui, store)
    page = window.dashboard
    _shown(qtbot, page, 2026)

    def sql(query: str) -> int:
        with store.reading() as s:
            return int(s.execute(text(query)).scalar() or 0)

    started = sql("SELECT count(*) FROM activity WHERE start_date LIKE '2026-%'")
    in_pars = sql(
        "SELECT count(*) FROM activity WHERE start_date LIKE '2026-%' "
        "AND accme_activity_id IS NOT NULL AND synced_revision = revision"
    )
    ended = sql("SELECT count(*) FROM activity WHERE end_date LIKE '2026-%'")
    closed = sql(
        "SELECT count(*) FROM activity WHERE end_date LIKE '2026-%' AND rule_level = 3 "
        f"AND end_date < '{ui.today().isoformat()}' "
        "AND accme_activity_id IS NOT NULL AND synced_revision = revision"
    )
    assert (started, in_pars, ended, closed) == (4, 1, 3, 1)
    assert _bars(page, "activities") == [
        f"{in_pars} of {started} started in 2026 and in PARS",
        f"{closed} of {ended} ended in 2026 and closed",
    ]
    assert _bars(page, "enduring") == ["0 of 1 counted"]
    assert page.rows["agreement"].mark.text() == "○"
    assert page.steps_box.title() == "The five yearly steps — 0 of 5 done"
    assert dict(page.charts["format"].items) == {"Course": 3, "Enduring Material": 1}
    assert sum(v for _, v in page.charts["status"].items) == started
    # What is still open: the activities that keep the step open, one double-click away.
    listed = {
        page.open_list.topLevelItem(i).child(j).text(0)  # type: ignore[union-attr]
        for i in range(page.open_list.topLevelItemCount())
        for j in range(page.open_list.topLevelItem(i).childCount())  # type: ignore[union-attr]
    }
    assert listed == {"D-2", "D-4", "E-1"}  # D-1 is in PARS and closed
    top = page.open_list.topLevelItem(0)
    assert top is not None and top.text(0) == "Started in 2026, not yet in PARS (3)"
    first = top.child(0)
    assert first is not None
    page.open_list.itemActivated.emit(first, 0)
    qtbot.waitUntil(lambda: window.workspace.activity_id is not None, timeout=5000)
    assert window.pages.currentIndex() == 1
    assert window.workspace.activity_id in set(ids.values())

    # Another year shows its own figures.
    _shown(qtbot, page, 2025)
    assert _bars(page, "activities") == [
        "0 of 1 started in 2025 and in PARS",
        "0 of 1 ended in 2025 and closed",
    ]


def test_countdown_before_on_and_after_the_deadline(window: MainWindow, qtbot: QtBot) -> None:
    page = window.dashboard
    for now, says, colour in (
        (datetime(2027, 1, 5, 10, 0, tzinfo=CENTRAL), "85 days left", "#1e6b3a"),
        (datetime(2027, 3, 19, 10, 0, tzinfo=CENTRAL), "12 days left", "#8a5300"),
        (datetime(2027, 3, 31, 22, 0, tzinfo=CENTRAL), "Due today — 1 h 59 min left", "#b3261e"),
        (datetime(2027, 4, 2, 9, 0, tzinfo=CENTRAL), "The deadline passed 2 days ago", "#b3261e"),
    ):

        def at(now: datetime = now) -> datetime:
            return now

        page.now = at
        _shown(qtbot, page, 2026)
        assert page.countdown.text().startswith(says)
        assert colour in page.countdown.styleSheet()


def test_yearly_forms_complete_their_steps(
    window: MainWindow, ui: AppContext, qtbot: QtBot, store: Store
) -> None:
    ids = _seed(ui, store)
    page = window.dashboard
    _shown(qtbot, page, 2026)

    # Program summary: a bad figure is named and nothing is saved; then all four are answered.
    dialog = page.edit_program_summary()
    qtbot.waitUntil(lambda: dialog.support.text().startswith("$"), timeout=5000)
    assert dialog.support.text() == "$15,000"  # 3 activities of 2026 × $5,000 monetary support
    dialog.fields["registration_fees"].setText("12.5k")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.message.text() == "Registration fees: “12.5k” is not a whole-dollar amount."
    assert ui.core.annual.program_summary(2026).registration_fees is None
    for key, value in (
        ("advertising_exhibit_income", "$9,500"),
        ("registration_fees", "48,200"),
        ("government_grants", "0"),
        ("private_donations", "250"),
    ):
        dialog.fields[key].setText(value)
    dialog.submitted.setChecked(True)
    with qtbot.waitSignal(page.shown, timeout=10_000):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert ui.core.annual.program_summary(2026).registration_fees == 48200
    qtbot.waitUntil(lambda: page.rows["program_summary"].mark.text() == "✔", timeout=5000)
    assert _bars(page, "program_summary") == ["4 of 4 figures answered", "1 of 1 submitted in PARS"]

    # The agreement: recorded with who and when.
    agreement = page.edit_agreement()
    agreement.accepted_by.setText("Dana Example")
    with qtbot.waitSignal(page.shown, timeout=10_000):
        agreement.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: page.rows["agreement"].mark.text() == "✔", timeout=5000)
    assert "by Dana Example" in page.rows["agreement"].detail.text()

    # Contacts: added and reviewed today.
    contacts = page.edit_contacts()
    settle(qtbot, ui)
    contacts.add_row()
    contacts.table.item(0, 0).setText("Pat Sample")  # type: ignore[union-attr]
    contacts.table.item(0, 2).setText("pat@example.org")  # type: ignore[union-attr]
    contacts.add_row()
    contacts.table.item(1, 0).setText("Lee Sample")  # type: ignore[union-attr]
    contacts.table.item(1, 2).setText("lee at example")  # type: ignore[union-attr]
    contacts.mark_reviewed()
    contacts.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: bool(contacts.message.text()), timeout=5000)
    assert contacts.message.text() == "Lee Sample: “lee at example” is not an email address."
    assert ui.core.annual.contacts() == []  # nothing half-saved
    contacts.table.item(1, 2).setText("lee@example.org")  # type: ignore[union-attr]
    with qtbot.waitSignal(page.shown, timeout=10_000):
        contacts.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert [c.reviewed_on for _, c in ui.core.annual.contacts()] == [ui.today(), ui.today()]
    qtbot.waitUntil(lambda: page.rows["contacts"].mark.text() == "✔", timeout=5000)

    # The enduring material's Dec 31 count, from its entry in "what is still open".
    page.rows["enduring"].show_open.click()  # type: ignore[union-attr]
    top = page.open_list.topLevelItem(0)
    assert top is not None and top.child(0) is not None
    page.open_list.itemActivated.emit(top.child(0), 0)
    counter = page.findChild(EnduringCountDialog)
    assert counter is not None
    settle(qtbot, ui)
    for field, typed in ((counter.physicians, "150"), (counter.others, "12")):
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(field, typed)
    with qtbot.waitSignal(page.shown, timeout=10_000):
        counter.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert [
        (c.year, c.physician_learners) for c in ui.core.activities.enduring_counts(ids["enduring"])
    ] == [(2026, 150)]
    assert _bars(page, "enduring") == ["1 of 1 counted"]

    # PARS has no web-service calls for these steps: the buttons open its pages.
    opened: list[QUrl] = []
    page.open_url = opened.append  # type: ignore[assignment]
    page.pars_buttons["contacts"].click()
    assert [u.toString() for u in opened] == ["https://pars.accme.org/"]


def test_year_end_report_is_a_pdf_with_the_years_figures(
    window: MainWindow, ui: AppContext, qtbot: QtBot, store: Store, tmp_path: Path
) -> None:
    _seed(ui, store)
    ui.core.provider.save(name="Example Health CME", accme_provider_id="0001234")
    ui.core.annual.accept_agreement(2026, "Dana Example", date(2026, 2, 2))
    page = window.dashboard
    page.now = lambda: datetime(2027, 3, 19, 10, 0, tzinfo=CENTRAL)
    _shown(qtbot, page, 2026)
    target = tmp_path / "report"
    page.ask_save_path = lambda suggested: str(target)
    page.report_button.click()
    qtbot.waitUntil(lambda: "Saved the year-end report" in page.message.text(), timeout=10_000)
    pdf = pypdf.PdfReader(str(tmp_path / "report.pdf"))
    assert pdf.metadata is not None and pdf.metadata.title == "PARS Desktop — reporting year 2026"
    # Qt sets "fi" as a ligature; NFKC reads it back as two letters.
    words = unicodedata.normalize(
        "NFKC", " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    )
    y = page.overview
    assert y is not None
    for expected in (
        "Reporting year 2026 — year-end report",
        "Example Health CME",
        "12 days left — due Wednesday March 31, 2027",
        "The five yearly steps — 1 of 5 done",
        f"Activities that started in 2026 {y.figures['activities_started']}",
        f"of which in PARS and up to date {y.figures['activities_in_pars']}",
        f"Commercial support (monetary) ${y.figures['commercial_support']:,}",
        "Accepted on 02/02/2026 by Dana Example.",
        "What is still open",
        "D-4 Ethics Webinar — Draft:",
    ):
        assert expected in words, expected
    assert re.search(r"Activities by format .*Course", words)
