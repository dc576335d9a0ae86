"""The activity editor: every field of SPEC §2.2 grouped, live status, autosave and undo.

Each field change is one ``FieldEdit`` on the undo stack; applying it updates the local record,
re-runs the status engine on the UI thread (pure Python, microseconds) and saves through the
service on the database thread.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.models.fields import ACTIVITY_FIELDS, BY_KEY, Section, Stored, Widget
from desktop.models.importing.assigned import ReviewMarker
from desktop.models.records import ActivityRecord, Outcome, Providership, SupportKind, SupportSource
from desktop.models.reference import load_reference
from desktop.models.rules import Assessment, Status, assess_activity
from desktop.models.rules.checks import QUARTER
from desktop.ui.activities_model import STATUS_COLOURS
from desktop.ui.context import AppContext
from desktop.ui.editor.enduring_panel import EnduringPanel
from desktop.ui.editor.field_binding import bind, is_plain, show
from desktop.ui.editor.field_widgets import (
    CheckList,
    Choice,
    CountField,
    DateField,
    DecimalField,
    yes_no,
)
from desktop.ui.editor.import_review_bar import FLAG, ImportReviewBar
from desktop.ui.editor.moc_panel import MocPanel
from desktop.ui.editor.series_bar import SeriesBar
from desktop.ui.editor.undo import FieldEdit
from desktop.ui.fields import parse_typed_count
from desktop.ui.fields.typed_line import TypedLine
from desktop.ui.tasks import Pool

# One-line text fields saved as typed: the registry's plain text columns entered on a line.
TEXT_LINES = tuple(
    f.key for f in ACTIVITY_FIELDS if f.widget is Widget.LINE and f.stored is Stored.COLUMN
)

if TYPE_CHECKING:
    from desktop.models.services.series import SeriesInfo

# Changing these on an activity PARS has may make PARS treat it as a new activity (SPEC §6).
IDENTITY = frozenset({"format", "start_date", "end_date", "provider_activity_id"})


class ActivityEditor(QWidget):
    saved = Signal(int)  # activity id, after each successful save
    loaded = Signal(int)  # activity id, once its fields are shown
    save_failed = Signal(str)

    def __init__(self, ctx: AppContext, undo_stack: QUndoStack | None = None) -> None:
        super().__init__()
        self._ctx = ctx
        self._ref = load_reference()
        self.activity_id: int | None = None
        self.record = ActivityRecord()
        self.undo_stack = undo_stack or QUndoStack(self)
        self._pending_saves = 0
        self._build()

    # --- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        ref = self._ref
        self.badge = QLabel()
        self.badge.setObjectName("statusBadge")
        self.blockers = QListWidget()
        self.blockers.setMaximumHeight(120)
        self.blockers.itemActivated.connect(
            lambda item: self.focus_field(item.data(Qt.ItemDataRole.UserRole))
        )
        self.close_button = QPushButton(self.tr("Close activity"))
        self.close_button.clicked.connect(self._toggle_close)

        self.provider_id = QLineEdit()
        self.accme_id = QLabel()
        self.accme_id.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title = QLineEdit()
        self.description = QPlainTextEdit()
        # Tab moves on, as in every other field; a tab character has no place in PARS text.
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(110)
        self.description_count = QLabel()
        self.internal_id = QLineEdit()
        self.format = Choice([(f.name, f.code) for f in ref.formats], self.tr("Choose a format"))
        self.delivery = {d.code: QCheckBox(d.name) for d in ref.delivery_methods}
        self.start = DateField()
        self.end = DateField()
        # An empty date's calendar opens where the activity is, not in 1900.
        self.start.set_anchor(lambda: self.record.end_date or self._ctx.today())
        self.end.set_anchor(lambda: self.record.start_date or self._ctx.today())
        self.city = QLineEdit()
        self.state = Choice([(f"{s.name} ({s.code})", s.code) for s in ref.us_states], self.tr("—"))
        self.country = Choice(
            [(f"{c.name} ({c.code})", c.code) for c in ref.countries], self.tr("—")
        )
        self.providership = Choice(
            [(self.tr("Direct"), Providership.DIRECT), (self.tr("Joint"), Providership.JOINT)],
            self.tr("Not answered"),
        )
        self.joint = QLineEdit(
            placeholderText=self.tr("Joint provider names, separated by semicolons")
        )
        self.credits = DecimalField(
            QUARTER, self.tr("Credits must be in steps of 0.25 (e.g. 1.25, 1.5).")
        )
        self.passport = yes_no(self.tr("Not answered"))
        self.url = QLineEdit()
        self.fee = Choice([(f, f) for f in ref.passport_fees], self.tr("Not answered"))
        self.registration = Choice([(r, r) for r in ref.registrations], self.tr("Not answered"))
        self.support = yes_no(self.tr("Not answered"))
        self.sources = QTableWidget(0, 3)
        self.sources.setHorizontalHeaderLabels(
            [self.tr("Supporter"), self.tr("Kind"), self.tr("Amount ($)")]
        )
        self.sources.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sources.setMaximumHeight(130)
        self.add_source = QPushButton(self.tr("Add supporter"))
        self.remove_source = QPushButton(self.tr("Remove"))
        self.physicians = CountField()
        self.others = CountField()
        self.outcome_boxes: dict[str, tuple[QCheckBox, QCheckBox]] = {
            o.code: (QCheckBox(self.tr("Objectively")), QCheckBox(self.tr("Subjectively")))
            for o in ref.outcomes
        }
        self.tags = CheckList([(t.name, t.code) for t in ref.commendation_tags])
        self.moc = MocPanel()
        self.moc.set_anchor(lambda: self.record.end_date or self.record.start_date)
        self.rems = Choice([(r, r) for r in ref.rems_types], self.tr("None"))
        self.rems_id = QLineEdit()
        self.mips = QCheckBox(self._label("mips"))

        top = QHBoxLayout()
        top.addWidget(self.badge)
        top.addStretch(1)
        top.addWidget(self.close_button)

        ident = QGroupBox(self.tr("Activity"))
        f = QFormLayout(ident)
        f.addRow(self._label("provider_activity_id"), self.provider_id)
        f.addRow(self._label("accme_activity_id"), self.accme_id)
        f.addRow(self._label("title"), self.title)
        f.addRow(self._label("description"), self.description)
        f.addRow("", self.description_count)
        f.addRow(self._label("internal_id"), self.internal_id)

        when = QGroupBox(self.tr("Format and dates"))
        f = QFormLayout(when)
        f.addRow(self._label("format"), self.format)
        self.delivery_row = QWidget()
        row = QGridLayout(self.delivery_row)
        row.setContentsMargins(0, 0, 0, 0)
        for i, box in enumerate(self.delivery.values()):
            row.addWidget(box, i // 2, i % 2)
        f.addRow(self._label("delivery_methods"), self.delivery_row)
        f.addRow(self._label("start_date"), self.start)
        f.addRow(self._label("end_date"), self.end)

        self.location = QGroupBox(self.tr("Location (in person)"))
        f = QFormLayout(self.location)
        f.addRow(self._label("city"), self.city)
        f.addRow(self._label("state"), self.state)
        f.addRow(self._label("country"), self.country)

        credit = QGroupBox(self.tr("Credit and providership"))
        f = QFormLayout(credit)
        f.addRow(self._label("ama_credits"), self.credits)
        f.addRow(self._label("providership"), self.providership)
        f.addRow(self._label("joint_providers"), self.joint)

        passport = QGroupBox(self.tr("CME Passport"))
        f = QFormLayout(passport)
        f.addRow(self._label("passport"), self.passport)
        self.passport_fields = QWidget()
        pf = QFormLayout(self.passport_fields)
        pf.setContentsMargins(0, 0, 0, 0)
        pf.addRow(self._label("activity_url"), self.url)
        pf.addRow(self._label("passport_fee"), self.fee)
        pf.addRow(self._label("passport_registration"), self.registration)
        f.addRow(self.passport_fields)

        support = QGroupBox(self.tr("Commercial support"))
        f = QFormLayout(support)
        f.addRow(self._label("commercial_support"), self.support)
        self.support_fields = QWidget()
        sf = QVBoxLayout(self.support_fields)
        sf.setContentsMargins(0, 0, 0, 0)
        sf.addWidget(self.sources)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_source)
        buttons.addWidget(self.remove_source)
        buttons.addStretch(1)
        sf.addLayout(buttons)
        f.addRow(self.support_fields)

        learners = QGroupBox(self.tr("Learners and outcomes"))
        f = QFormLayout(learners)
        f.addRow(self._label("physician_learners"), self.physicians)
        f.addRow(self._label("other_learners"), self.others)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Objective")), 0, 1)
        grid.addWidget(QLabel(self.tr("Subjective")), 0, 2)
        for i, o in enumerate(self._ref.outcomes, start=1):
            grid.addWidget(QLabel(o.name), i, 0)
            for column, box in enumerate(self.outcome_boxes[o.code], start=1):
                how = (
                    self.tr("measured objectively")
                    if column == 1
                    else self.tr("measured subjectively")
                )
                box.setToolTip(f"{o.name}: {how}")
                grid.addWidget(box, i, column)
        f.addRow(self._label("outcomes"), grid)
        self._outcomes_grid = grid
        f.addRow(self._label("commendation_tags"), self.tags)

        moc = QGroupBox(self.tr(Section.MOC.value))
        QVBoxLayout(moc).addWidget(self.moc)

        other = QGroupBox(self.tr("REMS and MIPS"))
        f = QFormLayout(other)
        f.addRow(self._label("rems_type"), self.rems)
        f.addRow(self._label("rems_grant_id"), self.rems_id)
        f.addRow(self.mips)

        body = QWidget()
        col = QVBoxLayout(body)
        self.enduring = EnduringPanel(self._ctx)
        self.enduring.recorded.connect(
            lambda: self.load(self.activity_id) if self.activity_id else None
        )
        for group in (
            ident,
            when,
            self.location,
            credit,
            passport,
            support,
            learners,
            self.enduring,
            moc,
            other,
        ):
            col.addWidget(group)
        for form in body.findChildren(QFormLayout):
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area = scroll

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.series_bar = SeriesBar(self._ctx, lambda title, text: self.ask(title, text))
        layout.addWidget(self.series_bar)
        self.review = ImportReviewBar()
        self.review.confirmed.connect(self._confirm_assigned)
        self.review.go_to.connect(self._go_to_choice)
        layout.addWidget(self.review)
        layout.addWidget(self.blockers)
        layout.addWidget(scroll, 1)
        self.field_widgets = self._field_widgets()
        self._wire()
        self._tab_order()
        # A typed value that could not be read is listed with the blockers, where it is seen.
        self._labels: dict[TypedLine, str] = {
            self.start: self.tr("Start date"),
            self.end: self.tr("End date"),
            self.credits: self.tr("Credits"),
            self.physicians: self.tr("Physicians"),
            self.others: self.tr("Other learners"),
        }
        for board, section in self.moc.sections.items():
            self._labels[section.points] = self.tr("%1 MOC points").replace("%1", board)
            self._labels[section.claim_date] = self.tr("%1 credit claim date").replace("%1", board)
        for typed in self._labels:
            typed.marked.connect(lambda _p: self._show_status())
        self.setEnabled(False)

    def _label(self, key: str) -> str:
        """A form row's label, as the field registry names the field."""
        return self.tr(BY_KEY[key].row_label)

    def _field_widgets(self) -> dict[str, QWidget]:
        """The widget that enters each field of the registry (a test checks none is missing)."""
        return {
            "provider_activity_id": self.provider_id,
            "accme_activity_id": self.accme_id,
            "title": self.title,
            "description": self.description,
            "format": self.format,
            "delivery_methods": self.delivery_row,
            "start_date": self.start,
            "end_date": self.end,
            "city": self.city,
            "state": self.state,
            "country": self.country,
            "providership": self.providership,
            "joint_providers": self.joint,
            "ama_credits": self.credits,
            "passport": self.passport,
            "activity_url": self.url,
            "passport_fee": self.fee,
            "passport_registration": self.registration,
            "commercial_support": self.support,
            "support_sources": self.sources,
            "physician_learners": self.physicians,
            "other_learners": self.others,
            "outcomes": next(iter(self.outcome_boxes.values()))[0],
            "commendation_tags": self.tags,
            "moc": self.moc,
            "rems_type": self.rems,
            "rems_grant_id": self.rems_id,
            "mips": self.mips,
            "internal_id": self.internal_id,
            "close_requested": self.close_button,
            "enduring_counts": self.enduring,
        }

    def _tab_order(self) -> None:
        """Tab walks the form top to bottom as it is laid out, not in the order it was built."""
        chain: list[QWidget] = [self.close_button, self.blockers]
        chain += self.series_bar.findChildren(QWidget)
        chain += [self.provider_id, self.title, self.description, self.internal_id, self.format]
        chain += [*self.delivery.values(), self.start, self.end]
        chain += [self.city, self.state, self.country, self.credits, self.providership]
        chain += [self.joint, self.passport, self.url, self.fee, self.registration]
        chain += [self.support, self.sources, self.add_source, self.remove_source]
        chain += [self.physicians, self.others]
        chain += [box for pair in self.outcome_boxes.values() for box in pair]
        chain += [self.tags, *self.enduring.findChildren(QWidget)]
        chain += self.moc.focus_chain()
        chain += [self.rems, self.rems_id, self.mips]
        takes_tab = [w for w in chain if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        for first, second in itertools.pairwise(takes_tab):
            QWidget.setTabOrder(first, second)

    def _wire(self) -> None:
        self._typing: dict[str, tuple[QTimer, Callable[[], str]]] = {}
        # Text: saved a moment after typing stops, and at once when the field is left.
        for field in TEXT_LINES:
            line = self.field_widgets[field]
            assert isinstance(line, QLineEdit)
            timer = QTimer(self, singleShot=True, interval=600)
            timer.timeout.connect(
                lambda line=line, field=field: self._set(field, line.text().strip(), typing=True)
            )
            line.textEdited.connect(lambda _t, timer=timer: timer.start())
            line.editingFinished.connect(
                lambda line=line, field=field, timer=timer: self._commit_text(timer, field, line)
            )
            self._typing[field] = (timer, self._stripped_text(line))
        self._description_timer = QTimer(self, singleShot=True, interval=600)
        self._description_timer.timeout.connect(
            lambda: self._set("description", self.description.toPlainText(), typing=True)
        )
        self._typing["description"] = (self._description_timer, self.description.toPlainText)
        self.description.textChanged.connect(self._description_typed)
        # Leaving the description saves it at once, as leaving a line edit does.
        self.description.installEventFilter(self)
        self.joint.editingFinished.connect(
            lambda: self._set(
                "joint_providers",
                tuple(p.strip() for p in self.joint.text().split(";") if p.strip()),
            )
        )
        # Choices, dates, numbers, tick boxes: bound as the registry describes them.
        empty = ActivityRecord()
        for f in ACTIVITY_FIELDS:
            w = self.field_widgets[f.key]
            if is_plain(f, w):
                bind(w, getattr(empty, f.key), self._setter(f.key))
        for code, box in self.delivery.items():
            box.toggled.connect(
                lambda _on, code=code: self._set(
                    "delivery_methods", tuple(c for c, b in self.delivery.items() if b.isChecked())
                )
            )
        self.sources.itemChanged.connect(
            lambda _i: self._set("support_sources", self._sources_value())
        )
        self.add_source.clicked.connect(self._add_source)
        self.remove_source.clicked.connect(self._remove_source)
        for objective, subjective in self.outcome_boxes.values():
            objective.toggled.connect(lambda _on: self._set("outcomes", self._outcomes_value()))
            subjective.toggled.connect(lambda _on: self._set("outcomes", self._outcomes_value()))
        self.moc.edited.connect(lambda regs: self._set("moc", regs))

    # --- loading and showing ---------------------------------------------------------------------

    def load(self, activity_id: int) -> None:
        """Show an activity (read off the UI thread); the undo history starts afresh."""

        def shown(
            result: tuple[ActivityRecord, SeriesInfo | None, dict[str, ReviewMarker]],
        ) -> None:
            record, series, markers = result
            same = activity_id == self.activity_id
            self.activity_id = activity_id
            if not same:
                for typed in self.findChildren(TypedLine):
                    typed.forget()
            self.record = record
            self.undo_stack.clear()
            self._show_all()
            self._show_markers(markers)
            if not same:
                self.series_bar.show_series(activity_id, series)
            elif series is not None:
                self.series_bar.info = series
            self.setEnabled(True)
            self.loaded.emit(activity_id)

        self._ctx.tasks.op(
            lambda: (
                self._ctx.core.activities.get(activity_id),
                self._ctx.core.series.of(activity_id),
                self._ctx.core.activities.import_markers(activity_id),
            ),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(shown)

    def _show_all(self) -> None:
        r = self.record
        self._quiet(True)
        lines = [(self.field_widgets[f], getattr(r, f)) for f in TEXT_LINES]
        for line, text in [*lines, (self.joint, "; ".join(r.joint_providers))]:
            assert isinstance(line, QLineEdit)
            # A field being typed in is never rewritten: the save that comes back may be
            # older than the keys typed since. Leaving it shows the stored text.
            if line.hasFocus() and line.isModified():
                continue
            if line.text().strip() != text.strip():
                line.setText(text)
        if not self.description.hasFocus() and self.description.toPlainText() != r.description:
            self.description.setPlainText(r.description)
        self.accme_id.setText(r.accme_activity_id or self.tr("assigned by PARS on first sync"))
        for f in ACTIVITY_FIELDS:
            w = self.field_widgets[f.key]
            if is_plain(f, w):
                show(w, getattr(r, f.key))
        for code, box in self.delivery.items():
            box.setChecked(code in r.delivery_methods)
        self._show_sources(r.support_sources)
        measured = {o.measure: o for o in r.outcomes}
        for code, (objective, subjective) in self.outcome_boxes.items():
            objective.setChecked(measured[code].objective if code in measured else False)
            subjective.setChecked(measured[code].subjective if code in measured else False)
        self.moc.set_registrations(r.moc)
        if self.activity_id is not None:
            self.enduring.show_record(self.activity_id, r)
        self._quiet(False)
        self._show_status()

    def _quiet(self, on: bool) -> None:
        for w in (
            *self.delivery.values(),
            *(b for pair in self.outcome_boxes.values() for b in pair),
            self.mips,
            self.sources,
            self.description,
        ):
            w.blockSignals(on)

    def _show_status(self) -> None:
        r = self.record
        fmt = self._ref.format(r.format)
        allowed = set(fmt.delivery_methods) if fmt else set()
        for code, box in self.delivery.items():
            box.setVisible(code in allowed)
        self.delivery_row.setVisible(bool(allowed))
        self.location.setVisible("in_person" in r.delivery_methods)
        self.passport_fields.setVisible(bool(r.passport))
        self.support_fields.setVisible(bool(r.commercial_support))
        self.joint.setEnabled(r.providership is Providership.JOINT)
        self.description_count.setText(
            self.tr("%1 of 2,500 characters").replace("%1", f"{len(r.description):,}")
        )
        a = self.assessment()
        self.badge.setText(self.tr(a.status.label))
        self.badge.setStyleSheet(
            f"QLabel#statusBadge {{ color: white; background: {STATUS_COLOURS[a.status]};"
            " border-radius: 9px; padding: 3px 10px; font-weight: bold; }"
        )
        self.blockers.clear()
        for typed, label in self._labels.items():
            if typed.unreadable:
                item = QListWidgetItem(f"✖ {label}: {typed.problem}")
                item.setData(Qt.ItemDataRole.UserRole, self._field_of(typed))
                self.blockers.addItem(item)
        for p in a.blockers:
            item = QListWidgetItem(f"• {p.message}")
            item.setData(Qt.ItemDataRole.UserRole, p.field)
            self.blockers.addItem(item)
        for p in a.warnings:
            item = QListWidgetItem(f"⚠ {p.message}")
            item.setData(Qt.ItemDataRole.UserRole, p.field)
            self.blockers.addItem(item)
        self.blockers.setVisible(self.blockers.count() > 0)
        closed = a.status is Status.CLOSED
        self.close_button.setText(
            self.tr("Reopen") if r.close_requested else self.tr("Close activity")
        )
        self.close_button.setEnabled(closed or r.close_requested or self.can_close())

    def assessment(self) -> Assessment:
        return assess_activity(self.record, self._ctx.today())

    def can_close(self) -> bool:
        """The engine allows closing: asking to close would make the activity Closed."""
        return (
            assess_activity(replace(self.record, close_requested=True), self._ctx.today()).status
            is Status.CLOSED
        )

    # --- editing ---------------------------------------------------------------------------------

    def ask(self, title: str, text: str) -> bool:
        """The one modal seam: tests replace it."""
        answer = QMessageBox.question(
            self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    def _setter(self, field: str) -> Callable[[Any], None]:
        """What a bound widget calls with its new value."""
        return lambda value: self._set(field, value)

    @staticmethod
    def _stripped_text(line: QLineEdit) -> Callable[[], str]:
        return lambda: line.text().strip()

    def _flush_typing(self, but: str) -> None:
        """Save text still waiting on its pause timer before another field's edit redraws the form."""
        for name, (timer, text) in self._typing.items():
            if name != but and timer.isActive():
                timer.stop()
                self._set(name, text(), typing=True)

    def _set(self, field: str, value: Any, typing: bool = False) -> None:
        if self.activity_id is None:
            return
        self._flush_typing(but=field)
        old = getattr(self.record, field)
        if not typing:
            self._end_typing(field)
        if value == old:
            return
        if field in IDENTITY and self.record.accme_activity_id:
            label = field.replace("_", " ")
            if not self.ask(
                self.tr("Change an activity PARS already has?"),
                self.tr(
                    "PARS knows this activity by its Provider Activity ID, format and dates. Changing the %1 "
                    "may make PARS treat it as a new activity instead of updating it. Change it anyway?"
                ).replace("%1", label),
            ):
                self._show_all()
                return
        self.undo_stack.push(FieldEdit(self._apply, self.activity_id, field, old, value, typing))
        if not typing:
            self._end_typing(field)

    def _end_typing(self, field: str) -> None:
        """Leaving a field ends its undo step: the next edit of it is a new step."""
        top = (
            self.undo_stack.command(self.undo_stack.index() - 1)
            if self.undo_stack.index()
            else None
        )
        if isinstance(top, FieldEdit) and top.field == field:
            top.open = False

    def _apply(self, field: str, value: Any) -> None:
        """Make ``field`` hold ``value`` locally and in the store (called by redo and undo)."""
        activity_id = self.activity_id
        if activity_id is None:
            return
        self.record = replace(self.record, **{field: value})
        self._show_all()
        self._pending_saves += 1

        def done(changes: Any) -> None:
            self._pending_saves -= 1
            if activity_id == self.activity_id:
                self.series_bar.edited(field, value)
                if field in self.review.markers:  # a changed field is reviewed
                    self._reload_markers(activity_id)
            self.saved.emit(activity_id)

        def failed(e: Exception) -> None:
            self._pending_saves -= 1
            self.save_failed.emit(str(e))
            QMessageBox.warning(self, self.tr("Not saved"), str(e))
            self.load(activity_id)  # show what the store really holds

        self._ctx.tasks.op(
            lambda: self._ctx.core.activities.update(activity_id, **{field: value}),
            owner=self,
            pool=Pool.WRITE,
            publish=True,
        ).done(done).failed(failed)

    # --- values an import filled in ------------------------------------------------------------

    def _confirm_assigned(self, field: str) -> None:
        activity_id = self.activity_id
        if activity_id is None:
            return

        def done(changes: Any) -> None:
            self._reload_markers(activity_id)

        def failed(e: Exception) -> None:
            QMessageBox.warning(self, self.tr("Not confirmed"), str(e))

        self._ctx.tasks.op(
            lambda: self._ctx.core.activities.confirm_assigned(activity_id, field),
            owner=self,
            pool=Pool.WRITE,
            publish=True,
        ).done(done).failed(failed)

    def _go_to_choice(self, field: str) -> None:
        """Put the cursor where the choice is made: the delivery row itself takes no focus,
        so its first offered checkbox does."""
        if field == "delivery_methods":
            offered = [b for b in self.delivery.values() if not b.isHidden()]
            if offered:
                self.scroll_area.ensureWidgetVisible(offered[0])
                offered[0].setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.focus_field(field)

    def _reload_markers(self, activity_id: int) -> None:
        def shown(markers: dict[str, ReviewMarker]) -> None:
            if activity_id == self.activity_id:
                self._show_markers(markers)

        self._ctx.tasks.op(
            lambda: self._ctx.core.activities.import_markers(activity_id),
            owner=self,
            pool=Pool.WRITE,
            publish=False,
        ).done(shown)

    def _show_markers(self, markers: dict[str, ReviewMarker]) -> None:
        """The bar above the form, and a flag and tooltip on each marked field's own row."""
        had = set(self.review.markers)
        self.review.show_markers(markers)
        for field in had | set(markers):
            w = self.widget_for(field)
            tip = self.review.tooltip_for(field)
            w.setToolTip(tip)
            target = self._outcomes_grid if field == "outcomes" else w
            for form in self.findChildren(QFormLayout):
                label = form.labelForField(target)
                if isinstance(label, QLabel):
                    text = label.text().removeprefix(FLAG)
                    label.setText(FLAG + text if tip else text)
                    label.setToolTip(tip)

    @property
    def saving(self) -> bool:
        return self._pending_saves > 0

    def _toggle_close(self) -> None:
        self._set("close_requested", not self.record.close_requested)

    def _commit_text(self, timer: QTimer, field: str, line: QLineEdit) -> None:
        timer.stop()
        line.setModified(False)  # committed: from here the store's text may be shown
        self._set(field, line.text().strip())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.description
            and event.type() == QEvent.Type.FocusOut
            and self._description_timer.isActive()
        ):
            self._description_timer.stop()
            self._set("description", self.description.toPlainText())
        return super().eventFilter(watched, event)

    def _description_typed(self) -> None:
        self.description_count.setText(
            self.tr("%1 of 2,500 characters").replace(
                "%1", f"{len(self.description.toPlainText()):,}"
            )
        )
        self._description_timer.start()

    def _outcomes_value(self) -> tuple[Outcome, ...]:
        return tuple(
            Outcome(code, objective.isChecked(), subjective.isChecked())
            for code, (objective, subjective) in self.outcome_boxes.items()
            if objective.isChecked() or subjective.isChecked()
        )

    def _show_sources(self, sources: tuple[SupportSource, ...]) -> None:
        self.sources.setRowCount(len(sources))
        for i, s in enumerate(sources):
            self.sources.setItem(i, 0, QTableWidgetItem(s.source))
            kind = QTableWidgetItem(
                self.tr("In kind") if s.kind is SupportKind.IN_KIND else self.tr("Monetary")
            )
            self.sources.setItem(i, 1, kind)
            self.sources.setItem(i, 2, QTableWidgetItem("" if s.amount is None else str(s.amount)))

    def _sources_value(self) -> tuple[SupportSource, ...]:
        out = []
        for i in range(self.sources.rowCount()):
            cells = [self.sources.item(i, c) for c in range(3)]
            source = cells[0].text().strip() if cells[0] else ""
            in_kind = bool(cells[1]) and cells[1].text().strip().lower().startswith("in")  # type: ignore[union-attr]
            amount = self._typed_amount(i, cells[2])
            out.append(
                SupportSource(
                    source,
                    SupportKind.IN_KIND if in_kind else SupportKind.MONETARY,
                    None if in_kind else amount,
                )
            )
        return tuple(out)

    def _typed_amount(self, row: int, cell: QTableWidgetItem | None) -> int | None:
        """A supporter's dollars as typed ("12,500", "$12,500.00"); unreadable text keeps the
        saved amount and is marked on the cell."""
        kept = (
            self.record.support_sources[row].amount
            if row < len(self.record.support_sources)
            else None
        )
        if cell is None:
            return kept
        try:
            amount = parse_typed_count(cell.text())
            problem = ""
        except ValueError as e:
            amount, problem = kept, str(e)
        self.sources.blockSignals(True)
        cell.setToolTip(problem)
        cell.setBackground(QColor("#f9dedc") if problem else QColor(0, 0, 0, 0))
        self.sources.blockSignals(False)
        return amount

    def _add_source(self) -> None:
        self._set(
            "support_sources",
            (*self.record.support_sources, SupportSource("", SupportKind.MONETARY)),
        )
        self.sources.setCurrentCell(self.sources.rowCount() - 1, 0)
        item = self.sources.item(self.sources.rowCount() - 1, 0)
        if item is not None:
            self.sources.editItem(item)

    def _remove_source(self) -> None:
        row = self.sources.currentRow()
        if 0 <= row < len(self.record.support_sources):
            kept = tuple(s for i, s in enumerate(self.record.support_sources) if i != row)
            self._set("support_sources", kept)

    # --- navigation ------------------------------------------------------------------------------

    def widget_for(self, field: str) -> QWidget:
        if field.startswith("moc."):
            board = field.split(".")[1]
            return self.moc.sections.get(board, self.moc)
        return self.field_widgets.get(field, self.title)

    def _field_of(self, typed: TypedLine) -> str:
        for board, section in self.moc.sections.items():
            if typed in (section.points, section.claim_date):
                return f"moc.{board}"
        named = {
            self.start: "start_date",
            self.end: "end_date",
            self.credits: "ama_credits",
            self.physicians: "physician_learners",
            self.others: "other_learners",
        }
        return named.get(typed, "title")

    def focus_field(self, field: str) -> None:
        """Scroll to the field's widget and put the cursor in it (from a blocker or a sync error)."""
        w = self.widget_for(field or "title")
        self.scroll_area.ensureWidgetVisible(w)
        w.setFocus(Qt.FocusReason.OtherFocusReason)
