"""Sync states and outbox actions are enums whose values are what the store has always held."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.models.entities import Activity, OutboxEntry
from desktop.models.record_state import LABELS, completion_state
from desktop.models.services import ActivityService
from desktop.models.services.journal import queue
from desktop.models.store import Store
from desktop.models.sync_states import CompletionState, OutboxAction, SyncState
from tests.conftest import TODAY
from tests.factories import closable_activity


def test_a_new_activity_is_never_synced_with_an_add_queued(store: Store) -> None:
    activity_id, _ = ActivityService(store, lambda: TODAY).create(closable_activity())
    with store.reading() as s:
        state = s.scalar(select(Activity.sync_state).where(Activity.id == activity_id))
        actions = list(s.scalars(select(OutboxEntry.action)))
    # The stored words are the enums' values, as stores written before them hold.
    assert state == SyncState.NEVER_SYNCED and state == "never_synced"
    assert actions == [OutboxAction.ADD] and actions == ["add"]


def test_unknown_outbox_work_is_refused_and_nothing_is_queued(store: Store) -> None:
    with pytest.raises(ValueError, match="frobnicate"), store.transaction() as s:
        queue(s, "activity", 1, "T-1", "frobnicate")
    with store.reading() as s:
        assert s.scalar(select(OutboxEntry.id)) is None


def test_every_stored_completion_state_has_words_for_people() -> None:
    """A state the sync writes that ``record_state`` cannot word would show as a bare code."""
    for stored in CompletionState:
        state = completion_state(stored.value)
        assert state.label in LABELS.values(), stored
        assert state.label != stored.value
