"""One person, many completions, against the sandbox: matched once, fixed once for all."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sqlalchemy import func, select

from desktop.models.entities import Completion, Learner
from desktop.models.records import CreditRecord
from desktop.models.services import ActivityService, LearnerService
from desktop.models.services.bulk import NewCompletion, add_completions
from desktop.models.store import Store
from pars_sandbox.server import SandboxServer
from tests.conftest import TODAY
from tests.factories import closable_activity, completion
from tests.physicians import as_learner
from tests.sandbox.helpers import counts, unique_people
from tests.sync.seeding import FAST, engine

CME_ONLY = (CreditRecord(None, Decimal("1.5")),)


def test_a_person_is_matched_once_and_one_fix_requeues_all_their_refused_records(
    store: Store, sandbox: SandboxServer
) -> None:
    p = unique_people()[5]
    wrong = as_learner(p, last_name=p.last_name + "e")  # a typo PARS will not recognise
    activities = ActivityService(store, lambda: TODAY)
    ids = [
        activities.create(closable_activity(provider_activity_id=f"GR-{n}"))[0] for n in range(3)
    ]
    # Three sign-in sheets name the same physician: one person, three records.
    for aid in ids:
        add_completions(store, [NewCompletion(wrong, aid, completion(credits=CME_ONLY))])
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Learner)) == 1
        (person,) = s.scalars(select(Learner.id)).all()

    report = engine(store, sandbox, settings=replace(FAST, hold_unmatched=False)).run()
    assert report.learners_checked == 1  # matching asked PARS about the person once
    with store.reading() as s:
        assert set(s.scalars(select(Completion.state))) == {"rejected"}

    LearnerService(store, lambda: TODAY).update_learner(person, last_name=p.last_name)
    with store.reading() as s:
        assert list(s.scalars(select(Completion.state))) == ["queued"] * 3
    report = engine(store, sandbox).run()
    assert (report.learners_checked, report.completions_accepted) == (1, 3)
    assert counts(sandbox)["learner_records"] == 3
