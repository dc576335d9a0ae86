"""A repeat series (SPEC M4, §2.4): shared content, then N instances — typed row by row, pasted
from a spreadsheet or made from a schedule — then readable IDs and a review. Finish creates the
series and its N activities in one transaction, as one undoable step; Cancel writes nothing.

A regularly scheduled series is not a repeat: for RSS the review offers (and recommends) ONE
activity from the first session to the last. Enduring materials are never repeated."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.models import coerce
from desktop.models.copying import Placement, instance_ids
from desktop.models.records import ActivityRecord
from desktop.models.reference import load_reference
from desktop.models.rules.checks import QUARTER, within_months
from desktop.models.schedule import Repeat, Schedule, ScheduleError, generate
from desktop.ui.context import AppContext
from desktop.ui.editor.field_widgets import date_edit
from desktop.ui.fields import DecimalField, parse_typed_decimal
from desktop.ui.tasks import Pool
from desktop.ui.wizards.source_picker import SourcePicker

INSTANCE_COLUMNS = ("Start date", "End date", "City", "State", "Country")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NTH = (("first", 1), ("second", 2), ("third", 3), ("fourth", 4), ("last", -1))


def suggested_prefix(title: str, year: int) -> str:
    """ "Grand Rounds" in 2026 → "GR2026-"."""
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", title) if w[0].isupper())[:4]
    return f"{initials or 'S'}{year}-"


def parse_instances(text: str) -> tuple[list[Placement], list[str]]:
    """Rows pasted from a spreadsheet: start, end (optional), city, state, country (optional).
    Returns the instances and, for rows that cannot be read, what is wrong and where."""
    places: list[Placement] = []
    problems: list[str] = []
    lines = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in (line.split("\t") if "\t" in line else line.split(","))]
        cells += [""] * (5 - len(cells))
        try:
            start = coerce.parse_date(cells[0])
        except ValueError as e:
            problems.append(f"Row {n}, start date: {e}")
            continue
        if start is None:
            problems.append(f"Row {n}, start date: missing.")
            continue
        try:
            end = coerce.parse_date(cells[1]) or start
        except ValueError as e:
            problems.append(f"Row {n}, end date: {e}")
            continue
        if end < start:
            problems.append(f"Row {n}: the end date is before the start date.")
            continue
        abroad = cells[4].upper() not in ("", "USA")
        try:
            state = cells[3] if abroad else coerce.parse_state(cells[3])
        except ValueError as e:
            problems.append(f"Row {n}, state: {e}")
            continue
        places.append(Placement(start, end, cells[2], state or "", cells[4].upper()))
    return places, problems


class ContentPage(QWizardPage):
    def __init__(self, ctx: AppContext, wizard: RepeatWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("What do the instances share?"))
        self.setSubTitle(
            self.tr(
                "Start from an existing activity (everything but its dates, place and counts is "
                "shared) or from scratch. You can complete the shared content later: edits apply "
                "to every instance that is not Closed."
            )
        )
        self._ctx = ctx
        self._wizard = wizard
        self.explain = QLabel(
            self.tr(
                "Repeat activities are the same content given more than once, e.g. a course "
                "run in three cities. A regularly scheduled series (grand rounds, tumor board) "
                "is not: PARS wants ONE Regularly Scheduled Series activity with its first and "
                "last session dates (at most 12 months). Enduring materials are never repeated."
            )
        )
        self.explain.setWordWrap(True)
        self.scratch = QRadioButton(self.tr("From scratch"))
        self.existing = QRadioButton(self.tr("From an existing activity"))
        group = QButtonGroup(self)
        group.addButton(self.scratch)
        group.addButton(self.existing)
        self.scratch.setChecked(True)
        self.picker = SourcePicker(ctx, self.tr("Search activities…"))
        self.picker.setEnabled(False)
        self.existing.toggled.connect(self.picker.setEnabled)
        self.existing.toggled.connect(lambda _on: self.completeChanged.emit())
        self.picker.chosen.connect(self._chosen)
        self.name = QLineEdit(placeholderText=self.tr("e.g. Grand Rounds 2026"))
        self.title_edit = QLineEdit()
        self.format = QComboBox()
        self.format.addItem(self.tr("(choose)"), None)
        for f in load_reference().formats:
            if not f.enduring:  # never repeated (SPEC §2.4)
                self.format.addItem(f.name, f.code)
        self.credits = DecimalField(
            QUARTER, self.tr("Credits must be in steps of 0.25 (e.g. 1.25, 1.5).")
        )
        self.credits.setPlaceholderText(self.tr("e.g. 1.5"))
        for w in (self.name, self.title_edit):
            w.textChanged.connect(lambda _t: self.completeChanged.emit())
        form = QFormLayout()
        form.addRow(self.tr("Series name"), self.name)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("AMA PRA Category 1 Credit™"), self.credits)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explain)
        row = QHBoxLayout()
        row.addWidget(self.scratch)
        row.addWidget(self.existing)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.picker, 1)
        layout.addLayout(form)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e")
        layout.addWidget(self.problem)

    def _chosen(self, activity_id: int | None) -> None:
        self._wizard.source = None
        self.completeChanged.emit()
        if activity_id is None:
            return

        def loaded(record: ActivityRecord) -> None:
            fmt = load_reference().format(record.format)
            if fmt is not None and fmt.enduring:
                self.problem.setText(
                    self.tr(
                        "%1 is an Enduring Material: it is never repeated. It stays one "
                        "activity for up to 3 years; a renewed material is a new activity."
                    ).replace("%1", record.title or record.provider_activity_id)
                )
                self.completeChanged.emit()
                return
            self.problem.setText("")
            self._wizard.source = record
            self.title_edit.setText(record.title)
            if not self.name.text():
                self.name.setText(record.title)
            self.format.setCurrentIndex(max(self.format.findData(record.format), 0))
            self.credits.setText("" if record.ama_credits is None else str(record.ama_credits))
            self.completeChanged.emit()

        self._ctx.tasks.op(
            lambda: self._ctx.core.activities.get(activity_id),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(loaded)

    def shared(self) -> ActivityRecord:
        base = (
            self._wizard.source
            if self.existing.isChecked() and self._wizard.source
            else ActivityRecord()
        )
        try:
            credits = parse_typed_decimal(self.credits.text())
        except ValueError:
            credits = base.ama_credits
        return ActivityRecord(
            **{
                **{k: getattr(base, k) for k in base.__dataclass_fields__},
                "title": self.title_edit.text().strip(),
                "format": self.format.currentData(),
                "ama_credits": credits,
            }
        )

    def isComplete(self) -> bool:
        if self.existing.isChecked() and self._wizard.source is None:
            return False
        return bool(self.name.text().strip() and self.title_edit.text().strip())

    def validatePage(self) -> bool:
        # Unlike the editor (which keeps what is typed and marks it), a wizard has saved
        # nothing yet: it asks for a value PARS takes before going on.
        if not self.credits.take_typing() or self.credits.problem:
            self.problem.setText(self.credits.problem)
            return False
        self.problem.setText("")
        return True


class InstancesPage(QWizardPage):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.setTitle(self.tr("The instances: dates and places"))
        self.setSubTitle(
            self.tr("Type them, paste rows from a spreadsheet, or make them from a schedule.")
        )
        self.table = QTableWidget(0, len(INSTANCE_COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in INSTANCE_COLUMNS])
        self.table.itemChanged.connect(lambda _i: self.completeChanged.emit())
        add = QPushButton(self.tr("Add row"))
        add.clicked.connect(lambda: self.add_rows([Placement(None, None)]))
        remove = QPushButton(self.tr("Remove rows"))
        remove.clicked.connect(self.remove_selected)
        paste = QPushButton(self.tr("Paste rows"))
        paste.setToolTip(self.tr("Start, end, city, state, country — one instance per row."))
        paste.clicked.connect(lambda: self.paste(QGuiApplication.clipboard().text()))
        buttons = QHBoxLayout()
        for b in (add, remove, paste):
            buttons.addWidget(b)
        buttons.addStretch(1)

        today = ctx.today()
        self.repeat = QComboBox()
        self.repeat.addItem(self.tr("Every week(s) on the first date's weekday"), Repeat.WEEKLY)
        self.repeat.addItem(self.tr("A weekday of each month"), Repeat.MONTHLY_WEEKDAY)
        self.repeat.addItem(self.tr("A day of each month"), Repeat.MONTHLY_DAY)
        self.first = date_edit(today)
        self.every = QSpinBox(minimum=1, maximum=12, value=1)
        self.nth = QComboBox()
        for label, n in NTH:
            self.nth.addItem(self.tr(label), n)
        self.weekday = QComboBox()
        for i, name in enumerate(WEEKDAYS):
            self.weekday.addItem(self.tr(name), i)
        self.day = QSpinBox(minimum=1, maximum=31, value=today.day)
        self.count_mode = QRadioButton(self.tr("How many"))
        self.count_mode.setChecked(True)
        self.until_mode = QRadioButton(self.tr("Until"))
        self.count = QSpinBox(minimum=1, maximum=500, value=10)
        self.until = date_edit(today)
        self.days_long = QSpinBox(minimum=1, maximum=31, value=1)
        self.city = QLineEdit()
        self.state = QLineEdit(placeholderText="IL")
        self.country = QLineEdit(placeholderText="USA")
        fill = QPushButton(self.tr("Fill the table"))
        fill.clicked.connect(self.fill_from_schedule)
        sched = QGroupBox(self.tr("Make the dates from a schedule"))
        g = QGridLayout(sched)
        g.addWidget(QLabel(self.tr("Repeat")), 0, 0)
        g.addWidget(self.repeat, 0, 1, 1, 3)
        g.addWidget(QLabel(self.tr("First date")), 1, 0)
        g.addWidget(self.first, 1, 1)
        g.addWidget(QLabel(self.tr("Every (weeks or months)")), 1, 2)
        g.addWidget(self.every, 1, 3)
        g.addWidget(QLabel(self.tr("Which weekday")), 2, 0)
        g.addWidget(self.nth, 2, 1)
        g.addWidget(self.weekday, 2, 2)
        g.addWidget(QLabel(self.tr("or day of month")), 2, 3)
        g.addWidget(self.day, 2, 4)
        g.addWidget(self.count_mode, 3, 0)
        g.addWidget(self.count, 3, 1)
        g.addWidget(self.until_mode, 3, 2)
        g.addWidget(self.until, 3, 3)
        g.addWidget(QLabel(self.tr("Days each")), 4, 0)
        g.addWidget(self.days_long, 4, 1)
        g.addWidget(QLabel(self.tr("Same place for all")), 5, 0)
        place = QHBoxLayout()
        for w in (self.city, self.state, self.country):
            place.addWidget(w)
        g.addLayout(place, 5, 1, 1, 3)
        g.addWidget(fill, 5, 4)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(sched)
        layout.addWidget(self.problem)

    def schedule(self) -> Schedule:
        return Schedule(
            repeat=Repeat(self.repeat.currentData()),
            start=self.first.day(),
            count=self.count.value() if self.count_mode.isChecked() else None,
            until=self.until.day() if self.until_mode.isChecked() else None,
            every=self.every.value(),
            weekday=int(self.weekday.currentData()),
            nth=int(self.nth.currentData()),
            day=self.day.value(),
            days_long=self.days_long.value(),
        )

    def fill_from_schedule(self) -> None:
        try:
            days = generate(self.schedule())
        except ScheduleError as e:
            self.problem.setText(str(e))
            return
        city, state, country = (
            self.city.text().strip(),
            self.state.text().strip().upper(),
            self.country.text().strip().upper(),
        )
        self.table.setRowCount(0)
        self.add_rows([Placement(a, b, city, state, country) for a, b in days])
        self.problem.setText("")

    def add_rows(self, places: list[Placement]) -> None:
        self.table.blockSignals(True)
        for p in places:
            r = self.table.rowCount()
            self.table.insertRow(r)
            values = (
                p.start_date.strftime("%m/%d/%Y") if p.start_date else "",
                p.end_date.strftime("%m/%d/%Y") if p.end_date else "",
                p.city,
                p.state,
                p.country,
            )
            for c, v in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.table.blockSignals(False)
        self.completeChanged.emit()

    def remove_selected(self) -> None:
        for r in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(r)
        self.completeChanged.emit()

    def paste(self, text: str) -> int:
        places, problems = parse_instances(text)
        self.add_rows(places)
        self.problem.setText("\n".join(problems))
        return len(places)

    def rows_text(self) -> str:
        return "\n".join(
            "\t".join(
                (self.table.item(r, c).text() if self.table.item(r, c) else "")  # type: ignore[union-attr]
                for c in range(len(INSTANCE_COLUMNS))
            )
            for r in range(self.table.rowCount())
        )

    def places(self) -> tuple[list[Placement], list[str]]:
        return parse_instances(self.rows_text())

    def isComplete(self) -> bool:
        places, problems = self.places()
        if problems:
            self.problem.setText("\n".join(problems))
        return bool(places) and not problems


class SeriesReviewPage(QWizardPage):
    def __init__(self, ctx: AppContext, wizard: RepeatWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("Provider Activity IDs and review"))
        self.setSubTitle(self.tr("Nothing is saved until you press Finish."))
        self._wizard = wizard
        self._ctx = ctx
        self.prefix = QLineEdit()
        self.prefix.textChanged.connect(lambda _t: self._preview())
        self.preview = QListWidget()
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("IDs start with"), self.prefix)
        # For a regularly scheduled series: one RSS activity (recommended) or N activities.
        self.rss_box = QGroupBox(self.tr("A regularly scheduled series is ONE activity in PARS"))
        self.one_rss = QRadioButton()
        self.copies = QRadioButton()
        choice = QButtonGroup(self)
        choice.addButton(self.one_rss)
        choice.addButton(self.copies)
        self.one_rss.setChecked(True)
        self.one_rss.toggled.connect(lambda _on: self._preview())
        rss = QVBoxLayout(self.rss_box)
        rss.addWidget(self.one_rss)
        rss.addWidget(self.copies)
        self.rss_box.setVisible(False)
        self._is_rss = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.rss_box)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.problem)
        self._suggested = ""

    def initializePage(self) -> None:
        places, _ = self._wizard.instances.places()
        year = (
            places[0].start_date.year if places and places[0].start_date else self._ctx.today().year
        )
        suggestion = suggested_prefix(self._wizard.content.title_edit.text(), year)
        if not self.prefix.text() or self.prefix.text() == self._suggested:
            self.prefix.setText(suggestion)  # kept if the coordinator typed their own
        self._suggested = suggestion
        self._offer_one_rss(places)
        self._preview()

    def _offer_one_rss(self, places: list[Placement]) -> None:
        is_rss = self._is_rss = self._wizard.content.format.currentData() == "rss"
        self.rss_box.setVisible(is_rss)
        if not is_rss:
            return
        starts = [p.start_date for p in places if p.start_date]
        ends = [p.end_date for p in places if p.end_date]
        first, last = min(starts), max(ends)
        fits = within_months(first, last, 12)
        self.one_rss.setText(
            self.tr("Create one Regularly Scheduled Series activity, %1 – %2 (recommended)")
            .replace("%1", f"{first:%m/%d/%Y}")
            .replace("%2", f"{last:%m/%d/%Y}")
            if fits
            else self.tr("One activity cannot run more than 12 months: split the sessions by year")
        )
        self.one_rss.setEnabled(fits)
        self.copies.setText(
            self.tr("Create %1 separate activities").replace("%1", str(len(places)))
        )
        (self.one_rss if fits else self.copies).setChecked(True)

    def one_activity(self) -> bool:
        """Finish makes one RSS activity instead of a series of copies."""
        return self._is_rss and self.one_rss.isChecked()

    def one_activity_id(self) -> str:
        """The one activity's Provider Activity ID: the IDs' start without its separator."""
        return self.prefix.text().strip().rstrip("-_ .")

    def _preview(self) -> None:
        places, _ = self._wizard.instances.places()
        self.preview.clear()
        if self.one_activity():
            first = min(p.start_date for p in places if p.start_date)
            last = max(p.end_date for p in places if p.end_date)
            self.preview.addItem(
                f"{self.one_activity_id()}   {first:%m/%d/%Y} – {last:%m/%d/%Y}   "
                + self.tr("%1 sessions").replace("%1", str(len(places)))
            )
            self.completeChanged.emit()
            return
        for pai, p in zip(
            instance_ids(self.prefix.text().strip(), len(places)), places, strict=True
        ):
            where = ", ".join(x for x in (p.city, p.state) if x)
            dates = f"{p.start_date:%m/%d/%Y}" + (
                f" – {p.end_date:%m/%d/%Y}" if p.end_date != p.start_date else ""
            )
            self.preview.addItem(f"{pai}   {dates}   {where}")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.prefix.text().strip())


class RepeatWizard(QWizard):
    created = Signal(int, list, object)  # series id, activity ids, Changes
    created_one = Signal(int, object)  # the one RSS activity's id, Changes

    def __init__(
        self, ctx: AppContext, source_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New repeat series"))
        self._ctx = ctx
        self.source: ActivityRecord | None = None
        self.content = ContentPage(ctx, self)
        self.instances = InstancesPage(ctx)
        self.review = SeriesReviewPage(ctx, self)
        for page in (self.content, self.instances, self.review):
            self.addPage(page)
        self.resize(760, 640)
        if source_id is not None:
            self.content.existing.setChecked(True)
            self.content.picker.select(source_id)
        else:
            self.content.picker.reload()

    def request(self) -> tuple[str, ActivityRecord, list[Placement], str]:
        places, _ = self.instances.places()
        return (
            self.content.name.text(),
            self.content.shared(),
            places,
            self.review.prefix.text(),
        )

    def one_request(self) -> tuple[ActivityRecord, list[Placement], str]:
        places, _ = self.instances.places()
        return self.content.shared(), places, self.review.one_activity_id()

    def accept(self) -> None:
        name, shared, places, prefix = self.request()
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)
        if self.review.one_activity():
            self._create_one()
            return

        def done(result: tuple[int, list[int], Any]) -> None:
            series_id, ids, changes = result
            self.created.emit(series_id, ids, changes)
            super(RepeatWizard, self).accept()

        def failed(e: Exception) -> None:
            self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
            self.review.problem.setText(str(e))

        self._ctx.tasks.op(
            lambda: self._ctx.core.series.create(name, shared, places, prefix),
            owner=self,
            pool=Pool.WRITE,
            publish=True,
        ).done(done).failed(failed)

    def _create_one(self) -> None:
        shared, places, pai = self.one_request()

        def done(result: tuple[int, Any]) -> None:
            activity_id, changes = result
            self.created_one.emit(activity_id, changes)
            super(RepeatWizard, self).accept()

        def failed(e: Exception) -> None:
            self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
            self.review.problem.setText(str(e))

        self._ctx.tasks.op(
            lambda: self._ctx.core.series.create_one_rss(shared, places, pai),
            owner=self,
            pool=Pool.WRITE,
            publish=True,
        ).done(done).failed(failed)
