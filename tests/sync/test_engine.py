"""The sync engine against the real sandbox on 127.0.0.1."""

from __future__ import annotations

import threading
from collections import Counter
from decimal import Decimal

import requests
from sqlalchemy import func, select

from desktop.models.entities import Activity, Completion, OutboxEntry
from desktop.models.records import CreditRecord
from desktop.models.services import ActivityService, LearnerService
from desktop.models.store import Store
from desktop.sync.client import ParsClient
from desktop.sync.conflicts import keep_mine, list_conflicts, take_pars
from desktop.sync.contract.activity_document import ActivityEnvelope, build_activities
from desktop.sync.engine import SyncEngine
from desktop.sync.settings import Endpoint
from pars_sandbox.server import SandboxServer
from tests.conftest import TODAY
from tests.factories import closable_activity, completion
from tests.physicians import as_learner
from tests.sandbox.helpers import admin, counts, edit_on_server, unique_people
from tests.sync.seeding import FAST, engine, seed, sync_until_settled


def _states(store: Store) -> Counter[str]:
    with store.reading() as s:
        return Counter(
            dict(s.execute(select(Completion.state, func.count()).group_by(Completion.state)).all())
        )


def _unsent(store: Store) -> int:
    with store.reading() as s:
        return (
            s.scalar(
                select(func.count()).select_from(OutboxEntry).where(OutboxEntry.sent_at.is_(None))
            )
            or 0
        )


def test_first_sync_sends_activities_then_completions(store: Store, sandbox: SandboxServer) -> None:
    ids = seed(store, activities=3, completions=12)
    report = engine(store, sandbox).run()
    assert report.error is None and report.problems == []
    assert (report.activities_accepted, report.completions_accepted) == (3, 12)
    with store.reading() as s:
        accme = s.scalars(select(Activity.accme_activity_id).where(Activity.id.in_(ids))).all()
    assert len(set(accme)) == 3 and all(a and len(a) == 9 for a in accme)
    assert counts(sandbox)["activities"] == 3 and counts(sandbox)["learner_records"] == 12
    assert _states(store) == {"pending_board": 12}
    assert _unsent(store) == 0


def test_board_decisions_reach_every_record(store: Store, sandbox: SandboxServer) -> None:
    admin(sandbox, "board-polls", {"polls": 0})
    seed(store, activities=2, completions=40)
    reports = sync_until_settled(store, sandbox)
    states = _states(store)
    assert set(states) <= {"board_accepted", "rejected"} and sum(states.values()) == 40
    rejected = [p for r in reports for p in r.problems]
    assert len(rejected) == states["rejected"] > 0
    assert {p.message for p in rejected} == {"Not a diplomate of ABIM"}
    with store.reading() as s:
        reasons = set(
            s.scalars(select(Completion.state_reason).where(Completion.state == "rejected"))
        )
    assert reasons == {"ABIM: Not a diplomate of ABIM"}


def test_completions_wait_for_their_activity(store: Store, sandbox: SandboxServer) -> None:
    acts, people = ActivityService(store, lambda: TODAY), LearnerService(store, lambda: TODAY)
    aid, _ = acts.create(closable_activity(title=""))  # incomplete: cannot reach PARS
    lid, _ = people.add_learner(as_learner(unique_people()[0]))
    people.record_completion(lid, aid, completion(credits=(CreditRecord(None, Decimal(1)),)))
    report = engine(store, sandbox).run()
    assert {(p.entity, p.field, p.held) for p in report.problems} == {
        ("activity", "title", True),
        ("completion", "activity", True),
    }
    assert counts(sandbox)["learner_records"] == 0
    acts.update(aid, title="Now complete")
    report = engine(store, sandbox).run()
    assert report.problems == [] and report.completions_accepted == 1
    assert counts(sandbox)["learner_records"] == 1


def test_deletes_reach_pars(store: Store, sandbox: SandboxServer) -> None:
    seed(store, activities=1, completions=3, moc=False)
    engine(store, sandbox).run()
    people = LearnerService(store, lambda: TODAY)
    with store.reading() as s:
        first = s.scalar(select(Completion.id).order_by(Completion.id))
    assert first is not None
    people.delete_completion(first)
    report = engine(store, sandbox).run()
    assert report.completions_deleted == 1
    assert counts(sandbox)["learner_records"] == 2
    assert _states(store) == {"accepted": 2, "deleted": 1}


def test_wrong_password_stops_at_once_and_marks_nothing(
    store: Store, sandbox: SandboxServer
) -> None:
    seed(store, activities=2, completions=10)
    before = _unsent(store)
    report = engine(store, sandbox, password="wrong").run()
    assert report.error_kind == "auth"
    assert "user name or password" in (report.error or "")
    assert report.requests == 1 and report.retries == 0
    assert _unsent(store) == before
    assert _states(store) == {"queued": 10}
    with store.reading() as s:
        assert set(s.scalars(select(Activity.sync_state))) == {"never_synced"}
    assert counts(sandbox)["activities"] == 0


def test_rejected_record_does_not_block_others_and_only_it_is_resent(
    store: Store, sandbox: SandboxServer
) -> None:
    acts = ActivityService(store, lambda: TODAY)
    good = [acts.create(closable_activity(provider_activity_id=f"G-{i}"))[0] for i in range(4)]
    bad, _ = acts.create(
        closable_activity(provider_activity_id="BAD", outcomes=())
    )  # PARS refuses to close
    report = engine(store, sandbox).run()
    assert report.activities_accepted == 4
    assert [(p.key, p.field, p.held) for p in report.problems] == [("BAD", "outcomes", False)]
    with store.reading() as s:
        a = s.get(Activity, bad)
        assert a is not None and a.sync_state == "rejected" and "outcomes" in (a.sync_error or "")
    assert counts(sandbox)["activities"] == 4
    # Nothing changed: nothing is resent. Fixed: only the fixed record goes.
    assert engine(store, sandbox).run().activities_sent == 0
    acts.update(bad, outcomes=closable_activity().outcomes)
    report = engine(store, sandbox).run()
    assert (report.activities_sent, report.activities_accepted, report.problems) == (1, 1, [])
    assert counts(sandbox)["activities"] == 5
    assert len(good) == 4


def test_pull_takes_pars_changes_when_nothing_local(store: Store, sandbox: SandboxServer) -> None:
    acts = ActivityService(store, lambda: TODAY)
    aid, _ = acts.create(closable_activity())
    engine(store, sandbox).run()
    accme = acts.get(aid).accme_activity_id
    _edit_on_pars(sandbox, accme or "", title="Renamed in PARS")
    report = engine(store, sandbox).run()
    assert report.pulled == 1 and report.conflicts == 0
    assert acts.get(aid).title == "Renamed in PARS"
    assert _unsent(store) == 0  # taking PARS's version creates nothing to send
    assert engine(store, sandbox).run().pulled == 0


def test_both_changed_is_a_conflict_shown_side_by_side(
    store: Store, sandbox: SandboxServer
) -> None:
    acts = ActivityService(store, lambda: TODAY)
    aid, _ = acts.create(closable_activity())
    engine(store, sandbox).run()
    accme = acts.get(aid).accme_activity_id or ""
    _edit_on_pars(sandbox, accme, title="Renamed in PARS")
    acts.update(aid, title="Renamed by me")
    report = engine(store, sandbox).run()
    assert report.conflicts == 1 and report.activities_sent == 0
    assert acts.get(aid).title == "Renamed by me"  # the local edit is intact
    assert _pars_title(sandbox, accme) == "Renamed in PARS"  # and PARS was not overwritten
    [c] = list_conflicts(store)
    assert (c.mine.title, c.pars.title) == ("Renamed by me", "Renamed in PARS")
    # Still a conflict on the next run until the coordinator chooses.
    assert engine(store, sandbox).run().activities_sent == 0
    keep_mine(store, aid)
    report = engine(store, sandbox).run()
    assert (report.activities_accepted, report.conflicts) == (1, 0)
    assert _pars_title(sandbox, accme) == "Renamed by me"
    assert list_conflicts(store) == []


def test_take_pars_replaces_local_edits(store: Store, sandbox: SandboxServer) -> None:
    acts = ActivityService(store, lambda: TODAY)
    aid, _ = acts.create(closable_activity())
    engine(store, sandbox).run()
    accme = acts.get(aid).accme_activity_id or ""
    _edit_on_pars(sandbox, accme, title="Renamed in PARS")
    acts.update(aid, title="Renamed by me")
    engine(store, sandbox).run()
    take_pars(store, aid)
    assert acts.get(aid).title == "Renamed in PARS"
    assert _unsent(store) == 0
    report = engine(store, sandbox).run()
    assert (report.activities_sent, report.conflicts, report.pulled) == (0, 0, 0)


def test_changing_identity_fields_is_flagged(store: Store, sandbox: SandboxServer) -> None:
    acts = ActivityService(store, lambda: TODAY)
    aid, _ = acts.create(closable_activity())
    engine(store, sandbox).run()
    acts.update(aid, format="other", title="Same content, new format")
    report = engine(store, sandbox).run()
    assert [(w.key, w.field) for w in report.warnings] == [("T-0001", "format")]
    assert report.activities_accepted == 1


def test_cancel_is_safe_and_the_next_run_resumes(store: Store, sandbox: SandboxServer) -> None:
    seed(store, activities=2, completions=60, moc=False)
    settings = FAST.__class__(batch_size=10, backoff_base=0.005, backoff_max=0.05, max_attempts=40)
    cancel = threading.Event()
    client = ParsClient(Endpoint(sandbox.url, "sandbox", "sandbox"), settings, cancel)

    sent_before = 0

    def progress(done: int, _total: int, message: str) -> None:
        nonlocal sent_before
        if message != "learner completions":
            sent_before = done  # activities and learner matching come first
        elif done - sent_before >= 20:
            cancel.set()

    report = SyncEngine(store, client, settings, lambda: TODAY).run(progress)
    assert report.cancelled and report.error_kind == "cancelled"
    sent = counts(sandbox)["learner_records"]
    assert 0 < sent < 60
    assert _states(store)["submitted"] == 0  # nothing left half-way
    report = engine(store, sandbox).run()
    assert report.error is None
    assert counts(sandbox)["learner_records"] == 60
    assert _states(store) == {"accepted": 60}


def test_dry_run_sends_nothing(store: Store, sandbox: SandboxServer) -> None:
    seed(store, activities=2, completions=5)
    report = engine(store, sandbox).run(dry_run=True)
    assert (report.activities_sent, report.completions_sent, report.requests) == (2, 5, 0)
    assert counts(sandbox)["activities"] == 0


def _edit_on_pars(sandbox: SandboxServer, accme: str, **changes: object) -> None:
    body = build_activities([ActivityEnvelope(closable_activity(**changes))])
    assert edit_on_server(sandbox, accme, body).ok


def _pars_title(sandbox: SandboxServer, accme: str) -> str:
    from desktop.sync.contract.activity_document import parse_activities

    r = requests.get(f"{sandbox.url}/activities/{accme}", auth=("sandbox", "sandbox"), timeout=10)
    return parse_activities(r.content)[0].record.title
