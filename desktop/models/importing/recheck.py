"""The duplicate check again, inside the import's write transaction.

A plan is made from a read of the store; between that read and the write another import (of
the same file, in another window or process) may have added the same rows. The commit holds
the write lock (``BEGIN IMMEDIATE``) from its first statement and asks the store once more,
so two imports of one file at once add it once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.entities import Activity, Completion, Learner
from desktop.models.importing.columns import Kind
from desktop.models.importing.plan import IDENTITY, ImportPlan, RowResult, _k
from desktop.models.records import LearnerRecord

CHUNK = 900  # SQLite's bound-parameter limit, with room to spare


def rows_now_in_store(
    s: Session, plan: ImportPlan, valid: list[RowResult] | None = None
) -> list[RowResult]:
    """The plan's valid rows (``valid``, when the caller has them) that the store holds by now."""
    valid = plan.valid if valid is None else valid
    if not valid:
        return []
    if plan.kind is Kind.ACTIVITIES:
        wanted = sorted({r.record.provider_activity_id for r in valid})
        have: set[Any] = set()
        for i in range(0, len(wanted), CHUNK):
            have |= set(
                s.scalars(
                    select(Activity.provider_activity_id).where(
                        Activity.provider_activity_id.in_(wanted[i : i + CHUNK])
                    )
                )
            )
        return [r for r in valid if r.record.provider_activity_id in have]
    if plan.kind is Kind.LEARNERS:
        people = {(_k(f), _k(la), m, d, st) for f, la, m, d, st in s.execute(select(*IDENTITY))}
        return [r for r in valid if _person(r.record) in people]
    activity_ids = sorted({r.record[1] for r in valid})
    done = set()
    for i in range(0, len(activity_ids), CHUNK):
        for f, la, m, d, st, aid, when in s.execute(
            select(*IDENTITY, Completion.activity_id, Completion.completion_date)
            .join(Learner, Learner.id == Completion.learner_id)
            .where(
                Completion.activity_id.in_(activity_ids[i : i + CHUNK]),
                Completion.state.not_in(("deleted", "delete_queued")),
            )
        ):
            done.add((_k(f), _k(la), m, d, st, aid, when))
    if not done:  # the usual case: nothing of these activities yet, no row to look up
        return []
    return [
        r
        for r in valid
        if (*_person(r.record[0]), r.record[1], r.record[2].completion_date) in done
    ]


def _person(learner: LearnerRecord) -> tuple[Any, ...]:
    return (
        _k(learner.first_name),
        _k(learner.last_name),
        learner.birth_month,
        learner.birth_day,
        learner.license_state,
    )
