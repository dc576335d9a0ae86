"""User actions on activities: create, edit, close, delete — each one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models.changes import Changes
from desktop.models.entities import Activity, Completion, OutboxEntry
from desktop.models.entities.base import utcnow
from desktop.models.importing.assigned import ReviewMarker
from desktop.models.mapping import activity_record, with_children, write_activity
from desktop.models.records import ActivityRecord, EnduringCountRecord
from desktop.models.reference import load_reference
from desktop.models.rules import Assessment, assess_activity
from desktop.models.rules.enduring_rules import count_warnings
from desktop.models.services import import_review
from desktop.models.services.errors import NotAllowed, NotFound
from desktop.models.services.journal import audit, fields_of, queue
from desktop.models.services.learners import COMPLETION_RULE_FIELDS, recheck_activity
from desktop.models.store import Store
from desktop.models.sync_states import OutboxAction, SyncState

Clock = Callable[[], date]


@dataclass(frozen=True)
class ActivitySummary:
    """One activity as lists and the CLI show it, with its computed status."""

    id: int
    provider_activity_id: str
    accme_activity_id: str | None
    title: str
    format: str | None
    start_date: date | None
    end_date: date | None
    ama_credits: Decimal | None
    sync_state: str
    assessment: Assessment


class ActivityService:
    """Every mutating method returns a ``Changes`` and writes its outbox and audit entries."""

    def __init__(self, store: Store, today: Clock = date.today) -> None:
        self._store = store
        self._today = today

    def create(self, record: ActivityRecord | None = None) -> tuple[int, Changes]:
        with self._store.transaction() as s:
            activity = self._create(s, record or ActivityRecord())
            return activity.id, Changes(activities=frozenset({activity.id}), outbox=True)

    def _create(self, s: Session, record: ActivityRecord) -> Activity:
        """``create`` inside a transaction the caller holds."""
        pai = record.provider_activity_id.strip() or self._next_id(s, record.start_date)
        self._ensure_unique(s, pai, None)
        record = replace(record, provider_activity_id=pai, accme_activity_id=None)
        activity = Activity(provider_activity_id=pai)
        write_activity(activity, record)
        s.add(activity)
        s.flush()
        audit(s, "activity", activity.id, "create", {}, fields_of(record))
        queue(s, "activity", activity.id, pai, OutboxAction.ADD)
        return activity

    def remove_created(self, activity_ids: list[int]) -> Changes:
        """Undo of a creation (a copy, a series): every activity goes, in one transaction.

        Only activities PARS never saw and with no learners can go this way; anything else
        refuses, and nothing is removed.
        """
        with self._store.transaction() as s:
            changes = Changes()
            for activity_id in activity_ids:
                activity = self._load(s, activity_id)
                if activity.accme_activity_id is not None or activity.synced_revision is not None:
                    raise NotAllowed(
                        "synced",
                        f"{activity.provider_activity_id} is already in PARS; delete it instead.",
                    )
                changes = changes | self._delete(s, activity_id)
            return changes

    def copy(self, activity_id: int) -> tuple[int, Changes]:
        """A new activity with the same content: new Provider Activity ID, no ACCME ID, no
        learners or counts, no commercial support or outcomes, not closed (SPEC M3's defaults)."""
        source = self.get(activity_id)
        return self.create(
            replace(
                source,
                provider_activity_id="",
                accme_activity_id=None,
                title=f"{source.title} (copy)" if source.title else "",
                physician_learners=None,
                other_learners=None,
                commercial_support=None,
                support_sources=(),
                outcomes=(),
                close_requested=False,
            )
        )

    def update(self, activity_id: int, **values: Any) -> Changes:
        """Change some fields of an activity; a no-op change writes nothing."""
        with self._store.transaction() as s:
            return self._update(s, activity_id, values)

    def _update(self, s: Session, activity_id: int, values: dict[str, Any]) -> Changes:
        """``update`` inside a transaction the caller holds."""
        activity = self._load(s, activity_id)
        before = activity_record(activity)
        after = replace(before, **values)
        if after == before:
            return Changes()
        if after.accme_activity_id != before.accme_activity_id:
            raise NotAllowed("accme_id_readonly", "The ACCME Activity ID is assigned by PARS.")
        new_pai = after.provider_activity_id.strip()
        if new_pai != before.provider_activity_id:
            if activity.synced_revision is not None:
                raise NotAllowed(
                    "provider_id_synced",
                    "The Provider Activity ID cannot change once PARS has the activity: "
                    "PARS would treat it as a new activity.",
                )
            if not new_pai:
                raise NotAllowed("provider_id_required", "Enter a Provider Activity ID.")
            self._ensure_unique(s, new_pai, activity.id)
            after = replace(after, provider_activity_id=new_pai)
        write_activity(activity, after)
        import_review.drop_changed(s, activity.id, before, after)
        activity.revision += 1
        activity.updated_at = utcnow()
        if activity.sync_state == SyncState.SYNCED:
            activity.sync_state = SyncState.PENDING
        audit(s, "activity", activity.id, "update", fields_of(before), fields_of(after))
        queue(s, "activity", activity.id, activity.provider_activity_id, OutboxAction.UPDATE)
        changed = {k for k in values if getattr(before, k) != getattr(after, k)}
        rechecked = (
            recheck_activity(s, activity.id, self._today())
            if changed & COMPLETION_RULE_FIELDS
            else []
        )
        return Changes(
            activities=frozenset({activity.id}), completions=frozenset(rechecked), outbox=True
        )

    def import_markers(self, activity_id: int) -> dict[str, ReviewMarker]:
        """The fields an import filled in that the coordinator has not reviewed yet."""
        with self._store.reading() as s:
            return import_review.markers_of(s, activity_id)

    def confirm_assigned(self, activity_id: int, field: str) -> Changes:
        """Accept a value an import filled in: the field is no longer marked."""
        with self._store.transaction() as s:
            self._load(s, activity_id)
            if not import_review.confirm(s, activity_id, field):
                return Changes()
            return Changes(activities=frozenset({activity_id}))

    def enduring_counts(self, activity_id: int) -> list[EnduringCountRecord]:
        return list(self.get(activity_id).enduring_counts)

    def record_enduring_count(
        self, activity_id: int, year: int, physicians: int, others: int
    ) -> tuple[Changes, list[str]]:
        """Record an enduring material's cumulative learners as of Dec 31 of ``year`` (SPEC M5).

        The history travels to PARS with the activity; the latest year's figures are also the
        activity's learner counts. Returns warnings (a cumulative count that went down).
        """
        if physicians < 0 or others < 0:
            raise NotAllowed("learner_count", "Learner counts are whole numbers, 0 or more.")
        with self._store.transaction() as s:
            activity = self._load(s, activity_id)
            record = activity_record(activity)
            fmt = load_reference().format(record.format)
            if fmt is None or not fmt.enduring:
                raise NotAllowed("not_enduring", "Only enduring materials keep yearly counts.")
            first = record.start_date.year if record.start_date else year
            last = record.end_date.year if record.end_date else year
            if not first <= year <= last:
                raise NotAllowed(
                    "year", f"The material runs from {first} to {last}; {year} is outside it."
                )
            counts = {c.year: c for c in record.enduring_counts}
            counts[year] = EnduringCountRecord(year, physicians, others)
            history = tuple(counts[y] for y in sorted(counts))
            values: dict[str, Any] = {"enduring_counts": history}
            if year == history[-1].year:
                values.update(physician_learners=physicians, other_learners=others)
            return self._update(s, activity.id, values), count_warnings(history)

    def delete(self, activity_id: int) -> Changes:
        """Delete an activity. One PARS already has is only marked until PARS confirms."""
        with self._store.transaction() as s:
            return self._delete(s, activity_id)

    def _delete(self, s: Session, activity_id: int) -> Changes:
        activity = self._load(s, activity_id)
        used = s.scalar(
            select(func.count())
            .select_from(Completion)
            .where(Completion.activity_id == activity.id, Completion.state != "deleted")
        )
        if used:
            raise NotAllowed(
                "has_completions",
                f"The activity has {used} learner completion(s); delete those first.",
            )
        audit(s, "activity", activity.id, "delete", fields_of(activity_record(activity)), {})
        if activity.synced_revision is None and activity.accme_activity_id is None:
            # PARS never saw it: drop it and any work still waiting to be sent.
            for entry in s.scalars(
                select(OutboxEntry).where(
                    OutboxEntry.entity == "activity",
                    OutboxEntry.entity_id == activity.id,
                    OutboxEntry.sent_at.is_(None),
                )
            ):
                s.delete(entry)
            s.delete(activity)
        else:
            activity.deleted_at = utcnow()
            activity.sync_state = SyncState.PENDING
            queue(s, "activity", activity.id, activity.provider_activity_id, OutboxAction.DELETE)
        return Changes(activities=frozenset({activity_id}), outbox=True)

    def get(self, activity_id: int) -> ActivityRecord:
        with self._store.reading() as s:
            return activity_record(self._load(s, activity_id))

    def assess(self, activity_id: int) -> Assessment:
        return assess_activity(self.get(activity_id), self._today())

    def summaries(self) -> list[ActivitySummary]:
        """Every live activity with its computed status, in Provider Activity ID order."""
        today = self._today()
        with self._store.reading() as s:
            rows = s.scalars(
                select(Activity)
                .where(Activity.deleted_at.is_(None))
                .options(*with_children())
                .order_by(Activity.provider_activity_id)
            ).all()
            return [
                ActivitySummary(
                    id=a.id,
                    provider_activity_id=a.provider_activity_id,
                    accme_activity_id=a.accme_activity_id,
                    title=a.title,
                    format=a.format,
                    start_date=a.start_date,
                    end_date=a.end_date,
                    ama_credits=a.ama_credits,
                    sync_state=a.sync_state,
                    assessment=assess_activity(activity_record(a), today),
                )
                for a in rows
            ]

    @staticmethod
    def _load(s: Session, activity_id: int) -> Activity:
        activity = s.get(Activity, activity_id)
        if activity is None or activity.deleted_at is not None:
            raise NotFound(f"activity {activity_id}")
        return activity

    @staticmethod
    def _ensure_unique(s: Session, pai: str, own_id: int | None) -> None:
        other = s.scalar(select(Activity.id).where(Activity.provider_activity_id == pai))
        if other is not None and other != own_id:
            raise NotAllowed(
                "provider_id_taken",
                f"Another activity already uses the Provider Activity ID {pai}.",
            )

    def _next_id(self, s: Session, start: date | None) -> str:
        """A readable, unique Provider Activity ID: the year and a sequence, e.g. 2026-0042."""
        prefix = f"{(start or self._today()).year}-"
        taken = set(
            s.scalars(
                select(Activity.provider_activity_id).where(
                    Activity.provider_activity_id.startswith(prefix, autoescape=True)
                )
            )
        )
        n = len(taken) + 1
        while f"{prefix}{n:04d}" in taken:
            n += 1
        return f"{prefix}{n:04d}"
