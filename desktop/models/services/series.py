"""Repeat series (SPEC M4, §2.4): one content definition, N linked activities, each with its own
dates, place, Provider Activity ID, ACCME ID and learners. PARS sees N separate activities.

Repeats are the same content given more than once (a course in three cities). A regularly
scheduled series (grand rounds) is not a repeat: PARS wants ONE RSS activity from its first to
its last session, and enduring materials are never repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select

from desktop.models.changes import Changes
from desktop.models.copying import (
    ALL_GROUPS,
    SHARED_FIELDS,
    Placement,
    copied_record,
    instance_ids,
)
from desktop.models.entities import Activity, RepeatSeries
from desktop.models.mapping import activity_record, with_children
from desktop.models.records import ActivityRecord
from desktop.models.reference import load_reference
from desktop.models.rules import Status, assess_activity
from desktop.models.rules.checks import within_months
from desktop.models.services.activities import ActivityService
from desktop.models.services.errors import NotAllowed, NotFound
from desktop.models.services.journal import audit
from desktop.models.store import Store


@dataclass(frozen=True)
class Member:
    activity_id: int
    provider_activity_id: str
    start_date: date | None
    status: Status


@dataclass(frozen=True)
class SeriesInfo:
    id: int
    name: str
    members: tuple[Member, ...]

    def open_members(self, but: int | None = None) -> list[Member]:
        """Instances shared edits may still change: every one that is not Closed."""
        return [m for m in self.members if m.status is not Status.CLOSED and m.activity_id != but]


class SeriesService:
    def __init__(self, store: Store, today: Callable[[], date] = date.today) -> None:
        self._store = store
        self._today = today
        self._activities = ActivityService(store, today)

    def create(
        self, name: str, shared: ActivityRecord, places: Sequence[Placement], id_prefix: str
    ) -> tuple[int, list[int], Changes]:
        """The series and its N activities, all in one transaction (or nothing)."""
        name = " ".join(name.split())
        prefix = id_prefix.strip()
        if not name:
            raise NotAllowed("name", "Name the series.")
        if not prefix:
            raise NotAllowed(
                "id_prefix", "Enter the start of the Provider Activity IDs, e.g. GR2026-."
            )
        _refuse_enduring(shared)
        if not places:
            raise NotAllowed("instances", "Add at least one instance with its dates.")
        for n, p in enumerate(places, start=1):
            if p.start_date is None or p.end_date is None:
                raise NotAllowed("instances", f"Instance {n}: enter its start and end dates.")
            if p.end_date < p.start_date:
                raise NotAllowed(
                    "instances", f"Instance {n}: the end date is before the start date."
                )
        ids = instance_ids(prefix, len(places))
        with self._store.transaction() as s:
            taken = sorted(
                s.scalars(
                    select(Activity.provider_activity_id).where(
                        Activity.provider_activity_id.in_(ids)
                    )
                )
            )
            if taken:
                shown = ", ".join(taken[:5]) + (" …" if len(taken) > 5 else "")
                raise NotAllowed(
                    "id_prefix",
                    f"These Provider Activity IDs are already used: {shown}. Choose another start.",
                )
            series = RepeatSeries(name=name, id_pattern=f"{prefix}{{n}}")
            s.add(series)
            s.flush()
            activity_ids = []
            for pai, place in zip(ids, places, strict=True):
                record = replace(copied_record(shared, ALL_GROUPS, place), provider_activity_id=pai)
                activity = self._activities._create(s, record)
                activity.series_id = series.id
                activity_ids.append(activity.id)
            audit(s, "series", series.id, "create", {}, {"name": name, "instances": len(ids)})
            return series.id, activity_ids, Changes(activities=frozenset(activity_ids), outbox=True)

    def create_one_rss(
        self, shared: ActivityRecord, places: Sequence[Placement], provider_activity_id: str = ""
    ) -> tuple[int, Changes]:
        """A regularly scheduled series as PARS wants it: ONE RSS activity with the first and
        last session dates (at most 12 months) and the first session's place."""
        if shared.format != RSS:
            raise NotAllowed(
                "format", "Only a Regularly Scheduled Series is one activity for all its sessions."
            )
        dated = [p for p in places if p.start_date is not None and p.end_date is not None]
        if not dated:
            raise NotAllowed("instances", "Add the sessions with their dates.")
        first = min(p.start_date for p in dated if p.start_date is not None)
        last = max(p.end_date for p in dated if p.end_date is not None)
        if not within_months(first, last, 12):
            raise NotAllowed(
                "instances",
                f"The sessions run from {first:%m/%d/%Y} to {last:%m/%d/%Y}, more than 12 months: "
                "a Regularly Scheduled Series is one activity per 12 months at most — split it.",
            )
        where = dated[0]
        record = replace(
            copied_record(
                shared, ALL_GROUPS, Placement(first, last, where.city, where.state, where.country)
            ),
            provider_activity_id=provider_activity_id.strip(),
        )
        return self._activities.create(record)

    def remove(self, series_id: int) -> Changes:
        """Undo of ``create``: the instances (none in PARS yet) and the series go together."""
        with self._store.transaction() as s:
            series = s.get(RepeatSeries, series_id)
            if series is None:
                return Changes()
            ids = [a.id for a in series.activities]
            changes = Changes()
            for activity_id in ids:
                activity = s.get(Activity, activity_id)
                if activity is not None and (
                    activity.accme_activity_id is not None or activity.synced_revision is not None
                ):
                    raise NotAllowed(
                        "synced",
                        f"{activity.provider_activity_id} is already in PARS; delete it instead.",
                    )
                changes = changes | self._activities._delete(s, activity_id)
            s.flush()
            audit(s, "series", series_id, "delete", {"name": series.name}, {})
            s.delete(series)
            return changes

    def of(self, activity_id: int) -> SeriesInfo | None:
        """The series an activity belongs to, with every instance and its status today."""
        today = self._today()
        with self._store.reading() as s:
            activity = s.get(Activity, activity_id)
            if activity is None or activity.series_id is None:
                return None
            series = s.get(RepeatSeries, activity.series_id)
            if series is None:
                return None
            members = s.scalars(
                select(Activity)
                .where(Activity.series_id == series.id, Activity.deleted_at.is_(None))
                .options(*with_children())
                .order_by(Activity.provider_activity_id)
            ).all()
            return SeriesInfo(
                series.id,
                series.name,
                tuple(
                    Member(
                        a.id,
                        a.provider_activity_id,
                        a.start_date,
                        assess_activity(activity_record(a), today).status,
                    )
                    for a in members
                ),
            )

    def apply_shared(
        self, series_id: int, values: dict[str, Any], but: int | None = None
    ) -> tuple[Changes, list[str]]:
        """Give every instance that is not Closed the same shared ``values``, in one
        transaction. Returns the changes and the Provider Activity IDs skipped as Closed."""
        unshared = set(values) - SHARED_FIELDS
        if unshared:
            raise NotAllowed(
                "not_shared",
                f"Each instance keeps its own {', '.join(sorted(unshared))}; only shared content applies to all.",
            )
        today = self._today()
        with self._store.transaction() as s:
            if s.get(RepeatSeries, series_id) is None:
                raise NotFound(f"series {series_id}")
            members = s.scalars(
                select(Activity)
                .where(Activity.series_id == series_id, Activity.deleted_at.is_(None))
                .options(*with_children())
                .order_by(Activity.provider_activity_id)
            ).all()
            changes = Changes()
            skipped = []
            for a in members:
                if a.id == but:
                    continue
                if assess_activity(activity_record(a), today).status is Status.CLOSED:
                    skipped.append(a.provider_activity_id)
                    continue
                changes = changes | self._activities._update(s, a.id, dict(values))
            return changes, skipped


RSS = "rss"


def _refuse_enduring(shared: ActivityRecord) -> None:
    fmt = load_reference().format(shared.format)
    if fmt is not None and fmt.enduring:
        raise NotAllowed(
            "enduring",
            f"A {fmt.name} is never repeated: it is one activity for up to 3 years, and a "
            "renewed material is a new activity.",
        )
