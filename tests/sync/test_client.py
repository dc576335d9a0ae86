"""The HTTP client: backoff, Retry-After, what is retried and what stops at once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from desktop.sync.backoff import Backoff, retry_after_seconds
from desktop.sync.client import ParsClient
from desktop.sync.contract.activity_document import ActivityEnvelope
from desktop.sync.errors import AuthError, Cancelled, DocumentRefused, NetworkError
from desktop.sync.settings import Endpoint, SyncSettings
from pars_sandbox.server import SandboxServer
from tests.factories import closable_activity
from tests.sandbox.helpers import admin, counts

FAST = SyncSettings(backoff_base=0.001, backoff_max=0.01, max_attempts=5)


def test_retry_after_forms() -> None:
    assert retry_after_seconds("7", 60) == 7
    assert retry_after_seconds("600", 60) == 60  # capped
    assert retry_after_seconds(None, 60) is None
    assert retry_after_seconds("soon", 60) is None
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    assert 25 <= (retry_after_seconds(later, 60) or 0) <= 30


def test_backoff_grows_with_full_jitter_and_honours_retry_after() -> None:
    settings = SyncSettings(backoff_base=1, backoff_max=8)
    top = Backoff(settings, rng=lambda: 1.0)
    assert [top.delay(n, None) for n in range(1, 6)] == [1, 2, 4, 8, 8]
    assert Backoff(settings, rng=lambda: 0.25).delay(3, None) == 1
    assert top.delay(1, 5.0) == 5.0


def _client(
    sandbox: SandboxServer, password: str = "sandbox", cancel: threading.Event | None = None
) -> ParsClient:
    return ParsClient(Endpoint(sandbox.url, "sandbox", password), FAST, cancel)


def test_transient_failures_are_retried_until_they_pass(sandbox: SandboxServer) -> None:
    admin(
        sandbox, "faults", {"error_rate": 0.5, "malformed_rate": 0.3, "retry_after": 0, "seed": 5}
    )
    client = _client(sandbox)
    client.settings = SyncSettings(backoff_base=0.001, backoff_max=0.01, max_attempts=30)
    for n in range(5):
        [result] = client.post_activities(
            [ActivityEnvelope(closable_activity(provider_activity_id=f"R-{n}"))]
        )
        assert result.accme_activity_id
    assert client.retries > 0
    assert counts(sandbox)["activities"] == 5


def test_gives_up_with_a_clear_message(sandbox: SandboxServer) -> None:
    admin(sandbox, "faults", {"error_rate": 1.0})
    client = _client(sandbox)
    with pytest.raises(NetworkError, match="after 5 attempts: PARS answered HTTP 5"):
        client.post_activities([ActivityEnvelope(closable_activity())])
    assert client.attempts == 5


def test_unreachable_server(sandbox: SandboxServer) -> None:
    client = ParsClient(
        Endpoint("http://127.0.0.1:9", "u", "p"),
        SyncSettings(backoff_base=0.001, max_attempts=2, connect_timeout=1),
    )
    with pytest.raises(NetworkError, match="no answer from PARS"):
        client.credit_statuses(["X"])


def test_credentials_refused_at_once(sandbox: SandboxServer) -> None:
    client = _client(sandbox, password="nope")
    with pytest.raises(AuthError, match="user name or password"):
        client.post_activities([ActivityEnvelope(closable_activity())])
    assert client.attempts == 1


def test_refused_document(sandbox: SandboxServer) -> None:
    client = _client(sandbox)
    with pytest.raises(DocumentRefused) as e:
        client._call("POST", "/activities", lambda b: b, body=b'{"nonsense": true}')
    assert e.value.status == 400 and "'ACCMEActivities' is a required property" in str(e.value)
    assert [x.field for x in e.value.errors] == ["/ACCMEActivities"]


def test_cancel_interrupts_backoff(sandbox: SandboxServer) -> None:
    admin(sandbox, "faults", {"throttle_rate": 1.0, "retry_after": 30})
    cancel = threading.Event()
    client = ParsClient(
        Endpoint(sandbox.url, "sandbox", "sandbox"), SyncSettings(max_attempts=5), cancel
    )
    timer = threading.Timer(0.2, cancel.set)
    timer.start()
    with pytest.raises(Cancelled):
        client.post_activities([ActivityEnvelope(closable_activity())])
    assert client.attempts == 1  # it was waiting out Retry-After: 30 when cancelled


def test_missing_activity_is_none(sandbox: SandboxServer) -> None:
    assert _client(sandbox).get_activity("123456789") is None
    assert _client(sandbox).delete_learner("NOPE") is False
