"""The one vocabulary for a record's state, and MOC records leaving "deadline at risk"."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop.models.entities import Completion, OutboxEntry
from desktop.models.queries.attention import attention
from desktop.models.record_state import RecordState, StateCode, completion_state
from desktop.models.rules import Problem
from desktop.models.services import ActivityService, LearnerService
from desktop.models.store import Store
from tests.conftest import TODAY
from tests.factories import closable_activity, completion, learner

NPI = Problem("npi", "invalid", "The NPI is not valid.")


@pytest.mark.parametrize(
    ("stored", "kwargs", "text"),
    [
        ("draft", {"problems": (NPI,)}, "Draft (not sent): The NPI is not valid."),
        ("queued", {"problems": (NPI,)}, "Held: The NPI is not valid."),
        (
            "held",
            {"reason": "Waiting for the activity to reach PARS first."},
            "Held: Waiting for the activity to reach PARS first.",
        ),
        ("queued", {}, "Waiting to send"),
        (
            "queued",
            {"match_status": "not_found"},
            "Held: PARS found no physician with this "
            "identity: check the name, birth date and state of licensure before sending.",
        ),
        ("queued", {"match_status": "not_found", "hold_unmatched": False}, "Waiting to send"),
        ("queued", {"replaces_id": 3}, "Correction waiting to send: replaces the record PARS has"),
        ("submitted", {}, "Sent, waiting for PARS"),
        ("pending_board", {}, "Waiting for the board"),
        (
            "rejected",
            {"reason": "The NPI is not valid."},
            "Rejected by ACCME: The NPI is not valid.",
        ),
        (
            "rejected",
            {"reason": "ABIM: Not a diplomate", "errors": ({"code": "board_rejected"},)},
            "Rejected by the board: ABIM: Not a diplomate",
        ),
        ("delete_queued", {}, "Delete waiting to send"),
    ],
)
def test_each_stored_state_has_one_name(stored: str, kwargs: dict[str, object], text: str) -> None:
    reason = kwargs.pop("reason", None)
    assert completion_state(stored, reason, **kwargs).text == text  # type: ignore[arg-type]


def test_only_drafts_and_held_records_stay_home() -> None:
    assert {c for c in StateCode if RecordState(c).stays_home} == {StateCode.DRAFT, StateCode.HELD}


@pytest.mark.parametrize("reported", ["submitted", "accepted", "pending_board"])
def test_a_moc_record_leaves_deadline_at_risk_once_reported(store: Store, reported: str) -> None:
    activity_id, _ = ActivityService(store, lambda: TODAY).create(
        closable_activity(start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
    )
    [cid], _ = LearnerService(store, lambda: TODAY).enter_completions(
        activity_id, [(learner(), completion(completion_date=TODAY - timedelta(days=25)))]
    )
    assert [i.completion_id for i in attention(store, TODAY).moc_at_risk] == [cid]
    with store.transaction() as s:
        c = s.get(Completion, cid)
        assert c is not None
        c.state = reported
        for entry in s.scalars(select(OutboxEntry).where(OutboxEntry.entity_id == cid)):
            entry.sent_at = entry.created_at
    found = attention(store, TODAY)
    assert found.moc_at_risk == [] and found.counts["moc_at_risk"] == 0
