"""Learner matching (SPEC §4, M7): ask PARS who it recognises before any completion is sent.

Learners wait as "not_checked" (new, imported, or identity changed) and are checked in
batches: in the background whenever the app is online, and by every sync before completions go.
A result is stored only if the learner was not edited while PARS was being asked.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from sqlalchemy import String, func, select, type_coerce

from desktop.models.entities import Learner
from desktop.models.entities.base import stored_timestamp, table_of, utcnow
from desktop.models.mapping import learner_from_row
from desktop.models.match_states import NOT_CHECKED
from desktop.models.records import LearnerRecord
from desktop.models.rules import check_learner
from desktop.models.store import Store
from desktop.sync.client import ParsClient
from desktop.sync.contract.match_document import MatchQuery
from desktop.sync.report import Progress, no_progress

log = logging.getLogger(__name__)


@dataclass
class MatchReport:
    checked: int = 0
    matched: int = 0
    not_found: int = 0
    multiple: int = 0
    skipped: int = 0  # incomplete identities: the grid shows what is missing


@dataclass(frozen=True)
class _Waiting:
    learner_id: int
    seen: str  # updated_at as stored when read: a later edit makes the answer stale
    record: LearnerRecord


def count_waiting(store: Store) -> int:
    with store.reading() as s:
        return (
            s.scalar(
                select(func.count()).select_from(Learner).where(Learner.match_status == NOT_CHECKED)
            )
            or 0
        )


def _waiting(store: Store, size: int, report: MatchReport) -> Iterator[list[_Waiting]]:
    last_id = 0
    while True:
        with store.reading() as s:
            c = table_of(Learner).c
            rows = s.execute(
                select(
                    c.id,
                    # As stored (text): compared again, unchanged, when the answer is written.
                    type_coerce(c.updated_at, String),
                    c.first_name,
                    c.last_name,
                    c.birth_month,
                    c.birth_day,
                    c.license_state,
                    c.license_number,
                    c.npi,
                    c.board_ids,
                )
                .where(c.match_status == NOT_CHECKED, c.id > last_id)
                .order_by(c.id)
                .limit(size)
            ).all()
        if not rows:
            return
        last_id = rows[-1].id
        batch = []
        for r in rows:
            record = learner_from_row(r)
            if check_learner(record):  # PARS could not match it either: no request wasted
                report.skipped += 1
                continue
            batch.append(_Waiting(r[0], r[1], record))
        if batch:
            yield batch


Writer = Callable[[Callable[[], None]], None]


def _directly(fn: Callable[[], None]) -> None:
    fn()


def _store_answers(store: Store, rows: list[dict[str, Any]], stamp: str) -> None:
    with store.transaction() as s:
        # Straight to the DB-API cursor: 10,000 answers at the deadline, and SQLAlchemy's
        # per-value type handling would cost more than SQLite's own work.
        cursor = s.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.executemany(
            "UPDATE learner SET match_status = ?, match_checked_at = ?, match_detail = ?"
            " WHERE id = ? AND updated_at = ? AND match_status = 'not_checked'",
            [(r["status"], stamp, json.dumps(r["detail"]), r["lid"], r["seen"]) for r in rows],
        )


def match_learners(
    store: Store,
    client: ParsClient,
    size: int,
    progress: Progress = no_progress,
    done: int = 0,
    total: int = 0,
    write: Writer | None = None,
) -> MatchReport:
    """Ask PARS about every learner waiting for a match and store the answers.

    ``write`` runs each batch's store write: the window passes its one write thread (PARS is
    asked from a network thread, which must not write); the sync, already on that thread,
    writes directly."""
    report = MatchReport()
    for batch in _waiting(store, size, report):
        answers = {
            a.ref: a for a in client.match([MatchQuery(str(w.learner_id), w.record) for w in batch])
        }
        stamp = stored_timestamp(utcnow())
        rows = []
        for w in batch:
            answer = answers.get(str(w.learner_id))
            if answer is None:
                continue
            rows.append(
                {
                    "lid": w.learner_id,
                    "seen": w.seen,
                    "status": answer.status.value,
                    "detail": {
                        "candidates": [
                            {k: v for k, v in asdict(c).items() if v} for c in answer.candidates
                        ]
                    },
                }
            )
            setattr(report, answer.status.value, getattr(report, answer.status.value) + 1)
        (write or _directly)(partial(_store_answers, store, rows, stamp))
        report.checked += len(rows)
        done += len(batch)
        progress(done, max(total, done), "learner matching")
    log.info(
        "learner matching: %d checked, %d not found, %d ambiguous",
        report.checked,
        report.not_found,
        report.multiple,
    )
    return report
