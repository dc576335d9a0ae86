"""Writing an import: every valid row of a plan in one transaction, recorded as an import
batch — and taking a whole batch back out while PARS has none of it."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import delete, func, select, update

from desktop.models.changes import Changes
from desktop.models.entities import (
    Activity,
    Completion,
    ImportBatch,
    ImportMarker,
    Learner,
    OutboxEntry,
)
from desktop.models.entities.base import utcnow
from desktop.models.importing.columns import Kind
from desktop.models.importing.plan import ImportPlan
from desktop.models.importing.problems import CellProblem, ImportProblem
from desktop.models.importing.reading import no_cycle_collection
from desktop.models.importing.recheck import rows_now_in_store
from desktop.models.record_state import UNSENT_STATES
from desktop.models.services.activities import ActivityService
from desktop.models.services.bulk import insert_completions, insert_learners
from desktop.models.services.errors import NotAllowed
from desktop.models.services.journal import audit
from desktop.models.store import Store

LATE = "Already in your store: another import added it while this one was being checked."


def commit_import(store: Store, plan: ImportPlan, today: date | None = None) -> tuple[int, Changes]:
    """All valid rows, or nothing: one transaction, one import batch.

    The transaction holds the write lock from its start, and the rows the store has gained
    since the plan was made are left out (and marked on the plan), so importing one file
    twice at once adds it once.
    """
    valid = plan.valid  # worked out once: a walk over every row of the file
    if not valid:
        raise ImportProblem("No row can be imported: fix the problems listed and try again.")
    with store.transaction(bulk=True) as s, no_cycle_collection():
        late_rows = rows_now_in_store(s, plan, valid)
        for late in late_rows:
            late.problems.append(CellProblem(late.row, "", LATE))
        if late_rows:
            valid = plan.valid
        if not valid:
            raise ImportProblem(
                "Every row is already in your store (another import added them meanwhile): "
                "nothing was imported."
            )
        batch = ImportBatch(
            kind=plan.kind.value, source_name=plan.source_name[:500], row_count=len(valid)
        )
        s.add(batch)
        s.flush()
        if plan.kind is Kind.COMPLETIONS:
            # A checked row's record is (learner, activity id, completion): a NewCompletion's
            # shape, handed over as it is.
            changes = insert_completions(s, [r.record for r in valid], batch.id)
        elif plan.kind is Kind.LEARNERS:
            ids = insert_learners(s, [r.record for r in valid], batch.id)
            changes = Changes(learners=frozenset(ids))
        else:
            service = ActivityService(store, lambda: today or date.today())
            created = []
            for r in valid:
                activity = service._create(s, r.record)
                activity.import_batch_id = batch.id
                created.append(activity.id)
                # What the import filled in stays marked until the coordinator reviews it.
                s.add_all(
                    ImportMarker(
                        activity_id=activity.id, field=name, kind=kind.value, note=note[:300]
                    )
                    for name, (kind, note) in r.markers.items()
                )
            changes = Changes(activities=frozenset(created), outbox=True)
        # The batch row and each record's import_batch_id say what came in; one audit row
        # records the import itself rather than repeating it on every created record.
        audit(
            s,
            "import_batch",
            batch.id,
            "create",
            {},
            {"kind": plan.kind.value, "source": plan.source_name, "rows": len(valid)},
        )
        return batch.id, changes


def remove_import(store: Store, batch_id: int) -> Changes:
    """Delete everything an import created, if PARS has none of it yet; otherwise nothing."""
    with store.transaction() as s:
        batch = s.get(ImportBatch, batch_id)
        if batch is None or batch.removed_at is not None:
            raise NotAllowed("import", "This import was already removed.")
        completion_ids = list(
            s.scalars(select(Completion.id).where(Completion.import_batch_id == batch_id))
        )
        activity_ids = list(
            s.scalars(select(Activity.id).where(Activity.import_batch_id == batch_id))
        )
        sent = _completions_sent(s, completion_ids) + _sent(s, "activity", activity_ids)
        sent += (
            s.scalar(
                select(func.count())
                .select_from(Activity)
                .where(Activity.id.in_(activity_ids), Activity.accme_activity_id.is_not(None))
            )
            or 0
        )
        if sent:
            raise NotAllowed(
                "sent",
                f"{sent:,} record(s) of this import were already sent to PARS: delete those one "
                "by one (PARS is told on the next sync) instead of removing the import.",
            )
        others = (
            s.scalar(
                select(func.count())
                .select_from(Completion)
                .where(
                    Completion.activity_id.in_(activity_ids),
                    Completion.import_batch_id.is_distinct_from(batch_id),
                )
            )
            or 0
        )
        if others:
            raise NotAllowed(
                "used",
                f"{others:,} learner record(s) entered since refer to activities of this import.",
            )
        for chunk in _chunks(activity_ids):
            s.execute(
                delete(OutboxEntry).where(
                    OutboxEntry.entity == "activity", OutboxEntry.entity_id.in_(chunk)
                )
            )
        for chunk in _chunks(completion_ids):
            s.execute(delete(Completion).where(Completion.id.in_(chunk)))
        learner_ids = list(s.scalars(select(Learner.id).where(Learner.import_batch_id == batch_id)))
        used = (
            set(
                s.scalars(
                    select(Completion.learner_id).where(Completion.learner_id.in_(learner_ids))
                )
            )
            if learner_ids
            else set()
        )
        for chunk in _chunks([i for i in learner_ids if i not in used]):
            s.execute(delete(Learner).where(Learner.id.in_(chunk)))
        for chunk in _chunks(activity_ids):
            s.execute(delete(Activity).where(Activity.id.in_(chunk)))
        s.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(removed_at=utcnow()))
        audit(s, "import_batch", batch_id, "delete", {"rows": batch.row_count}, {})
        return Changes(
            activities=frozenset(activity_ids),
            completions=frozenset(completion_ids),
            learners=frozenset(learner_ids),
            outbox=True,
        )


def _completions_sent(s: Any, ids: list[int]) -> int:
    """Completions PARS has seen: any past the unsent states (a refusal too: PARS answered)."""
    return sum(
        s.scalar(
            select(func.count())
            .select_from(Completion)
            .where(Completion.id.in_(chunk), Completion.state.not_in(UNSENT_STATES))
        )
        or 0
        for chunk in _chunks(ids)
    )


def _sent(s: Any, entity: str, ids: list[int]) -> int:
    total = 0
    for chunk in _chunks(ids):
        total += (
            s.scalar(
                select(func.count())
                .select_from(OutboxEntry)
                .where(
                    OutboxEntry.entity == entity,
                    OutboxEntry.entity_id.in_(chunk),
                    OutboxEntry.sent_at.is_not(None),
                )
            )
            or 0
        )
    return total


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]
