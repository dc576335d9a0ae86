"""Making a local activity PARS's version (pulls, and "take PARS" in a conflict)."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from desktop.models.entities import Activity
from desktop.models.entities.base import utcnow
from desktop.models.mapping import activity_record, write_activity
from desktop.models.records import ActivityRecord
from desktop.models.services.journal import audit, fields_of
from desktop.models.sync_states import SyncState
from desktop.sync.contract.unwired import keep_local


def take(s: Session, a: Activity, theirs: ActivityRecord, version: int) -> None:
    """Make the local activity PARS's version, as already in sync (no outbox entry)."""
    mine = activity_record(a)
    # Local-only bookkeeping, and what the documents cannot carry, stay as they were.
    theirs = replace(
        keep_local(mine, theirs),
        provider_activity_id=mine.provider_activity_id,
        accme_activity_id=a.accme_activity_id,
    )
    write_activity(a, theirs)
    a.revision += 1
    a.synced_revision = a.revision
    a.server_version = version
    a.pars_level = a.rule_level  # PARS's version is now the local one
    a.sync_state = SyncState.SYNCED
    a.conflict_document = None
    a.conflict_version = None
    a.updated_at = a.last_synced_at = utcnow()
    audit(s, "activity", a.id, "pull", fields_of(mine), fields_of(theirs))
