"""Keyboard entry of learner completions for one activity (SPEC M6).

One row per completion, plus an empty row at the bottom for the next entry. Tab/Enter move
between cells; rows copied from Excel paste in; each cell shows PARS's rules as you type.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMessageBox, QTableView, QWidget

from desktop.models import coerce
from desktop.models.changes import Changes
from desktop.models.match_states import MULTIPLE, UNMATCHED
from desktop.models.queries.rows import CompletionRow
from desktop.models.record_state import UNSENT_STATES, completion_state, local_problems
from desktop.models.records import (
    ActivityRecord,
    CompletionRecord,
    Consent,
    CreditRecord,
    LearnerRecord,
)
from desktop.models.rules import Problem
from desktop.models.rules.moc_learner_rules import parse_credit_type
from desktop.models.services.errors import NotAllowed
from desktop.ui.context import AppContext
from desktop.ui.person_completer import NameCellDelegate

if TYPE_CHECKING:
    from desktop.models.services.people import PersonName

_Index = QModelIndex | QPersistentModelIndex
BASE_COLUMNS = (
    ("first_name", "First name"),
    ("last_name", "Last name"),
    ("birth", "Birth (MM/DD)"),
    ("license_state", "State of licensure"),
    ("license_number", "License #"),
    ("npi", "NPI"),
    ("board_ids", "Board IDs"),
    # One cell answers both: Y/N, or the date consent was given (how sheets already have it).
    ("consent", "Consent (Y/N or date)"),
    ("completion_date", "Completed on"),
    ("cme", "CME credits"),
)
LEARNER_KEYS = {
    "first_name",
    "last_name",
    "birth",
    "license_state",
    "license_number",
    "npi",
    "board_ids",
    "consent",
}
# A birth typed as month/day, kept as typed even when it is not a day of the year (2/30), so
# the row is saved as a draft and the problem is shown on its cell rather than lost.
_MONTH_DAY = re.compile(r"(\d{1,2})[/\-.](\d{1,2})")


@dataclass
class GridRow:
    """One row as the grid edits it: typed text per column, and the stored ids once saved."""

    cells: dict[str, str] = field(default_factory=dict)
    learner_id: int | None = None
    completion_id: int | None = None
    state: str = ""
    reason: str = ""
    pars_errors: tuple[dict[str, str], ...] = ()
    match_status: str = "not_checked"
    replaces_id: int | None = None  # a correction: the submitted record it replaces
    # The rules' verdict for the current cells: painting asks for it for every visible cell.
    checked: dict[str, str] | None = None
    rule_problems: tuple[Problem, ...] = ()


class LearnersGridModel(QAbstractTableModel):
    problem = Signal(str)  # a save that was refused, in plain words
    # A change to a record PARS holds: (completion id, corrected record) for the view to offer
    # a correction (PARS records are never edited: delete the old, add the new).
    correction_needed = Signal(int, object)

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self._ctx = ctx
        self.activity_id: int | None = None
        self.activity = ActivityRecord()
        self.rows: list[GridRow] = [GridRow()]
        self.columns: list[tuple[str, str]] = list(BASE_COLUMNS)
        ctx.bus.data_changed.connect(self._elsewhere)
        self.hold_unmatched: Callable[[], bool] = lambda: bool(ctx.prefs.hold_unmatched)

    # --- loading -----------------------------------------------------------------------------

    def load(self, activity_id: int) -> None:
        def work() -> tuple[ActivityRecord, list[CompletionRow]]:
            count = self._ctx.completion_list.count(activity_id=activity_id)
            return self._ctx.activities.get(activity_id), self._ctx.completion_list.page(
                activity_id=activity_id, limit=max(count, 1)
            )

        def shown(result: tuple[ActivityRecord, list[CompletionRow]]) -> None:
            activity, stored = result
            self.beginResetModel()
            self.activity_id, self.activity = activity_id, activity
            boards = [m.board for m in activity.moc]
            # A learner's credit type is asked only where the activity offers a choice.
            typed = [m.board for m in activity.moc if len(m.credit_types) > 1]
            self.columns = [
                *BASE_COLUMNS,
                *((f"moc.{b}", f"{b} MOC points") for b in boards),
                *((f"moc_type.{b}", f"{b} credit type") for b in typed),
                ("state", "State"),
            ]
            self.rows = [self._from_stored(c) for c in stored] + [GridRow()]
            self.endResetModel()

        self._ctx.tasks.db(work, shown)

    @staticmethod
    def _from_stored(c: CompletionRow) -> GridRow:
        cells = {
            "first_name": c.first_name,
            "last_name": c.last_name,
            "birth": f"{c.birth_month:02d}/{c.birth_day:02d}"
            if c.birth_month and c.birth_day
            else "",
            "license_state": c.license_state,
            "license_number": c.license_number,
            "npi": c.npi,
            "board_ids": "; ".join(f"{b}: {i}" for b, i in sorted(c.board_ids.items())),
            "consent": _consent_text(c.consent, c.consent_date),
            "completion_date": c.completion_date.strftime("%m/%d/%Y") if c.completion_date else "",
        }
        for board, points in c.credits.items():
            cells["cme" if board == "CME" else f"moc.{board}"] = str(points)
        for board, kind in c.credit_types.items():
            cells[f"moc_type.{board}"] = kind
        return GridRow(
            cells,
            c.learner_id,
            c.completion_id,
            c.state,
            c.state_reason or "",
            c.errors,
            c.match_status,
            c.replaces_id,
        )

    def _elsewhere(self, changes: Changes, _initiator: object) -> None:
        """These records changed — here (a fix re-checks a record and may clear its hold or
        rejection), by matching or by a sync: refresh their states in place, so a cell being
        typed in is not disturbed."""
        if self.activity_id is None:
            return
        if not (changes.learners or changes.completions or changes.sync):
            return
        activity_id = self.activity_id

        def work() -> list[CompletionRow]:
            count = self._ctx.completion_list.count(activity_id=activity_id)
            return self._ctx.completion_list.page(activity_id=activity_id, limit=max(count, 1))

        def shown(stored: list[CompletionRow]) -> None:
            if activity_id != self.activity_id:
                return
            fresh = {c.completion_id: self._from_stored(c) for c in stored}
            for row in self.rows:
                new = fresh.get(row.completion_id or 0)
                if new is not None:
                    row.state, row.reason, row.pars_errors = new.state, new.reason, new.pars_errors
                    row.match_status, row.replaces_id = new.match_status, new.replaces_id
                    row.checked = None
            if self.rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1)
                )

        self._ctx.tasks.db(work, shown)

    # --- records from cells ------------------------------------------------------------------

    def learner_of(self, row: GridRow) -> LearnerRecord:
        c = row.cells
        month_day = _try(coerce.parse_month_day, c.get("birth", "")) or _loose_month_day(
            c.get("birth", "")
        )
        return LearnerRecord(
            first_name=coerce.clean(c.get("first_name")),
            last_name=coerce.clean(c.get("last_name")),
            birth_month=month_day[0] if month_day else None,
            birth_day=month_day[1] if month_day else None,
            license_state=_try(coerce.parse_state, c.get("license_state", ""))
            or coerce.clean(c.get("license_state")),
            license_number=coerce.identifier(c.get("license_number")),
            npi=coerce.identifier(c.get("npi")),
            board_ids=_try(coerce.parse_board_ids, c.get("board_ids", "")) or {},
            consent=_consent_of(c),
            consent_date=(_try(coerce.parse_consent, c.get("consent", "")) or (None, None))[1],
            consent_source="learners grid" if _consent_of(c) else "",
        )

    def completion_of(self, row: GridRow) -> CompletionRecord:
        c = row.cells
        credits = []
        cme = _try(coerce.parse_decimal, c.get("cme", ""))
        if cme is not None:
            credits.append(CreditRecord(None, cme))
        for key, _label in self.columns:
            if key.startswith("moc."):
                points = _try(coerce.parse_decimal, c.get(key, ""))
                if points is not None:
                    kind = _try(_credit_type(key[4:]), c.get(f"moc_type.{key[4:]}", ""))
                    credits.append(CreditRecord(key[4:], points, credit_type=kind))
        return CompletionRecord(
            _try(coerce.parse_date, c.get("completion_date", "")), tuple(credits)
        )

    def problems(self, row: GridRow) -> dict[str, str]:
        """Column key → message, from typing (unparseable cells) and from PARS's rules."""
        if row.checked is None:
            row.checked = self._check(row)
        return row.checked

    def _check(self, row: GridRow) -> dict[str, str]:
        out: dict[str, str] = {}
        if not any(row.cells.values()):
            return out
        parsers: dict[str, Callable[[str], object]] = {
            "birth": coerce.parse_month_day,
            "license_state": coerce.parse_state,
            "board_ids": coerce.parse_board_ids,
            "consent": coerce.parse_consent,
            "completion_date": coerce.parse_date,
            "cme": coerce.parse_decimal,
        }
        for key, _label in self.columns:
            if key.startswith("moc_type."):
                parsers[key] = _credit_type(key[9:])
        for key, parse in parsers.items():
            try:
                parse(row.cells.get(key, ""))
            except ValueError as e:
                out[key] = str(e)
        learner, completion = self.learner_of(row), self.completion_of(row)
        row.rule_problems = local_problems(learner, completion, self.activity, self._ctx.today())
        for p in row.rule_problems:
            out.setdefault(_column_key(p.field), p.message)
        if row.match_status in UNMATCHED and row.state in UNSENT_STATES:
            key = "license_number" if row.match_status == MULTIPLE else "last_name"
            out.setdefault(key, UNMATCHED[row.match_status])
        for err in row.pars_errors:
            out.setdefault(_column_key(err.get("field", "")), err.get("message", ""))
        return out

    # --- the model ---------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.tr(self.columns[section][1])
        return "*" if section == len(self.rows) - 1 else str(section + 1)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()][0] == "state":
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = self.columns[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if key == "state":
                return self.state_text(row)
            return row.cells.get(key, "")
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole):
            problem = self.problems(row).get(key)
            if key == "state" and row.reason:
                problem = row.reason
            if role == Qt.ItemDataRole.ToolTipRole:
                return problem
            return QColor("#fde7e9") if problem else None
        return None

    def state_text(self, row: GridRow) -> str:
        if not row.state:
            return ""  # the empty row for the next entry
        self.problems(row)  # the rules' verdict on what is typed now
        return completion_state(
            row.state,
            row.reason,
            replaces_id=row.replaces_id,
            match_status=row.match_status,
            hold_unmatched=self.hold_unmatched(),
            problems=row.rule_problems if row.state in UNSENT_STATES else (),
            errors=row.pars_errors,
        ).text

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = self.rows[index.row()]
        key = self.columns[index.column()][0]
        text = coerce.clean(value)
        if row.cells.get(key, "") == text:
            return False
        row.cells[key] = text
        row.checked = None
        self.dataChanged.emit(
            self.index(index.row(), 0), self.index(index.row(), len(self.columns) - 1)
        )
        self._save(index.row(), {key})
        return True

    def fill_person(self, index: int, person: LearnerRecord) -> None:
        """A person chosen from the directory: their identity in the row's learner cells (only
        a row not saved yet; saving it then finds the same person)."""
        if not 0 <= index < len(self.rows) or self.rows[index].completion_id is not None:
            return
        row = self.rows[index]
        row.cells.update(
            first_name=person.first_name,
            last_name=person.last_name,
            birth=f"{person.birth_month:02d}/{person.birth_day:02d}"
            if person.birth_month and person.birth_day
            else "",
            license_state=person.license_state,
            license_number=person.license_number,
            npi=person.npi,
            board_ids="; ".join(f"{b}: {i}" for b, i in sorted(person.board_ids.items())),
            consent=_consent_text(
                person.consent.value if person.consent else None, person.consent_date
            ),
        )
        row.checked = None
        self.dataChanged.emit(self.index(index, 0), self.index(index, len(self.columns) - 1))

    def paste(self, top: int, left: int, text: str) -> int:
        """Paste tab-separated rows; new entries go in as one action. Returns rows pasted."""
        lines = [
            line
            for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
            if line.strip()
        ]
        if not lines:
            return 0
        keys = [k for k, _ in self.columns if k != "state"]
        start = keys.index(self.columns[left][0]) if self.columns[left][0] in keys else 0
        new_rows: list[GridRow] = []
        for line in lines:
            row = GridRow()
            for offset, value in enumerate(line.split("\t")):
                if start + offset < len(keys):
                    row.cells[keys[start + offset]] = coerce.clean(value)
            new_rows.append(row)
        at = len(self.rows) - 1  # pasted entries always become new rows, above the empty one
        self.beginInsertRows(QModelIndex(), at, at + len(new_rows) - 1)
        self.rows[at:at] = new_rows
        self.endInsertRows()
        self._create([at + i for i in range(len(new_rows))])
        return len(new_rows)

    # --- saving ------------------------------------------------------------------------------

    def _ready(self, row: GridRow) -> bool:
        """Anything typed is saved: a row with problems becomes a draft that is never sent."""
        return any(row.cells.values())

    def commit_row(self, index: int) -> None:
        """A new row is saved when the coordinator leaves it (like a spreadsheet's Enter)."""
        if (
            0 <= index < len(self.rows)
            and self.rows[index].completion_id is None
            and self.rows[index].cells
        ):
            self._create([index])

    def _save(self, index: int, keys: set[str]) -> None:
        row = self.rows[index]
        if row.completion_id is None or row.completion_id < 0:
            return  # not saved yet (or being saved): the row is committed when it is left
        if keys & LEARNER_KEYS:
            learner, learner_id = self.learner_of(row), row.learner_id
            assert learner_id is not None
            fields = {k: getattr(learner, k) for k in learner.__dataclass_fields__}
            self._ctx.tasks.db(
                lambda: self._ctx.learners.update_learner(learner_id, **fields),
                self._published,
                self._refused,
            )
        if keys - LEARNER_KEYS:
            completion, completion_id = self.completion_of(row), row.completion_id

            def refused(e: Exception) -> None:
                if isinstance(e, NotAllowed) and e.code == "submitted":
                    self.correction_needed.emit(completion_id, completion)
                else:
                    self._refused(e)

            self._ctx.tasks.db(
                lambda: self._ctx.learners.update_completion(completion_id, completion),
                self._published,
                refused,
            )

    def _create(self, indexes: list[int]) -> None:
        ready = [i for i in indexes if self._ready(self.rows[i])]
        if not ready or self.activity_id is None:
            return
        activity_id = self.activity_id
        entries = [(self.learner_of(self.rows[i]), self.completion_of(self.rows[i])) for i in ready]
        placeholders = [self.rows[i] for i in ready]
        for row in placeholders:
            self.problems(row)
            row.state = "draft" if row.rule_problems else "queued"
            row.completion_id = -1  # being created: not created twice

        def done(result: tuple[list[int], Any]) -> None:
            ids, changes = result
            for row, cid in zip(placeholders, ids, strict=True):
                row.completion_id = cid
            self.load(activity_id)  # picks up learner ids and stored values
            self._ctx.bus.publish(changes, self)

        def failed(e: Exception) -> None:
            for row in placeholders:
                row.completion_id, row.state = None, ""
            self._refused(e)

        self._ctx.tasks.db(
            lambda: self._ctx.learners.enter_completions(activity_id, entries), done, failed
        )
        if self.rows[-1].cells:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows))
            self.rows.append(GridRow())
            self.endInsertRows()

    def delete_rows(self, indexes: list[int]) -> None:
        ids = [self.rows[i].completion_id for i in indexes if (self.rows[i].completion_id or 0) > 0]
        activity_id = self.activity_id

        def work() -> Changes:
            changes = Changes()
            for cid in ids:
                assert cid is not None
                changes = changes | self._ctx.learners.delete_completion(cid)
            return changes

        def done(changes: Any) -> None:
            self._ctx.bus.publish(changes, self)
            if activity_id is not None:
                self.load(activity_id)

        self._ctx.tasks.db(work, done, self._refused)

    def correct(self, completion_id: int, record: CompletionRecord) -> None:
        """Send a correction: a queued delete of the record PARS has plus the corrected add."""

        def done(result: tuple[int, Changes]) -> None:
            self._ctx.bus.publish(result[1], self)
            if self.activity_id is not None:
                self.load(self.activity_id)

        self._ctx.tasks.db(
            lambda: self._ctx.learners.correct_completion(completion_id, record),
            done,
            self._refused,
        )

    def _published(self, changes: Any) -> None:
        self._ctx.bus.publish(changes, self)

    def _refused(self, e: Exception) -> None:
        self.problem.emit(str(e))
        if self.activity_id is not None:
            self.load(self.activity_id)


def _credit_type(board: str) -> Callable[[str], str | None]:
    return lambda text: parse_credit_type(text, board)


def _consent_of(cells: dict[str, str]) -> Consent | None:
    """The consent the row's cell says: Yes/No, or a date (given on that day)."""
    answer, _ = _try(coerce.parse_consent, cells.get("consent", "")) or (None, None)
    return Consent(answer) if answer else None


def _consent_text(consent: str | None, when: date | None) -> str:
    if consent == Consent.REFUSED:
        return "No"
    if consent == Consent.GIVEN:
        return when.strftime("%m/%d/%Y") if when else "Yes"
    return ""


def _column_key(problem_field: str) -> str:
    mapping = {
        "birth_date": "birth",
        "cme_credits": "cme",
        "credits": "cme",
        "learner": "last_name",
        "credit_id": "state",
        "accme_activity_id": "state",
        "consent_date": "consent",
    }
    if problem_field.startswith("board_ids"):
        return "board_ids"
    return mapping.get(problem_field, problem_field)


def _loose_month_day(text: str) -> tuple[int, int] | None:
    m = _MONTH_DAY.fullmatch(text.strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


def _try(parse: Any, value: Any) -> Any:
    try:
        return parse(value)
    except ValueError:
        return None


class LearnersGrid(QTableView):
    """The view: Enter moves down like a spreadsheet, Ctrl+V pastes rows, Delete deletes."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.grid = LearnersGridModel(ctx)
        self.setModel(self.grid)
        self.setItemDelegate(
            NameCellDelegate(
                ctx,
                self._completes,
                self._person_chosen,
                self._cell_kind,
                lambda: self.grid.activity.end_date or self.grid.activity.start_date,
                self,
            )
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setDefaultSectionSize(120)
        self._focus: tuple[int, str] | None = None
        self.grid.modelReset.connect(self._apply_focus)
        self.grid.problem.connect(
            lambda text: QMessageBox.warning(self, self.tr("Not saved"), text)
        )
        self.grid.correction_needed.connect(self._offer_correction)

    def _completes(self, row: int, column: int) -> bool:
        """The directory completes the last name of a row not saved yet."""
        key = self.grid.columns[column][0] if column < len(self.grid.columns) else ""
        return (
            key == "last_name"
            and row < len(self.grid.rows)
            and self.grid.rows[row].completion_id is None
        )

    def _person_chosen(self, row: int, person: PersonName) -> None:
        self._ctx.tasks.db(
            lambda: self._ctx.learners.get_learner(person.id),
            lambda record: self.grid.fill_person(row, record),
        )

    def _cell_kind(self, column: int) -> str:
        """Which typed field edits a column's cells (desktop/ui/fields)."""
        key = self.grid.columns[column][0] if column < len(self.grid.columns) else ""
        if key in ("consent_date", "completion_date"):
            return "date"
        if key == "cme" or key.startswith("moc."):
            return "decimal"
        return ""

    def ask(self, title: str, text: str) -> bool:
        """The one modal seam: tests replace it."""
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes

    def _offer_correction(self, completion_id: int, record: CompletionRecord) -> None:
        if self.ask(
            self.tr("Send a correction?"),
            self.tr(
                "PARS already has this record, and PARS records cannot be edited. "
                "Send a correction? On the next sync the old record is deleted in PARS and "
                "the corrected one added, with new Credit IDs."
            ),
        ):
            self.grid.correct(completion_id, record)
        elif self.grid.activity_id is not None:
            self.grid.load(self.grid.activity_id)  # back to what PARS has

    def focus_completion(self, completion_id: int, field: str = "") -> None:
        """Select a completion's cell for ``field`` once the grid holds it (from sync results)."""
        self._focus = (completion_id, field)
        self._apply_focus()

    def _apply_focus(self) -> None:
        if self._focus is None:
            return
        completion_id, field = self._focus
        rows = [i for i, r in enumerate(self.grid.rows) if r.completion_id == completion_id]
        if not rows:
            return
        key = _column_key(field)
        keys = [k for k, _ in self.grid.columns]
        column = keys.index(key) if key in keys else len(keys) - 1
        self.setCurrentIndex(self.grid.index(rows[0], column))
        self.setFocus()
        self._focus = None

    def currentChanged(
        self,
        current: QModelIndex | QPersistentModelIndex,
        previous: QModelIndex | QPersistentModelIndex,
    ) -> None:
        super().currentChanged(current, previous)
        if previous.isValid() and previous.row() != current.row():
            self.grid.commit_row(previous.row())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if event.matches(QKeySequence.StandardKey.Paste):
            text = QGuiApplication.clipboard().text()
            if index.isValid() and text:
                self.grid.paste(index.row(), index.column(), text)
            return
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.state() != QAbstractItemView.State.EditingState
        ):
            if index.isValid() and index.row() + 1 < self.grid.rowCount():
                self.setCurrentIndex(self.grid.index(index.row() + 1, index.column()))
            elif index.isValid():
                self.grid.commit_row(index.row())
            return
        if (
            event.key() == Qt.Key.Key_Delete
            and self.state() != QAbstractItemView.State.EditingState
        ):
            rows = sorted(
                {i.row() for i in self.selectedIndexes()}
                or ({index.row()} if index.isValid() else set())
            )
            saved = [r for r in rows if (self.grid.rows[r].completion_id or 0) > 0]
            if saved and self.ask(
                self.tr("Delete learner records?"),
                self.tr(
                    "Delete %n record(s)? Records PARS has are deleted there on the next sync.",
                    "",
                    len(saved),
                ),
            ):
                self.grid.delete_rows(saved)
            return
        super().keyPressEvent(event)
