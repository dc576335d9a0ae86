"""Learner and completion rows checked column by column (issue 17).

Each mapped column of a chunk is coerced at once, each distinct value once, and each of a
learner's fields is judged by its own rule once per distinct value; then every row gathers its
cells' problems and its rules' problems in the order a row-by-row check would name them:
cells too long (in column order), the learner's cells, which activity, the completion's cells,
then the rules. A row's record, problems and warnings are those of checking it on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import attrgetter, is_, is_not, itemgetter
from typing import TYPE_CHECKING, Any, cast

from desktop.models import coerce
from desktop.models.importing.cell_columns import (
    DEFAULT_MAX_CELL,
    MAX_CELL,
    Coercion,
    Column,
    cells,
    coerced,
    converted,
    credit_type_parser,
    month,
    unread,
    whole_number,
)
from desktop.models.importing.columns import Kind
from desktop.models.importing.problems import RowResult
from desktop.models.records import (
    CompletionRecord,
    Consent,
    CreditRecord,
    LearnerRecord,
    checked_learner,
)
from desktop.models.rules import check_holds
from desktop.models.rules.learner_rules import (
    birth_problems,
    board_id_problems,
    first_name_problems,
    last_name_problems,
    npi_problems,
    state_problems,
)
from desktop.models.rules.problems import Problem

if TYPE_CHECKING:
    from desktop.models.importing.plan import _Checker

# Columns read as they are (their coercion never refuses a value).
PLAIN: dict[str, Callable[[Any], Any]] = {
    "first_name": coerce.clean,
    "last_name": coerce.clean,
    "license_number": coerce.identifier,
    "npi": coerce.identifier,
    "consent_source": coerce.clean,
    "provider_activity_id": coerce.identifier,
    "accme_activity_id": coerce.identifier,
    "rems_type": coerce.clean,
}
# The learner's cells that may be refused, in the order a row names their problems.
LEARNER_PARSED: dict[str, Callable[[Any], Any]] = {
    "birth_date": coerce.parse_month_day,
    "birth_month": month,
    "birth_day": whole_number,
    "consent": coerce.parse_consent,
    "consent_date": coerce.parse_date,
    "license_state": coerce.parse_state,
}
COMPLETION_ONLY = ("provider_activity_id", "accme_activity_id", "rems_type")
_CONSENT = {"given": Consent.GIVEN, "refused": Consent.REFUSED}
_NO_CONSENT = (None, None)
_NO_MONTH_DAY = (None, None)
_first, _second = itemgetter(0), itemgetter(1)
_record = attrgetter("record")


class LearnerRows:
    """One chunk of non-blank rows of a learners or completions file, checked."""

    def __init__(
        self, checker: _Checker, numbers: list[int], rows: Sequence[Sequence[Any]]
    ) -> None:
        self.checker = checker
        self.numbers = numbers  # each row's number in the file
        self.rows = rows
        self.blank: list[Any] = [None] * len(rows)  # an unmapped column
        self.completions = checker.kind is Kind.COMPLETIONS
        self.columns: dict[str, Column] = {}
        self._read_columns()

    # --- the columns ------------------------------------------------------------------------

    def _parsers(self) -> dict[str, Callable[[Any], Any]]:
        """The coercion of each column this kind of file reads that may refuse a value."""
        out = dict(LEARNER_PARSED)
        if self.completions:
            out["cme_credits"] = coerce.parse_decimal
            for board in self.checker.boards:
                out[f"moc.{board}"] = coerce.parse_decimal
                out[f"moc_type.{board}"] = credit_type_parser(board)
            out["completion_date"] = coerce.parse_date
        return out

    def _read_columns(self) -> None:
        parsers = self._parsers()
        shortest = min(map(len, self.rows), default=0)
        # Every column at once when every row reaches every mapped column (a ragged CSV line
        # has None where it stops: those columns are taken cell by cell).
        by_index = (
            list(zip(*self.rows, strict=False))
            if self.rows and max(self.checker.mapping.values(), default=0) < shortest
            else None
        )
        for key, index in self.checker.mapping.items():
            limit = MAX_CELL.get(key, DEFAULT_MAX_CELL)
            if key in parsers:
                convert, refuses = parsers[key], True
            elif key.startswith("board_id."):
                convert, refuses = coerce.identifier, False
            elif key in PLAIN and (self.completions or key not in COMPLETION_ONLY):
                convert, refuses = PLAIN[key], False
            else:  # a column this kind of file does not read: only its length is checked
                convert, refuses = unread, False
            values = (
                list(by_index[index]) if by_index is not None else cells(self.rows, index, shortest)
            )
            if key in self.checker.unique_columns and not refuses:
                found = converted(values, convert, limit)
                if found is not None:
                    self.columns[key] = found
                    continue
            memo = (convert, limit, refuses)
            coercion = self.checker.coercions.get(memo)
            if coercion is None:
                coercion = self.checker.coercions[memo] = Coercion(convert, limit, refuses)
            misses = coercion.misses
            self.columns[key] = coerced(values, coercion)
            # Its values hardly repeat (blank cells aside: a board ID column of the few with
            # one): no memo.
            new = coercion.misses - misses
            if new and new > (len(values) - values.count(None) - values.count("")) // 2:
                self.checker.unique_columns.add(key)

    def _values(self, key: str) -> list[Any]:
        column = self.columns.get(key)
        return self.blank if column is None else column.values

    def _cell_problems(self) -> tuple[dict[int, list[tuple[str, str]]], dict[int, list[Any]]]:
        """Row offset → its cells' problems before the activity is found, and after."""
        early: dict[int, list[tuple[str, str]]] = {}
        late: dict[int, list[Any]] = {}
        for key, column in self.columns.items():
            for offset, message in column.too_long.items():
                early.setdefault(offset, []).append((key, message))
        for key in LEARNER_PARSED:
            if key in self.columns:
                for offset, message in self.columns[key].refused.items():
                    early.setdefault(offset, []).append((key, message))
        for key in self._parsers():
            if key not in LEARNER_PARSED and key in self.columns:
                for offset, message in self.columns[key].refused.items():
                    late.setdefault(offset, []).append((key, message))
        return early, late

    # --- the rows ---------------------------------------------------------------------------

    def results(self) -> list[RowResult]:
        """Every row's verdict. Most rows have nothing to say: their records are built column
        by column; only the rows with a problem or a warning are gone through one by one, in
        the order a row-by-row check names them. Duplicates are then found in row order."""
        checker = self.checker
        ref = checker.ref
        value = self._values
        n = len(self.rows)
        firsts, lasts = value("first_name"), value("last_name")
        births = value("birth_date")
        if "birth_month" in self.columns or "birth_day" in self.columns:
            births = [
                md if md is not None else ((m, d) if m is not None or d is not None else None)
                for md, m, d in zip(births, value("birth_month"), value("birth_day"), strict=True)
            ]
        month_days = [md or _NO_MONTH_DAY for md in births] if None in births else births
        months, days = _split(month_days, 2)
        states, npis = _text(value("license_state")), _text(value("npi"))
        licenses = _text(value("license_number"))
        # Each field's own rule, once per distinct value; a row's problems are joined in
        # check_learner's order, for the rows that have any.
        learner_rules = [
            _each(firsts, first_name_problems),
            _each(lasts, last_name_problems),
            _each(births, lambda md: birth_problems(*(md or (None, None)))),
            _each(states, lambda s: state_problems(s, ref)),
            _each(npis, npi_problems),
        ]
        # Board IDs: a row's dict holds the boards it gives an ID for, in the boards' order.
        # (An ID is coerce.identifier's text: never blank, so never "Enter the … ID".)
        board_ids: list[dict[str, str]] = [{} for _ in range(n)]
        id_columns = [value(f"board_id.{b}") for b in checker.board_ids]
        for board, ids in zip(checker.board_ids, id_columns, strict=True):
            for found, ident in compress(zip(board_ids, ids, strict=True), ids):
                found[board] = ident
        consents = self._per_row(("consent", "consent_date", "consent_source"), _consent)
        learners = list(
            map(
                checked_learner,
                firsts,
                lasts,
                months,
                days,
                states,
                licenses,
                npis,
                board_ids,
                *_split(consents, 3),
            )
        )
        early, late = self._cell_problems()
        troubled = set(early)
        troubled.update(late)
        for judged in learner_rules:
            if judged is not None:
                troubled.update(compress(range(n), judged))
        if any(ref.board(b) is None for b in checker.board_ids):
            troubled.update(compress(range(n), board_ids))  # "… is not a board"
        # The names are already clean (single spaces): the identity compares them casefolded.
        folded = (_casefolded(firsts), map(str.casefold, lasts), months, days, states)
        numbers = self.numbers
        # A row's cells as the file has them: the sheet's own lists (nothing changes them).
        cells: Sequence[list[Any]] = (
            cast("list[list[Any]]", self.rows)
            if set(map(type, self.rows)) <= {list}
            else list(map(list, self.rows))
        )

        if not self.completions:
            out = list(map(RowResult, numbers, cells, learners))
            for j in sorted(troubled):
                result = out[j]
                self._early(result, early.get(j, ()))
                problems = _learner_problems(learner_rules, j)
                if board_ids[j]:
                    problems += board_id_problems(board_ids[j], ref)
                checker.rules(result, problems)
                if not result.ok:
                    result.record = None
            self._duplicates(out, list(zip(*folded, strict=True)), "the same learner", numbers)
            return out

        activities = self._activities()
        completions = self._completions()
        # What a row's activity, completion, consent and boards say (not its own cells and
        # identity), worked out once for each distinct set of them.
        shared = list(
            zip(
                map(id, activities),
                map(id, completions),
                map(id, consents),
                *(map(bool, ids) for ids in id_columns),  # which boards have an ID
                strict=True,
            )
        )
        verdicts = {
            key: self._shared(activities[j], completions[j][0], learners[j])
            for key, j in dict(zip(shared, range(n), strict=True)).items()
        }
        loud = {key for key, verdict in verdicts.items() if verdict.says}
        if loud:
            troubled.update(compress(range(n), map(loud.__contains__, shared)))
        activity_ids = list(map(_first, activities))
        completion_records = list(map(_first, completions))
        records = zip(learners, activity_ids, completion_records, strict=True)
        out = list(map(RowResult, numbers, cells, records))
        for j in sorted(troubled):
            result, verdict = out[j], verdicts[shared[j]]
            self._early(result, early.get(j, ()))
            problems = _learner_problems(learner_rules, j)
            if board_ids[j]:
                problems += board_id_problems(board_ids[j], ref)
            if verdict.missing is not None:
                checker.problem(result, *verdict.missing)
            for column, message in late.get(j, ()):
                checker.problem(result, column, message)
            problems += verdict.problems
            if problems:
                checker.rules(result, problems)
            for column, message in verdict.holds:
                checker.problem(result, column, message, warning=True)
            if not result.ok or activity_ids[j] is None:
                result.record = None
        dates = [c.completion_date for c in completion_records]
        self._duplicates(
            out,
            list(zip(*folded, activity_ids, dates, strict=True)),
            "the same learner, activity and completion date",
            numbers,
            list(map(_second, completions)),
        )
        return out

    def _early(self, result: RowResult, problems: Iterable[tuple[str, str]]) -> None:
        for key, message in problems:
            self.checker.problem(result, key, message)

    def _shared(
        self,
        activity: tuple[int | None, Any, Any],
        completion: CompletionRecord,
        learner: LearnerRecord,
    ) -> _Shared:
        """The problems of a row's activity and completion, and the warnings of its holds."""
        checker = self.checker
        activity_id, record, missing = activity
        problems: tuple[Problem, ...] = ()
        holds: list[tuple[str, str]] = []
        if record is not None and activity_id is not None:
            problems = checker.completion_problems(activity_id, record, completion)
        if record is not None:
            # Without consent or a board ID the row still imports (what was written is kept
            # and shown) and the record is held at home: a warning here, not a refusal. The
            # holds depend on the consent, the boards given an ID and the completion only.
            for p in check_holds(learner, completion, checker.ref):
                column = "consent" if p.field == "consent" else "board_id." + p.field[10:]
                holds.append((column, p.message))
        return _Shared(missing, problems, tuple(holds))

    def _duplicates(
        self,
        out: list[RowResult],
        keys: list[tuple[Any, ...]],
        what: str,
        numbers: list[int],
        mocs: list[frozenset[Any]] | None = None,
    ) -> None:
        """Refuse the rows that repeat an earlier one (in the file or the store), in row order.
        Asked of the rows with a record (valid so far); a row refused here keeps it, as a
        row-by-row check leaves it (the duplicate found, then the record given)."""
        checker = self.checker
        wanted = list(map(is_not, map(_record, out), repeat(None)))
        mocs = mocs if mocs is not None else [frozenset()] * len(out)
        chosen_mocs: Iterable[frozenset[Any]]
        chosen_numbers: Iterable[int]
        if all(wanted):  # (most chunks)
            chosen, chosen_mocs, chosen_numbers = keys, mocs, numbers
        else:
            chosen, chosen_mocs = list(compress(keys, wanted)), compress(mocs, wanted)
            chosen_numbers = compress(numbers, wanted)
        first_sights = dict(
            zip(chosen, zip(zip(chosen_mocs, chosen_numbers, strict=True)), strict=True)
        )
        if (
            len(first_sights) == len(chosen)
            and checker.seen.keys().isdisjoint(first_sights.keys())
            and checker.existing.keys().isdisjoint(first_sights.keys())
        ):
            checker.seen.update(first_sights)  # no row repeats another: the common case
            return
        for j in compress(range(len(out)), wanted):
            checker.duplicate(out[j], keys[j], what, mocs[j])

    def _activities(self) -> list[tuple[int | None, Any, Any]]:
        """Each row's activity, found once per distinct pair of IDs."""
        which = self.checker.which_activity
        return self._per_row(
            ("provider_activity_id", "accme_activity_id"),
            lambda provider_id, accme_id: which(provider_id or "", accme_id or ""),
        )

    def _per_row(self, keys: tuple[str, ...], work: Callable[..., Any]) -> list[Any]:
        """``work`` of each row's values of the ``keys`` columns, worked out once for each
        distinct set of them: only the mapped columns tell rows apart (an unmapped one is
        None throughout), and a single one without a tuple per row."""
        mapped = [i for i, k in enumerate(keys) if k in self.columns]
        if not mapped:
            return [work(*(None for _ in keys))] * len(self.rows)
        columns = [self.columns[keys[i]].values for i in mapped]
        rows = columns[0] if len(columns) == 1 else list(zip(*columns, strict=True))
        found = {}
        for distinct in set(rows):
            args: list[Any] = [None] * len(keys)
            for i, v in zip(mapped, (distinct,) if len(columns) == 1 else distinct, strict=True):
                args[i] = v
            found[distinct] = work(*args)
        return list(map(found.__getitem__, rows))

    def _completions(self) -> list[tuple[CompletionRecord, frozenset[Any]]]:
        """Each row's completion (and its MOC signature), built once per distinct set of values.

        Rows are told apart by their values as coerced from their cells, object by object:
        a coercion gives every row with the same cell (type and value) the same object, while
        1.5 and "1.50" credits are equal numbers but not the same object, nor the same record.
        """
        boards = self.checker.boards
        keys = ["cme_credits", *(f"moc.{b}" for b in boards), *(f"moc_type.{b}" for b in boards)]
        keys += ["rems_type", "completion_date"]
        values = [self._values(k) for k in keys]
        # The values stay alive with the chunk's columns: their ids cannot be reused meanwhile.
        # A column holding one object in every row (the date of a sign-in sheet) tells no
        # rows apart; the others do, by their objects' ids (one column: no tuple per row).
        varying = [
            column
            for column in (self.columns[k].values for k in keys if k in self.columns)
            if not all(map(is_, column, repeat(column[0] if column else None)))
        ]
        value_keys: list[Any] = (
            list(map(id, varying[0]))
            if len(varying) == 1
            else list(zip(*(map(id, column) for column in varying), strict=True))
            if varying
            else [0] * len(self.rows)
        )
        n = len(boards)
        found: dict[Any, tuple[CompletionRecord, frozenset[Any]]] = {}
        for value_key, j in dict(zip(value_keys, range(len(value_keys)), strict=True)).items():
            credits: list[CreditRecord] = []
            cme = values[0][j]
            if cme is not None:
                credits.append(CreditRecord(None, cme))
            for b, board in enumerate(boards):
                points, kind = values[1 + b][j], values[1 + n + b][j]
                if points is not None and points != 0:
                    credits.append(CreditRecord(board, points, credit_type=kind))
            completion = CompletionRecord(values[-1][j], tuple(credits), values[-2][j] or None)
            found[value_key] = (completion, _moc_signature(completion.credits))
        return list(map(found.__getitem__, value_keys))


@dataclass(frozen=True)
class _Shared:
    missing: tuple[str, str] | None  # (column, problem): the row names no activity of the store
    problems: tuple[Problem, ...]  # the completion's, against its activity
    holds: tuple[tuple[str, str], ...]  # (column, warning)

    @property
    def says(self) -> bool:
        return self.missing is not None or bool(self.problems) or bool(self.holds)


def _split(pairs: Sequence[tuple[Any, ...]], width: int) -> list[Sequence[Any]]:
    """Tuples of ``width`` items, split into ``width`` columns (in C)."""
    return list(zip(*pairs, strict=True)) if pairs else [() for _ in range(width)]


def _each(
    values: list[Any], rule: Callable[[Any], tuple[Problem, ...]]
) -> list[tuple[Problem, ...]] | None:
    """``rule`` of every value, worked out once per distinct value; None when no value has a
    problem (most columns of most files)."""
    distinct = set(values)
    judged = dict(zip(distinct, map(rule, distinct), strict=True))  # the loop in C
    if not any(judged.values()):
        return None
    return list(map(judged.__getitem__, values))


def _casefolded(names: list[str]) -> Iterable[str]:
    """The names casefolded, each distinct name once (first names repeat)."""
    distinct = set(names)
    folded = dict(zip(distinct, map(str.casefold, distinct), strict=True))
    return map(folded.__getitem__, names)


def _text(values: list[Any]) -> list[Any]:
    """A column of text with its blanks (None) as empty text."""
    return [v or "" for v in values] if None in values else values


def _learner_problems(
    learner_rules: list[list[tuple[Problem, ...]] | None], j: int
) -> tuple[Problem, ...]:
    """Row ``j``'s problems with its learner's fields, in check_learner's order."""
    out: tuple[Problem, ...] = ()
    for judged in learner_rules:
        if judged is not None:
            out += judged[j]
    return out


def _consent(answers: Any, consent_date: Any, source: Any) -> tuple[Consent | None, Any, str]:
    """(consent cell, consent date cell, source cell), coerced → the learner's consent, its
    date and its source."""
    answer, answered_on = answers or _NO_CONSENT
    consent_date = consent_date or answered_on
    if answer is None and consent_date is not None:
        answer = "given"  # a consent date alone records a consent given
    return (
        _CONSENT[answer] if answer else None,
        consent_date,
        source or ("import" if answer else ""),
    )


def _moc_signature(credits: Sequence[CreditRecord]) -> frozenset[tuple[str | None, str | None]]:
    return frozenset((c.board, c.credit_type) for c in credits if c.board)
