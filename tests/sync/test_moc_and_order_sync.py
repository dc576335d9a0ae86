"""Against the real sandbox: ACCME's ABA pair reaches PARS as two records, and completions
wait until PARS holds their activity as Active (issue 15 items 3 and 4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from desktop.models.entities import Activity, Completion
from desktop.models.records import CompletionRecord, CreditRecord
from desktop.models.rules import Status
from desktop.models.services import ActivityService, LearnerService
from desktop.models.store import Store
from pars_sandbox.server import SandboxServer
from tests.conftest import TODAY
from tests.factories import ABA, closable_activity
from tests.physicians import as_learner
from tests.sandbox.helpers import counts, unique_people
from tests.sync.seeding import engine


def _aba(kind: str) -> CompletionRecord:
    return CompletionRecord(
        date(2026, 3, 2),
        (CreditRecord(None, Decimal("1.5")), CreditRecord("ABA", Decimal("1.5"), "", kind)),
    )


def test_the_aba_moca_then_moca_and_patient_safety_pair_reaches_pars_as_two_records(
    store: Store, sandbox: SandboxServer
) -> None:
    anesthesiologist = next(p for p in unique_people() if "ABA" in p.boards)
    activity_id, _ = ActivityService(store, lambda: TODAY).create(closable_activity(moc=(ABA,)))
    people = LearnerService(store, lambda: TODAY)
    people.enter_completions(
        activity_id,
        [
            (as_learner(anesthesiologist), _aba("LL")),
            (as_learner(anesthesiologist), _aba("LL+PS")),
        ],
    )
    report = engine(store, sandbox).run()
    assert (report.completions_accepted, report.problems) == (2, [])
    assert counts(sandbox)["learner_records"] == 2


def test_completions_wait_until_pars_holds_the_activity_as_active(
    store: Store, sandbox: SandboxServer
) -> None:
    activities = ActivityService(store, lambda: TODAY)
    # PARS takes a Draft (title, format, dates) but refuses learners for it.
    activity_id, _ = activities.create(closable_activity(description="", close_requested=False))
    doctor = unique_people()[0]
    [cid], _ = LearnerService(store, lambda: TODAY).enter_completions(
        activity_id,
        [
            (
                as_learner(doctor),
                CompletionRecord(date(2026, 3, 2), (CreditRecord(None, Decimal(1)),)),
            )
        ],
    )
    report = engine(store, sandbox).run()
    assert report.activities_accepted == 1
    assert [(p.entity_id, p.field) for p in report.held] == [(cid, "activity")]
    assert "Active in PARS" in report.held[0].message
    assert counts(sandbox)["learner_records"] == 0
    with store.reading() as s:
        assert s.scalar(select(Activity.pars_level).where(Activity.id == activity_id)) == int(
            Status.DRAFT
        )

    activities.update(activity_id, description="Objectives: recognise sepsis early.")
    report = engine(store, sandbox).run()
    assert (report.completions_accepted, report.held) == (1, [])
    assert counts(sandbox)["learner_records"] == 1
    with store.reading() as s:
        assert s.scalar(select(Completion.state).where(Completion.id == cid)) in {
            "accepted",
            "pending_board",
        }
