"""User actions on learners and completions (SPEC §2.5)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.models.changes import Changes
from desktop.models.entities import Activity, Completion, Learner
from desktop.models.entities.base import utcnow
from desktop.models.mapping import (
    activity_record,
    completion_record,
    learner_record,
    store_credits,
    write_learner,
)
from desktop.models.people import Directory, fill_in, identity_changed
from desktop.models.record_state import UNSENT_STATES, local_problems, unsent_state_after_check
from desktop.models.records import ActivityRecord, CompletionRecord, LearnerRecord
from desktop.models.services.errors import NotAllowed, NotFound
from desktop.models.services.journal import audit, fields_of
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
CONSENT = frozenset({"consent", "consent_date", "consent_source"})
# The activity's fields its completions are judged against (dates, credits, boards).
COMPLETION_RULE_FIELDS = frozenset({"start_date", "end_date", "ama_credits", "moc"})
# States in which PARS has never seen a completion, so it may still be edited or dropped.
UNSENT = frozenset(UNSENT_STATES)


def new_credit_id() -> str:
    """A Credit ID: unique, stable, carrying no personal data, in ACCME's ``ccid:x:y`` form
    (40 characters; IDs stored before this form are kept and wrapped on the wire)."""
    return f"ccid:pd:{uuid.uuid4().hex.upper()}"


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
            changed = {k for k in values if getattr(before, k) != getattr(after, k)}
            if IDENTITY_FIELDS & changed:
                # Queued for matching again: the background matcher picks up "not_checked".
                learner.match_status = "not_checked"
                learner.match_checked_at = None
                learner.match_detail = {}
            audit(s, "learner", learner.id, "update", fields_of(before), fields_of(after))
            # Every record of this learner PARS does not have is judged again at once: a fix
            # clears a hold (or a stale ACCME refusal) and queues it; a new problem holds it.
            rechecked = _recheck_learner(s, learner.id, self._today())
            return Changes(
                learners=frozenset({learner.id}),
                completions=frozenset(rechecked),
                outbox=bool(rechecked),
            )

    def get_learner(self, learner_id: int) -> LearnerRecord:
        with self._store.reading() as s:
            return learner_record(_get(s, Learner, learner_id))

    def record_completion(
        self, learner_id: int, activity_id: int, record: CompletionRecord
    ) -> tuple[int, Changes]:
        """Record a completion; each credit gets its own new, stable Credit ID."""
        with self._store.transaction() as s:
            learner = _get(s, Learner, learner_id)
            activity = _get(s, Activity, activity_id)
            if activity.deleted_at is not None:
                raise NotFound(f"activity {activity_id}")
            problems = local_problems(
                learner_record(learner), record, activity_record(activity), self._today()
            )
            completion = Completion(
                learner_id=learner_id,
                activity_id=activity_id,
                completion_date=record.completion_date,
                rems_type=record.rems_type,
                state="draft" if problems else "queued",
                state_reason=problems[0].message if problems else None,
            )
            store_credits(completion, record, new_credit_id)
            s.add(completion)
            s.flush()
            stored = completion_record(completion)
            # Its state is its place in the sync's queue: "queued" goes on the next sync, a
            # draft only once it passes every rule (no outbox row: the state says it all).
            audit(s, "completion", completion.id, "create", {}, fields_of(stored))
            return completion.id, Changes(completions=frozenset({completion.id}), outbox=True)

    def enter_completions(
        self, activity_id: int, entries: list[tuple[LearnerRecord, CompletionRecord]]
    ) -> tuple[list[int], Changes]:
        """Learners with their completions of one activity, all in one transaction: a
        person the directory has is reused (and given what they lacked), others are added.

        What a coordinator types or pastes into the learners grid: all rows, or none.
        """
        with self._store.transaction() as s:
            activity = _get(s, Activity, activity_id)
            if activity.deleted_at is not None:
                raise NotFound(f"activity {activity_id}")
            as_record = activity_record(activity)
            # The people already in the directory are reused: one physician, many records.
            directory = Directory.load(s, [Directory.key(entry[0]) for entry in entries])
            learner_ids: set[int] = set()
            completion_ids: list[int] = []
            for learner_record_, completion_record_ in entries:
                # A row with problems is kept as a draft, never sent: nothing typed is lost.
                problems = local_problems(
                    learner_record_, completion_record_, as_record, self._today()
                )
                learner = _person(s, directory, learner_record_)
                completion = Completion(
                    learner_id=learner.id,
                    activity_id=activity_id,
                    completion_date=completion_record_.completion_date,
                    rems_type=completion_record_.rems_type,
                    state="draft" if problems else "queued",
                    state_reason=problems[0].message if problems else None,
                )
                store_credits(completion, completion_record_, new_credit_id)
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
                learner_ids.add(learner.id)
                completion_ids.append(completion.id)
            return completion_ids, Changes(
                learners=frozenset(learner_ids), completions=frozenset(completion_ids), outbox=True
            )

    def update_completion(self, completion_id: int, record: CompletionRecord) -> Changes:
        """Change a completion PARS has not seen; once submitted, only delete + add is allowed."""
        with self._store.transaction() as s:
            completion = _get(s, Completion, completion_id)
            if pars_holds(completion):
                raise NotAllowed(
                    "submitted",
                    "PARS already has this record; records cannot be edited there. "
                    "Send a correction: the old record is deleted and the corrected one added.",
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
            # Old credits go first: the kept Credit IDs are unique and would collide.
            completion.credits.clear()
            completion.cme_points = completion.cme_credit_id = None
            s.flush()
            store_credits(completion, after, new_credit_id)
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
            # PARS never took it: the record is judged again and, when it passes, goes again.
            _recheck(s, completion, self._today())
            return Changes(completions=frozenset({completion.id}), outbox=True)

    def correct_completion(
        self, completion_id: int, record: CompletionRecord
    ) -> tuple[int, Changes]:
        """Correct a record PARS holds, as PARS requires: its delete and the corrected add.

        Both are queued in one transaction; the new completion points at the one it replaces,
        so the pair is shown as one change until PARS confirms both.
        """
        with self._store.transaction() as s:
            old = _get(s, Completion, completion_id)
            if old.state in {"delete_queued", "deleted"}:
                raise NotAllowed("deleted", "This record is already being deleted.")
            if not pars_holds(old):
                raise NotAllowed(
                    "unsent", "PARS does not have this record: edit it directly instead."
                )
            before = completion_record(old)
            old.state = "delete_queued"
            old.updated_at = utcnow()
            fresh = Completion(
                learner_id=old.learner_id,
                activity_id=old.activity_id,
                completion_date=record.completion_date,
                rems_type=record.rems_type,
                state="queued",
                replaces_id=old.id,
            )
            # New Credit IDs: PARS refuses to reuse those of a deleted record.
            fresh_record = replace(
                record, credits=tuple(replace(c, credit_id="") for c in record.credits)
            )
            store_credits(fresh, fresh_record, new_credit_id)
            s.add(fresh)
            s.flush()
            audit(s, "completion", old.id, "correct", fields_of(before), {"replaced_by": fresh.id})
            audit(s, "completion", fresh.id, "create", {}, fields_of(completion_record(fresh)))
            return fresh.id, Changes(completions=frozenset({old.id, fresh.id}), outbox=True)

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
            if not pars_holds(completion):  # nothing in PARS to delete: forgotten here
                s.delete(completion)
            else:
                completion.state = "delete_queued"
                completion.updated_at = utcnow()
            return Changes(completions=frozenset({completion_id}), outbox=True)

    def activity_of(self, completion_id: int) -> int | None:
        with self._store.reading() as s:
            return s.scalar(select(Completion.activity_id).where(Completion.id == completion_id))

    def get_completion(self, completion_id: int) -> CompletionRecord:
        with self._store.reading() as s:
            return completion_record(_get(s, Completion, completion_id))


def _person(s: Session, directory: Directory, record: LearnerRecord) -> Learner:
    """The directory's person for ``record`` (filled in with what they lacked), or a new one."""
    known = directory.find(record)
    if known is None:
        learner = Learner()
        write_learner(learner, record)
        s.add(learner)
        s.flush()
        audit(s, "learner", learner.id, "create", {}, fields_of(record))
        directory.add(learner.id, record)
        return learner
    learner = _get(s, Learner, known.id)
    change = fill_in(known, record)
    if change is not None:
        before = learner_record(learner)
        for name, value in change.items():
            setattr(learner, name, value)
        if identity_changed(change):
            learner.match_status = "not_checked"
            learner.match_checked_at = None
            learner.match_detail = {}
        learner.updated_at = utcnow()
        audit(
            s,
            "learner",
            learner.id,
            "update",
            fields_of(before),
            fields_of(learner_record(learner)),
        )
    return learner


def _get(s: Session, kind: type[_T], ident: int) -> _T:
    row = s.get(kind, ident)
    if row is None:
        raise NotFound(f"{kind.__name__.lower()} {ident}")
    return row


def pars_holds(c: Completion) -> bool:
    """Whether PARS may hold the record, by its state: past the unsent states, and not
    refused by ACCME itself. Such a record is corrected (delete + add), never edited."""
    return c.state not in UNSENT and not refused_by_accme(c)


def refused_by_accme(c: Completion) -> bool:
    """Rejected by ACCME itself, so PARS never took it (a board's rejection comes after)."""
    return c.state == "rejected" and not any(
        credit.board_status == "board_rejected" for credit in c.credits
    )


def _requeue(s: Session, c: Completion) -> None:
    c.state, c.state_reason, c.sync_errors = "queued", None, []
    c.updated_at = utcnow()


def _recheck(
    s: Session, c: Completion, today: date, activity: ActivityRecord | None = None
) -> bool:
    """Judge a record PARS does not have against every local rule; True when its state moved.

    Passing: queued (a stale ACCME refusal is cleared). Failing: a draft stays a draft,
    anything else is held with the reason.
    """
    if pars_holds(c):
        return False
    refused = refused_by_accme(c)
    learner = c.learner
    if activity is None:
        activity = activity_record(_get(s, Activity, c.activity_id))
    problems = local_problems(learner_record(learner), completion_record(c), activity, today)
    state = unsent_state_after_check("queued" if refused else c.state, problems)
    reason = problems[0].message if problems else None
    if state == "queued":
        if c.state == "queued" and not refused:
            return False
        _requeue(s, c)
        return True
    if (state, reason) == (c.state, c.state_reason):
        return False
    c.state, c.state_reason, c.sync_errors = state, reason, []
    c.updated_at = utcnow()
    return True


def recheck_activity(s: Session, activity_id: int, today: date) -> list[int]:
    """After an activity's dates, credits or boards changed: judge again its records PARS does
    not have (a rejected one waits for its own fix), so none reads "waiting" while wrong."""
    activity = activity_record(_get(s, Activity, activity_id))
    return [
        c.id
        for c in s.scalars(
            select(Completion)
            .where(Completion.activity_id == activity_id, Completion.state.in_(UNSENT_STATES))
            # Learners and credits in two queries, not two per record.
            .options(selectinload(Completion.learner), selectinload(Completion.credits))
        )
        if _recheck(s, c, today, activity)
    ]


def _recheck_learner(s: Session, learner_id: int, today: date) -> list[int]:
    """Judge again every record of a learner PARS does not have (after the learner changed)."""
    return [
        c.id
        for c in s.scalars(
            select(Completion).where(
                Completion.learner_id == learner_id,
                Completion.state.in_((*UNSENT_STATES, "rejected")),
            )
        )
        if _recheck(s, c, today)
    ]
