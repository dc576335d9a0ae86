"""HTTP to PARS: one ``requests.Session`` per run, timeouts, bounded retries, clear failures.

Every call is idempotent by key (Provider Activity ID, Credit ID), so any transient failure —
timeout, reset, dropped connection, 429, 5xx, or a body that is not a valid document — is
retried with backoff, even for POST. urllib3's ``Retry`` cannot retry on a malformed 200 body,
so the loop lives here, where it can also honour cancel between attempts.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar
from urllib.parse import quote, urlsplit

import requests

from desktop.models.endpoint_url import UrlRefused, check_endpoint_url
from desktop.sync.backoff import Backoff, retry_after_seconds
from desktop.sync.contract.activity_document import (
    ActivityEnvelope,
    build_activities,
    parse_activities,
)
from desktop.sync.contract.learner_document import LearnerReport, build_learner_reports
from desktop.sync.contract.match_document import (
    MatchAnswer,
    MatchQuery,
    build_match_request,
    parse_match_answers,
)
from desktop.sync.contract.names import ProviderIdentity, credit_id_to_wire
from desktop.sync.contract.results_document import (
    CreditStatus,
    FieldError,
    RecordResult,
    parse_errors,
    parse_results,
    parse_statuses,
)
from desktop.sync.contract.tree import ContractError
from desktop.sync.errors import AddressRefused, AuthError, Cancelled, DocumentRefused, NetworkError
from desktop.sync.settings import Endpoint, SyncSettings
from desktop.sync.transport import CANCELLED, Answer, Transport, Unanswered, Waiting

T = TypeVar("T")
log = logging.getLogger(__name__)
TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})


class ParsClient:
    def __init__(
        self,
        endpoint: Endpoint,
        settings: SyncSettings | None = None,
        cancel: threading.Event | None = None,
        backoff: Backoff | None = None,
    ) -> None:
        self.settings = settings or SyncSettings()
        self._base = endpoint.base_url.rstrip("/")
        self._cancel = cancel or threading.Event()
        self._backoff = backoff or Backoff(self.settings)
        self._session = requests.Session()
        self._session.auth = (endpoint.username, endpoint.password)
        # TLS verification is always on; a custom CA bundle may replace the default roots.
        self._session.verify = endpoint.ca_bundle or True
        if urlsplit(self._base).scheme.lower() == "http":
            # Clear text only to a loopback literal: never via a proxy from the environment.
            self._session.trust_env = False
        self._format = self.settings.wire_format
        self._session.headers["Content-Type"] = self._format.media_type
        self._session.headers["Accept"] = self._format.media_type
        self._etag: str | None = None
        self._transport = Transport(
            self._session,
            self._base,
            connect_timeout=self.settings.connect_timeout,
            read_timeout=self.settings.read_timeout,
            max_response_bytes=self.settings.max_response_bytes,
            cancel=self._cancel,
        )
        self._sync_ends = time.monotonic() + self.settings.sync_deadline
        self.attempts = 0
        self.retries = 0

    @property
    def waiting(self) -> Waiting:
        """Told, about once a second, what a slow call is waiting for ("waiting for PARS, 4 s")."""
        return self._transport.waiting

    @waiting.setter
    def waiting(self, show: Waiting) -> None:
        self._transport.waiting = show

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> ParsClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- the calls of SPEC §5 ----------------------------------------------------------------

    def post_activities(
        self, envelopes: Sequence[ActivityEnvelope], provider: ProviderIdentity | None = None
    ) -> list[RecordResult]:
        body = build_activities(envelopes, provider, self._format)
        return self._call("POST", "/activities", parse_results, body=body)

    def get_activity(self, accme_id: str) -> ActivityEnvelope | None:
        """PARS's version of the activity; its version number is the ETag (reading 12)."""
        found = self._request(
            "GET", f"/activities/{quote(accme_id, safe='')}", parse_activities, missing_ok=True
        )
        if not found:
            return None
        tag = (self._etag or "").strip('W/"')
        return replace(found[0], version=int(tag) if tag.isdigit() else None)

    def post_learner_reports(
        self, reports: Sequence[LearnerReport], provider: ProviderIdentity | None = None
    ) -> list[RecordResult]:
        body = build_learner_reports(reports, provider, self._format)
        return self._call("POST", "/learner-activities", parse_results, body=body)

    def credit_statuses(self, credit_ids: Sequence[str]) -> list[CreditStatus]:
        return self._call(
            "GET",
            "/learner-activities/status",
            parse_statuses,
            params={"CreditId": [credit_id_to_wire(c) for c in credit_ids]},
        )

    def delete_learner(self, credit_id: str) -> bool:
        path = f"/learner-activities/{quote(credit_id_to_wire(credit_id), safe=':')}"
        gone = self._request("DELETE", path, lambda _b: True, missing_ok=True)
        return gone is True

    def match(self, queries: Sequence[MatchQuery]) -> list[MatchAnswer]:
        body = build_match_request(queries, self._format)
        return self._call("POST", "/learner-match", parse_match_answers, body=body)

    # --- one call, retried --------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        parse: Callable[[bytes], T],
        *,
        body: bytes | None = None,
        params: dict[str, list[str]] | None = None,
    ) -> T:
        result = self._request(method, path, parse, body=body, params=params)
        assert result is not None  # only missing_ok requests answer None
        return result

    def _request(
        self,
        method: str,
        path: str,
        parse: Callable[[bytes], T],
        *,
        body: bytes | None = None,
        params: dict[str, list[str]] | None = None,
        missing_ok: bool = False,
    ) -> T | None:
        url = self._endpoint_url() + path
        started = time.monotonic()
        call_ends = min(started + self.settings.call_deadline, self._sync_ends)
        attempt = 0
        while True:
            if self._cancel.is_set():
                raise Cancelled(CANCELLED)
            attempt += 1
            self.attempts += 1
            retry_after: float | None = None
            private = False  # the problem quotes PARS's document: not for the log
            now = time.monotonic()
            try:
                answer = self._transport.send(
                    method,
                    url,
                    body=body,
                    params=params,
                    deadline=min(now + self.settings.request_deadline, call_ends),
                )
            except Unanswered as e:
                problem = str(e)
            else:
                status = answer.status
                if status in (401, 403):
                    raise AuthError(
                        "PARS refused the web-services user name or password "
                        f"(HTTP {status}). Check them in Settings; nothing was sent."
                    )
                if status in TRANSIENT_STATUS:
                    problem = f"PARS answered HTTP {status}"
                    retry_after = retry_after_seconds(
                        answer.headers.get("retry-after"), self.settings.retry_after_max
                    )
                elif status == 404 and missing_ok:
                    return None
                elif 400 <= status < 500:
                    message, errors = _refusal(answer)
                    raise DocumentRefused(message, status, errors)
                else:
                    self._etag = answer.headers.get("etag")
                    try:
                        return parse(answer.body)
                    except ContractError as e:
                        problem = f"PARS's answer was not a valid document ({e})"
                        private = True
            said = "PARS's answer was not a valid document" if private else problem
            log.info("%s %s attempt %d failed: %s", method, path, attempt, said)
            if attempt >= self.settings.max_attempts:
                raise NetworkError(
                    f"PARS could not be reached properly after {attempt} attempts: {problem}. "
                    "Everything done so far is kept; sync again later."
                )
            self.retries += 1
            self._wait(self._backoff.delay(attempt, retry_after), retry_after, call_ends, problem)

    def _endpoint_url(self) -> str:
        """The base URL, if the password may go there (checked again: Settings may be old)."""
        try:
            return check_endpoint_url(self._base)
        except UrlRefused as e:
            raise AddressRefused(str(e)) from None

    def _wait(self, delay: float, retry_after: float | None, ends: float, problem: str) -> None:
        """Wait before the next attempt, showing the countdown; Cancel ends it at once."""
        if time.monotonic() + delay > ends:
            limit = (
                self.settings.sync_deadline
                if ends >= self._sync_ends
                else self.settings.call_deadline
            )
            raise NetworkError(
                f"PARS could not be reached properly within the time limit ({limit:.0f} s): "
                f"{problem}. Everything done so far is kept; sync again later."
            )
        why = "PARS asked to wait" if retry_after is not None else "retrying"
        until = time.monotonic() + delay
        while True:
            left = until - time.monotonic()
            if left <= 0:
                return
            if delay >= 1:
                self._transport.waiting(f"{why}: next try in {math.ceil(left)} s")
            if self._cancel.wait(min(left, 1.0)):
                raise Cancelled(CANCELLED)


def _refusal(answer: Answer) -> tuple[str, tuple[FieldError, ...]]:
    fallback = f"PARS refused the request (HTTP {answer.status})."
    try:
        errors = parse_errors(answer.body)
    except ContractError:
        return fallback, ()
    return "; ".join(e.message for e in errors) or fallback, errors
