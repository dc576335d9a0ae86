"""Services: one transaction per action with its outbox and audit entries and a Changes value."""

import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desktop.models.entities import (
    Activity,
    AuditEntry,
    Completion,
    CompletionCredit,
    Learner,
    OutboxEntry,
)
from desktop.models.records import ActivityRecord, CreditRecord
from desktop.models.services import ActivityService, LearnerService, NotAllowed, NotFound
from desktop.models.store import Store
from desktop.sync.overview import changes_waiting
from tests.factories import closable_activity, completion, learner

TODAY = date(2026, 6, 15)


def _outbox(store: Store) -> list[tuple[str, int, str, str]]:
    with store.reading() as s:
        return [
            (o.entity, o.entity_id, o.key, o.action)
            for o in s.scalars(select(OutboxEntry).order_by(OutboxEntry.id))
        ]


def _audit(
    store: Store, entity: str, entity_id: int
) -> list[tuple[str, str, str | None, str | None]]:
    with store.reading() as s:
        rows = s.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
            .order_by(AuditEntry.id)
        )
        return [(a.action, a.field, a.old_value, a.new_value) for a in rows]


def test_create_round_trips_every_field(store: Store) -> None:
    svc = ActivityService(store, lambda: TODAY)
    record = closable_activity()
    aid, changes = svc.create(record)
    assert changes.activities == {aid} and changes.outbox
    assert svc.get(aid) == record
    assert _outbox(store) == [("activity", aid, "T-0001", "add")]
    assert ("create", "title", None, '"Grand Rounds: Sepsis Update"') in _audit(
        store, "activity", aid
    )


def test_generated_provider_ids_are_readable_and_unique(store: Store) -> None:
    svc = ActivityService(store, lambda: TODAY)
    ids = [
        svc.get(svc.create(ActivityRecord(start_date=date(2025, 5, 1)))[0]).provider_activity_id
        for _ in range(3)
    ]
    assert ids == ["2025-0001", "2025-0002", "2025-0003"]
    undated = svc.get(svc.create()[0]).provider_activity_id
    assert undated == "2026-0001"


def test_duplicate_provider_id_refused_and_nothing_written(store: Store) -> None:
    svc = ActivityService(store, lambda: TODAY)
    svc.create(closable_activity())
    with pytest.raises(NotAllowed) as e:
        svc.create(closable_activity(title="Another"))
    assert e.value.code == "provider_id_taken"
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Activity)) == 1
    assert len(_outbox(store)) == 1


def test_update_audits_old_and_new_and_queues(store: Store) -> None:
    svc = ActivityService(store, lambda: TODAY)
    aid, _ = svc.create(closable_activity())
    changes = svc.update(aid, title="Sepsis 2026", ama_credits=Decimal("2.25"))
    assert changes.activities == {aid}
    got = svc.get(aid)
    assert (got.title, got.ama_credits) == ("Sepsis 2026", Decimal("2.25"))
    updates = [a for a in _audit(store, "activity", aid) if a[0] == "update"]
    assert updates == [
        ("update", "ama_credits", '"2"', '"2.25"'),
        ("update", "title", '"Grand Rounds: Sepsis Update"', '"Sepsis 2026"'),
    ]
    assert _outbox(store)[-1] == ("activity", aid, "T-0001", "update")
    with store.reading() as s:
        assert s.get(Activity, aid).revision == 2  # type: ignore[union-attr]


def test_noop_update_writes_nothing(store: Store) -> None:
    svc = ActivityService(store, lambda: TODAY)
    aid, _ = svc.create(closable_activity())
    assert svc.update(aid, title="Grand Rounds: Sepsis Update").empty
    assert len(_outbox(store)) == 1


def test_child_rows_replaced_on_change(store: Store) -> None:
    svc = ActivityService(store, lambda: TODAY)
    aid, _ = svc.create(closable_activity())
    svc.update(aid, moc=closable_activity().moc[:1], support_sources=())
    got = svc.get(aid)
    assert [m.board for m in got.moc] == ["ABIM"] and got.support_sources == ()


def test_provider_id_frozen_once_synced(store: Store) -> None:
    svc = ActivityService(store, lambda: TODAY)
    aid, _ = svc.create(closable_activity())
    svc.update(aid, provider_activity_id="T-0002")  # never synced: allowed
    with store.transaction() as s:
        a = s.get(Activity, aid)
        assert a is not None
        a.synced_revision, a.accme_activity_id = a.revision, "123456789"
    with pytest.raises(NotAllowed) as e:
        svc.update(aid, provider_activity_id="T-0003")
    assert e.value.code == "provider_id_synced"
    with pytest.raises(NotAllowed):
        svc.update(aid, accme_activity_id="999999999")
    assert svc.get(aid).provider_activity_id == "T-0002"


def test_delete_unsynced_removes_it_and_its_pending_work(store: Store) -> None:
    svc = ActivityService(store, lambda: TODAY)
    aid, _ = svc.create(closable_activity())
    svc.delete(aid)
    with pytest.raises(NotFound):
        svc.get(aid)
    assert _outbox(store) == []
    assert _audit(store, "activity", aid)[-1][0] == "delete"


def test_delete_synced_queues_a_delete_and_keeps_the_row(store: Store) -> None:
    svc = ActivityService(store, lambda: TODAY)
    aid, _ = svc.create(closable_activity())
    with store.transaction() as s:
        a = s.get(Activity, aid)
        assert a is not None
        a.synced_revision, a.accme_activity_id = 1, "123456789"
    svc.delete(aid)
    assert _outbox(store)[-1] == ("activity", aid, "T-0001", "delete")
    with store.reading() as s:
        assert s.get(Activity, aid).deleted_at is not None  # type: ignore[union-attr]
    assert svc.summaries() == []


def test_activity_with_completions_cannot_be_deleted(store: Store) -> None:
    acts, people = ActivityService(store, lambda: TODAY), LearnerService(store, lambda: TODAY)
    aid, _ = acts.create(closable_activity())
    lid, _ = people.add_learner(learner())
    people.record_completion(lid, aid, completion())
    with pytest.raises(NotAllowed, match="1 learner completion"):
        acts.delete(aid)


def test_completion_credit_ids_are_unique_and_stable(store: Store) -> None:
    acts, people = ActivityService(store, lambda: TODAY), LearnerService(store, lambda: TODAY)
    aid, _ = acts.create(closable_activity())
    lid, _ = people.add_learner(learner())
    cid1, changes = people.record_completion(lid, aid, completion())
    cid2, _ = people.record_completion(lid, aid, completion())
    assert changes.completions == {cid1}
    first = people.get_completion(cid1)
    assert first.credits[0].board is None and first.credits[1].board == "ABIM"
    ids = [c.credit_id for c in first.credits + people.get_completion(cid2).credits]
    # ACCME's form, ccid:x:y (schemas/README.md, reading 9): 40 characters here.
    assert len(set(ids)) == 4 and all(re.fullmatch(r"ccid:pd:[0-9A-F]{32}", i) for i in ids)
    assert people.get_completion(cid1) == first  # read again: same IDs
    # Both wait for the next sync by their state alone (no outbox row per completion).
    with store.reading() as s:
        assert changes_waiting(s, hold_unmatched=False) == 3  # with the activity's add
    assert [o[0] for o in _outbox(store)] == ["activity"]


def test_given_credit_id_is_kept(store: Store) -> None:
    acts, people = ActivityService(store, lambda: TODAY), LearnerService(store, lambda: TODAY)
    aid, _ = acts.create(closable_activity())
    lid, _ = people.add_learner(learner())
    cid, _ = people.record_completion(
        lid, aid, completion(credits=(CreditRecord(None, Decimal(1), "KEEP-ME"),))
    )
    assert people.get_completion(cid).credits[0].credit_id == "KEEP-ME"


def test_delete_queued_completion_forgets_it(store: Store) -> None:
    acts, people = ActivityService(store, lambda: TODAY), LearnerService(store, lambda: TODAY)
    aid, _ = acts.create(closable_activity())
    lid, _ = people.add_learner(learner())
    cid, _ = people.record_completion(lid, aid, completion())
    people.delete_completion(cid)
    with store.reading() as s:
        assert s.get(Completion, cid) is None
        assert s.scalar(select(func.count()).select_from(CompletionCredit)) == 0
    assert [o for o in _outbox(store) if o[0] == "completion"] == []


def test_delete_submitted_completion_queues_delete_and_keeps_it(store: Store) -> None:
    acts, people = ActivityService(store, lambda: TODAY), LearnerService(store, lambda: TODAY)
    aid, _ = acts.create(closable_activity())
    lid, _ = people.add_learner(learner())
    cid, _ = people.record_completion(lid, aid, completion())
    with store.transaction() as s:
        c = s.get(Completion, cid)
        assert c is not None
        c.state = "accepted"
    people.delete_completion(cid)
    with store.reading() as s:
        assert s.get(Completion, cid).state == "delete_queued"  # type: ignore[union-attr]
    with store.reading() as s:  # waiting to go: the delete (its state is its pending work)
        assert changes_waiting(s, hold_unmatched=False) == 2  # with the activity's add
    assert people.delete_completion(cid).empty  # a second delete adds nothing


def test_deleting_a_record_accme_refused_forgets_it_and_sends_nothing(store: Store) -> None:
    """ACCME refused it, so PARS has nothing to delete: the record goes here and now, as an
    unsent one does (a board's rejection comes after PARS took it: that one is deleted there)."""
    acts, people = ActivityService(store, lambda: TODAY), LearnerService(store, lambda: TODAY)
    aid, _ = acts.create(closable_activity())
    lid, _ = people.add_learner(learner())
    refused, _ = people.record_completion(lid, aid, completion())
    board_refused, _ = people.record_completion(
        lid, aid, completion(completion_date=date(2026, 3, 3))
    )
    with store.transaction() as s:
        rows = [s.get(Completion, cid) for cid in (refused, board_refused)]
        for c in rows:
            assert c is not None
            c.state = "rejected"
        assert rows[1] is not None
        rows[1].credits[-1].board_status = "board_rejected"
    people.delete_completion(refused)
    people.delete_completion(board_refused)
    with store.reading() as s:
        assert s.get(Completion, refused) is None
        assert s.get(Completion, board_refused).state == "delete_queued"  # type: ignore[union-attr]


def test_identity_change_resets_match(store: Store) -> None:
    people = LearnerService(store, lambda: TODAY)
    lid, _ = people.add_learner(learner())
    with store.transaction() as s:
        row = s.get(Learner, lid)
        assert row is not None
        row.match_status = "matched"
    people.update_learner(lid, consent_source="email")
    with store.reading() as s:
        assert s.get(Learner, lid).match_status == "matched"  # type: ignore[union-attr]
    people.update_learner(lid, last_name="Testperson-Lee")
    with store.reading() as s:
        assert s.get(Learner, lid).match_status == "not_checked"  # type: ignore[union-attr]
    assert people.get_learner(lid).last_name == "Testperson-Lee"


def test_summaries_compute_status(store: Store) -> None:
    svc = ActivityService(store, lambda: TODAY)
    svc.create(closable_activity())
    svc.create(ActivityRecord(provider_activity_id="T-0000", title="Stub"))
    statuses = [(s.provider_activity_id, s.assessment.status.name) for s in svc.summaries()]
    assert statuses == [("T-0000", "INCOMPLETE"), ("T-0001", "CLOSED")]


def test_provider_settings(store: Store) -> None:
    from desktop.models.services.provider import ProviderService

    service = ProviderService(store)
    assert service.get() is None
    service.save(accme_provider_id="0012345", name=" Example Medical Society ")
    got = service.get()
    assert (
        got is not None
        and got.accme_provider_id == "0012345"
        and got.name == "Example Medical Society"
    )
    assert got.practice_mode
    service.save(endpoint_url="https://pars.example.org/ws", ws_username="cme-office")
    assert not service.get().practice_mode  # type: ignore[union-attr]
    for bad in ({"accme_provider_id": "12345"}, {"endpoint_url": "http://pars.example.org"}):
        with pytest.raises(NotAllowed):
            service.save(**bad)
    assert service.get().accme_provider_id == "0012345"  # type: ignore[union-attr]


def test_update_unsent_completion_keeps_credit_ids(store: Store) -> None:
    acts, people = ActivityService(store, lambda: TODAY), LearnerService(store, lambda: TODAY)
    aid, _ = acts.create(closable_activity())
    lid, _ = people.add_learner(learner())
    cid, _ = people.record_completion(lid, aid, completion())
    before = people.get_completion(cid)
    changed = completion(
        completion_date=date(2026, 3, 1),
        credits=(CreditRecord(None, Decimal(1)), CreditRecord("ABIM", Decimal(1))),
    )
    people.update_completion(cid, changed)
    after = people.get_completion(cid)
    assert after.completion_date == date(2026, 3, 1)
    assert [c.credit_id for c in after.credits] == [c.credit_id for c in before.credits]
    with store.transaction() as s:
        row = s.get(Completion, cid)
        assert row is not None
        row.state = "accepted"
    with pytest.raises(NotAllowed) as e:
        people.update_completion(cid, completion())
    assert e.value.code == "submitted"
