"""What the sandbox does with learner reports: checks, matching, idempotency, board decisions.

Records belong to the account that sent them: another account can neither see, delete nor
reuse them. Credit IDs are PARS-wide (``ccid:`` URNs), so a Credit ID another account uses is
refused without saying whose it is.

Board rule (deterministic, so tests can rely on it): a MOC credit stays "pending board" for the
configured number of status polls; on the next poll the board accepts it when the matched
physician is certified by that board in the directory, and rejects it otherwise with the reason
"Not a diplomate of <board>".
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from pars_sandbox import activity_rules, learner_rules
from pars_sandbox.activity_book import ActivityBook
from pars_sandbox.answers import ACCEPTED, DELETED, Problem, Result, rejected
from pars_sandbox.directory import MATCHED, MULTIPLE, NOT_FOUND, Directory
from pars_sandbox.learner_rules import Report
from pars_sandbox.settings import Settings
from pars_sandbox.storage import Storage

PENDING, CME_ACCEPTED = "pending_board", "accepted"
BOARD_ACCEPTED, BOARD_REJECTED, UNKNOWN = "board_accepted", "board_rejected", "not_found"


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

    def submit(self, account: str, reports: list[tuple[str, Report]]) -> list[Result]:
        """``reports``: (where in the body, the report read from it)."""
        activities = self._activities.live(account, {r.accme_id for _, r in reports})
        existing = self._existing([c.credit_id for _, r in reports for c in r.credits])
        results: list[Result] = []
        rows: list[tuple[object, ...]] = []
        deletes: list[str] = []
        seen: set[str] = set()
        today = self._today()
        for where, r in reports:
            key = r.key
            mine = [existing.get(c.credit_id) for c in r.credits]
            if any(m is not None and m[2] != account for m in mine):
                results.append(
                    _refuse(
                        key, where, "credit_id_taken", "This Credit ID is already used in PARS."
                    )
                )
                continue
            if r.action == "delete":
                if not any(m is not None and not m[1] for m in mine):
                    results.append(
                        _refuse(
                            key,
                            where,
                            "not_found",
                            "PARS has no learner record with this Credit ID.",
                        )
                    )
                    continue
                deletes.append(key)
                results.append(Result(key, DELETED))
                continue
            problems = self._check(where, r, activities, today)
            if problems:
                results.append(rejected(key, *problems))
                continue
            fingerprint = _fingerprint(r)
            if all(mine) or key in seen:
                if any(m is not None and m[1] for m in mine):
                    results.append(
                        _refuse(
                            key,
                            where,
                            "credit_id_deleted",
                            "This Credit ID belonged to a deleted record; a new record needs a new Credit ID.",
                        )
                    )
                elif key in seen or all(m is not None and m[0] == fingerprint for m in mine):
                    results.append(Result(key, ACCEPTED))  # a retry: the same record
                else:
                    results.append(
                        _refuse(
                            key,
                            where,
                            "immutable",
                            "Learner records cannot be edited: delete the record and add a new one.",
                        )
                    )
                continue
            if any(mine):
                results.append(
                    _refuse(
                        key,
                        where,
                        "immutable",
                        "Some of these Credit IDs are already used by another record.",
                    )
                )
                continue
            _, found = self._directory.find(r.identity)
            for c in r.credits:
                rows.append(
                    (
                        c.credit_id,
                        key,
                        account,
                        r.accme_id,
                        c.board,
                        str(c.points),
                        fingerprint,
                        found[0].npi,
                        r.completed.isoformat() if r.completed else "",
                        PENDING if c.board else CME_ACCEPTED,
                    )
                )
            seen.add(key)
            results.append(Result(key, ACCEPTED))
        with self._db.transaction() as db:
            db.executemany(
                "INSERT INTO learner_credit (credit_id, report_key, account, accme_id, board, points, fingerprint, physician_npi, completion_date, state) VALUES (?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            db.executemany(
                "UPDATE learner_credit SET deleted = 1 WHERE report_key = ? AND account = ?",
                [(k, account) for k in deletes],
            )
        return results

    def _check(
        self,
        where: str,
        r: Report,
        activities: dict[str, tuple[dict[str, Any], str]],
        today: date,
    ) -> list[Problem]:
        module = f"{where}/Activity/Module"
        found = activities.get(r.accme_id)
        if found is None:
            return [
                Problem(
                    "unknown_activity",
                    f"{module}/ModuleName/moduleID",
                    f"PARS has no activity {r.accme_id or '(none given)'}.",
                )
            ]
        item, status = found
        if status == activity_rules.DRAFT:
            return [
                Problem(
                    "activity_draft",
                    f"{module}/ModuleName/moduleID",
                    "The activity is still a Draft in PARS; complete it before reporting learners.",
                )
            ]
        problems = learner_rules.check(
            r,
            activity_rules.designated_credits(item),
            activity_rules.moc_points(item),
            activity_rules.dates(item),
            today,
        )
        if problems:
            return [Problem(p.code, f"{where}{p.field}", p.message) for p in problems]
        match, _ = self._directory.find(r.identity)
        if match == NOT_FOUND:
            return [
                Problem(
                    "learner_not_found",
                    f"{where}/Member",
                    "PARS found no physician with this name, birth date and state of licensure.",
                )
            ]
        if match == MULTIPLE:
            return [
                Problem(
                    "learner_ambiguous",
                    f"{module}/CreditCertificate/0/UniqueID",
                    "More than one physician matches; add the licence number or NPI.",
                )
            ]
        assert match == MATCHED
        return []

    def _existing(self, credit_ids: list[str]) -> dict[str, tuple[str, int, str]]:
        """Credit ID → (fingerprint, deleted, account), whoever's it is."""
        out: dict[str, tuple[str, int, str]] = {}
        with self._db.transaction() as c:
            for start in range(0, len(credit_ids), 900):
                chunk = credit_ids[start : start + 900]
                marks = ",".join("?" * len(chunk))
                for credit_id, fingerprint, deleted, account in c.execute(
                    f"SELECT credit_id, fingerprint, deleted, account FROM learner_credit WHERE credit_id IN ({marks})",
                    chunk,
                ):
                    out[credit_id] = (fingerprint, deleted, account)
        return out

    def statuses(self, account: str, credit_ids: list[str]) -> list[tuple[str, str, str]]:
        out: list[tuple[str, str, str]] = []
        with self._db.transaction() as c:
            for credit_id in credit_ids:
                row = c.execute(
                    "SELECT board, state, reason, polls, physician_npi, deleted FROM learner_credit WHERE credit_id = ? AND account = ?",
                    (credit_id, account),
                ).fetchone()
                if row is None or row[5]:
                    out.append((credit_id, UNKNOWN, ""))
                    continue
                board, state, reason, polls, npi, _ = row
                if state == PENDING:
                    if polls >= self._settings.board_polls:
                        state, reason = self._board_decision(board, npi)
                    c.execute(
                        "UPDATE learner_credit SET polls = polls + 1, state = ?, reason = ? WHERE credit_id = ?",
                        (state, reason, credit_id),
                    )
                out.append((credit_id, state, reason))
        return out

    def _board_decision(self, board: str, npi: str) -> tuple[str, str]:
        person = self._directory.physician(npi)
        if person is not None and board.upper() in {b.upper() for b in person.boards}:
            return BOARD_ACCEPTED, ""
        return BOARD_REJECTED, f"Not a diplomate of {board}"

    def delete(self, account: str, credit_id: str) -> bool:
        """Only the account's own record: another account's Credit ID reads as not found."""
        with self._db.transaction() as c:
            row = c.execute(
                "SELECT report_key FROM learner_credit WHERE credit_id = ? AND account = ? AND deleted = 0",
                (credit_id, account),
            ).fetchone()
            if row is None:
                return False
            c.execute(
                "UPDATE learner_credit SET deleted = 1 WHERE report_key = ? AND account = ?",
                (row[0], account),
            )
            return True


def _fingerprint(r: Report) -> str:
    credits = ";".join(f"{c.credit_id}:{c.board or 'CME'}:{c.points}" for c in r.credits)
    who = r.identity
    return "|".join(
        (
            r.accme_id,
            who.first_name,
            who.last_name,
            f"{who.birth_month}-{who.birth_day}",
            who.license_state,
            str(r.completed),
            credits,
        )
    )


def _refuse(key: str, where: str, code: str, message: str) -> Result:
    return rejected(
        key, Problem(code, f"{where}/Activity/Module/CreditCertificate/0/CreditID", message)
    )
