"""Records belong to the account that sent them (issue 19, item 4)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import requests

from desktop.models.records import CreditRecord
from desktop.sync.contract.learner_document import ReportAction, build_learner_reports
from desktop.sync.contract.results_document import ResultStatus, parse_results
from pars_sandbox.server import SandboxServer
from pars_sandbox.settings import Settings
from tests.factories import closable_activity, completion
from tests.physicians import as_learner
from tests.sandbox.helpers import PROVIDER, TIMEOUT, counts, report, send_activities, unique_people

OTHER = ("other-provider", "other-secret")


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[SandboxServer]:
    accounts = {"sandbox": "sandbox", OTHER[0]: OTHER[1]}
    with SandboxServer(tmp_path / "pars.sqlite3", settings=Settings(accounts=accounts)) as s:
        yield s


def test_another_account_can_neither_see_nor_delete_a_record(shared: SandboxServer) -> None:
    [added] = send_activities(shared, closable_activity())
    accme = added.accme_activity_id or ""
    credit = CreditRecord(None, Decimal("1.5"), "ccid:t:OWNED-1")
    mine = report(as_learner(unique_people()[0]), accme, completion(credits=(credit,)))
    [ok] = parse_results(
        requests.post(
            shared.url + "/learner-activities",
            data=build_learner_reports([mine], PROVIDER),
            auth=("sandbox", "sandbox"),
            timeout=TIMEOUT,
        ).content
    )
    assert ok.status is ResultStatus.ACCEPTED

    gone = requests.delete(
        shared.url + "/learner-activities/ccid:t:OWNED-1", auth=OTHER, timeout=TIMEOUT
    )
    assert gone.status_code == 404
    theirs = requests.post(
        shared.url + "/learner-activities",
        data=build_learner_reports(
            [report(mine.learner, accme, mine.completion, ReportAction.DELETE)], PROVIDER
        ),
        auth=OTHER,
        timeout=TIMEOUT,
    )
    [refused] = parse_results(theirs.content)
    assert refused.status is ResultStatus.REJECTED
    assert refused.errors[0].code == "credit_id_taken"
    seen = requests.get(f"{shared.url}/activities/{accme}", auth=OTHER, timeout=TIMEOUT)
    assert seen.status_code == 404
    assert counts(shared)["learner_records"] == 1  # still there, still the owner's
