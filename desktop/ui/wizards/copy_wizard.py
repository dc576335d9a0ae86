"""Copy an activity (SPEC M3): pick the source, choose what to carry over (content, not money:
commercial support and outcomes start unticked), give the new title, dates and place (checked
as the editor checks them), review — and only Finish writes, as one undoable step. Cancel
writes nothing."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.models import coerce
from desktop.models.copying import CARRY_GROUPS, Placement, copied_record, next_edition_title
from desktop.models.records import ActivityRecord
from desktop.models.reference import load_reference
from desktop.models.rules import assess_activity
from desktop.ui.context import AppContext
from desktop.ui.editor.field_widgets import date_edit
from desktop.ui.tasks import Pool
from desktop.ui.wizards.source_picker import SourcePicker


def a_year_later(d: date) -> date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # Feb 29 → Feb 28
        return d.replace(year=d.year + 1, day=28)


class SourcePage(QWizardPage):
    def __init__(self, ctx: AppContext, wizard: CopyWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("Which activity do you want to copy?"))
        self.setSubTitle(self.tr("Type part of its title or Provider Activity ID."))
        self._ctx = ctx
        self._wizard = wizard
        self.picker = SourcePicker(ctx, self.tr("Search activities…"))
        self.picker.chosen.connect(self._chosen)
        QVBoxLayout(self).addWidget(self.picker)

    def _chosen(self, activity_id: int | None) -> None:
        self._wizard.source, self._wizard.source_id = None, activity_id
        self.completeChanged.emit()
        if activity_id is None:
            return

        def loaded(record: ActivityRecord) -> None:
            if self._wizard.source_id == activity_id:
                self._wizard.source = record
                self.completeChanged.emit()

        self._ctx.tasks.op(
            lambda: self._ctx.core.activities.get(activity_id),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(loaded)

    def isComplete(self) -> bool:
        return self._wizard.source is not None


class CarryPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("What should the copy carry over?"))
        self.setSubTitle(
            self.tr(
                "Never copied: the IDs, learners, learner counts and the request to close — the "
                "copy is a new activity. Commercial support and outcomes belong to one year: "
                "tick them only if the new edition has the same."
            )
        )
        self.boxes = {g.key: QCheckBox(self.tr(g.label)) for g in CARRY_GROUPS}
        layout = QVBoxLayout(self)
        for group in CARRY_GROUPS:
            box = self.boxes[group.key]
            box.setChecked(group.carried_by_default)
            layout.addWidget(box)
        layout.addStretch(1)

    def carried(self) -> frozenset[str]:
        return frozenset(k for k, b in self.boxes.items() if b.isChecked())


class PlacePage(QWizardPage):
    def __init__(self, ctx: AppContext, wizard: CopyWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("The new activity: title, dates and place"))
        self._wizard = wizard
        today = ctx.today()
        self.title_edit = QLineEdit()
        self._suggested_title = ""
        self.start = date_edit(today)
        self.end = date_edit(today)
        self.city = QLineEdit()
        self.state = QLineEdit(placeholderText=self.tr("e.g. IL"))
        self.country = QLineEdit(placeholderText=self.tr("e.g. USA"))
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e")
        form = QFormLayout(self)
        form.addRow(self.tr("Title"), self.title_edit)
        form.addRow(self.tr("Start date"), self.start)
        form.addRow(self.tr("End date"), self.end)
        form.addRow(self.tr("City"), self.city)
        form.addRow(self.tr("State"), self.state)
        form.addRow(self.tr("Country"), self.country)
        form.addRow(self.problem)
        for edit in (self.start, self.end):
            edit.edited.connect(self.completeChanged.emit)
        self.start.edited.connect(self._suggest_title)
        for line in (self.title_edit, self.state, self.country):
            line.textChanged.connect(lambda _t: self.completeChanged.emit())
        self._filled_for: int | None = None

    def initializePage(self) -> None:
        # Suggestions come from the source once; Back and Next keep what was typed.
        source, source_id = self._wizard.source, self._wizard.source_id
        if source is None or self._filled_for == source_id:
            return
        self._filled_for = source_id
        if source.start_date and source.end_date:
            self.start.set_value(a_year_later(source.start_date))
            self.end.set_value(a_year_later(source.end_date))
        self.city.setText(source.city)
        self.state.setText(source.state)
        self.country.setText(source.country)
        self._suggested_title = ""
        self._suggest_title()

    def _suggest_title(self) -> None:
        """The source's title with its year moved to the new start's; kept once typed over."""
        source = self._wizard.source
        if source is None or self.title_edit.text() not in ("", self._suggested_title):
            return
        from_year = source.start_date.year if source.start_date else None
        self._suggested_title = next_edition_title(source.title, from_year, self.start.day().year)
        self.title_edit.setText(self._suggested_title)

    def placement(self) -> Placement:
        state = self.state.text().strip()
        # A full state name becomes its code, as the editor stores it; isComplete says what
        # is wrong with one that is not a state.
        with suppress(ValueError):
            state = coerce.parse_state(state) if self._in_usa() else state
        return Placement(
            self.start.day(),
            self.end.day(),
            self.city.text().strip(),
            state,
            self.country.text().strip().upper(),
        )

    def new_title(self) -> str:
        return " ".join(self.title_edit.text().split())

    def _in_usa(self) -> bool:
        return self.country.text().strip().upper() in ("", "USA")

    def place_problem(self) -> str:
        """What the editor would refuse in the title, dates or place; empty when all is well."""
        if not self.new_title():
            return self.tr("Enter the title.")
        if self.end.day() < self.start.day():
            return self.tr("The end date is before the start date.")
        country = self.country.text().strip().upper()
        if country and country not in load_reference().country_codes:
            return self.tr("“%1” is not a country code (ISO 3166, e.g. USA).").replace(
                "%1", self.country.text().strip()
            )
        if self._in_usa():
            try:
                coerce.parse_state(self.state.text())
            except ValueError as e:
                return f"{e}."
        return ""

    def isComplete(self) -> bool:
        problem = self.place_problem()
        self.problem.setText(problem)
        return not problem


class ReviewPage(QWizardPage):
    def __init__(self, ctx: AppContext, wizard: CopyWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("Review the new activity"))
        self.setSubTitle(self.tr("Nothing is saved until you press Finish."))
        self._ctx = ctx
        self._wizard = wizard
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e")
        self.problem.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.problem)

    def initializePage(self) -> None:
        record = self._wizard.new_record()
        if record is None:
            return
        carried = self._wizard.carry.carried()
        fmt = load_reference().format(record.format)
        assessment = assess_activity(record, self._ctx.today())
        place = ", ".join(p for p in (record.city, record.state, record.country) if p)
        lines = [
            f"<b>{record.title or self.tr('(no title yet)')}</b>",
            f"{fmt.name if fmt else self.tr('No format')} · "
            f"{record.start_date:%m/%d/%Y} – {record.end_date:%m/%d/%Y}"
            + (f" · {place}" if place else ""),
            self.tr("Carried over: %1.").replace(
                "%1",
                ", ".join(self.tr(g.label) for g in CARRY_GROUPS if g.key in carried) or "nothing",
            ),
            self.tr("A new Provider Activity ID is assigned; it has no ACCME ID and no learners."),
            self.tr("It will be %1").replace("%1", assessment.status.label)
            + (
                self.tr(" — still needs: %1").replace(
                    "%1", "; ".join(b.message for b in assessment.blockers[:3])
                )
                if assessment.blockers
                else "."
            ),
        ]
        self.summary.setText("<br>".join(lines))


class CopyWizard(QWizard):
    created = Signal(int, object, object)  # activity id, Changes, the record created

    def __init__(
        self, ctx: AppContext, source_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Copy an activity"))
        self._ctx = ctx
        self.source: ActivityRecord | None = None
        self.source_id: int | None = None
        self.source_page = SourcePage(ctx, self)
        self.carry = CarryPage()
        self.place = PlacePage(ctx, self)
        self.review = ReviewPage(ctx, self)
        for page in (self.source_page, self.carry, self.place, self.review):
            self.addPage(page)
        self.resize(640, 480)
        self.source_page.picker.select(source_id)

    def new_record(self) -> ActivityRecord | None:
        if self.source is None:
            return None
        record = copied_record(self.source, self.carry.carried(), self.place.placement())
        return replace(record, title=self.place.new_title())

    def accept(self) -> None:
        """Finish: one transaction creates the copy; a refusal keeps the wizard open."""
        record = self.new_record()
        if record is None:
            return
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)

        def done(result: tuple[int, Any]) -> None:
            activity_id, changes = result
            self.created.emit(activity_id, changes, record)
            super(CopyWizard, self).accept()

        def failed(e: Exception) -> None:
            self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
            self.review.problem.setText(str(e))

        self._ctx.tasks.op(
            lambda: self._ctx.core.activities.create(record),
            owner=self,
            pool=Pool.WRITE,
            publish=True,
        ).done(done).failed(failed)
