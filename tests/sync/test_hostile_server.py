"""Trust no server (issue 18, item 4): the client against a hostile "PARS" on 127.0.0.1.

Each mode has a time bound; the deadlines are shortened by test settings so each runs in
seconds. What the client *sent* is read back from the hostile server's own record.
"""

from __future__ import annotations

import resource
import threading
import time
from collections.abc import Iterator

import pytest

from desktop.models.endpoint_url import UrlRefused, check_endpoint_url
from desktop.sync.client import ParsClient
from desktop.sync.contract.match_document import MatchQuery
from desktop.sync.errors import AddressRefused, Cancelled, NetworkError
from desktop.sync.settings import Endpoint, SyncSettings
from desktop.sync.transport import TooLarge
from tests.factories import learner
from tests.sync.hostile import Behaviour, HostileServer

MiB = 1024 * 1024
QUICK = SyncSettings(
    connect_timeout=1,
    read_timeout=2,  # the total deadline, not the silence between bytes, ends an attempt
    request_deadline=1.5,
    call_deadline=3.0,
    sync_deadline=4.0,
    max_attempts=3,
    backoff_base=0.01,
    backoff_max=0.05,
    max_response_bytes=1 * MiB,
)


@pytest.fixture
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


@pytest.fixture
def elsewhere() -> Iterator[HostileServer]:
    """Another origin (another port): must never hear from the client."""
    with HostileServer(Behaviour(mode="ok", body=b"<thanks/>")) as server:
        yield server


def _client(
    url: str, settings: SyncSettings = QUICK, cancel: threading.Event | None = None
) -> ParsClient:
    return ParsClient(Endpoint(url, "cme-office", "s3cret-password"), settings, cancel)


def _match(client: ParsClient) -> object:
    """A call whose body carries learner data: name, birth month/day, state, NPI."""
    return client.match([MatchQuery("1", learner())])


# --- redirects ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_to_another_origin_sends_nothing_there(
    hostile: HostileServer, elsewhere: HostileServer, status: int
) -> None:
    hostile.behaviour = Behaviour(
        mode="redirect", status=status, location=elsewhere.url + "/learner-match"
    )
    started = time.monotonic()
    with _client(hostile.url) as client, pytest.raises(NetworkError, match="another server"):
        _match(client)
    assert time.monotonic() - started < 2
    assert elsewhere.seen == []
    assert len(hostile.seen) == 1 and client.attempts == 1  # not retried either
    assert b"Testperson" in hostile.seen[0].body  # it was the learner document


def test_a_redirect_of_a_get_to_another_origin_is_not_followed(
    hostile: HostileServer, elsewhere: HostileServer
) -> None:
    hostile.behaviour = Behaviour(mode="redirect", status=302, location=elsewhere.url + "/x")
    with _client(hostile.url) as client, pytest.raises(NetworkError, match="another server"):
        client.delete_learner("CREDIT-1")
    assert elsewhere.seen == []


def test_a_same_origin_redirect_is_followed_without_a_body_never_with_one(
    hostile: HostileServer,
) -> None:
    hostile.behaviour = Behaviour(mode="redirect", status=307, location="/moved/here")
    with _client(hostile.url) as client:
        assert client.delete_learner("CREDIT-1") is True
        # A stored Credit ID of the old form travels as ccid:legacy:… (contract reading 9).
        assert [s.path for s in hostile.seen] == [
            "/learner-activities/ccid:legacy:CREDIT-1",
            "/moved/here",
        ]
        with pytest.raises(NetworkError, match="not sent again"):
            _match(client)
    assert [s.method for s in hostile.seen] == ["DELETE", "DELETE", "POST"]


# --- where the password may go ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://pars.example.org/ws",
        "http://127.0.0.1@pars.example.org/ws",
        "http://localhost.attacker.example/ws",
        "http://127.0.0.1.attacker.example/ws",
        "http://localhost:8765",  # a name: whatever the resolver says, not given explicitly
        "http://127.0.0.2:8765",  # loopback range, but not the loopback address
        "http://2130706433:8765",  # 127.0.0.1 as one number: not written out
        "https://user:pw@pars.example.org/ws",
        "ftp://pars.example.org",
        "https://",
        "https://pars.example.org:99999",
        "https://pars.example.org/ws?next=http://x",
        "javascript:alert(1)",
        "https://pars.example.org/ ws",
    ],
)
def test_address_forms_refused(url: str) -> None:
    with pytest.raises(UrlRefused):
        check_endpoint_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://pars.example.org/ws/",
        "HTTPS://PARS.example.org:8443",
        "http://127.0.0.1:8765",
        "http://[::1]:8765/",
    ],
)
def test_address_forms_accepted(url: str) -> None:
    assert not check_endpoint_url(url).endswith("/")


def test_no_password_in_clear_text_to_a_name_or_a_disguised_host(hostile: HostileServer) -> None:
    for url in (
        f"http://127.0.0.1@localhost:{hostile.port}",  # the host is "localhost"
        f"http://localhost:{hostile.port}",
        f"http://someone:pw@127.0.0.1:{hostile.port}",
    ):
        with _client(url) as client, pytest.raises(AddressRefused):
            _match(client)
    assert hostile.seen == []
    # The control: to the loopback literal itself the request (and Authorization) does go.
    hostile.behaviour = Behaviour(mode="ok", status=404)
    with _client(hostile.url) as client:
        assert client.delete_learner("C") is False
    assert hostile.seen[0].headers["authorization"].startswith("Basic ")


# --- unbounded answers --------------------------------------------------------------------------


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def test_a_gzip_bomb_stops_at_the_cap_counted_after_decompression(
    hostile: HostileServer,
) -> None:
    # 1 GiB once inflated, about 1 MiB on the wire; the real cap (64 MiB) applies.
    hostile.behaviour = Behaviour(mode="gzip_bomb", bomb_bytes=1024 * MiB)
    settings = SyncSettings(max_attempts=3, backoff_base=0.01)
    before = _rss_mib()
    started = time.monotonic()
    with _client(hostile.url, settings) as client, pytest.raises(TooLarge, match="64 MiB"):
        _match(client)
    assert time.monotonic() - started < 10
    assert client.attempts == 1  # an oversized answer is not asked for again
    assert _rss_mib() - before < 300  # far from the 1 GiB it unpacks to


def test_an_endless_body_stops_at_the_cap(hostile: HostileServer) -> None:
    hostile.behaviour = Behaviour(mode="endless")
    started = time.monotonic()
    with _client(hostile.url) as client, pytest.raises(TooLarge, match="larger than 1 MiB"):
        _match(client)
    assert time.monotonic() - started < 3
    assert len(hostile.seen) == 1
    # The server got out little more than the cap before the client hung up (socket buffers).
    hostile_sent = hostile.behaviour.sent_bytes
    assert not hostile_sent or hostile_sent[0] < 16 * MiB


# --- time: drip, silence, Retry-After -----------------------------------------------------------


@pytest.mark.parametrize("mode", ["drip", "silent"])
def test_a_slow_or_silent_server_is_given_up_on_within_the_deadline(
    hostile: HostileServer, mode: str
) -> None:
    hostile.behaviour = Behaviour(mode=mode, drip_every=0.3)
    notes: list[str] = []
    started = time.monotonic()
    with _client(hostile.url) as client, pytest.raises(NetworkError, match=r"time limit|attempts"):
        client.waiting = notes.append
        _match(client)
    took = time.monotonic() - started
    assert took < QUICK.call_deadline + 1.5, took
    assert "waiting for PARS, 1 s" in notes  # what the user sees meanwhile


def test_a_huge_retry_after_is_capped_and_does_not_outlast_the_deadline(
    hostile: HostileServer,
) -> None:
    hostile.behaviour = Behaviour(mode="retry_after", retry_after="999999")
    started = time.monotonic()
    with _client(hostile.url) as client, pytest.raises(NetworkError, match="time limit"):
        _match(client)
    assert time.monotonic() - started < 1.5  # capped at 60 s, more than the 3 s left: stop
    assert len(hostile.seen) == 1


def test_a_retry_after_wait_is_shown_as_it_counts_down(hostile: HostileServer) -> None:
    hostile.behaviour = Behaviour(mode="retry_after", retry_after="999999")
    settings = SyncSettings(retry_after_max=1.5, max_attempts=2, call_deadline=10)
    notes: list[str] = []
    started = time.monotonic()
    with _client(hostile.url, settings) as client, pytest.raises(NetworkError, match="2 attempts"):
        client.waiting = notes.append
        _match(client)
    assert 1.4 < time.monotonic() - started < 4  # waited the cap, not 999999 s
    assert "PARS asked to wait: next try in 2 s" in notes
    assert len(hostile.seen) == 2


@pytest.mark.parametrize("mode", ["drip", "silent", "retry_after"])
def test_cancel_ends_a_call_within_2_s_at_any_point(hostile: HostileServer, mode: str) -> None:
    hostile.behaviour = Behaviour(mode=mode, drip_every=0.3, retry_after="60")
    cancel = threading.Event()
    cancelled_at: list[float] = []

    def press_cancel() -> None:
        cancelled_at.append(time.monotonic())
        cancel.set()

    timer = threading.Timer(0.7, press_cancel)
    timer.start()
    with _client(hostile.url, SyncSettings(), cancel) as client, pytest.raises(Cancelled):
        _match(client)
    assert cancelled_at and time.monotonic() - cancelled_at[0] < 2
