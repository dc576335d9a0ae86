"""The "Needs attention" queries and the completion lifecycle rules behind them (SPEC §2.5)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from desktop.models.entities import Completion
from desktop.models.queries.attention import attention, moc_risk_reason
from desktop.models.records import Consent, LearnerRecord
from desktop.models.rules import Severity, check_consent
from desktop.models.services import ActivityService, LearnerService
from desktop.models.services.errors import NotAllowed
from desktop.models.store import Store
from desktop.sync.overview import changes_waiting
from tests.conftest import TODAY
from tests.factories import closable_activity, completion, learner


def _completions(store: Store, *dates: date, end: date = date(2026, 12, 31)) -> list[int]:
    activity_id, _ = ActivityService(store, lambda: TODAY).create(
        closable_activity(start_date=date(2026, 1, 1), end_date=end)
    )
    ids, _ = LearnerService(store, lambda: TODAY).enter_completions(
        activity_id,
        [
            (learner(last_name=f"Person{i}"), completion(completion_date=d))
            for i, d in enumerate(dates)
        ],
    )
    return ids


def _set_state(store: Store, completion_id: int, state: str, **values: object) -> None:
    with store.transaction() as s:
        c = s.get(Completion, completion_id)
        assert c is not None
        c.state = state
        for k, v in values.items():
            setattr(c, k, v)


def test_moc_records_not_accepted_three_weeks_on_are_at_risk(store: Store) -> None:
    late, _recent, settled = _completions(
        store, TODAY - timedelta(days=22), TODAY - timedelta(days=10), TODAY - timedelta(days=40)
    )
    _set_state(store, settled, "board_accepted")
    found = attention(store, TODAY)
    assert [i.completion_id for i in found.moc_at_risk] == [late]
    assert found.counts["moc_at_risk"] == 1
    assert "22 days ago" not in found.moc_at_risk[0].reason  # still inside the 30 days
    assert "30-day MOC deadline is in 8 days (06/23/2026)" in found.moc_at_risk[0].reason


def test_in_december_every_open_moc_record_of_the_year_is_at_risk(store: Store) -> None:
    december = date(2026, 12, 10)
    (this_year,) = _completions(store, date(2026, 12, 5))
    assert attention(store, TODAY).counts["moc_at_risk"] == 0
    found = attention(store, december)
    assert [i.completion_id for i in found.moc_at_risk] == [this_year]
    assert "Dec 31 cut-off is in 21 days (12/31/2026)" in found.moc_at_risk[0].reason


@pytest.mark.parametrize(
    ("completed", "today", "says"),
    [
        (date(2026, 5, 1), date(2026, 6, 15), "45 days ago: boards expect MOC within 30 days"),
        (date(2025, 12, 20), date(2026, 1, 5), "cut-off for 2025's MOC has passed"),
        (date(2026, 12, 20), date(2026, 12, 28), "Dec 31 cut-off is in 3 days"),
        (date(2026, 6, 1), date(2026, 6, 30), "30-day MOC deadline is in 1 day"),
    ],
)
def test_moc_risk_reasons(completed: date, today: date, says: str) -> None:
    assert says in moc_risk_reason(completed, today)


def test_rejections_say_who_rejected_and_why(store: Store) -> None:
    by_accme, by_board = _completions(store, date(2026, 3, 2), date(2026, 3, 2))
    _set_state(
        store,
        by_accme,
        "rejected",
        state_reason="PARS found no physician with this identity.",
        sync_errors=[{"field": "learner", "code": "learner_not_found", "message": "x"}],
    )
    _set_state(
        store,
        by_board,
        "rejected",
        state_reason="ABIM: Not a diplomate of ABIM",
        sync_errors=[{"field": "moc.ABIM", "code": "board_rejected", "message": "x"}],
    )
    found = attention(store, TODAY)
    assert [(i.completion_id, i.field, i.reason) for i in found.rejected] == [
        (by_accme, "learner", "Rejected by ACCME: PARS found no physician with this identity."),
        (by_board, "moc.ABIM", "Rejected by the board: ABIM: Not a diplomate of ABIM"),
    ]


def test_consent_covers_every_credit_cme_only_included() -> None:
    without = learner(consent=None, consent_date=None)
    assert [p.code for p in check_consent(without, completion())] == ["consent_missing"]
    cme_only = completion(credits=completion().credits[:1])
    assert [p.code for p in check_consent(without, cme_only)] == ["consent_missing"]
    refused = learner(consent=Consent.REFUSED, consent_date=date(2026, 3, 1))
    assert [(p.code, p.severity) for p in check_consent(refused, cme_only)] == [
        ("consent_refused", Severity.ERROR)
    ]
    assert check_consent(learner(), completion()) == ()
    # A consent date alone (how stores recorded consent before given/refused) means given.
    assert check_consent(LearnerRecord(consent_date=date(2026, 3, 1)), cme_only) == ()


def test_a_record_pars_refused_can_be_edited_and_goes_again(store: Store) -> None:
    [cid] = _completions(store, date(2026, 3, 2))
    _set_state(store, cid, "rejected", state_reason="x")
    service = LearnerService(store, lambda: TODAY)
    changes = service.update_completion(
        cid, replace(service.get_completion(cid), completion_date=date(2026, 3, 1))
    )
    assert changes.outbox
    with store.reading() as s:
        c = s.get(Completion, cid)
        assert c is not None and (c.state, c.state_reason) == ("queued", None)
        # Waiting to go again: counted with what the next sync sends.
        assert changes_waiting(s, hold_unmatched=False) == 2  # with its activity


def test_a_record_pars_holds_is_corrected_not_edited(store: Store) -> None:
    accepted, unsent = _completions(store, date(2026, 3, 2), date(2026, 3, 2))
    _set_state(store, accepted, "accepted")
    service = LearnerService(store, lambda: TODAY)
    with pytest.raises(NotAllowed, match="Send a correction"):
        service.update_completion(accepted, service.get_completion(accepted))
    with pytest.raises(NotAllowed, match="edit it directly"):
        service.correct_completion(unsent, service.get_completion(unsent))
    new, _ = service.correct_completion(accepted, service.get_completion(accepted))
    with pytest.raises(NotAllowed, match="already being deleted"):
        service.correct_completion(accepted, service.get_completion(new))
