"""Copy an activity (SPEC M3): pick the source, choose what to carry over, give the new dates
and place, review — and only Finish writes, as one undoable step. Cancel writes nothing."""

from __future__ import annotations

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

from desktop.models.copying import CARRY_GROUPS, Placement, copied_record
from desktop.models.records import ActivityRecord
from desktop.models.reference import load_reference
from desktop.models.rules import assess_activity
from desktop.ui.context import AppContext
from desktop.ui.editor.field_widgets import date_edit
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

        self._ctx.tasks.db(lambda: self._ctx.activities.get(activity_id), loaded)

    def isComplete(self) -> bool:
        return self._wizard.source is not None


class CarryPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("What should the copy carry over?"))
        self.setSubTitle(
            self.tr(
                "Never copied: the IDs, learners, learner counts and the request to close — the "
                "copy is a new activity."
            )
        )
        self.boxes = {g.key: QCheckBox(self.tr(g.label)) for g in CARRY_GROUPS}
        layout = QVBoxLayout(self)
        for box in self.boxes.values():
            box.setChecked(True)
            layout.addWidget(box)
        layout.addStretch(1)

    def carried(self) -> frozenset[str]:
        return frozenset(k for k, b in self.boxes.items() if b.isChecked())


class PlacePage(QWizardPage):
    def __init__(self, ctx: AppContext, wizard: CopyWizard) -> None:
        super().__init__()
        self.setTitle(self.tr("When and where is the new activity?"))
        self._wizard = wizard
        today = ctx.today()
        self.start = date_edit(today)
        self.end = date_edit(today)
        self.city = QLineEdit()
        self.state = QLineEdit(placeholderText=self.tr("e.g. IL"))
        self.country = QLineEdit(placeholderText=self.tr("e.g. USA"))
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b3261e")
        form = QFormLayout(self)
        form.addRow(self.tr("Start date"), self.start)
        form.addRow(self.tr("End date"), self.end)
        form.addRow(self.tr("City"), self.city)
        form.addRow(self.tr("State"), self.state)
        form.addRow(self.tr("Country"), self.country)
        form.addRow(self.problem)
        for edit in (self.start, self.end):
            edit.edited.connect(self.completeChanged.emit)
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

    def placement(self) -> Placement:
        return Placement(
            self.start.day(),
            self.end.day(),
            self.city.text().strip(),
            self.state.text().strip().upper(),
            self.country.text().strip().upper(),
        )

    def isComplete(self) -> bool:
        ok = self.end.day() >= self.start.day()
        self.problem.setText("" if ok else self.tr("The end date is before the start date."))
        return ok


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
        return copied_record(self.source, self.carry.carried(), self.place.placement())

    def accept(self) -> None:
        """Finish: one transaction creates the copy; a refusal keeps the wizard open."""
        record = self.new_record()
        if record is None:
            return
        self.button(QWizard.WizardButton.FinishButton).setEnabled(False)

        def done(result: tuple[int, Any]) -> None:
            activity_id, changes = result
            self._ctx.bus.publish(changes, self)
            self.created.emit(activity_id, changes, record)
            super(CopyWizard, self).accept()

        def failed(e: Exception) -> None:
            self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
            self.review.problem.setText(str(e))

        self._ctx.tasks.db(lambda: self._ctx.activities.create(record), done, failed)
