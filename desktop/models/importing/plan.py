"""One code path for the dry run and the commit: every row of the file read into records and
checked with PARS's own rules, duplicates found (in the file and against the store), every
problem named by row and column. ``commit`` then writes exactly the rows this found valid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from itertools import compress
from operator import attrgetter, itemgetter, not_
from typing import Any

from sqlalchemy import select

from desktop.models import coerce
from desktop.models.entities import Activity, Completion, CompletionCredit, Learner
from desktop.models.importing.activity_cells import LONG_CELLS, registry_values
from desktop.models.importing.assigned import Marker, takes_start_as_end
from desktop.models.importing.cell_columns import (
    DEFAULT_MAX_CELL,
    MAX_CELL,
    Coercion,
    whole_number,
)
from desktop.models.importing.cell_columns import (
    cells as column_cells,
)
from desktop.models.importing.columns import Kind, column_name
from desktop.models.importing.learner_rows import LearnerRows
from desktop.models.importing.problems import CellProblem, ImportProblem
from desktop.models.importing.problems import RowResult as RowResult  # its old home
from desktop.models.importing.reading import Table, no_cycle_collection
from desktop.models.mapping import activity_record, with_children
from desktop.models.records import (
    ActivityRecord,
    CompletionRecord,
    Providership,
)
from desktop.models.reference import load_reference
from desktop.models.rules import check_completion
from desktop.models.rules.problems import Problem
from desktop.models.store import Store

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
# A registry column's compact text (a board's whole MOC registration) may be long.
MAX_CELL.update(LONG_CELLS)
_problems = attrgetter("problems")
_first_cell = itemgetter(0)
CHUNK = 5000  # rows checked column by column at a time; progress and cancel between chunks
# What makes two rows the same learner (with the activity and date, the same completion).
IDENTITY = (
    Learner.first_name,
    Learner.last_name,
    Learner.birth_month,
    Learner.birth_day,
    Learner.license_state,
)
# A rules problem names a record field; these are the file's columns that hold it.
RULE_COLUMNS = {
    "birth_date": ("birth_date", "birth_month", "birth_day"),
    "credits": ("cme_credits",),
    "cme_credits": ("cme_credits",),
    "learner": ("last_name",),
}


@dataclass
class ImportPlan:
    kind: Kind
    source_name: str
    headings: list[Any]
    header_row: int  # 1-based; 0 when the file has none (legacy templates)
    mapping: dict[str, int]
    rows: list[RowResult]
    notes: list[str] = field(default_factory=list)  # about the file as a whole
    blank_rows: int = 0

    # Worked out on each call, not kept: the commit adds problems (rows imported meanwhile by
    # another window) and asks again. Each is one pass in C over 100,000 rows.
    @property
    def valid(self) -> list[RowResult]:
        return list(compress(self.rows, map(not_, map(_problems, self.rows))))

    @property
    def failed(self) -> list[RowResult]:
        return list(compress(self.rows, map(_problems, self.rows)))

    def summary(self) -> str:
        ok, bad = len(self.valid), len(self.failed)
        return (
            f"{ok:,} row{'s' if ok != 1 else ''} ready to import, {bad:,} with problems"
            + (
                f", {self.blank_rows:,} blank row{'s' if self.blank_rows != 1 else ''} skipped"
                if self.blank_rows
                else ""
            )
            + "."
        )


def plan_import(
    store: Store,
    table: Table,
    kind: Kind,
    header_row: int,
    mapping: dict[str, int],
    today: date,
    activity_id: int | None = None,
    source_name: str = "",
    progress: Progress = lambda _d, _t: None,
    cancel: Cancel = lambda: False,
) -> ImportPlan:
    """Check every row below ``header_row`` (0-based index into the table's rows)."""
    if header_row >= len(table.rows):
        raise ImportProblem("The file has a header row but no rows below it.")
    headings = list(table.rows[header_row])
    data = table.rows[header_row + 1 :]
    if not any(any(_filled(c) for c in row) for row in data):
        raise ImportProblem("The file has a header row but no data below it.")
    plan = ImportPlan(kind, source_name, headings, header_row + 1, dict(mapping), [])
    missing = [f for f in _required(kind, mapping, activity_id)]
    if missing:
        raise ImportProblem("Map a column to: " + ", ".join(missing) + ".")
    total = len(data)
    # A fifth of the time at 100,000 rows otherwise; the store's activities and completions are
    # loaded with it off too (the sheet just read is a million objects for it to walk).
    with no_cycle_collection():
        checker = _Checker(store, kind, headings, mapping, today, activity_id, data)
        for start in range(0, total, CHUNK):
            if cancel():
                raise ImportProblem("Cancelled: nothing was imported.")
            progress(start, total)
            chunk = data[start : start + CHUNK]
            plan.blank_rows += checker.check(header_row + 2 + start, chunk, plan.rows)
    progress(total, total)
    return plan


def _required(kind: Kind, mapping: dict[str, int], activity_id: int | None) -> list[str]:
    out = []
    if kind in (Kind.COMPLETIONS, Kind.LEARNERS):
        for key, label in (("first_name", "First name"), ("last_name", "Last name")):
            if key not in mapping:
                out.append(label)
    if kind is Kind.COMPLETIONS:
        if "completion_date" not in mapping:
            out.append("Completion date")
        if activity_id is None and not {"provider_activity_id", "accme_activity_id"} & set(mapping):
            out.append("Provider Activity ID (or choose the activity)")
    if kind is Kind.ACTIVITIES and "title" not in mapping:
        out.append("Title")
    return out


def _filled(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _any_filled(cells: Sequence[Any]) -> bool:
    """``any(_filled(c) for c in cells)``, without a call per cell (asked of every row)."""
    for c in cells:  # noqa: SIM110 (a generator per row costs more than the check)
        if c is not None and (not isinstance(c, str) or c.strip()):
            return True
    return False


def _filled_rows(rows: Sequence[Sequence[Any]]) -> list[bool]:
    """Which rows have a filled cell. In most sheets every row's first cell is filled text:
    that is one pass in C over the first column; otherwise each row is asked."""
    if rows and min(map(len, rows)) > 0:
        firsts = list(map(_first_cell, rows))
        if set(map(type, firsts)) == {str} and all(map(str.strip, firsts)):
            return [True] * len(rows)
    return list(map(_any_filled, rows))


class _Checker:
    """Reads and checks rows; knows the store's activities and existing completions."""

    def __init__(
        self,
        store: Store,
        kind: Kind,
        headings: list[Any],
        mapping: dict[str, int],
        today: date,
        activity_id: int | None,
        data: Sequence[Sequence[Any]],
    ) -> None:
        self.kind, self.headings, self.mapping, self.today = kind, headings, mapping, today
        self.fixed_activity = activity_id
        self.ref = load_reference()
        self.names = {k: column_name(headings, i) for k, i in mapping.items()}
        self.boards = sorted(k[4:] for k in mapping if k.startswith("moc."))
        self.board_ids = sorted(k[9:] for k in mapping if k.startswith("board_id."))
        # Key → (MOC signature, row) of each row already valid with it (most keys: one row).
        self.seen: dict[tuple[Any, ...], tuple[tuple[frozenset[Any], int], ...]] = {}
        self.activities: dict[str, tuple[int, ActivityRecord]] = {}
        self.by_id: dict[int, ActivityRecord] = {}
        # What the store holds, with the MOC (board, credit type) pairs of each record.
        self.existing: dict[tuple[Any, ...], list[frozenset[Any]]] = {}
        self.existing_pai: set[str] = set()
        self._memo: dict[tuple[Any, ...], Any] = {}
        # (conversion, length limit, may refuse) → what each distinct cell came to, for all chunks.
        self.coercions: dict[tuple[Any, ...], Coercion] = {}
        self.unique_columns: set[str] = set()  # columns whose text hardly repeats
        self._completion_checks: dict[tuple[int, CompletionRecord], tuple[Problem, ...]] = {}
        self._load(store, data)

    # --- what the store already holds ----------------------------------------------------------

    def _load(self, store: Store, data: Sequence[Sequence[Any]]) -> None:
        with store.reading() as s:
            if self.kind is Kind.ACTIVITIES:
                self.existing_pai = set(s.scalars(select(Activity.provider_activity_id)))
                return
            if self.kind is Kind.LEARNERS:
                for f, la, m, d, st in s.execute(select(*IDENTITY)):
                    self.existing.setdefault((_k(f), _k(la), m, d, st), []).append(frozenset())
                return
            wanted: set[str] = set()
            for key in ("provider_activity_id", "accme_activity_id"):
                if key in self.mapping:
                    column = column_cells(data, self.mapping[key], min(map(len, data), default=0))
                    # Each distinct cell (and type: 1 and True are not one ID) once, not each row.
                    distinct = set(zip(map(type, column), column, strict=True))
                    wanted |= {coerce.identifier(c) for _, c in distinct if _filled(c)}
            query = select(Activity).where(Activity.deleted_at.is_(None)).options(*with_children())
            if self.fixed_activity is not None:
                query = query.where(Activity.id == self.fixed_activity)
            elif wanted:
                query = query.where(
                    Activity.provider_activity_id.in_(wanted)
                    | Activity.accme_activity_id.in_(wanted)
                )
            else:
                query = query.where(Activity.id == -1)
            for a in s.scalars(query):
                record = activity_record(a)
                self.by_id[a.id] = record
                self.activities[a.provider_activity_id] = (a.id, record)
                if a.accme_activity_id:
                    self.activities[a.accme_activity_id] = (a.id, record)
            if self.fixed_activity is not None and self.fixed_activity not in self.by_id:
                raise ImportProblem("The activity chosen for this import no longer exists.")
            if self.by_id:
                moc: dict[int, set[tuple[str | None, str | None]]] = {}
                for cid, board, credit_type in s.execute(
                    select(
                        CompletionCredit.completion_id,
                        CompletionCredit.board,
                        CompletionCredit.credit_type,
                    )
                    .join(Completion, Completion.id == CompletionCredit.completion_id)
                    .where(
                        Completion.activity_id.in_(list(self.by_id)),
                        CompletionCredit.board.is_not(None),
                    )
                ):
                    moc.setdefault(cid, set()).add((board, credit_type))
                for f, la, m, d, st, aid, when, cid in s.execute(
                    select(
                        *IDENTITY, Completion.activity_id, Completion.completion_date, Completion.id
                    )
                    .join(Learner, Learner.id == Completion.learner_id)
                    .where(
                        Completion.activity_id.in_(list(self.by_id)),
                        Completion.state.not_in(("deleted", "delete_queued")),
                    )
                ):
                    self.existing.setdefault((_k(f), _k(la), m, d, st, aid, when), []).append(
                        frozenset(moc.get(cid, ()))
                    )

    # --- rows -----------------------------------------------------------------------------

    def check(self, first_number: int, chunk: Sequence[Sequence[Any]], out: list[RowResult]) -> int:
        """Check ``chunk`` (its first row is the file's row ``first_number``) into ``out``;
        return how many blank rows were skipped."""
        filled = _filled_rows(chunk)
        numbers = list(compress(range(first_number, first_number + len(chunk)), filled))
        rows = list(compress(chunk, filled))
        if self.kind is Kind.ACTIVITIES:
            out.extend(map(self.row, numbers, rows))
        else:
            out.extend(LearnerRows(self, numbers, rows).results())
        return len(chunk) - len(rows)

    def row(self, number: int, cells: Sequence[Any]) -> RowResult:
        """One activity row, checked on its own (an activity's cells depend on each other)."""
        result = RowResult(number, list(cells))
        self._activity(result, self._values(result, cells))
        return result

    def _values(self, result: RowResult, cells: Sequence[Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, i in self.mapping.items():
            v = cells[i] if i < len(cells) else None
            if isinstance(v, str):
                limit = MAX_CELL.get(key, DEFAULT_MAX_CELL)
                if len(v) > limit:
                    self.problem(
                        result, key, f"{len(v):,} characters is too long (at most {limit:,})."
                    )
                    continue
            values[key] = v
        return values

    def problem(self, result: RowResult, key: str, message: str, warning: bool = False) -> None:
        p = CellProblem(result.row, self.names.get(key, ""), message, warning)
        (result.warnings if warning else result.problems).append(p)

    def _parse(
        self, result: RowResult, key: str, values: dict[str, Any], parse: Callable[[Any], Any]
    ) -> Any:
        if key not in values:
            return None
        value = values[key]
        # Spreadsheets repeat values (the same date, state or credits on every row): each
        # distinct value is parsed once, and a refusal is remembered too.
        memo = (parse, type(value), value)
        try:
            found = self._memo[memo]
        except KeyError:
            try:
                found = parse(value)
            except ValueError as e:
                found = e
            if len(self._memo) < 200_000:
                self._memo[memo] = found
        if isinstance(found, ValueError):
            self.problem(result, key, f"{found}.")
            return None
        return found

    def which_activity(self, provider_id: str, accme_id: str) -> tuple[int | None, Any, Any]:
        """The activity a row names: (id, record, None), or (None, None, (column, problem))."""
        if self.fixed_activity is not None:
            return self.fixed_activity, self.by_id[self.fixed_activity], None
        for key, ident in (("provider_activity_id", provider_id), ("accme_activity_id", accme_id)):
            if ident:
                found = self.activities.get(ident)
                if found is None:
                    return None, None, (key, f"There is no activity “{ident}” in your store.")
                return found[0], found[1], None
        return None, None, ("provider_activity_id", "Which activity? The activity ID is empty.")

    def completion_problems(
        self, activity_id: int, activity: ActivityRecord, completion: CompletionRecord
    ) -> tuple[Problem, ...]:
        # Most rows of a sign-in sheet share one completion (date and credits): checked once.
        memo = (activity_id, completion)
        found = self._completion_checks.get(memo)
        if found is None:
            found = check_completion(completion, activity, self.today, self.ref)
            self._completion_checks[memo] = found
        return found

    def rules(self, result: RowResult, problems: Sequence[Problem]) -> None:
        for p in problems:
            keys = RULE_COLUMNS.get(
                p.field,
                (p.field if not p.field.startswith("board_ids.") else "board_id." + p.field[10:],),
            )
            column = next((k for k in keys if k in self.mapping), keys[0])
            if any(q.column == self.names.get(column, "") for q in result.problems):
                continue  # the cell's own problem ("not a date") says it already
            self.problem(result, column, p.message, warning=p.severity == "warning")

    def duplicate(
        self, result: RowResult, key: tuple[Any, ...], what: str, moc: frozenset[Any] = frozenset()
    ) -> None:
        """Refuse a second record of the same thing. Two MOC records of one learner, activity
        and board are not duplicates when their credit types differ (ABA: MOCA, then MOCA +
        patient safety)."""
        if key not in self.existing and key not in self.seen:  # most rows: a first sight
            self.seen[key] = ((moc, result.row),)
            return
        if any(_same(moc, other) for other in self.existing.get(key, ())):
            self.problem(result, "", f"Already in your store: {what}.")
            return
        first = next((row for other, row in self.seen.get(key, ()) if _same(moc, other)), None)
        if first is not None:
            self.problem(result, "", f"Row {first} has {what}: this row would duplicate it.")
            return
        self.seen[key] = (*self.seen.get(key, ()), (moc, result.row))

    # --- activities -------------------------------------------------------------------------

    def _activity(self, result: RowResult, v: dict[str, Any]) -> None:
        ref = self.ref
        fmt_text = coerce.clean(v.get("format"))
        fmt = None
        if fmt_text:
            # Coordinators' names ("Live Course", "Journal-based CE") and legacy codes too.
            fmt = ref.format_for_name(fmt_text)
            if fmt is None:
                self.problem(result, "format", f"“{fmt_text}” is not an activity format.")
        methods: list[str] = []
        for part in coerce.clean(v.get("delivery_methods")).replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            code = next(
                (
                    d.code
                    for d in ref.delivery_methods
                    if part.casefold() in (d.code, d.name.casefold())
                ),
                None,
            )
            if code is None:
                self.problem(result, "delivery_methods", f"“{part}” is not a delivery method.")
            else:
                methods.append(code)
        ship_text = coerce.clean(v.get("providership")).casefold()
        ship = None
        if ship_text:
            ship = {"direct": Providership.DIRECT, "joint": Providership.JOINT}.get(ship_text)
            if ship is None:
                self.problem(result, "providership", f"“{ship_text}” is not Direct or Joint.")
        start = self._parse(result, "start_date", v, coerce.parse_date)
        end = self._parse(result, "end_date", v, coerce.parse_date)
        if end is None and not any(p.column == self.names.get("end_date") for p in result.problems):
            if start is not None and takes_start_as_end(fmt):
                end = start
                result.mark(
                    "end_date", Marker.ASSIGNED, f"end date {end:%m/%d/%Y} (a one-day course)"
                )
            else:
                what = f"this {fmt.name}'s end date" if fmt else "the end date"
                self.problem(
                    result,
                    "end_date",
                    f"The end date is missing: enter {what} "
                    "(only a one-day course may take its start date).",
                )
        if start and end and end < start:
            self.problem(result, "end_date", "The end date is before the start date.")
        state = self._parse(result, "state", v, coerce.parse_state) or ""
        credits = self._parse(result, "ama_credits", v, coerce.parse_decimal)
        record = ActivityRecord(
            provider_activity_id=coerce.identifier(v.get("provider_activity_id")),
            title=coerce.clean(v.get("title")),
            description=coerce.clean(v.get("description")),
            format=fmt.code if fmt else None,
            delivery_methods=tuple(methods),
            start_date=start,
            end_date=end,
            city=coerce.clean(v.get("city")),
            state=state,
            country=coerce.clean(v.get("country")).upper() or ("USA" if state else ""),
            providership=ship,
            joint_providers=tuple(
                p.strip() for p in coerce.clean(v.get("joint_providers")).split(";") if p.strip()
            ),
            ama_credits=credits if isinstance(credits, Decimal) else None,
            physician_learners=self._parse(result, "physician_learners", v, whole_number),
            other_learners=self._parse(result, "other_learners", v, whole_number),
            commercial_support=self._parse(result, "commercial_support", v, coerce.parse_yes_no),
            internal_id=coerce.clean(v.get("internal_id")),
        )
        # Every other registry field (CME Passport, MOC per board, REMS, MIPS, …) by its cell.
        extra, problems = registry_values(v, fmt)
        for key, message in problems:
            self.problem(result, key, message)
        record = replace(record, **extra)
        if not record.title:
            self.problem(result, "title", "Enter the title.")
        if result.ok:
            pai = record.provider_activity_id
            if pai and pai in self.existing_pai:
                self.problem(
                    result,
                    "provider_activity_id",
                    f"There is already an activity “{pai}” in your store.",
                )
                return
            if pai:
                self.duplicate(result, ("activity", pai), f"the Provider Activity ID “{pai}”")
            result.record = record


def _same(a: frozenset[Any], b: frozenset[Any]) -> bool:
    """Two records of one learner, activity and date are one record, unless both carry MOC
    credits that differ (another credit type with the board)."""
    return a == b or not a or not b


def _k(text: str) -> str:
    return " ".join(text.split()).casefold()
