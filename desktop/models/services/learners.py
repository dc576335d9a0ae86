"""User actions on learners and completions (SPEC §2.5)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.changes import Changes
from desktop.models.entities import Activity, Completion, Learner, OutboxEntry
from desktop.models.entities.base import utcnow
from desktop.models.mapping import completion_record, credit_rows, learner_record, write_learner
from desktop.models.records import CompletionRecord, LearnerRecord
from desktop.models.services.errors import NotAllowed, NotFound
from desktop.models.services.journal import audit, fields_of, queue
from desktop.models.store import Store

_T = TypeVar("_T")

# Changing any of these means PARS must match the learner again (SPEC §4).
IDENTITY_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "birth_month",
        "birth_day",
        "license_state",
        "license_number",
        "npi",
        "board_ids",
    }
)
# States in which PARS has never seen a completion, so it may still be edited or dropped.
UNSENT = frozenset({"draft", "queued"})


def new_credit_id() -> str:
    """A Credit ID: unique, stable, and carrying no personal data."""
    return uuid.uuid4().hex.upper()


class LearnerService:
    def __init__(self, store: Store, today: Callable[[], date] = date.today) -> None:
        self._store = store
        self._today = today

    def add_learner(self, record: LearnerRecord) -> tuple[int, Changes]:
        with self._store.transaction() as s:
            learner = Learner()
            write_learner(learner, record)
            s.add(learner)
            s.flush()
            audit(s, "learner", learner.id, "create", {}, fields_of(record))
            return learner.id, Changes(learners=frozenset({learner.id}))

    def update_learner(self, learner_id: int, **values: Any) -> Changes:
        with self._store.transaction() as s:
            learner = _get(s, Learner, learner_id)
            before = learner_record(learner)
            after = replace(before, **values)
            if after == before:
                return Changes()
            write_learner(learner, after)
            learner.updated_at = utcnow()
            if IDENTITY_FIELDS & {k for k in values if getattr(before, k) != getattr(after, k)}:
                learner.match_status = "not_checked"
                learner.match_checked_at = None
                learner.match_detail = {}
            audit(s, "learner", learner.id, "update", fields_of(before), fields_of(after))
            return Changes(learners=frozenset({learner.id}))

    def get_learner(self, learner_id: int) -> LearnerRecord:
        with self._store.reading() as s:
            return learner_record(_get(s, Learner, learner_id))

    def record_completion(
        self, learner_id: int, activity_id: int, record: CompletionRecord
    ) -> tuple[int, Changes]:
        """Record a completion; each credit gets its own new, stable Credit ID."""
        with self._store.transaction() as s:
            _get(s, Learner, learner_id)
            activity = _get(s, Activity, activity_id)
            if activity.deleted_at is not None:
                raise NotFound(f"activity {activity_id}")
            completion = Completion(
                learner_id=learner_id,
                activity_id=activity_id,
                completion_date=record.completion_date,
                rems_type=record.rems_type,
                state="queued",
                credits=credit_rows(record, new_credit_id),
            )
            s.add(completion)
            s.flush()
            stored = completion_record(completion)
            audit(s, "completion", completion.id, "create", {}, fields_of(stored))
            queue(s, "completion", completion.id, _key(completion), "add")
            return completion.id, Changes(completions=frozenset({completion.id}), outbox=True)

    def enter_completions(
        self, activity_id: int, entries: list[tuple[LearnerRecord, CompletionRecord]]
    ) -> tuple[list[int], Changes]:
        """New learners with their completions of one activity, all in one transaction.

        What a coordinator types or pastes into the learners grid: all rows, or none.
        """
        with self._store.transaction() as s:
            activity = _get(s, Activity, activity_id)
            if activity.deleted_at is not None:
                raise NotFound(f"activity {activity_id}")
            learner_ids: set[int] = set()
            completion_ids: list[int] = []
            for learner_record_, completion_record_ in entries:
                learner = Learner()
                write_learner(learner, learner_record_)
                s.add(learner)
                s.flush()
                audit(s, "learner", learner.id, "create", {}, fields_of(learner_record_))
                completion = Completion(
                    learner_id=learner.id,
                    activity_id=activity_id,
                    completion_date=completion_record_.completion_date,
                    rems_type=completion_record_.rems_type,
                    state="queued",
                    credits=credit_rows(completion_record_, new_credit_id),
                )
                s.add(completion)
                s.flush()
                audit(
                    s,
                    "completion",
                    completion.id,
                    "create",
                    {},
                    fields_of(completion_record(completion)),
                )
                queue(s, "completion", completion.id, _key(completion), "add")
                learner_ids.add(learner.id)
                completion_ids.append(completion.id)
            return completion_ids, Changes(
                learners=frozenset(learner_ids), completions=frozenset(completion_ids), outbox=True
            )

    def update_completion(self, completion_id: int, record: CompletionRecord) -> Changes:
        """Change a completion PARS has not seen; once submitted, only delete + add is allowed."""
        with self._store.transaction() as s:
            completion = _get(s, Completion, completion_id)
            if completion.state not in UNSENT or _was_sent(s, completion.id):
                raise NotAllowed(
                    "submitted",
                    "PARS already has this record; records cannot be edited there. "
                    "Delete it and add a corrected one.",
                )
            before = completion_record(completion)
            kept = {c.board: c.credit_id for c in before.credits}
            credits = tuple(
                replace(c, credit_id=c.credit_id or kept.get(c.board, "")) for c in record.credits
            )
            after = replace(record, credits=credits)
            if after == before:
                return Changes()
            completion.completion_date = after.completion_date
            completion.rems_type = after.rems_type
            # Old rows go first: the kept Credit IDs are unique and would collide.
            completion.credits.clear()
            s.flush()
            completion.credits = credit_rows(after, new_credit_id)
            completion.updated_at = utcnow()
            s.flush()
            audit(
                s,
                "completion",
                completion.id,
                "update",
                fields_of(before),
                fields_of(completion_record(completion)),
            )
            return Changes(completions=frozenset({completion.id}))

    def delete_completion(self, completion_id: int) -> Changes:
        """Drop an unsent completion; queue a delete for one PARS has (kept until confirmed)."""
        with self._store.transaction() as s:
            completion = _get(s, Completion, completion_id)
            if completion.state in {"delete_queued", "deleted"}:
                return Changes()
            audit(
                s,
                "completion",
                completion.id,
                "delete",
                fields_of(completion_record(completion)),
                {},
            )
            if completion.state in UNSENT and not _was_sent(s, completion.id):
                for entry in _pending(s, completion.id):
                    s.delete(entry)
                s.delete(completion)
            else:
                completion.state = "delete_queued"
                completion.updated_at = utcnow()
                queue(s, "completion", completion.id, _key(completion), "delete")
            return Changes(completions=frozenset({completion_id}), outbox=True)

    def activity_of(self, completion_id: int) -> int | None:
        with self._store.reading() as s:
            return s.scalar(select(Completion.activity_id).where(Completion.id == completion_id))

    def get_completion(self, completion_id: int) -> CompletionRecord:
        with self._store.reading() as s:
            return completion_record(_get(s, Completion, completion_id))


def _get(s: Session, kind: type[_T], ident: int) -> _T:
    row = s.get(kind, ident)
    if row is None:
        raise NotFound(f"{kind.__name__.lower()} {ident}")
    return row


def _key(c: Completion) -> str:
    return c.credits[0].credit_id if c.credits else f"completion-{c.id}"


def _pending(s: Session, completion_id: int) -> list[OutboxEntry]:
    return list(
        s.scalars(
            select(OutboxEntry).where(
                OutboxEntry.entity == "completion",
                OutboxEntry.entity_id == completion_id,
                OutboxEntry.sent_at.is_(None),
            )
        )
    )


def _was_sent(s: Session, completion_id: int) -> bool:
    return (
        s.scalar(
            select(OutboxEntry.id).where(
                OutboxEntry.entity == "completion",
                OutboxEntry.entity_id == completion_id,
                OutboxEntry.sent_at.is_not(None),
            )
        )
        is not None
    )
