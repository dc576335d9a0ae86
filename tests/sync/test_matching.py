"""Learner matching and the completion lifecycle against the sandbox (SPEC M6, M7, §4)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from desktop.models.entities import Completion, Learner
from desktop.models.queries.attention import attention
from desktop.models.records import CreditRecord, LearnerRecord
from desktop.models.services import ActivityService, LearnerService
from desktop.models.store import Store
from desktop.sync.client import ParsClient
from desktop.sync.contract.match_document import MatchAnswer, MatchQuery
from desktop.sync.learner_match import match_learners
from desktop.sync.overview import changes_waiting
from desktop.sync.settings import Endpoint
from pars_sandbox.directory import STATES, Physician
from pars_sandbox.server import SandboxServer
from tests.conftest import TODAY
from tests.factories import closable_activity, completion
from tests.physicians import as_learner
from tests.sandbox.helpers import admin, counts, unique_people
from tests.sync.seeding import FAST, engine

CME_ONLY = (CreditRecord(None, Decimal("1.5")),)


def _mistake(p: Physician, kind: int) -> LearnerRecord:
    """One realistic identity error: a typo in the name, a wrong birthday or the wrong state."""
    if kind == 0:
        return as_learner(p, last_name=p.last_name + "e")
    if kind == 1:
        day = p.birth_day + 1 if p.birth_day < 28 else p.birth_day - 1
        return as_learner(p, birth_day=day)
    other = next(s for s in STATES if s != p.license_state)
    return as_learner(p, license_state=other)


def _enter(store: Store, learners: list[LearnerRecord]) -> tuple[int, list[int]]:
    activity_id, _ = ActivityService(store, lambda: TODAY).create(closable_activity())
    ids, _ = LearnerService(store, lambda: TODAY).enter_completions(
        activity_id, [(lr, completion(credits=CME_ONLY)) for lr in learners]
    )
    return activity_id, ids


def _match_of(store: Store) -> dict[str, int]:
    with store.reading() as s:
        rows = s.execute(
            select(Learner.match_status, func.count()).group_by(Learner.match_status)
        ).all()
        return {status: n for status, n in rows}


def test_identity_errors_are_flagged_before_sync_and_only_they_are_held(
    store: Store, sandbox: SandboxServer
) -> None:
    people = unique_people()[:500]
    rng = random.Random(8)
    wrong = set(rng.sample(range(500), 50))
    learners = [_mistake(p, i % 3) if i in wrong else as_learner(p) for i, p in enumerate(people)]
    _, completion_ids = _enter(store, learners)
    assert _match_of(store) == {"not_checked": 500}

    # Matching alone (what the app does in the background) flags exactly the 50.
    with ParsClient(Endpoint(sandbox.url, "sandbox", "sandbox"), FAST) as client:
        checked = match_learners(store, client, 200)
    assert (checked.checked, checked.matched, checked.not_found) == (500, 450, 50)
    with store.reading() as s:
        flagged = set(
            s.scalars(
                select(Completion.id)
                .join(Learner, Learner.id == Completion.learner_id)
                .where(Learner.match_status == "not_found")
            )
        )
    assert flagged == {completion_ids[i] for i in wrong}
    found = attention(store, TODAY)
    assert found.counts["unmatched"] == 50
    assert {i.completion_id for i in found.unmatched} == flagged
    assert all("state of licensure" in i.reason for i in found.unmatched)

    report = engine(store, sandbox).run()
    assert report.error is None
    assert (report.completions_sent, report.completions_accepted) == (450, 450)
    assert report.rejected == []
    held = {p.entity_id for p in report.held}
    assert held == flagged
    assert counts(sandbox)["learner_records"] == 450

    # Fixing one identity queues it for matching again; the next sync matches it and sends it.
    fixed = min(wrong)
    learner_id = _learner_of(store, completion_ids[fixed])
    right = as_learner(people[fixed])
    LearnerService(store, lambda: TODAY).update_learner(
        learner_id,
        last_name=right.last_name,
        birth_day=right.birth_day,
        license_state=right.license_state,
    )
    assert _match_of(store)["not_checked"] == 1
    report = engine(store, sandbox).run()
    assert (report.learners_checked, report.learners_unmatched) == (1, 0)
    assert (report.completions_sent, report.completions_accepted) == (1, 1)
    assert counts(sandbox)["learner_records"] == 451
    with store.reading() as s:
        c = s.get(Completion, completion_ids[fixed])
        assert c is not None and c.state == "accepted"
        learner = s.get(Learner, learner_id)
        assert learner is not None and learner.match_status == "matched"
        assert learner.match_checked_at is not None
        assert learner.match_detail["candidates"][0]["npi"] == people[fixed].npi


def test_send_anyway_lets_pars_reject_and_fixing_the_identity_resends(
    store: Store, sandbox: SandboxServer
) -> None:
    p = unique_people()[3]
    _, [cid] = _enter(store, [_mistake(p, 0)])
    report = engine(store, sandbox, settings=replace(FAST, hold_unmatched=False)).run()
    assert [(x.field, x.held) for x in report.problems] == [("learner", False)]
    with store.reading() as s:
        c = s.get(Completion, cid)
        assert c is not None and c.state == "rejected"
        assert "no physician" in (c.state_reason or "")
    # PARS never took it, so the fixed record is simply sent again, with the same Credit IDs.
    LearnerService(store, lambda: TODAY).update_learner(
        _learner_of(store, cid), last_name=p.last_name
    )
    with store.reading() as s:
        c = s.get(Completion, cid)
        assert c is not None and c.state == "queued"
    report = engine(store, sandbox).run()
    assert (report.completions_accepted, report.problems) == (1, [])
    assert counts(sandbox)["learner_records"] == 1


def test_board_credits_without_consent_are_held_until_consent_is_recorded(
    store: Store, sandbox: SandboxServer
) -> None:
    p = unique_people()[5]
    activity_id, _ = ActivityService(store, lambda: TODAY).create(closable_activity())
    people = LearnerService(store, lambda: TODAY)
    [cid], _ = people.enter_completions(
        activity_id,
        [(as_learner(p, consent=None, consent_date=None, consent_source=""), completion())],
    )
    report = engine(store, sandbox).run()
    assert [(x.field, x.held) for x in report.held] == [("consent", True)]
    assert "consent" in report.held[0].message
    assert counts(sandbox)["learner_records"] == 0
    assert attention(store, TODAY).counts["consent"] == 1
    people.update_learner(_learner_of(store, cid), consent_date=date(2026, 3, 2))
    report = engine(store, sandbox).run()
    assert (report.completions_accepted, report.problems) == (1, [])
    assert attention(store, TODAY).counts["consent"] == 0


def test_a_board_rejection_appears_in_needs_attention_with_its_reason(
    store: Store, sandbox: SandboxServer
) -> None:
    admin(sandbox, "board-polls", {"polls": 0})
    uncertified = next(p for p in unique_people() if "ABP" not in p.boards)
    credits = (CreditRecord(None, Decimal("1.5")), CreditRecord("ABP", Decimal("2")))
    activity_id, _ = ActivityService(store, lambda: TODAY).create(closable_activity())
    [cid], _ = LearnerService(store, lambda: TODAY).enter_completions(
        activity_id, [(as_learner(uncertified), completion(credits=credits))]
    )
    engine(store, sandbox).run()  # ACCME accepts; the board has not decided
    report = engine(store, sandbox).run()  # the board's decision comes back
    assert [(x.field, x.message) for x in report.rejected] == [
        ("moc.ABP", "Not a diplomate of ABP")
    ]
    found = attention(store, TODAY)
    assert [(i.completion_id, i.field, i.reason) for i in found.rejected] == [
        (cid, "moc.ABP", "Rejected by the board: ABP: Not a diplomate of ABP")
    ]
    assert found.counts["rejected"] == 1


def test_correcting_a_submitted_completion_is_one_delete_and_one_add_on_pars(
    store: Store, sandbox: SandboxServer
) -> None:
    p = unique_people()[7]
    _, [old] = _enter(store, [as_learner(p)])
    engine(store, sandbox).run()
    before = counts(sandbox)
    assert (before["learner_records"], before["deleted_learner_records"]) == (1, 0)

    service = LearnerService(store, lambda: TODAY)
    record = replace(service.get_completion(old), completion_date=date(2026, 3, 1))
    new, changes = service.correct_completion(old, record)
    assert changes.outbox and changes.completions == {old, new}
    with store.reading() as s:
        o, n = s.get(Completion, old), s.get(Completion, new)
        assert o is not None and n is not None
        assert (o.state, n.state, n.replaces_id) == ("delete_queued", "queued", old)
        assert {c.credit_id for c in o.credits}.isdisjoint({c.credit_id for c in n.credits})
        assert changes_waiting(s, hold_unmatched=False) == 2  # the delete and the add

    report = engine(store, sandbox).run()
    assert (report.completions_accepted, report.completions_deleted) == (1, 1)
    after = counts(sandbox)
    assert (after["learner_records"], after["deleted_learner_records"]) == (1, 1)
    with store.reading() as s:
        o, n = s.get(Completion, old), s.get(Completion, new)
        assert o is not None and n is not None
        assert (o.state, n.state, n.completion_date) == ("deleted", "accepted", date(2026, 3, 1))


def test_an_answer_for_a_learner_edited_meanwhile_is_not_stored(
    store: Store, sandbox: SandboxServer
) -> None:
    p = unique_people()[9]
    _, [cid] = _enter(store, [as_learner(p)])
    learner_id = _learner_of(store, cid)
    service = LearnerService(store, lambda: TODAY)

    class EditWhileAsking(ParsClient):
        def match(self, queries: list[MatchQuery]) -> list[MatchAnswer]:  # type: ignore[override]
            answers = super().match(queries)
            service.update_learner(learner_id, first_name="Someone-Else")
            return answers

    with EditWhileAsking(Endpoint(sandbox.url, "sandbox", "sandbox"), FAST) as client:
        match_learners(store, client, 50)
    assert _match_of(store) == {"not_checked": 1}


def _learner_of(store: Store, completion_id: int) -> int:
    with store.reading() as s:
        c = s.get(Completion, completion_id)
        assert c is not None
        return c.learner_id
