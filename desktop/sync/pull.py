"""Phase 5: fetch synced activities from PARS; take PARS's changes, or record a conflict.

A pull never overwrites an unsynced local edit: if PARS changed a record since our last sync
and the coordinator changed it too, both versions are kept for them to choose.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.entities import Activity
from desktop.models.mapping import with_children
from desktop.models.store import Store
from desktop.models.sync_states import SyncState
from desktop.sync.client import ParsClient
from desktop.sync.contract.activity_document import ActivityEnvelope, build_activities
from desktop.sync.report import Progress, RecordProblem, SyncReport
from desktop.sync.take import take


def synced_activities(store: Store, skip: Collection[int]) -> list[tuple[int, str]]:
    with store.reading() as s:
        rows = s.execute(
            select(Activity.id, Activity.accme_activity_id).where(
                Activity.accme_activity_id.is_not(None),
                Activity.deleted_at.is_(None),
                Activity.conflict_document.is_(None),
            )
        ).all()
    return [(r.id, r.accme_activity_id) for r in rows if r.id not in skip and r.accme_activity_id]


def pull(
    store: Store,
    client: ParsClient,
    targets: list[tuple[int, str]],
    report: SyncReport,
    progress: Progress,
    done: int,
    total: int,
) -> int:
    for activity_id, accme_id in targets:
        env = client.get_activity(accme_id)
        if env is not None:
            with store.transaction() as s:
                _apply(s, activity_id, env, report)
        done += 1
        progress(done, total, "checking PARS for changes")
    return done


def check_before_update(
    store: Store,
    client: ParsClient,
    outgoing: list[int],
    accme_ids: dict[int, str],
    report: SyncReport,
) -> set[int]:
    """Before overwriting PARS, look: return the activities PARS changed since our last sync.

    Those become conflicts (both versions kept); the rest may be sent.
    """
    conflicted: set[int] = set()
    for activity_id in outgoing:
        env = client.get_activity(accme_ids[activity_id])
        if env is None:
            continue
        with store.transaction() as s:
            if _apply(s, activity_id, env, report):
                conflicted.add(activity_id)
    return conflicted


def _apply(s: Session, activity_id: int, env: ActivityEnvelope, report: SyncReport) -> bool:
    """Take PARS's newer version, or record a conflict; True when a conflict was recorded."""
    a = s.scalars(
        select(Activity).where(Activity.id == activity_id).options(*with_children())
    ).one_or_none()
    if a is None or env.version is None or env.version == a.server_version:
        return False
    if a.revision != a.synced_revision:
        a.conflict_document = build_activities([env])
        a.conflict_version = env.version
        a.sync_state = SyncState.CONFLICT
        report.conflicts += 1
        report.problems.append(
            RecordProblem(
                "activity",
                a.id,
                a.provider_activity_id,
                "",
                "PARS and you both changed this activity; choose which version to keep.",
                held=True,
            )
        )
        return True
    take(s, a, env.record, env.version)
    report.pulled += 1
    return False
