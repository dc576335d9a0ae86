import re

from sqlalchemy import func, select

from desktop.models.entities import AuditEntry, Completion, CompletionCredit, Learner, OutboxEntry
from desktop.models.services import ActivityService, LearnerService
from desktop.models.services.bulk import NewCompletion, add_completions
from desktop.models.store import Store
from tests.factories import closable_activity, completion, learner


def test_bulk_rows_equal_what_services_write(store: Store) -> None:
    aid, _ = ActivityService(store).create(closable_activity())
    rows = [NewCompletion(learner(last_name=f"Bulk{i:03d}"), aid, completion()) for i in range(250)]
    changes = add_completions(store, rows)
    assert len(changes.completions) == len(changes.learners) == 250
    with store.reading() as s:

        def count(model: type[object]) -> int | None:
            return s.scalar(select(func.count()).select_from(model))

        # The CME credit on each completion's row, the ABIM credit in the credits table.
        assert (count(Learner), count(Completion), count(CompletionCredit)) == (250, 250, 250)
        assert (
            s.scalar(
                select(func.count())
                .select_from(Completion)
                .where(Completion.cme_credit_id.is_(None))
            )
            == 0
        )
        # Each waits for PARS by its state: no outbox row per completion (issue 17).
        assert dict(
            s.execute(select(Completion.state, func.count()).group_by(Completion.state)).all()
        ) == {"queued": 250}
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 1  # the activity's
        assert (
            s.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.entity == "completion")
            )
            == 250
        )
        last = s.scalar(select(Learner).where(Learner.last_name == "Bulk249"))
        assert last is not None
        cid = s.scalar(select(Completion.id).where(Completion.learner_id == last.id))
    assert cid is not None
    people = LearnerService(store)
    assert people.get_learner(last.id) == learner(last_name="Bulk249")
    got = people.get_completion(cid)
    assert [(c.board, c.points) for c in got.credits] == [
        (c.board, c.points) for c in completion().credits
    ]
    # ACCME's form: ccid:x:y, here 40 characters (ccid:pd: and 32 hex digits).
    assert all(re.fullmatch(r"ccid:pd:[0-9A-F]{32}", c.credit_id) for c in got.credits)


def test_bulk_failure_writes_nothing(store: Store) -> None:
    rows = [NewCompletion(learner(), 12345, completion())]  # no such activity
    try:
        add_completions(store, rows)
    except Exception as e:
        assert "FOREIGN KEY" in str(e)
    else:
        raise AssertionError("expected a foreign-key failure")
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Learner)) == 0
