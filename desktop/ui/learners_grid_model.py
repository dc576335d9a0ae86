"""The learners grid's Qt model: rows of typed cells over one activity's completions; saves
each change through ``tasks.op``. The rows, their records and their checks are Qt-free
(``desktop.models.grid_rows``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from desktop.models import coerce
from desktop.models.changes import Changes
from desktop.models.grid_rows import (
    BASE_COLUMNS,
    LEARNER_KEYS,
    GridRow,
    check,
    columns_for,
    completion_of,
    consent_text,
    from_stored,
    learner_of,
)
from desktop.models.queries.rows import CompletionRow
from desktop.models.record_state import UNSENT_STATES, completion_state
from desktop.models.records import ActivityRecord, CompletionRecord, LearnerRecord
from desktop.models.services.errors import NotAllowed
from desktop.ui.context import AppContext
from desktop.ui.tasks import Pool

_Index = QModelIndex | QPersistentModelIndex


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
            count = self._ctx.core.completion_list.count(activity_id=activity_id)
            return self._ctx.core.activities.get(activity_id), self._ctx.core.completion_list.page(
                activity_id=activity_id, limit=max(count, 1)
            )

        def shown(result: tuple[ActivityRecord, list[CompletionRow]]) -> None:
            activity, stored = result
            self.beginResetModel()
            self.activity_id, self.activity = activity_id, activity
            self.columns = columns_for(activity)
            self.rows = [from_stored(c) for c in stored] + [GridRow()]
            self.endResetModel()

        self._ctx.tasks.op(work, owner=self, pool=Pool.WRITE, publish=False).done(shown)

    def _elsewhere(self, changes: Changes, _initiator: object) -> None:
        """These records changed — here (a fix re-checks a record and may clear its hold or
        rejection), by matching or by a sync: refresh their states in place, so a cell being
        typed in is not disturbed."""
        if self.activity_id is None:
            return
        if not (changes.learners or changes.completions or changes.everything):
            return
        activity_id = self.activity_id

        def work() -> list[CompletionRow]:
            count = self._ctx.core.completion_list.count(activity_id=activity_id)
            return self._ctx.core.completion_list.page(activity_id=activity_id, limit=max(count, 1))

        def shown(stored: list[CompletionRow]) -> None:
            if activity_id != self.activity_id:
                return
            fresh = {c.completion_id: from_stored(c) for c in stored}
            for row in self.rows:
                new = fresh.get(row.completion_id or 0)
                if new is not None:
                    row.state, row.reason, row.pars_errors = new.state, new.reason, new.pars_errors
                    row.match_status, row.replaces_id = new.match_status, new.replaces_id
                    # A split gives the record to another person: the row's identity cells
                    # now edit that person.
                    row.learner_id = new.learner_id
                    row.checked = None
            if self.rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1)
                )

        self._ctx.tasks.op(work, owner=self, pool=Pool.WRITE, publish=False).done(shown)

    def _refresh(self, activity_id: int) -> None:
        """Take the stored rows in place, without a reset: a reset closes the cell editor the
        coordinator is already typing the next learner in, and that typing would be lost."""

        def work() -> list[CompletionRow]:
            count = self._ctx.core.completion_list.count(activity_id=activity_id)
            return self._ctx.core.completion_list.page(activity_id=activity_id, limit=max(count, 1))

        def shown(stored: list[CompletionRow]) -> None:
            if activity_id != self.activity_id:
                return
            at = {row.completion_id: i for i, row in enumerate(self.rows) if row.completion_id}
            pending = any(row.completion_id == -1 for row in self.rows)
            if not pending and any(c.completion_id not in at for c in stored):
                self.load(activity_id)  # rows added elsewhere: the full picture
                return
            # A row still being created is taken when its own save comes back.
            for c in stored:
                if c.completion_id in at:
                    self.rows[at[c.completion_id]] = from_stored(c)
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1)
            )

        self._ctx.tasks.op(work, owner=self, pool=Pool.WRITE, publish=False).done(shown)

    # --- records from cells ------------------------------------------------------------------

    def learner_of(self, row: GridRow) -> LearnerRecord:
        return learner_of(row)

    def completion_of(self, row: GridRow) -> CompletionRecord:
        return completion_of(row, self.columns)

    def problems(self, row: GridRow) -> dict[str, str]:
        """Column key → message, from typing (unparseable cells) and from PARS's rules."""
        if row.checked is None:
            row.checked = check(row, self.columns, self.activity, self._ctx.today())
        return row.checked

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
            consent=consent_text(
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
            self._ctx.tasks.op(
                lambda: self._ctx.core.learners.update_learner(learner_id, **fields),
                owner=self,
                pool=Pool.WRITE,
                publish=True,
            ).failed(self._refused)
        if keys - LEARNER_KEYS:
            completion, completion_id = self.completion_of(row), row.completion_id

            def refused(e: Exception) -> None:
                if isinstance(e, NotAllowed) and e.code == "submitted":
                    self.correction_needed.emit(completion_id, completion)
                else:
                    self._refused(e)

            self._ctx.tasks.op(
                lambda: self._ctx.core.learners.update_completion(completion_id, completion),
                owner=self,
                pool=Pool.WRITE,
                publish=True,
            ).failed(refused)

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
            ids, _changes = result
            for row, cid in zip(placeholders, ids, strict=True):
                row.completion_id = cid
            self._refresh(activity_id)  # picks up learner ids and stored values

        def failed(e: Exception) -> None:
            for row in placeholders:
                row.completion_id, row.state = None, ""
            self._refused(e)

        self._ctx.tasks.op(
            lambda: self._ctx.core.learners.enter_completions(activity_id, entries),
            owner=self,
            pool=Pool.WRITE,
            publish=True,
        ).done(done).failed(failed)
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
                changes = changes | self._ctx.core.learners.delete_completion(cid)
            return changes

        def done(changes: Any) -> None:
            if activity_id is not None:
                self.load(activity_id)

        self._ctx.tasks.op(work, owner=self, pool=Pool.WRITE, publish=True).done(done).failed(
            self._refused
        )

    def correct(self, completion_id: int, record: CompletionRecord) -> None:
        """Send a correction: a queued delete of the record PARS has plus the corrected add."""

        def done(result: tuple[int, Changes]) -> None:
            if self.activity_id is not None:
                self.load(self.activity_id)

        self._ctx.tasks.op(
            lambda: self._ctx.core.learners.correct_completion(completion_id, record),
            owner=self,
            pool=Pool.WRITE,
            publish=True,
        ).done(done).failed(self._refused)

    def _refused(self, e: Exception) -> None:
        self.problem.emit(str(e))
        if self.activity_id is not None:
            self.load(self.activity_id)
