"""What the sandbox does with learner documents: checks, matching, idempotency, board decisions.

Board rule (deterministic, so tests can rely on it): a MOC credit stays "pending board" for the
configured number of status polls; on the next poll the board accepts it when the matched
physician is certified by that board in the directory, and rejects it otherwise with the reason
"Not a diplomate of <board>".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from desktop.models.records import ActivityRecord
from desktop.models.rules import check_completion, check_learner
from desktop.sync.contract.learner_document import LearnerReport, ReportAction
from desktop.sync.contract.match_document import MatchStatus
from desktop.sync.contract.results_document import (
    CreditState,
    CreditStatus,
    FieldError,
    RecordResult,
    ResultStatus,
)
from pars_sandbox.activity_book import ActivityBook
from pars_sandbox.directory import Directory
from pars_sandbox.settings import Settings
from pars_sandbox.storage import Storage

DRAFT_STATES = {"INCOMPLETE", "DRAFT"}


class LearnerBook:
    def __init__(
        self,
        storage: Storage,
        activities: ActivityBook,
        directory: Directory,
        today: Callable[[], date],
        settings: Settings,
    ) -> None:
        self._db = storage
        self._activities = activities
        self._directory = directory
        self._today = today
        self._settings = settings

    def submit(self, account: str, reports: list[LearnerReport]) -> list[RecordResult]:
        activities = self._activities.records(account, {r.accme_activity_id for r in reports})
        results: list[RecordResult] = []
        rows: list[tuple[object, ...]] = []
        deletes: list[str] = []
        existing = self._existing(
            [c.credit_id for r in reports for c in r.completion.credits if c.credit_id]
        )
        seen_in_document: set[str] = set()
        today = self._today()
        for r in reports:
            key = r.key
            if r.action is ReportAction.DELETE:
                known = [existing.get(c.credit_id) for c in r.completion.credits]
                if not any(known):
                    results.append(
                        _rejected(
                            key,
                            "not_found",
                            "credit_id",
                            "PARS has no learner record with this Credit ID.",
                        )
                    )
                    continue
                deletes.append(key)
                results.append(RecordResult(key, ResultStatus.DELETED))
                continue
            problem = self._check(r, activities, today)
            if problem is not None:
                results.append(RecordResult(key, ResultStatus.REJECTED, errors=problem))
                continue
            fingerprint = _fingerprint(r)
            ids = [c.credit_id for c in r.completion.credits]
            before = [existing.get(i) for i in ids]
            if all(before) or key in seen_in_document:
                if any(b is not None and b[1] for b in before):
                    results.append(
                        _rejected(
                            key,
                            "credit_id_deleted",
                            "credit_id",
                            "This Credit ID belonged to a deleted record; a new record needs a new Credit ID.",
                        )
                    )
                elif (
                    all(b is not None and b[0] == fingerprint for b in before)
                    or key in seen_in_document
                ):
                    results.append(RecordResult(key, ResultStatus.ACCEPTED))  # a retry: same record
                else:
                    results.append(
                        _rejected(
                            key,
                            "immutable",
                            "credit_id",
                            "Learner records cannot be edited: delete the record and add a new one.",
                        )
                    )
                continue
            if any(before):
                results.append(
                    _rejected(
                        key,
                        "immutable",
                        "credit_id",
                        "Some of these Credit IDs are already used by another record.",
                    )
                )
                continue
            _, found = self._directory.find(r.learner)
            npi = found[0].npi
            for c in r.completion.credits:
                state = CreditState.PENDING_BOARD if c.board else CreditState.ACCEPTED
                rows.append(
                    (
                        c.credit_id,
                        key,
                        account,
                        r.accme_activity_id,
                        c.board,
                        str(c.points),
                        fingerprint,
                        npi,
                        r.completion.completion_date.isoformat()
                        if r.completion.completion_date
                        else "",
                        state.value,
                    )
                )
            seen_in_document.add(key)
            results.append(RecordResult(key, ResultStatus.ACCEPTED))
        with self._db.transaction() as db:
            db.executemany(
                "INSERT INTO learner_credit (credit_id, report_key, account, accme_id, board, points, fingerprint, physician_npi, completion_date, state) VALUES (?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            db.executemany(
                "UPDATE learner_credit SET deleted = 1 WHERE report_key = ?",
                [(k,) for k in deletes],
            )
        return results

    def _check(
        self, r: LearnerReport, activities: dict[str, tuple[ActivityRecord, str]], today: date
    ) -> tuple[FieldError, ...] | None:
        ids = [c.credit_id for c in r.completion.credits]
        if not ids or not all(ids) or len(set(ids)) != len(ids):
            return (FieldError("credit_id", "credit_id", "Each credit needs its own Credit ID."),)
        found = activities.get(r.accme_activity_id)
        if found is None:
            return (
                FieldError(
                    "unknown_activity",
                    "accme_activity_id",
                    f"PARS has no activity {r.accme_activity_id or '(none given)'}.",
                ),
            )
        activity, status = found
        if status in DRAFT_STATES:
            return (
                FieldError(
                    "activity_draft",
                    "accme_activity_id",
                    "The activity is still a Draft in PARS; complete it before reporting learners.",
                ),
            )
        # Consent is the provider's to hold: ACCME's learner schema carries none, so PARS
        # cannot judge it and neither does the sandbox (the client holds those records home).
        problems = check_learner(r.learner) + check_completion(r.completion, activity, today)
        if problems:
            return tuple(FieldError(p.code, p.field, p.message) for p in problems)
        status_found, _ = self._directory.find(r.learner)
        if status_found is MatchStatus.NOT_FOUND:
            return (
                FieldError(
                    "learner_not_found",
                    "learner",
                    "PARS found no physician with this name, birth date and state of licensure.",
                ),
            )
        if status_found is MatchStatus.MULTIPLE:
            return (
                FieldError(
                    "learner_ambiguous",
                    "license_number",
                    "More than one physician matches; add the licence number or NPI.",
                ),
            )
        return None

    def _existing(self, credit_ids: list[str]) -> dict[str, tuple[str, int]]:
        out: dict[str, tuple[str, int]] = {}
        with self._db.transaction() as c:
            for start in range(0, len(credit_ids), 900):
                chunk = credit_ids[start : start + 900]
                marks = ",".join("?" * len(chunk))
                for credit_id, fingerprint, deleted in c.execute(
                    f"SELECT credit_id, fingerprint, deleted FROM learner_credit WHERE credit_id IN ({marks})",
                    chunk,
                ):
                    out[credit_id] = (fingerprint, deleted)
        return out

    def statuses(self, account: str, credit_ids: list[str]) -> list[CreditStatus]:
        out: list[CreditStatus] = []
        with self._db.transaction() as c:
            for credit_id in credit_ids:
                row = c.execute(
                    "SELECT board, state, reason, polls, physician_npi, deleted FROM learner_credit WHERE credit_id = ? AND account = ?",
                    (credit_id, account),
                ).fetchone()
                if row is None or row[5]:
                    out.append(CreditStatus(credit_id, CreditState.NOT_FOUND))
                    continue
                board, state, reason, polls, npi, _ = row
                if state == CreditState.PENDING_BOARD.value:
                    if polls >= self._settings.board_polls:
                        state, reason = self._board_decision(board, npi)
                    c.execute(
                        "UPDATE learner_credit SET polls = polls + 1, state = ?, reason = ? WHERE credit_id = ?",
                        (state, reason, credit_id),
                    )
                out.append(CreditStatus(credit_id, CreditState(state), reason))
        return out

    def _board_decision(self, board: str, npi: str) -> tuple[str, str]:
        person = self._directory.physician(npi)
        if person is not None and board in person.boards:
            return CreditState.BOARD_ACCEPTED.value, ""
        return CreditState.BOARD_REJECTED.value, f"Not a diplomate of {board}"

    def delete(self, account: str, credit_id: str) -> bool:
        with self._db.transaction() as c:
            row = c.execute(
                "SELECT report_key FROM learner_credit WHERE credit_id = ? AND account = ?",
                (credit_id, account),
            ).fetchone()
            if row is None:
                return False
            c.execute("UPDATE learner_credit SET deleted = 1 WHERE report_key = ?", (row[0],))
            return True


def _fingerprint(r: LearnerReport) -> str:
    credits = ";".join(f"{c.credit_id}:{c.board or 'CME'}:{c.points}" for c in r.completion.credits)
    lr = r.learner
    return "|".join(
        (
            r.accme_activity_id,
            lr.first_name,
            lr.last_name,
            f"{lr.birth_month}-{lr.birth_day}",
            lr.license_state,
            str(r.completion.completion_date),
            credits,
        )
    )


def _rejected(key: str, code: str, field: str, message: str) -> RecordResult:
    return RecordResult(key, ResultStatus.REJECTED, errors=(FieldError(code, field, message),))
