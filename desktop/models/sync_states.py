"""The words the store uses for an activity's sync state and for outbox work, as enums.

Both are stored as their string values (StrEnum compares equal to them), so stores written
before these enums read the same.
"""

from __future__ import annotations

from enum import StrEnum


class SyncState(StrEnum):
    """Where an activity stands with PARS (``activity.sync_state``)."""

    NEVER_SYNCED = "never_synced"  # PARS has never had it
    PENDING = "pending"  # changed here since PARS last took it
    SYNCED = "synced"  # PARS has this revision
    REJECTED = "rejected"  # PARS refused the last version sent
    CONFLICT = "conflict"  # changed here and in PARS: the coordinator chooses


class OutboxAction(StrEnum):
    """What an outbox entry asks the sync to do (``outbox.action``)."""

    ADD = "add"
    UPDATE = "update"
    DELETE = "delete"
