"""The import's checker as it was before issue 17: every row checked on its own, cell by cell.

Kept (as a reference, not used by the app) so the column-by-column checker can be compared
with it problem for problem on messy files: the same rows, columns, messages and records.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from desktop.models import coerce
from desktop.models.importing.cell_columns import credit_type_parser, month, whole_number
from desktop.models.importing.columns import Kind
from desktop.models.importing.plan import ImportPlan, RowResult, _Checker, _filled, _k
from desktop.models.importing.reading import Table
from desktop.models.records import (
    ActivityRecord,
    CompletionRecord,
    Consent,
    CreditRecord,
    LearnerRecord,
)
from desktop.models.rules import check_completion, check_holds, check_learner
from desktop.models.rules.problems import Problem
from desktop.models.store import Store


def reference_plan(
    store: Store,
    table: Table,
    kind: Kind,
    header_row: int,
    mapping: dict[str, int],
    today: date,
    activity_id: int | None = None,
) -> ImportPlan:
    """``plan_import``'s old loop: one row at a time."""
    headings = list(table.rows[header_row])
    data = table.rows[header_row + 1 :]
    plan = ImportPlan(kind, "", headings, header_row + 1, dict(mapping), [])
    checker = RowByRow(store, kind, headings, mapping, today, activity_id, data)
    for i, cells in enumerate(data):
        if not any(_filled(c) for c in cells):
            plan.blank_rows += 1
            continue
        plan.rows.append(checker.one(header_row + 2 + i, cells))
    return plan


class RowByRow(_Checker):
    def one(self, number: int, cells: Sequence[Any]) -> RowResult:
        result = RowResult(number, list(cells))
        self._learner_row(result, self._values(result, cells))
        return result

    def _learner(self, result: RowResult, v: dict[str, Any]) -> LearnerRecord:
        month_day = self._parse(result, "birth_date", v, coerce.parse_month_day)
        month_ = self._parse(result, "birth_month", v, month)
        day = self._parse(result, "birth_day", v, whole_number)
        if month_day is None and (month_ is not None or day is not None):
            month_day = (month_, day)
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
            answer = "given"
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
            self.rules(result, problems)
            if result.ok:
                self.duplicate(result, key, "the same learner")
                result.record = learner
            return
        activity_id, activity = self._which_activity(result, v)
        completion = self._completion(result, v)
        if activity is not None and activity_id is not None:
            memo = (activity_id, completion)
            found = self._completion_checks.get(memo)
            if found is None:
                found = check_completion(completion, activity, self.today, self.ref)
                self._completion_checks[memo] = found
            problems += found
        self.rules(result, problems)
        if activity is not None:
            for p in check_holds(learner, completion, self.ref):
                column = "consent" if p.field == "consent" else "board_id." + p.field[10:]
                self.problem(result, column, p.message, warning=True)
        if result.ok and activity_id is not None:
            self.duplicate(
                result,
                (*key, activity_id, completion.completion_date),
                "the same learner, activity and completion date",
                frozenset((c.board, c.credit_type) for c in completion.credits if c.board),
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
                    self.problem(result, key, f"There is no activity “{ident}” in your store.")
                    return None, None
                return found
        self.problem(result, "provider_activity_id", "Which activity? The activity ID is empty.")
        return None, None

    def _completion(self, result: RowResult, v: dict[str, Any]) -> CompletionRecord:
        credits: list[CreditRecord] = []
        cme = self._parse(result, "cme_credits", v, coerce.parse_decimal)
        if cme is not None:
            credits.append(CreditRecord(None, cme))
        for board in self.boards:
            points = self._parse(result, f"moc.{board}", v, coerce.parse_decimal)
            kind = self._parse(result, f"moc_type.{board}", v, credit_type_parser(board))
            if points is not None and points != 0:
                credits.append(CreditRecord(board, points, credit_type=kind))
        rems = coerce.clean(v.get("rems_type")) or None
        return CompletionRecord(
            self._parse(result, "completion_date", v, coerce.parse_date), tuple(credits), rems
        )
