"""One HTTP exchange with PARS that trusts nothing the server does.

- Redirects are not followed by ``requests``: a same-origin redirect of a request without a
  body is followed here; any other (another host, port or scheme, or a request carrying a
  document with learner data) stops the call and nothing is sent to the new address.
- The body is streamed and counted *after* decompression, so neither an endless body nor a
  gzip bomb can take more than ``max_response_bytes`` of memory.
- The exchange runs on its own short-lived thread while the caller waits on the clock and on
  Cancel: a server that drips a byte every few seconds, or never answers, cannot hold the
  sync past its deadline, and Cancel / Ctrl-C take effect within a fraction of a second. On
  abort the socket is shut down so the worker thread ends too.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import requests

from desktop.models.endpoint_url import origin
from desktop.sync.errors import Cancelled, NetworkError

log = logging.getLogger(__name__)
CHUNK = 64 * 1024
MAX_REDIRECTS = 3
_POLL = 0.1  # how often the waiting caller looks at Cancel and the clock
CANCELLED = "Sync was cancelled; it resumes where it stopped next time."
_NETWORK_FAILURES = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)


class Unanswered(Exception):
    """No usable answer this time (silence, reset, deadline): worth another attempt."""


class TooLarge(NetworkError):
    """The answer was bigger than any PARS document can be: not retried."""


@dataclass(frozen=True)
class Answer:
    """Status, headers (names lower-cased) and the whole body, already size-checked."""

    status: int
    headers: Mapping[str, str]
    body: bytes


@dataclass
class _Exchange:
    """What the worker thread hands back; ``done`` is set last."""

    done: threading.Event = field(default_factory=threading.Event)
    response: requests.Response | None = None
    answer: Answer | None = None
    error: BaseException | None = None


Waiting = Callable[[str], None]


def no_waiting(_note: str) -> None:
    return None


class Transport:
    def __init__(
        self,
        session: requests.Session,
        base_url: str,
        *,
        connect_timeout: float,
        read_timeout: float,
        max_response_bytes: int,
        cancel: threading.Event,
    ) -> None:
        self._session = session
        self._origin = origin(base_url)
        self._connect_timeout = connect_timeout
        self._read_timeout = read_timeout
        self._max = max_response_bytes
        self._cancel = cancel
        self.waiting: Waiting = no_waiting

    def send(
        self,
        method: str,
        url: str,
        *,
        body: bytes | None,
        params: Mapping[str, list[str]] | None,
        deadline: float,
    ) -> Answer:
        """One exchange (following same-origin redirects of body-less requests) by ``deadline``.

        ``deadline`` is on ``time.monotonic()``. Raises Unanswered (retry), Cancelled,
        NetworkError (a redirect away, an oversized answer: do not retry).
        """
        for _ in range(MAX_REDIRECTS + 1):
            answer = self._one(method, url, body, params, deadline)
            if not 300 <= answer.status < 400 or answer.status == 304:
                return answer
            url = self._redirect_target(url, answer, carries_document=body is not None)
            params = None  # the Location names the whole new address
        raise NetworkError(f"PARS redirected more than {MAX_REDIRECTS} times; stopped.")

    def _redirect_target(self, url: str, answer: Answer, *, carries_document: bool) -> str:
        location = answer.headers.get("location", "")
        target = urljoin(url, location)
        there = urlsplit(target).hostname or "an unnamed server"
        if not location:
            raise NetworkError(f"PARS answered HTTP {answer.status} without saying where to go.")
        if origin(target) != self._origin:
            log.warning("redirect to another origin refused (HTTP %d)", answer.status)
            raise NetworkError(
                f"PARS answered with a redirect to another server ({there}); it was not "
                "followed and nothing was sent there. Check the PARS address in Settings."
            )
        if carries_document:
            # Re-sending a document (learner names, birthdays, NPIs) is never automatic.
            raise NetworkError(
                f"PARS answered a sent document with a redirect (HTTP {answer.status}); "
                "the document was not sent again. Check the PARS address in Settings."
            )
        return target

    def _one(
        self,
        method: str,
        url: str,
        body: bytes | None,
        params: Mapping[str, list[str]] | None,
        deadline: float,
    ) -> Answer:
        left = deadline - time.monotonic()
        if left <= 0:
            raise Unanswered("PARS did not answer in time")
        # The socket timeouts never outlast the deadline, so an abandoned worker ends soon too.
        timeout = (min(self._connect_timeout, left), min(self._read_timeout, left))
        ex = _Exchange()
        worker = threading.Thread(
            target=self._exchange,
            args=(ex, method, url, body, params, timeout),
            name="pars-http",
            daemon=True,
        )
        started = time.monotonic()
        worker.start()
        shown = 0
        while not ex.done.wait(_POLL):
            now = time.monotonic()
            if self._cancel.is_set():
                _abort(ex)
                raise Cancelled(CANCELLED)
            if now >= deadline:
                _abort(ex)
                raise Unanswered(f"PARS did not finish answering within {now - started:.0f} s")
            waited = int(now - started)
            if waited > shown:
                shown = waited
                self.waiting(f"waiting for PARS, {waited} s")
        if self._cancel.is_set():
            raise Cancelled(CANCELLED)
        if ex.error is not None:
            if isinstance(ex.error, TooLarge):
                raise ex.error
            if isinstance(ex.error, _NETWORK_FAILURES):
                raise Unanswered(f"no answer from PARS ({type(ex.error).__name__})")
            raise ex.error
        assert ex.answer is not None
        return ex.answer

    def _exchange(
        self,
        ex: _Exchange,
        method: str,
        url: str,
        body: bytes | None,
        params: Mapping[str, list[str]] | None,
        timeout: tuple[float, float],
    ) -> None:
        try:
            with self._session.request(
                method,
                url,
                data=body,
                params=params,
                timeout=timeout,
                stream=True,
                allow_redirects=False,
            ) as response:
                ex.response = response
                # Header names lower-cased: HTTP header names are not case-sensitive.
                headers = {k.lower(): v for k, v in response.headers.items()}
                ex.answer = Answer(response.status_code, headers, self._read(response))
        except BaseException as e:  # handed to the caller's thread, which decides
            ex.error = e
        finally:
            ex.done.set()

    def _read(self, response: requests.Response) -> bytes:
        if 300 <= response.status_code < 400:
            return b""  # a redirect's body is never needed
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self._max:
            raise self._too_large()
        parts: list[bytes] = []
        size = 0
        # iter_content decompresses as it goes: the count is of bytes after decoding.
        for chunk in response.iter_content(CHUNK):
            size += len(chunk)
            if size > self._max:
                raise self._too_large()
            parts.append(chunk)
        return b"".join(parts)

    def _too_large(self) -> TooLarge:
        return TooLarge(
            f"PARS's answer was larger than {self._max // (1024 * 1024)} MiB; it was not read "
            "further. Everything done so far is kept; sync again later."
        )


def _abort(ex: _Exchange) -> None:
    """Shut the worker's socket so its blocked read returns now, not at its timeout."""
    response = ex.response
    if response is None:
        return  # still connecting or waiting for headers: the socket timeout ends it
    connection = getattr(response.raw, "connection", None)
    sock = getattr(connection, "sock", None)
    if isinstance(sock, socket.socket):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
