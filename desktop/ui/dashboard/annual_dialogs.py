"""Forms for the yearly steps PARS's web services do not cover: the program summary, the annual
agreement, the contacts, and an enduring material's Dec 31 count. Each saves in one
transaction on the database thread; a refusal is shown in the form and nothing is saved.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models.records import ContactRecord
from desktop.ui.context import AppContext
from desktop.ui.editor.field_widgets import date_edit
from desktop.ui.fields import CountField
from desktop.ui.tasks import Pool

if TYPE_CHECKING:
    from desktop.models.records import EnduringCountRecord, ProgramSummaryRecord

INCOME = (
    ("advertising_exhibit_income", "Advertising and exhibit income"),
    ("registration_fees", "Registration fees"),
    ("government_grants", "Government monetary grants"),
    ("private_donations", "Private monetary donations"),
)


def whole_dollars(text: str) -> int | None:
    """ "$12,000" → 12000; empty → None (not answered). Raises ValueError otherwise."""
    cleaned = text.strip().replace("$", "").replace(",", "").strip()
    if not cleaned:
        return None
    if cleaned.endswith(".00"):
        cleaned = cleaned[:-3]
    if not cleaned.isdigit():
        raise ValueError(f"“{text.strip()}” is not a whole-dollar amount.")
    return int(cleaned)


class _Form(QDialog):
    """A dialog whose OK saves on the database thread and closes only if the save worked."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def save(self) -> None:
        raise NotImplementedError

    def _run(self, work: Any) -> None:
        self.buttons.setEnabled(False)

        def done(result: Any) -> None:
            self.buttons.setEnabled(True)
            if self.after_save(result):
                self.accept()

        def failed(e: Exception) -> None:
            self.buttons.setEnabled(True)
            self.message.setText(str(e))

        # The op publishes the Changes the save returned (alone or first in a tuple).
        self.ctx.tasks.op(work, owner=self, pool=Pool.WRITE).done(done).failed(failed)

    def after_save(self, _result: Any) -> bool:
        return True


class ProgramSummaryDialog(_Form):
    def __init__(self, ctx: AppContext, year: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Program summary %1").replace("%1", str(year)), parent)
        self.year = year
        self.fields = {
            key: QLineEdit(placeholderText=self.tr("whole dollars")) for key, _ in INCOME
        }
        self.support = QLabel(self.tr("Computing…"))
        self.submitted = QCheckBox(self.tr("Submitted in PARS on"))
        self.submitted_on = date_edit(ctx.today())
        self.submitted_on.setEnabled(False)
        self.submitted.toggled.connect(self.submitted_on.setEnabled)
        form = QFormLayout()
        for key, label in INCOME:
            form.addRow(self.tr(label), self.fields[key])
        form.addRow(self.tr("Commercial support (from your activities)"), self.support)
        row = QHBoxLayout()
        row.addWidget(self.submitted)
        row.addWidget(self.submitted_on)
        form.addRow(row)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Enter the year's totals as you report them in PARS. Commercial support is "
                "added up from your activities."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        ctx.tasks.op(
            lambda: (
                ctx.core.annual.program_summary(year),
                ctx.core.annual.commercial_support_total(year),
            ),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(self._show)

    def _show(self, loaded: tuple[ProgramSummaryRecord, int]) -> None:
        summary, support = loaded
        for key, _ in INCOME:
            value = getattr(summary, key)
            self.fields[key].setText("" if value is None else f"{value:,}")
        self.support.setText(f"${support:,}")
        if summary.submitted_on is not None:
            self.submitted.setChecked(True)
            self.submitted_on.set_value(summary.submitted_on)

    def save(self) -> None:
        values: dict[str, Any] = {}
        for key, label in INCOME:
            try:
                values[key] = whole_dollars(self.fields[key].text())
            except ValueError as e:
                self.message.setText(f"{self.tr(label)}: {e}")
                self.fields[key].setFocus()
                return
        values["submitted_on"] = self.submitted_on.day() if self.submitted.isChecked() else None
        year = self.year
        self._run(lambda: self.ctx.core.annual.save_program_summary(year, **values))


class AgreementDialog(_Form):
    def __init__(self, ctx: AppContext, year: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Annual agreement %1").replace("%1", str(year)), parent)
        self.year = year
        self.accepted_by = QLineEdit(placeholderText=self.tr("who accepted it in PARS"))
        self.accepted_on = date_edit(ctx.today())
        form = QFormLayout()
        form.addRow(self.tr("Accepted by"), self.accepted_by)
        form.addRow(self.tr("Accepted on"), self.accepted_on)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Accept the annual agreement in PARS, then record here who did and when.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        def show(found: Any) -> None:
            if found is not None:
                self.accepted_by.setText(found.accepted_by)
                self.accepted_on.set_value(found.accepted_on)

        ctx.tasks.op(
            lambda: ctx.core.annual.agreement(year), owner=self, pool=Pool.WRITE, publish=False
        ).done(show)

    def save(self) -> None:
        year, who, when = self.year, self.accepted_by.text(), self.accepted_on.day()
        self._run(lambda: self.ctx.core.annual.accept_agreement(year, who, when))


CONTACT_COLUMNS = (
    ("name", "Name"),
    ("role", "Role"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("reviewed_on", "Reviewed on"),
)


class ContactsDialog(_Form):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Contacts"), parent)
        self.table = QTableWidget(0, len(CONTACT_COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(t) for _, t in CONTACT_COLUMNS])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.ids: list[int | None] = []
        self.reviewed_today = False
        add = QPushButton(self.tr("Add contact"))
        add.clicked.connect(self.add_row)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self.remove_selected)
        self.review = QPushButton(self.tr("Mark all reviewed today"))
        self.review.setToolTip(self.tr("After checking every contact on PARS's contacts page."))
        self.review.clicked.connect(self.mark_reviewed)
        row = QHBoxLayout()
        for b in (add, remove, self.review):
            row.addWidget(b)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Your primary CME contact, CEO and other contacts. Review them in PARS each "
                "year and mark them reviewed here."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(720, 360)
        ctx.tasks.op(ctx.core.annual.contacts, owner=self, pool=Pool.WRITE, publish=False).done(
            self._show
        )

    def _show(self, contacts: list[tuple[int, ContactRecord]]) -> None:
        self.table.setRowCount(0)
        self.ids = []
        for cid, c in contacts:
            self.add_row(c, cid)

    def add_row(self, record: ContactRecord | None = None, contact_id: int | None = None) -> None:
        record = record if isinstance(record, ContactRecord) else ContactRecord()
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.ids.append(contact_id)
        for c, (key, _) in enumerate(CONTACT_COLUMNS):
            value = getattr(record, key)
            if key == "reviewed_on":
                item = QTableWidgetItem(value.strftime("%m/%d/%Y") if value else "")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            else:
                item = QTableWidgetItem(value)
            self.table.setItem(r, c, item)

    def remove_selected(self) -> None:
        for r in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(r)
            del self.ids[r]

    def mark_reviewed(self) -> None:
        self.reviewed_today = True
        today = self.ctx.today().strftime("%m/%d/%Y")
        for r in range(self.table.rowCount()):
            item = self.table.item(r, len(CONTACT_COLUMNS) - 1)
            if item is not None:
                item.setText(today)

    def records(self) -> list[tuple[int | None, ContactRecord]]:
        out = []
        for r in range(self.table.rowCount()):
            cells = {
                key: (self.table.item(r, c).text() if self.table.item(r, c) else "")  # type: ignore[union-attr]
                for c, (key, _) in enumerate(CONTACT_COLUMNS)
            }
            if not any(v.strip() for k, v in cells.items() if k != "reviewed_on"):
                continue  # an empty row added by mistake
            reviewed = cells.pop("reviewed_on")
            when = None
            if reviewed:
                m, d, y = (int(x) for x in reviewed.split("/"))
                when = date(y, m, d)
            out.append((self.ids[r], ContactRecord(**cells, reviewed_on=when)))
        return out

    def save(self) -> None:
        rows = self.records()
        on = self.ctx.today() if self.reviewed_today else None
        self._run(lambda: self.ctx.core.annual.save_contacts(rows, on))


class EnduringCountDialog(_Form):
    """An enduring material's cumulative learners as of Dec 31, with the years before."""

    def __init__(
        self,
        ctx: AppContext,
        activity_id: int,
        year: int,
        title: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            ctx, self.tr("Cumulative learners as of Dec 31, %1").replace("%1", str(year)), parent
        )
        self.activity_id, self.year = activity_id, year
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.physicians = CountField()
        self.others = CountField()
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a5300")
        form = QFormLayout()
        form.addRow(self.tr("Physicians (cumulative)"), self.physicians)
        form.addRow(self.tr("Other learners (cumulative)"), self.others)
        layout = QVBoxLayout(self)
        if title:
            layout.addWidget(QLabel(f"<b>{title}</b>"))
        layout.addWidget(self.history)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        ctx.tasks.op(
            lambda: ctx.core.activities.enduring_counts(activity_id),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(self._show)

    def _show(self, counts: list[EnduringCountRecord]) -> None:
        lines = [
            f"{c.year}: {c.physician_learners:,} physicians, {c.other_learners:,} others"
            for c in counts
        ]
        self.history.setText(
            self.tr("Counts so far — ") + "; ".join(lines) if lines else self.tr("No counts yet.")
        )
        this = next((c for c in counts if c.year == self.year), None)
        before = [c for c in counts if c.year < self.year]
        start = this or (before[-1] if before else None)
        if start is not None:
            self.physicians.set_count(start.physician_learners)
            self.others.set_count(start.other_learners)

    def save(self) -> None:
        aid, year = self.activity_id, self.year
        for field, label in (
            (self.physicians, self.tr("physicians")),
            (self.others, self.tr("other learners")),
        ):
            if not field.take_typing() or field.count() is None:
                self.message.setText(
                    field.problem
                    or self.tr("Enter the number of %1 (0 is allowed).").replace("%1", label)
                )
                field.setFocus()
                return
        physicians, others = self.physicians.count() or 0, self.others.count() or 0
        self._run(
            lambda: self.ctx.core.activities.record_enduring_count(aid, year, physicians, others)
        )

    def after_save(self, result: Any) -> bool:
        _changes, warnings = result
        if warnings and not self.warning.text():
            # Saved, but the coordinator should see why the figure looks wrong: stay open once.
            self.warning.setText(
                " ".join(warnings) + self.tr(" Saved anyway; Save again to close.")
            )
            return False
        return True
