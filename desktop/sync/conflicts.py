"""Resolving a conflict (SPEC §6): keep mine, or take PARS's version."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desktop.models.changes import Changes
from desktop.models.entities import Activity, OutboxEntry
from desktop.models.entities.base import utcnow
from desktop.models.mapping import activity_record, with_children
from desktop.models.services.errors import NotAllowed, NotFound
from desktop.models.services.journal import queue
from desktop.models.store import Store
from desktop.models.sync_states import OutboxAction, SyncState
from desktop.sync.contract.activity_document import parse_activities
from desktop.sync.contract.unwired import keep_local
from desktop.sync.take import take
from desktop.sync.views import Conflict


def list_conflicts(store: Store) -> list[Conflict]:
    with store.reading() as s:
        ids = list(s.scalars(select(Activity.id).where(Activity.conflict_document.is_not(None))))
    return [conflict(store, i) for i in ids]


def conflict(store: Store, activity_id: int) -> Conflict:
    with store.reading() as s:
        a = _load(s, activity_id)
        return _conflict_of(a)


def keep_mine(store: Store, activity_id: int) -> Changes:
    """Send my version over PARS's on the next sync."""
    with store.transaction() as s:
        a = _load(s, activity_id)
        c = _conflict_of(a)
        a.server_version = c.pars_version
        a.conflict_document = None
        a.conflict_version = None
        a.sync_state = SyncState.PENDING
        queue(s, "activity", a.id, a.provider_activity_id, OutboxAction.UPDATE)
        return Changes(activities=frozenset({a.id}), outbox=True)


def take_pars(store: Store, activity_id: int) -> Changes:
    """Replace my unsynced edits with PARS's version (they stay in the audit log)."""
    with store.transaction() as s:
        a = _load(s, activity_id)
        c = _conflict_of(a)
        take(s, a, c.pars, c.pars_version)
        s.execute(
            update(OutboxEntry)
            .where(
                OutboxEntry.entity == "activity",
                OutboxEntry.entity_id == a.id,
                OutboxEntry.sent_at.is_(None),
            )
            .values(sent_at=utcnow(), last_error="superseded by PARS's version")
        )
        return Changes(activities=frozenset({a.id}), outbox=True)


def _load(s: Session, activity_id: int) -> Activity:
    a = s.scalars(
        select(Activity).where(Activity.id == activity_id).options(*with_children())
    ).one_or_none()
    if a is None:
        raise NotFound(f"activity {activity_id}")
    return a


def _conflict_of(a: Activity) -> Conflict:
    if a.conflict_document is None or a.conflict_version is None:
        raise NotAllowed("no_conflict", "This activity has no conflict to resolve.")
    [env] = parse_activities(a.conflict_document)
    mine = activity_record(a)
    # What no document carries is not a difference: PARS's side shows ours there.
    return Conflict(a.id, mine, keep_local(mine, env.record), a.conflict_version)
