"""Each fault mode, observed from a plain requests client; seeded faults repeat exactly."""

from __future__ import annotations

import time

import pytest
import requests

from desktop.sync.contract.activity_document import ActivityEnvelope, build_activities
from desktop.sync.contract.results_document import parse_results
from desktop.sync.contract.wire import ContractError
from pars_sandbox.server import SandboxServer
from tests.factories import closable_activity
from tests.sandbox.helpers import AUTH, TIMEOUT, admin, counts


def _post(server: SandboxServer, n: int = 1) -> requests.Response:
    body = build_activities([ActivityEnvelope(closable_activity(provider_activity_id=f"F-{n}"))])
    return requests.post(server.url + "/activities", data=body, auth=AUTH, timeout=TIMEOUT)


def test_server_errors_apply_nothing(sandbox: SandboxServer) -> None:
    admin(sandbox, "faults", {"error_rate": 1.0, "seed": 1})
    statuses = {_post(sandbox, n).status_code for n in range(12)}
    assert statuses <= {500, 502, 503} and len(statuses) >= 2
    assert counts(sandbox)["activities"] == 0


def test_throttling_says_when_to_retry(sandbox: SandboxServer) -> None:
    admin(sandbox, "faults", {"throttle_rate": 1.0, "retry_after": 7, "seed": 2})
    answers = [_post(sandbox) for _ in range(8)]
    assert {r.status_code for r in answers} == {429, 503}
    assert {r.headers["Retry-After"] for r in answers} == {"7"}
    assert counts(sandbox)["activities"] == 0


def test_dropped_connection_after_the_work_is_done(sandbox: SandboxServer) -> None:
    admin(sandbox, "faults", {"drop_rate": 1.0})
    with pytest.raises(requests.exceptions.RequestException):
        _post(sandbox)
    # The lost response hid a success: exactly why the client must retry idempotently.
    assert counts(sandbox)["activities"] == 1


def test_malformed_bodies(sandbox: SandboxServer) -> None:
    admin(sandbox, "faults", {"malformed_rate": 1.0, "seed": 3})
    kinds = set()
    for n in range(20):
        r = _post(sandbox, n)
        assert r.status_code == 200
        with pytest.raises(ContractError):
            parse_results(r.content)
        body = r.content
        kinds.add(
            "empty"
            if not body
            else "html"
            if body.startswith(b"<html>")
            else "truncated"
            if body.startswith(b"{")
            else "junk"
        )
    assert kinds == {"empty", "html", "truncated", "junk"}
    assert counts(sandbox)["activities"] == 20


def test_latency(sandbox: SandboxServer) -> None:
    admin(sandbox, "faults", {"latency_ms": 300})
    start = time.perf_counter()
    assert _post(sandbox).status_code == 200
    assert time.perf_counter() - start >= 0.3


def test_seeded_faults_repeat(sandbox: SandboxServer) -> None:
    def run() -> list[int]:
        admin(sandbox, "faults", {"error_rate": 0.3, "throttle_rate": 0.2, "seed": 42})
        return [_post(sandbox, n).status_code for n in range(20)]

    first = run()
    assert first == run()
    assert 200 in first and any(s >= 500 or s == 429 for s in first)


def test_bad_fault_settings_are_refused(sandbox: SandboxServer) -> None:
    for bad in ({"error_rate": 2}, {"error_rate": 0.6, "drop_rate": 0.6}, {"latency_ms": "slow"}):
        r = requests.post(
            sandbox.url + "/_admin/faults",
            json=bad,
            auth=sandbox.settings.admin_auth,
            timeout=TIMEOUT,
        )
        assert r.status_code == 400
