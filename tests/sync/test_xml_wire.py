"""XML as a setting (SPEC §5): the same sync over XML bodies; the sandbox checks them against
the MedBiquitous XSDs and judges them by the same schema and rules as JSON."""

from __future__ import annotations

from dataclasses import replace

import requests

from desktop.models.services import ActivityService, LearnerService
from desktop.models.services.provider import ProviderService
from desktop.models.store import Store
from desktop.sync.client import ParsClient
from desktop.sync.contract.activity_document import ActivityEnvelope, build_activities
from desktop.sync.contract.encoding import WireFormat
from desktop.sync.engine import SyncEngine
from desktop.sync.settings import Endpoint
from pars_sandbox.server import SandboxServer
from tests.conftest import TODAY
from tests.factories import closable_activity, completion
from tests.physicians import as_learner
from tests.sandbox.helpers import counts, unique_people
from tests.sync.seeding import FAST

XML = replace(FAST, wire_format=WireFormat.XML)


def test_a_sync_over_xml_reaches_pars_whole(store: Store, sandbox: SandboxServer) -> None:
    ProviderService(store).save(accme_provider_id="0012345", name="Example Medical Society")
    activity_id, _ = ActivityService(store, lambda: TODAY).create(closable_activity())
    LearnerService(store, lambda: TODAY).enter_completions(
        activity_id, [(as_learner(p), completion()) for p in unique_people()[:3]]
    )
    client = ParsClient(Endpoint(sandbox.url, "sandbox", "sandbox"), XML)
    report = SyncEngine(store, client, XML, lambda: TODAY).run()
    assert report.error is None, report.problems
    assert (report.activities_accepted, report.completions_accepted) == (1, 3)
    assert (counts(sandbox)["activities"], counts(sandbox)["learner_records"]) == (1, 3)


def test_an_xml_body_breaking_the_xsd_is_refused_with_where(sandbox: SandboxServer) -> None:
    body = build_activities([ActivityEnvelope(closable_activity())], fmt=WireFormat.XML)
    broken = body.replace(b"<ReportDescription>", b"<ReportDescription><Oops/>", 1)
    r = requests.post(
        sandbox.url + "/activities",
        data=broken,
        auth=("sandbox", "sandbox"),
        headers={"Content-Type": "application/xml"},
        timeout=10,
    )
    assert r.status_code == 400
    [error] = r.json()["errors"][:1]
    assert error["code"] == "xsd"
    assert error["field"].startswith("/ACCMEActivities/MedicalEducationMetrics/0/line ")
    assert "Oops" in error["message"]
    assert counts(sandbox)["activities"] == 0
