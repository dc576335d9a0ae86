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


# How an activity's sync state reads to a coordinator, in every view (window list, CLI status).
SYNC_LABELS: dict[str, str] = {
    SyncState.NEVER_SYNCED: "Not sent",
    SyncState.PENDING: "Changes waiting",
    SyncState.SYNCED: "In PARS",
    SyncState.REJECTED: "Rejected",
    SyncState.CONFLICT: "Conflict",
}


class OutboxAction(StrEnum):
    """What an outbox entry asks the sync to do (``outbox.action``)."""

    ADD = "add"
    UPDATE = "update"
    DELETE = "delete"


class CompletionState(StrEnum):
    """Where a learner completion stands (``completion.state``), as stored.

    ``record_state`` words these for people; the sync moves a record between them.
    """

    DRAFT = "draft"  # saved with local problems from the start: never sent until fixed
    HELD = "held"  # was ready, now fails a local rule: kept home with the reason
    QUEUED = "queued"  # waiting to send
    SUBMITTED = "submitted"  # in a document on its way to PARS
    ACCEPTED = "accepted"
    PENDING_BOARD = "pending_board"  # ACCME took it; a board has yet to answer
    BOARD_ACCEPTED = "board_accepted"
    REJECTED = "rejected"
    DELETE_QUEUED = "delete_queued"
    DELETED = "deleted"


# A completion's state is its pending work (there is no outbox row per completion): these
# are ready to be added (or on their way); drafts and held records stay home until fixed.
READY_TO_ADD = (CompletionState.QUEUED, CompletionState.SUBMITTED)
# Everything a completion may be waiting to tell PARS: its add, or its delete.
WAITING_FOR_PARS = (*READY_TO_ADD, CompletionState.DELETE_QUEUED)
