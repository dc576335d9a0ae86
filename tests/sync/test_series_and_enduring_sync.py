"""A repeat series and an enduring material's yearly counts through a real sync (SPEC M4, M5)."""

from __future__ import annotations

from datetime import date

from desktop.models.copying import Placement, instance_ids
from desktop.models.records import EnduringCountRecord
from desktop.models.schedule import Repeat, Schedule, generate
from desktop.models.services import ActivityService
from desktop.models.services.series import SeriesService
from desktop.models.store import Store
from desktop.sync.client import ParsClient
from desktop.sync.settings import Endpoint
from pars_sandbox.server import SandboxServer
from tests.conftest import TODAY
from tests.factories import closable_activity
from tests.sandbox.helpers import counts
from tests.sync.seeding import FAST, engine


def test_a_ten_instance_series_is_ten_pars_activities(store: Store, sandbox: SandboxServer) -> None:
    days = generate(Schedule(Repeat.WEEKLY, date(2026, 1, 6), count=10))
    places = [Placement(a, b, "Springfield", "IL", "USA") for a, b in days]
    _, ids, _ = SeriesService(store, lambda: TODAY).create(
        "Grand Rounds 2026", closable_activity(), places, "GR2026-"
    )
    report = engine(store, sandbox).run()
    assert (report.activities_sent, report.activities_accepted, report.problems) == (10, 10, [])
    assert counts(sandbox)["activities"] == 10
    acts = ActivityService(store, lambda: TODAY)
    records = [acts.get(i) for i in ids]
    accme = [r.accme_activity_id for r in records]
    assert len(set(accme)) == 10 and all(a and len(a) == 9 and a.isdigit() for a in accme)
    with ParsClient(Endpoint(sandbox.url, "sandbox", "sandbox"), FAST) as client:
        held = [client.get_activity(a or "") for a in accme]
    assert [h.record.provider_activity_id for h in held if h] == instance_ids("GR2026-", 10)
    assert [h.record.start_date for h in held if h] == [a for a, _ in days]


def test_enduring_counts_round_trip_through_sync(store: Store, sandbox: SandboxServer) -> None:
    acts = ActivityService(store, lambda: TODAY)
    material, _ = acts.create(
        closable_activity(
            format="enduring",
            delivery_methods=("online",),
            start_date=date(2025, 1, 1),
            end_date=date(2027, 12, 31),
            close_requested=False,
            moc=(),
        )
    )
    acts.record_enduring_count(material, 2025, 120, 30)
    engine(store, sandbox).run()
    acts.record_enduring_count(material, 2026, 180, 41)  # a later year: an update to PARS
    report = engine(store, sandbox).run()
    assert (report.activities_accepted, report.problems) == (1, [])
    accme = acts.get(material).accme_activity_id or ""
    with ParsClient(Endpoint(sandbox.url, "sandbox", "sandbox"), FAST) as client:
        held = client.get_activity(accme)
    assert held is not None
    # ACCME's drafts carry the current cumulative count only; the yearly history stays here
    # (schemas/README.md, reading 11).
    assert held.record.enduring_counts == ()
    assert (held.record.physician_learners, held.record.other_learners) == (180, 41)
    # A pull finds PARS holding exactly what is here: nothing to take, no conflict.
    report = engine(store, sandbox).run()
    assert (report.conflicts, report.pulled, report.activities_sent) == (0, 0, 0)
    assert acts.get(material).enduring_counts == (
        EnduringCountRecord(2025, 120, 30),
        EnduringCountRecord(2026, 180, 41),
    )
