"""The sandbox judges by ACCME's schema, not by our rules: what it refuses, the client shows at
the field PARS names — and a pull reads ``YYYY`` reporting dates as the reporting period."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import requests

from desktop.models.records import MocRegistration
from desktop.models.rules import Status, assess_activity
from desktop.models.services import ActivityService
from desktop.models.services.provider import ProviderService
from desktop.models.store import Store
from desktop.sync.client import ParsClient
from desktop.sync.contract.activity_document import ActivityEnvelope, activities_tree
from desktop.sync.contract.names import ProviderIdentity
from desktop.sync.settings import Endpoint
from pars_sandbox.server import SandboxServer
from tests.conftest import TODAY
from tests.factories import closable_activity
from tests.sandbox.helpers import counts
from tests.sync.seeding import FAST, engine

ABPMR = MocRegistration(
    board="ABPMR",
    attested=True,
    points=Decimal("1.5"),
    credit_types=("LL",),
    practice_areas=("Pain Medicine",),
    fee="No, it's free",
    registration="Open to all",
    url="https://cme.example.org/abpmr",
    credit_claim_date=date(2026, 12, 31),
)


def test_a_document_our_rules_accept_but_accmes_schema_refuses(
    store: Store, sandbox: SandboxServer
) -> None:
    """SPEC §2.2 lists ABPMR; the draft's boardName enum does not: PARS refuses the body."""
    ProviderService(store).save(accme_provider_id="0012345", name="Example Medical Society")
    record = closable_activity(moc=(ABPMR,))
    assert assess_activity(record, TODAY).status is Status.CLOSED  # our rules: all good
    activity_id, _ = ActivityService(store, lambda: TODAY).create(record)

    report = engine(store, sandbox).run()

    assert report.activities_accepted == 0
    [problem] = [p for p in report.problems if p.entity == "activity"]
    assert problem.entity_id == activity_id
    assert problem.field == "moc.ABPMR"  # the editor opens at that board's MOC fields
    assert "'ABPMR' is not one of" in problem.message
    assert counts(sandbox)["activities"] == 0
    stored = ActivityService(store, lambda: TODAY).get(activity_id)
    assert stored.accme_activity_id is None


def test_the_provider_id_from_settings_reaches_pars(store: Store, sandbox: SandboxServer) -> None:
    ProviderService(store).save(accme_provider_id="0012345", name="Example Medical Society")
    ActivityService(store, lambda: TODAY).create(closable_activity())
    assert engine(store, sandbox).run().activities_accepted == 1
    r = requests.get(
        sandbox.url + "/activities",
        params={"providerActivityId": "T-0001"},
        auth=("sandbox", "sandbox"),
        timeout=10,
    )
    item = r.json()["ACCMEActivities"]["MedicalEducationMetrics"][0]
    assert item["XtensibleInfo"]["ProviderID"] == "0012345"


def test_pull_reads_yyyy_reporting_dates_as_the_period(
    store: Store, sandbox: SandboxServer
) -> None:
    acts = ActivityService(store, lambda: TODAY)
    activity_id, _ = acts.create(
        closable_activity(start_date=date(2026, 3, 1), end_date=date(2026, 3, 2))
    )
    engine(store, sandbox).run()
    accme = acts.get(activity_id).accme_activity_id
    # PARS's web form changes the title and writes the reporting period as years.
    theirs = activities_tree(
        [ActivityEnvelope(closable_activity(title="Retitled in PARS"))],
        ProviderIdentity("0012345"),
    )
    period = theirs["ACCMEActivities"]["MedicalEducationMetrics"][0]["ReportDescription"]
    period["ReportingStartDate"] = period["ReportingEndDate"] = "2026"
    edited = requests.put(
        f"{sandbox.url}/_admin/activities/{accme}",
        data=json.dumps(theirs),
        headers={"Content-Type": "application/json"},
        auth=sandbox.settings.admin_auth,
        timeout=10,
    )
    assert edited.status_code == 200, edited.text

    report = engine(store, sandbox).run()

    assert (report.error, report.pulled, report.conflicts) == (None, 1, 0)
    pulled = acts.get(activity_id)
    assert pulled.title == "Retitled in PARS"
    # A Jan 1 – Dec 31 reporting period never overwrites the activity's own dates.
    assert (pulled.start_date, pulled.end_date) == (date(2026, 3, 1), date(2026, 3, 2))
    with ParsClient(Endpoint(sandbox.url, "sandbox", "sandbox"), FAST) as client:
        held = client.get_activity(accme or "")
    assert held is not None and held.version == 2
