"""Known-wrong records stay home: the sync sends only what passes every local rule, keeps the
reason on the record, and sends it once it is fixed (issue 14, reproduction 5)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select, update

from desktop.models.entities import Completion, Learner
from desktop.models.match_states import NOT_FOUND
from desktop.models.records import CreditRecord
from desktop.models.services import ActivityService, LearnerService
from desktop.models.store import Store
from desktop.sync.overview import changes_waiting
from pars_sandbox.server import SandboxServer
from tests.conftest import TODAY
from tests.factories import closable_activity, completion
from tests.physicians import as_learner
from tests.sandbox.helpers import counts, unique_people
from tests.sync.seeding import engine

CME = (CreditRecord(None, Decimal("1.5")),)


def _state(store: Store, cid: int) -> tuple[str, str | None]:
    with store.reading() as s:
        c = s.get(Completion, cid)
        assert c is not None
        return c.state, c.state_reason


def test_a_record_its_activity_made_wrong_is_held_with_the_reason_until_fixed(
    store: Store, sandbox: SandboxServer
) -> None:
    activities = ActivityService(store, lambda: TODAY)
    learners = LearnerService(store, lambda: TODAY)
    activity_id, _ = activities.create(closable_activity(moc=()))  # CME only: credits may drop
    person = unique_people()[2]
    [cid], _ = learners.enter_completions(
        activity_id, [(as_learner(person), completion(credits=CME))]
    )
    assert _state(store, cid) == ("queued", None)
    # Queued while right; then the activity designates fewer credits than were recorded:
    # the record is judged again at once.
    changes = activities.update(activity_id, ama_credits=Decimal("1"))
    assert cid in changes.completions
    state, reason = _state(store, cid)
    assert state == "held" and reason is not None and "more than the 1" in reason
    # Even a record the store still says is queued (written by a path that does not check,
    # such as a bulk import) is judged by the sync before anything goes.
    with store.transaction() as s:
        c = s.get(Completion, cid)
        assert c is not None
        c.state, c.state_reason = "queued", None

    report = engine(store, sandbox).run()
    assert report.error is None and report.completions_sent == 0
    [held] = report.held
    assert held.entity_id == cid and "more than the 1" in held.message
    assert counts(sandbox)["learner_records"] == 0  # PARS never saw it
    assert _state(store, cid) == ("held", held.message)

    # Fixing it re-checks it at once and queues it; the next sync sends it.
    learners.update_completion(cid, completion(credits=(CreditRecord(None, Decimal("1")),)))
    assert _state(store, cid) == ("queued", None)
    report = engine(store, sandbox).run()
    assert report.completions_accepted == 1 and not report.problems, report.problems
    assert counts(sandbox)["learner_records"] == 1
    with store.reading() as s:
        assert s.scalar(
            select(Completion.cme_points).where(Completion.id == cid)  # on the record's row
        ) == Decimal("1")


def test_a_learner_with_a_bad_npi_is_never_sent_and_fixing_the_npi_sends_it(
    store: Store, sandbox: SandboxServer
) -> None:
    learners = LearnerService(store, lambda: TODAY)
    activity_id, _ = ActivityService(store, lambda: TODAY).create(closable_activity())
    person = unique_people()[4]
    wrong = person.npi[:-1] + str((int(person.npi[-1]) + 1) % 10)
    [cid], _ = learners.enter_completions(
        activity_id, [(as_learner(person, npi=wrong), completion(credits=CME))]
    )
    state, reason = _state(store, cid)
    assert state == "draft" and reason is not None and "NPI is not valid" in reason
    report = engine(store, sandbox).run()
    assert report.completions_sent == 0 and counts(sandbox)["learner_records"] == 0
    assert _state(store, cid)[0] == "draft"

    with store.reading() as s:
        learner_id = s.scalar(select(Completion.learner_id).where(Completion.id == cid))
    assert learner_id is not None
    learners.update_learner(learner_id, npi=person.npi)
    assert _state(store, cid) == ("queued", None)
    report = engine(store, sandbox).run()
    assert report.completions_accepted == 1
    assert counts(sandbox)["learner_records"] == 1


def test_a_record_pars_will_not_recognise_is_not_counted_as_waiting(store: Store) -> None:
    activities = ActivityService(store, lambda: TODAY)
    learners = LearnerService(store, lambda: TODAY)
    activity_id, _ = activities.create(closable_activity(moc=()))
    [cid], _ = learners.enter_completions(
        activity_id, [(as_learner(unique_people()[4]), completion(credits=CME))]
    )
    with store.reading() as s:
        assert changes_waiting(s) == 2  # the activity and the record
    with store.transaction() as s:
        c = s.get(Completion, cid)
        assert c is not None
        s.execute(update(Learner).where(Learner.id == c.learner_id).values(match_status=NOT_FOUND))
    with store.reading() as s:
        # It reads "Held" everywhere (the default setting): never "waiting to send" as well.
        assert changes_waiting(s) == 1
        assert changes_waiting(s, hold_unmatched=False) == 2
