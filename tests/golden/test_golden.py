"""Client and sandbox against the hand-written golden bodies (tests/golden/README.md)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import requests

from desktop.sync.contract.activity_document import (
    ActivityEnvelope,
    RecordAction,
    build_activities,
    parse_activities,
)
from desktop.sync.contract.fields import localized
from desktop.sync.contract.learner_document import build_learner_reports, parse_learner_reports
from desktop.sync.contract.match_document import (
    Candidate,
    MatchAnswer,
    MatchQuery,
    MatchStatus,
    build_match_request,
    parse_match_answers,
)
from desktop.sync.contract.results_document import (
    CreditState,
    CreditStatus,
    FieldError,
    RecordResult,
    ResultStatus,
    parse_errors,
    parse_results,
    parse_statuses,
)
from desktop.sync.contract.unwired import keep_local
from pars_sandbox.server import SandboxServer
from pars_sandbox.settings import Settings
from tests.golden.examples import ACTIVITY, LEARNER, PROVIDER, REPORT, body, tree
from tests.sync.accme_schemas import activity_errors, learner_errors

AUTH = ("sandbox", "sandbox")
JSON = {"Content-Type": "application/json"}

# --- the client: build → equals golden; parse golden → expected record ----------------------


def test_activity_request_is_built_as_written() -> None:
    built = build_activities([ActivityEnvelope(ACTIVITY)], PROVIDER)
    assert json.loads(built) == tree("activities.post.request.json")
    assert activity_errors(body("activities.post.request.json")) == []


def test_activity_request_reads_back_as_the_record() -> None:
    [env] = parse_activities(body("activities.post.request.json"))
    assert env.action is RecordAction.ADD
    assert keep_local(ACTIVITY, env.record) == ACTIVITY


def test_activity_answers_read_as_results() -> None:
    assert parse_results(body("activities.post.response.json")) == [
        RecordResult("GR2026-01", ResultStatus.ACCEPTED, "987654321", 1)
    ]
    [rejected] = parse_results(body("activities.post.rejected.response.json"))
    assert localized(rejected.errors) == (
        FieldError("required", "outcomes", "Give at least one outcome."),
    )


def test_a_schema_refusal_names_our_fields() -> None:
    errors = localized(parse_errors(body("activities.post.bad-request.response.json")), ("ABPMR",))
    assert [e.field for e in errors] == ["moc.ABPMR", "providership", "ama_credits"]
    assert activity_errors(body("activities.post.bad-request.json")) != []


def test_a_pulled_activity_keeps_its_own_dates_under_a_yyyy_period() -> None:
    assert activity_errors(body("activity.get.response.json")) == []
    [env] = parse_activities(body("activity.get.response.json"))
    assert (env.record.start_date, env.record.end_date) == (date(2026, 4, 7), date(2026, 4, 7))
    assert (env.record.accme_activity_id, env.record.title) == ("987654322", "Grand Rounds: Stroke")


def test_learner_request_is_built_as_written() -> None:
    built = json.loads(build_learner_reports([REPORT], PROVIDER))
    golden = tree("learner-activities.post.request.json")
    built["ACCMELearnerReports"]["ActivityReports"]["DateTimeCreated"] = "2026-06-15T09:30:00"
    assert built == golden
    assert learner_errors(body("learner-activities.post.request.json")) == []


def test_learner_request_reads_back_as_the_record() -> None:
    [report] = parse_learner_reports(body("learner-activities.post.request.json"))
    assert report == REPORT


def test_learner_answers_and_statuses_read_back() -> None:
    assert parse_results(body("learner-activities.post.response.json")) == [
        RecordResult("ccid:pd:0A1B2C3D4E5F60718293A4B5C6D7E8F9", ResultStatus.ACCEPTED)
    ]
    [refused] = parse_results(body("learner-activities.post.rejected.response.json"))
    assert [e.field for e in localized(refused.errors)] == ["learner"]
    assert parse_statuses(body("learner-activities.status.response.json")) == [
        CreditStatus("ccid:pd:0A1B2C3D4E5F60718293A4B5C6D7E8F9", CreditState.ACCEPTED),
        CreditStatus(
            "00112233445566778899AABBCCDDEEFF",
            CreditState.BOARD_REJECTED,
            "Not a diplomate of ABA",
        ),
        CreditStatus("ccid:pd:99999999999999999999999999999999", CreditState.NOT_FOUND),
    ]


def test_match_request_and_answer() -> None:
    learner = replace(LEARNER, license_state="IL", license_number="036-000123")
    built = build_match_request([MatchQuery("17", learner)])
    assert json.loads(built) == tree("learner-match.post.request.json")
    assert parse_match_answers(body("learner-match.post.response.json")) == [
        MatchAnswer("17", MatchStatus.MATCHED, (Candidate("1234567893", "IL", ""),)),
        MatchAnswer("18", MatchStatus.NOT_FOUND),
    ]


def test_unauthorized_reads_as_an_error() -> None:
    [e] = parse_errors(body("unauthorized.response.json"))
    assert e.code == "unauthorized"


# --- the sandbox answers the golden requests as written -----------------------------------


@pytest.fixture
def practice(tmp_path: Path) -> Iterator[SandboxServer]:
    with SandboxServer(tmp_path / "practice.sqlite3", settings=Settings(practice=True)) as s:
        yield s


def _post(server: SandboxServer, path: str, data: bytes) -> requests.Response:
    return requests.post(server.url + path, data=data, auth=AUTH, headers=JSON, timeout=10)


def _add_golden_activity(server: SandboxServer) -> str:
    r = _post(server, "/activities", body("activities.post.request.json"))
    assert r.status_code == 200, r.text
    [result] = r.json()["results"]
    accme = str(result.pop("accmeActivityId"))
    expected = tree("activities.post.response.json")["results"][0]
    expected.pop("accmeActivityId")
    assert result == expected
    assert len(accme) == 9 and accme.isdigit()
    return accme


def test_sandbox_takes_the_golden_activity_and_refuses_the_bad_one(sandbox: SandboxServer) -> None:
    _add_golden_activity(sandbox)
    bad = _post(sandbox, "/activities", body("activities.post.bad-request.json"))
    assert bad.status_code == 400
    assert bad.json() == tree("activities.post.bad-request.response.json")


def test_sandbox_refuses_a_closing_without_outcomes_as_written(sandbox: SandboxServer) -> None:
    doc = tree("activities.post.request.json")
    item = doc["ACCMEActivities"]["MedicalEducationMetrics"][0]
    item["XtensibleInfo"]["closeActivityRecord"] = True
    item["XtensibleInfo"].pop("MeasuredOutcomes")
    r = _post(sandbox, "/activities", json.dumps(doc).encode())
    assert r.json() == tree("activities.post.rejected.response.json")


def _learner_body(accme: str) -> bytes:
    doc = tree("learner-activities.post.request.json")
    report = doc["ACCMELearnerReports"]["ActivityReports"]["ActivityReport"][0]
    report["Activity"]["Module"]["ModuleName"]["moduleID"] = accme
    return json.dumps(doc).encode()


def test_sandbox_answers_the_golden_learner_report(
    sandbox: SandboxServer, practice: SandboxServer
) -> None:
    strict = _post(sandbox, "/learner-activities", _learner_body(_add_golden_activity(sandbox)))
    assert strict.json() == tree("learner-activities.post.rejected.response.json")
    simulated = _post(
        practice, "/learner-activities", _learner_body(_add_golden_activity(practice))
    )
    assert simulated.json() == tree("learner-activities.post.response.json")


def test_sandbox_answers_the_golden_match_and_401(practice: SandboxServer) -> None:
    r = _post(practice, "/learner-match", body("learner-match.post.request.json"))
    assert (
        r.json()["LearnerMatchResults"]["Match"][0]
        == (tree("learner-match.post.response.json")["LearnerMatchResults"]["Match"][0])
    )
    denied = requests.post(
        practice.url + "/activities", data=b"{}", auth=("sandbox", "wrong"), timeout=10
    )
    assert denied.status_code == 401
    assert denied.json() == tree("unauthorized.response.json")
