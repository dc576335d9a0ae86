"""What the sandbox does with activity documents: PARS's rules, IDs and update-not-duplicate."""

from __future__ import annotations

import random
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date

from lxml import etree

from desktop.models.records import ActivityRecord
from desktop.models.reference import load_reference
from desktop.models.rules import Problem, Status, assess_activity
from desktop.sync.contract.activity_document import (
    ActivityEnvelope,
    RecordAction,
    activity_element,
    parse_activity_element,
)
from desktop.sync.contract.results_document import FieldError, RecordResult, ResultStatus
from pars_sandbox.storage import Storage


class ActivityBook:
    def __init__(self, storage: Storage, today: Callable[[], date], seed: int) -> None:
        self._db = storage
        self._today = today
        self._rng = random.Random(seed)
        self._rng_lock = threading.Lock()
        self._ref = load_reference()
        self._parsed: dict[tuple[str, int], ActivityRecord] = {}

    def submit(self, account: str, envelopes: list[ActivityEnvelope]) -> list[RecordResult]:
        return [self._one(account, env) for env in envelopes]

    def _one(self, account: str, env: ActivityEnvelope) -> RecordResult:
        r = env.record
        key = r.provider_activity_id
        if not key:
            return _rejected(
                key,
                FieldError(
                    "required",
                    "provider_activity_id",
                    "Every activity needs a Provider Activity ID.",
                ),
            )
        with self._db.transaction() as c:
            row = c.execute(
                "SELECT accme_id, document, version, deleted FROM activity WHERE account = ? AND provider_activity_id = ?",
                (account, key),
            ).fetchone()
            if env.action is RecordAction.DELETE:
                if row is None:
                    return _rejected(
                        key,
                        FieldError(
                            "not_found", "provider_activity_id", f"PARS has no activity {key}."
                        ),
                    )
                live = c.execute(
                    "SELECT count(*) FROM learner_credit WHERE accme_id = ? AND deleted = 0",
                    (row[0],),
                ).fetchone()[0]
                if live:
                    return _rejected(
                        key,
                        FieldError(
                            "has_learners",
                            "provider_activity_id",
                            f"The activity has {live} learner credits; delete them first.",
                        ),
                    )
                c.execute(
                    "UPDATE activity SET deleted = 1, updated_at = datetime('now') WHERE accme_id = ?",
                    (row[0],),
                )
                return RecordResult(key, ResultStatus.DELETED, row[0], row[2])
            if r.accme_activity_id and (row is None or row[0] != r.accme_activity_id):
                return _rejected(
                    key,
                    FieldError(
                        "accme_id_mismatch",
                        "accme_activity_id",
                        f"ACCME Activity ID {r.accme_activity_id} does not belong to activity {key}.",
                    ),
                )
            assessment = assess_activity(r, self._today(), self._ref)
            if assessment.status is Status.INCOMPLETE:
                return RecordResult(key, ResultStatus.REJECTED, errors=_errors(assessment.blockers))
            if r.close_requested and assessment.status is not Status.CLOSED:
                blockers = [p for p in assessment.blockers if p.code != "close_not_requested"]
                return RecordResult(key, ResultStatus.REJECTED, errors=_errors(blockers))
            accme_id = row[0] if row is not None else self._new_id(c)
            stored = replace(r, accme_activity_id=accme_id)
            document = etree.tostring(activity_element(ActivityEnvelope(stored), self._ref))
            if row is None:
                version = 1
                c.execute(
                    "INSERT INTO activity (accme_id, account, provider_activity_id, document, status, version) VALUES (?, ?, ?, ?, ?, ?)",
                    (accme_id, account, key, document, assessment.status.name, version),
                )
            elif row[1] == document and not row[3]:
                version = row[2]  # the same record again: nothing changes (idempotent)
            else:
                version = row[2] + 1
                c.execute(
                    "UPDATE activity SET document = ?, status = ?, version = ?, deleted = 0, updated_at = datetime('now') WHERE accme_id = ?",
                    (document, assessment.status.name, version, accme_id),
                )
            return RecordResult(key, ResultStatus.ACCEPTED, accme_id, version)

    def _new_id(self, c: sqlite3.Connection) -> str:
        while True:
            with self._rng_lock:
                candidate = str(self._rng.randint(100_000_000, 999_999_999))
            if (
                c.execute("SELECT 1 FROM activity WHERE accme_id = ?", (candidate,)).fetchone()
                is None
            ):
                return candidate

    def get(
        self, account: str, *, accme_id: str | None = None, provider_id: str | None = None
    ) -> ActivityEnvelope | None:
        with self._db.transaction() as c:
            if accme_id is not None:
                row = c.execute(
                    "SELECT document, version FROM activity WHERE account = ? AND accme_id = ? AND deleted = 0",
                    (account, accme_id),
                ).fetchone()
            else:
                row = c.execute(
                    "SELECT document, version FROM activity WHERE account = ? AND provider_activity_id = ? AND deleted = 0",
                    (account, provider_id),
                ).fetchone()
        if row is None:
            return None
        env = parse_activity_element(etree.fromstring(row[0]), self._ref, where="stored activity")
        return replace(env, version=row[1])

    def records(self, account: str, accme_ids: set[str]) -> dict[str, tuple[ActivityRecord, str]]:
        """The live activities among ``accme_ids`` with their status, for learner checks.

        Parsed records are cached by (ACCME ID, version): learner documents name the same
        activities over and over, and a version changes whenever the record does.
        """
        if not accme_ids:
            return {}
        ids = sorted(accme_ids)
        marks = ",".join("?" * len(ids))
        with self._db.transaction() as c:
            rows = c.execute(
                f"SELECT accme_id, version, status FROM activity WHERE account = ? AND deleted = 0 AND accme_id IN ({marks})",
                (account, *ids),
            ).fetchall()
            missing = [(a, v) for a, v, _ in rows if (a, v) not in self._parsed]
            for accme, version, doc in (
                c.execute(
                    "SELECT accme_id, version, document FROM activity WHERE accme_id = ?", (a,)
                ).fetchone()
                for a, _ in missing
            ):
                if len(self._parsed) > 50_000:
                    self._parsed.clear()
                self._parsed[(accme, version)] = parse_activity_element(
                    etree.fromstring(doc), self._ref, where=accme
                ).record
        return {accme: (self._parsed[(accme, version)], status) for accme, version, status in rows}

    def edit_on_server(self, accme_id: str, record: ActivityRecord) -> int:
        """What a coordinator typing into the PARS web form does: change it there (for tests)."""
        stored = replace(record, accme_activity_id=accme_id)
        document = etree.tostring(activity_element(ActivityEnvelope(stored), self._ref))
        status = assess_activity(stored, self._today(), self._ref).status.name
        with self._db.transaction() as c:
            c.execute(
                "UPDATE activity SET document = ?, status = ?, version = version + 1 WHERE accme_id = ?",
                (document, status, accme_id),
            )
            version: int = c.execute(
                "SELECT version FROM activity WHERE accme_id = ?", (accme_id,)
            ).fetchone()[0]
        return version


def _rejected(key: str, error: FieldError) -> RecordResult:
    return RecordResult(key, ResultStatus.REJECTED, errors=(error,))


def _errors(problems: Iterable[Problem]) -> tuple[FieldError, ...]:
    return tuple(FieldError(p.code, p.field, p.message) for p in problems)
