"""Learner and completion rows checked column by column (issue 17).

Each mapped column of a chunk is coerced at once, each distinct value once, and each of a
learner's fields is judged by its own rule once per distinct value; then every row gathers its
cells' problems and its rules' problems in the order a row-by-row check would name them:
cells too long (in column order), the learner's cells, which activity, the completion's cells,
then the rules. A row's record, problems and warnings are those of checking it on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from operator import add
from typing import TYPE_CHECKING, Any

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
from desktop.models.records import CompletionRecord, Consent, CreditRecord, LearnerRecord
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


class LearnerRows:
    """One chunk of non-blank rows of a learners or completions file, checked."""

    def __init__(self, checker: _Checker, numbered: Sequence[tuple[int, Sequence[Any]]]) -> None:
        self.checker = checker
        self.numbered = numbered
        self.rows = [c for _, c in numbered]
        self.blank: list[Any] = [None] * len(numbered)  # an unmapped column
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
            values = cells(self.rows, index, shortest)
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
            if coercion.misses - misses > len(values) // 2:
                self.checker.unique_columns.add(key)  # its values hardly repeat: no memo

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

    def results(self) -> Iterator[RowResult]:
        checker = self.checker
        ref = checker.ref
        value = self._values
        firsts, lasts = value("first_name"), value("last_name")
        births = [
            md if md is not None else ((m, d) if m is not None or d is not None else None)
            for md, m, d in zip(
                value("birth_date"), value("birth_month"), value("birth_day"), strict=True
            )
        ]
        states = [s or "" for s in value("license_state")]
        npis = [n or "" for n in value("npi")]
        # Each field's own rule, once per distinct value, then joined in check_learner's order.
        problems_of = list(
            map(
                add,
                map(
                    add,
                    map(
                        add,
                        map(
                            add,
                            _each(firsts, first_name_problems),
                            _each(lasts, last_name_problems),
                        ),
                        _each(births, lambda md: birth_problems(*(md or (None, None)))),
                    ),
                    _each(states, lambda s: state_problems(s, ref)),
                ),
                _each(npis, npi_problems),
            )
        )
        board_columns = [(b, value(f"board_id.{b}")) for b in checker.board_ids]
        consents = list(
            map(
                _Consents().__getitem__,
                zip(value("consent"), value("consent_date"), value("consent_source"), strict=True),
            )
        )
        # The names are already clean (single spaces): the identity compares them casefolded.
        folded = zip(map(str.casefold, firsts), map(str.casefold, lasts), strict=True)
        early, late = self._cell_problems()
        activities = self._activities() if self.completions else None
        completions = self._completions() if self.completions else None
        # (activity, completion record) → its problems; the records live as long as this chunk.
        checks: dict[tuple[int, int], tuple[Problem, ...]] = {}

        for j, ((number, row_cells), first, last, md, state, lic, npi, consent, names) in enumerate(
            zip(
                self.numbered,
                firsts,
                lasts,
                births,
                states,
                value("license_number"),
                npis,
                consents,
                folded,
                strict=True,
            )
        ):
            result = RowResult(number, list(row_cells))
            if j in early:
                for key, message in early[j]:
                    checker.problem(result, key, message)
            board_ids: dict[str, str] = {}
            for board, ids in board_columns:
                if ids[j]:
                    board_ids[board] = ids[j]
            month, day = md or (None, None)
            learner = LearnerRecord(
                first,
                last,
                month,
                day,
                state,
                lic or "",
                npi,
                board_ids,
                consent[0],
                consent[1],
                consent[2],
            )
            problems = problems_of[j]
            if board_ids:
                problems += board_id_problems(board_ids, ref)
            identity = (*names, month, day, state)
            if activities is None or completions is None:
                checker.rules(result, problems)
                if result.ok:
                    checker.duplicate(result, identity, "the same learner")
                    result.record = learner
                yield result
                continue
            activity_id, activity, missing = activities[j]
            if missing is not None:
                checker.problem(result, *missing)
            if j in late:
                for column, message in late[j]:
                    checker.problem(result, column, message)
            completion, moc = completions[j]
            if activity is not None and activity_id is not None:
                # Completions are shared by the rows whose cells match: asked once for each.
                asked = (activity_id, id(completion))
                found = checks.get(asked)
                if found is None:
                    found = checks[asked] = checker.completion_problems(
                        activity_id, activity, completion
                    )
                problems += found
            if problems:
                checker.rules(result, problems)
            if activity is not None:
                # Without consent or a board ID the row still imports (what was written is kept
                # and shown) and the record is held at home: a warning here, not a refusal.
                for p in check_holds(learner, completion, ref):
                    column = "consent" if p.field == "consent" else "board_id." + p.field[10:]
                    checker.problem(result, column, p.message, warning=True)
            if result.ok and activity_id is not None:
                checker.duplicate(
                    result,
                    (*identity, activity_id, completion.completion_date),
                    "the same learner, activity and completion date",
                    moc,
                )
                result.record = (learner, activity_id, completion)
            yield result

    def _activities(self) -> list[tuple[int | None, Any, Any]]:
        """Each row's activity, found once per distinct pair of IDs."""
        found: dict[tuple[str, str], tuple[int | None, Any, Any]] = {}
        out = []
        for pair in zip(
            self._values("provider_activity_id"), self._values("accme_activity_id"), strict=True
        ):
            which = found.get(pair)
            if which is None:
                which = found[pair] = self.checker.which_activity(pair[0] or "", pair[1] or "")
            out.append(which)
        return out

    def _completions(self) -> list[tuple[CompletionRecord, frozenset[Any]]]:
        """Each row's completion (and its MOC signature), built once per distinct set of cells.

        Rows are told apart by their cells as written (type and value), not by the values
        they coerce to: 1.5 and "1.50" credits are the same number but not the same record.
        """
        boards = self.checker.boards
        keys = ["cme_credits", *(f"moc.{b}" for b in boards), *(f"moc_type.{b}" for b in boards)]
        keys += ["rems_type", "completion_date"]
        raw = [self.columns[k].cells if k in self.columns else self.blank for k in keys]
        types = [map(type, column) for column in raw]
        values = [self._values(k) for k in keys]
        n = len(boards)
        found: dict[tuple[Any, ...], tuple[CompletionRecord, frozenset[Any]]] = {}
        out = []
        for j, cell_key in enumerate(zip(*raw, *types, strict=True)):
            made = found.get(cell_key)
            if made is None:
                credits: list[CreditRecord] = []
                cme = values[0][j]
                if cme is not None:
                    credits.append(CreditRecord(None, cme))
                for b, board in enumerate(boards):
                    points, kind = values[1 + b][j], values[1 + n + b][j]
                    if points is not None and points != 0:
                        credits.append(CreditRecord(board, points, credit_type=kind))
                completion = CompletionRecord(values[-1][j], tuple(credits), values[-2][j] or None)
                made = found[cell_key] = (completion, _moc_signature(completion.credits))
            out.append(made)
        return out


def _each(values: list[Any], rule: Callable[[Any], tuple[Problem, ...]]) -> list[Any]:
    """``rule`` of every value, worked out once per distinct value."""
    return list(map(_Judged(rule).__getitem__, values))


class _Judged(dict[Any, tuple[Problem, ...]]):
    def __init__(self, rule: Callable[[Any], tuple[Problem, ...]]) -> None:
        super().__init__()
        self.rule = rule

    def __missing__(self, value: Any) -> tuple[Problem, ...]:
        found = self[value] = self.rule(value)
        return found


class _Consents(dict[tuple[Any, Any, Any], tuple[Consent | None, Any, str]]):
    """(consent cell, consent date cell, source cell), coerced → the learner's consent, its
    date and its source; worked out once per distinct trio."""

    def __missing__(self, cells: tuple[Any, Any, Any]) -> tuple[Consent | None, Any, str]:
        answers, consent_date, source = cells
        answer, answered_on = answers or _NO_CONSENT
        consent_date = consent_date or answered_on
        if answer is None and consent_date is not None:
            answer = "given"  # a consent date alone records a consent given
        found = self[cells] = (
            _CONSENT[answer] if answer else None,
            consent_date,
            source or ("import" if answer else ""),
        )
        return found


def _moc_signature(credits: Sequence[CreditRecord]) -> frozenset[tuple[str | None, str | None]]:
    return frozenset((c.board, c.credit_type) for c in credits if c.board)
