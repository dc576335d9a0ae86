"""One code path for the dry run and the commit: every row of the file read into records and
checked with PARS's own rules, duplicates found (in the file and against the store), every
problem named by row and column. ``commit`` then writes exactly the rows this found valid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import select

from desktop.models import coerce
from desktop.models.entities import Activity, Completion, CompletionCredit, Learner
from desktop.models.importing.activity_cells import LONG_CELLS, registry_values
from desktop.models.importing.assigned import Marker, takes_start_as_end
from desktop.models.importing.columns import Kind, column_name
from desktop.models.importing.problems import CellProblem, ImportProblem
from desktop.models.importing.reading import Table, no_cycle_collection
from desktop.models.mapping import activity_record, with_children
from desktop.models.records import (
    ActivityRecord,
    CompletionRecord,
    Consent,
    CreditRecord,
    LearnerRecord,
    Providership,
)
from desktop.models.reference import load_reference
from desktop.models.rules import check_completion, check_holds, check_learner
from desktop.models.rules.moc_learner_rules import parse_credit_type
from desktop.models.rules.problems import Problem
from desktop.models.store import Store

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]
MAX_CELL = {
    "first_name": 100,
    "last_name": 100,
    "license_number": 50,
    "npi": 20,
    "consent_source": 200,
    "title": 500,
    "description": 2500,
    "city": 100,
    "internal_id": 100,
    "provider_activity_id": 50,
}
DEFAULT_MAX_CELL = 200
# A registry column's compact text (a board's whole MOC registration) may be long.
MAX_CELL.update(LONG_CELLS)
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
class RowResult:
    row: int  # the file's row number, as the coordinator sees it in Excel
    cells: list[Any]
    record: Any = (
        None  # (LearnerRecord, activity id, CompletionRecord) | LearnerRecord | ActivityRecord
    )
    problems: list[CellProblem] = field(default_factory=list)
    warnings: list[CellProblem] = field(default_factory=list)
    # Activity fields the import filled in or left to choose: field → (Marker, what it did).
    markers: dict[str, tuple[Marker, str]] = field(default_factory=dict)

    def mark(self, field_name: str, kind: Marker, note: str) -> None:
        """Record a filled-in value; the coordinator sees it as a warning and, after the
        import, as a marker on the field until confirmed or changed."""
        self.markers[field_name] = (kind, note)
        prefix = "Assigned on import" if kind is Marker.ASSIGNED else "Needs your choice"
        self.warnings.append(CellProblem(self.row, "", f"{prefix}: {note}.", warning=True))

    @property
    def ok(self) -> bool:
        return not self.problems


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

    @property
    def valid(self) -> list[RowResult]:
        return [r for r in self.rows if r.ok]

    @property
    def failed(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]

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
    checker = _Checker(store, kind, headings, mapping, today, activity_id, data)
    total = len(data)
    with no_cycle_collection():  # a fifth of the time at 100,000 rows otherwise
        for i, cells in enumerate(data):
            if i % 5000 == 0:
                if cancel():
                    raise ImportProblem("Cancelled: nothing was imported.")
                progress(i, total)
            if not any(_filled(c) for c in cells):
                plan.blank_rows += 1
                continue
            plan.rows.append(checker.row(header_row + 2 + i, cells))
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
        self.seen: dict[tuple[Any, ...], list[tuple[frozenset[Any], int]]] = {}
        self.activities: dict[str, tuple[int, ActivityRecord]] = {}
        self.by_id: dict[int, ActivityRecord] = {}
        # What the store holds, with the MOC (board, credit type) pairs of each record.
        self.existing: dict[tuple[Any, ...], list[frozenset[Any]]] = {}
        self.existing_pai: set[str] = set()
        self._memo: dict[tuple[Any, ...], Any] = {}
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
                    i = self.mapping[key]
                    wanted |= {
                        coerce.identifier(r[i]) for r in data if i < len(r) and _filled(r[i])
                    }
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

    # --- one row ----------------------------------------------------------------------------

    def row(self, number: int, cells: Sequence[Any]) -> RowResult:
        result = RowResult(number, list(cells))
        values = self._values(result, cells)
        if self.kind is Kind.ACTIVITIES:
            self._activity(result, values)
        else:
            self._learner_row(result, values)
        return result

    def _values(self, result: RowResult, cells: Sequence[Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, i in self.mapping.items():
            v = cells[i] if i < len(cells) else None
            if isinstance(v, str):
                limit = MAX_CELL.get(key, DEFAULT_MAX_CELL)
                if len(v) > limit:
                    self._problem(
                        result, key, f"{len(v):,} characters is too long (at most {limit:,})."
                    )
                    continue
            values[key] = v
        return values

    def _problem(self, result: RowResult, key: str, message: str, warning: bool = False) -> None:
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
            self._problem(result, key, f"{found}.")
            return None
        return found

    def _learner(self, result: RowResult, v: dict[str, Any]) -> LearnerRecord:
        month_day = self._parse(result, "birth_date", v, coerce.parse_month_day)
        month = self._parse(result, "birth_month", v, _month)
        day = self._parse(result, "birth_day", v, _int)
        if month_day is None and (month is not None or day is not None):
            month_day = (month, day)
        board_ids: dict[str, str] = {}
        for board in self.board_ids:
            ident = coerce.identifier(v.get(f"board_id.{board}"))
            if ident:
                board_ids[board] = ident
        answer, answered_on = self._parse(result, "consent", v, coerce.parse_consent) or (
            None,
            None,
        )
        consent = self._parse(result, "consent_date", v, coerce.parse_date) or answered_on
        if answer is None and consent is not None:
            answer = "given"  # a consent date alone records a consent given
        return LearnerRecord(
            first_name=coerce.clean(v.get("first_name")),
            last_name=coerce.clean(v.get("last_name")),
            birth_month=month_day[0] if month_day else None,
            birth_day=month_day[1] if month_day else None,
            license_state=self._parse(result, "license_state", v, coerce.parse_state) or "",
            license_number=coerce.identifier(v.get("license_number")),
            npi=coerce.identifier(v.get("npi")),
            board_ids=board_ids,
            consent=Consent(answer) if answer else None,
            consent_date=consent,
            consent_source=coerce.clean(v.get("consent_source")) or ("import" if answer else ""),
        )

    def _learner_row(self, result: RowResult, v: dict[str, Any]) -> None:
        learner = self._learner(result, v)
        problems: list[Problem] = list(check_learner(learner, self.ref))
        key: tuple[Any, ...] = (
            _k(learner.first_name),
            _k(learner.last_name),
            learner.birth_month,
            learner.birth_day,
            learner.license_state,
        )
        if self.kind is Kind.LEARNERS:
            self._rules(result, problems)
            if result.ok:
                self._duplicate(result, key, "the same learner")
                result.record = learner
            return
        activity_id, activity = self._which_activity(result, v)
        completion = self._completion(result, v)
        if activity is not None and activity_id is not None:
            # Most rows of a sign-in sheet share one completion (date and credits): checked once.
            memo = (activity_id, completion)
            found = self._completion_checks.get(memo)
            if found is None:
                found = check_completion(completion, activity, self.today, self.ref)
                self._completion_checks[memo] = found
            problems += found
        self._rules(result, problems)
        if activity is not None:
            # Without consent or a board ID the row still imports (what was written is kept
            # and shown) and the record is held at home: a warning here, not a refusal.
            for p in check_holds(learner, completion, self.ref):
                column = "consent" if p.field == "consent" else "board_id." + p.field[10:]
                self._problem(result, column, p.message, warning=True)
        if result.ok and activity_id is not None:
            self._duplicate(
                result,
                (*key, activity_id, completion.completion_date),
                "the same learner, activity and completion date",
                _moc_signature(completion.credits),
            )
            result.record = (learner, activity_id, completion)

    def _which_activity(
        self, result: RowResult, v: dict[str, Any]
    ) -> tuple[int | None, ActivityRecord | None]:
        if self.fixed_activity is not None:
            return self.fixed_activity, self.by_id[self.fixed_activity]
        for key in ("provider_activity_id", "accme_activity_id"):
            ident = coerce.identifier(v.get(key))
            if ident:
                found = self.activities.get(ident)
                if found is None:
                    self._problem(result, key, f"There is no activity “{ident}” in your store.")
                    return None, None
                return found
        self._problem(result, "provider_activity_id", "Which activity? The activity ID is empty.")
        return None, None

    def _completion(self, result: RowResult, v: dict[str, Any]) -> CompletionRecord:
        credits: list[CreditRecord] = []
        cme = self._parse(result, "cme_credits", v, coerce.parse_decimal)
        if cme is not None:
            credits.append(CreditRecord(None, cme))
        for board in self.boards:
            points = self._parse(result, f"moc.{board}", v, coerce.parse_decimal)
            kind = self._parse(result, f"moc_type.{board}", v, _credit_type_parser(board))
            if points is not None and points != 0:
                credits.append(CreditRecord(board, points, credit_type=kind))
        rems = coerce.clean(v.get("rems_type")) or None
        return CompletionRecord(
            self._parse(result, "completion_date", v, coerce.parse_date), tuple(credits), rems
        )

    def _rules(self, result: RowResult, problems: Sequence[Problem]) -> None:
        for p in problems:
            keys = RULE_COLUMNS.get(
                p.field,
                (p.field if not p.field.startswith("board_ids.") else "board_id." + p.field[10:],),
            )
            column = next((k for k in keys if k in self.mapping), keys[0])
            if any(q.column == self.names.get(column, "") for q in result.problems):
                continue  # the cell's own problem ("not a date") says it already
            self._problem(result, column, p.message, warning=p.severity == "warning")

    def _duplicate(
        self, result: RowResult, key: tuple[Any, ...], what: str, moc: frozenset[Any] = frozenset()
    ) -> None:
        """Refuse a second record of the same thing. Two MOC records of one learner, activity
        and board are not duplicates when their credit types differ (ABA: MOCA, then MOCA +
        patient safety)."""
        if any(_same(moc, other) for other in self.existing.get(key, ())):
            self._problem(result, "", f"Already in your store: {what}.")
            return
        first = next((row for other, row in self.seen.get(key, ()) if _same(moc, other)), None)
        if first is not None:
            self._problem(result, "", f"Row {first} has {what}: this row would duplicate it.")
            return
        self.seen.setdefault(key, []).append((moc, result.row))

    # --- activities -------------------------------------------------------------------------

    def _activity(self, result: RowResult, v: dict[str, Any]) -> None:
        ref = self.ref
        fmt_text = coerce.clean(v.get("format"))
        fmt = None
        if fmt_text:
            # Coordinators' names ("Live Course", "Journal-based CE") and legacy codes too.
            fmt = ref.format_for_name(fmt_text)
            if fmt is None:
                self._problem(result, "format", f"“{fmt_text}” is not an activity format.")
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
                self._problem(result, "delivery_methods", f"“{part}” is not a delivery method.")
            else:
                methods.append(code)
        ship_text = coerce.clean(v.get("providership")).casefold()
        ship = None
        if ship_text:
            ship = {"direct": Providership.DIRECT, "joint": Providership.JOINT}.get(ship_text)
            if ship is None:
                self._problem(result, "providership", f"“{ship_text}” is not Direct or Joint.")
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
                self._problem(
                    result,
                    "end_date",
                    f"The end date is missing: enter {what} "
                    "(only a one-day course may take its start date).",
                )
        if start and end and end < start:
            self._problem(result, "end_date", "The end date is before the start date.")
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
            physician_learners=self._parse(result, "physician_learners", v, _int),
            other_learners=self._parse(result, "other_learners", v, _int),
            commercial_support=self._parse(result, "commercial_support", v, coerce.parse_yes_no),
            internal_id=coerce.clean(v.get("internal_id")),
        )
        # Every other registry field (CME Passport, MOC per board, REMS, MIPS, …) by its cell.
        extra, problems = registry_values(v, fmt)
        for key, message in problems:
            self._problem(result, key, message)
        record = replace(record, **extra)
        if not record.title:
            self._problem(result, "title", "Enter the title.")
        if result.ok:
            pai = record.provider_activity_id
            if pai and pai in self.existing_pai:
                self._problem(
                    result,
                    "provider_activity_id",
                    f"There is already an activity “{pai}” in your store.",
                )
                return
            if pai:
                self._duplicate(result, ("activity", pai), f"the Provider Activity ID “{pai}”")
            result.record = record


@cache  # one parser per board, so the row memo finds it again
def _credit_type_parser(board: str) -> Callable[[Any], str | None]:
    def parse(value: Any) -> str | None:
        return parse_credit_type(coerce.clean(value), board)

    return parse


def _moc_signature(credits: Sequence[CreditRecord]) -> frozenset[tuple[str | None, str | None]]:
    return frozenset((c.board, c.credit_type) for c in credits if c.board)


def _same(a: frozenset[Any], b: frozenset[Any]) -> bool:
    """Two records of one learner, activity and date are one record, unless both carry MOC
    credits that differ (another credit type with the board)."""
    return a == b or not a or not b


def _k(text: str) -> str:
    return " ".join(text.split()).casefold()


def _int(value: Any) -> int | None:
    d = coerce.parse_decimal(value)
    if d is None:
        return None
    if d != d.to_integral_value() or d < 0:
        raise ValueError(f"“{coerce.clean(value)}” is not a whole number, 0 or more")
    return int(d)


_MONTHS = {
    m.casefold(): i
    for i, m in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        start=1,
    )
}


def _month(value: Any) -> int | None:
    text = coerce.clean(value).casefold()
    if not text:
        return None
    for name, number in _MONTHS.items():
        if text in (name, name[:3]):
            return number
    n = _int(value)
    if n is None or not 1 <= n <= 12:
        raise ValueError(f"“{coerce.clean(value)}” is not a month")
    return n
