"""Helpers for talking to the sandbox with a plain ``requests`` client."""

from __future__ import annotations

from typing import Any

import requests

from desktop.models.records import ActivityRecord, CompletionRecord, LearnerRecord
from desktop.sync.contract.activity_document import ActivityEnvelope, RecordAction, build_activities
from desktop.sync.contract.learner_document import (
    LearnerReport,
    ReportAction,
    build_learner_reports,
)
from desktop.sync.contract.names import ProviderIdentity
from desktop.sync.contract.results_document import RecordResult, parse_results
from pars_sandbox.directory import Physician, generate
from pars_sandbox.server import SandboxServer
from pars_sandbox.settings import Settings

AUTH = ("sandbox", "sandbox")
PROVIDER = ProviderIdentity("0012345", "Example Provider")
TIMEOUT = 10


def people() -> tuple[Physician, ...]:
    s = Settings()
    return generate(s.directory_seed, s.directory_size)


def unique_people() -> list[Physician]:
    """Directory entries whose name, birthday and state identify them alone."""
    counts: dict[tuple[str, str, int, int, str], int] = {}
    for p in people():
        key = (p.first_name, p.last_name, p.birth_month, p.birth_day, p.license_state)
        counts[key] = counts.get(key, 0) + 1
    return [
        p
        for p in people()
        if counts[(p.first_name, p.last_name, p.birth_month, p.birth_day, p.license_state)] == 1
    ]


def post(server: SandboxServer, path: str, body: bytes, **kw: Any) -> requests.Response:
    kw.setdefault("auth", AUTH)
    return requests.post(
        server.url + path,
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=TIMEOUT,
        **kw,
    )


def send_activities(
    server: SandboxServer, *records: ActivityRecord, action: RecordAction = RecordAction.ADD
) -> list[RecordResult]:
    r = post(
        server,
        "/activities",
        build_activities([ActivityEnvelope(rec, action) for rec in records], PROVIDER),
    )
    assert r.status_code == 200, r.text
    return parse_results(r.content)


def send_reports(server: SandboxServer, *reports: LearnerReport) -> list[RecordResult]:
    r = post(server, "/learner-activities", build_learner_reports(reports, PROVIDER))
    assert r.status_code == 200, r.text
    return parse_results(r.content)


def report(
    learner: LearnerRecord,
    accme_id: str,
    completion: CompletionRecord,
    action: ReportAction = ReportAction.ADD,
) -> LearnerReport:
    return LearnerReport(learner, accme_id, completion, "Test activity", action)


def admin(server: SandboxServer, path: str, json: dict[str, Any]) -> None:
    r = requests.post(
        server.url + "/_admin/" + path,
        json=json,
        auth=server.settings.admin_auth,
        timeout=TIMEOUT,
    )
    assert r.status_code == 204, r.text


def counts(server: SandboxServer) -> dict[str, Any]:
    r = requests.get(
        server.url + "/_admin/counts", auth=server.settings.admin_auth, timeout=TIMEOUT
    )
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def edit_on_server(server: SandboxServer, accme_id: str, document: bytes) -> requests.Response:
    """An edit made in PARS itself (the admin API), e.g. to make a conflict."""
    return requests.put(
        f"{server.url}/_admin/activities/{accme_id}",
        data=document,
        headers={
            "Content-Type": "application/json"
            if document.lstrip().startswith(b"{")
            else "application/xml"
        },
        auth=server.settings.admin_auth,
        timeout=TIMEOUT,
    )
