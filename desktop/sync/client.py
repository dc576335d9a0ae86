"""HTTP to PARS: one ``requests.Session`` per run, timeouts, bounded retries, clear failures.

Every call is idempotent by key (Provider Activity ID, Credit ID), so any transient failure —
timeout, reset, dropped connection, 429, 5xx, or a body that is not a valid document — is
retried with backoff, even for POST. urllib3's ``Retry`` cannot retry on a malformed 200 body,
so the loop lives here, where it can also honour cancel between attempts.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar
from urllib.parse import quote

import requests

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
from desktop.sync.errors import AuthError, Cancelled, DocumentRefused, NetworkError
from desktop.sync.settings import Endpoint, SyncSettings

T = TypeVar("T")
log = logging.getLogger(__name__)
TRANSIENT_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})
_NETWORK_FAILURES = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)


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
        self._format = self.settings.wire_format
        self._session.headers["Content-Type"] = self._format.media_type
        self._session.headers["Accept"] = self._format.media_type
        self._etag: str | None = None
        self.attempts = 0
        self.retries = 0

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
        url = self._base + path
        timeout = (self.settings.connect_timeout, self.settings.read_timeout)
        attempt = 0
        while True:
            if self._cancel.is_set():
                raise Cancelled("Sync was cancelled; it resumes where it stopped next time.")
            attempt += 1
            self.attempts += 1
            retry_after: float | None = None
            try:
                response = self._session.request(
                    method, url, data=body, params=params, timeout=timeout
                )
            except _NETWORK_FAILURES as e:
                problem = f"no answer from PARS ({type(e).__name__})"
            else:
                status = response.status_code
                if status in (401, 403):
                    raise AuthError(
                        "PARS refused the web-services user name or password "
                        f"(HTTP {status}). Check them in Settings; nothing was sent."
                    )
                if status in TRANSIENT_STATUS:
                    problem = f"PARS answered HTTP {status}"
                    retry_after = retry_after_seconds(
                        response.headers.get("Retry-After"), self.settings.retry_after_max
                    )
                elif status == 404 and missing_ok:
                    return None
                elif 400 <= status < 500:
                    message, errors = _refusal(response)
                    raise DocumentRefused(message, status, errors)
                else:
                    self._etag = response.headers.get("ETag")
                    try:
                        return parse(response.content)
                    except ContractError as e:
                        problem = f"PARS's answer was not a valid document ({e})"
            log.info("%s %s attempt %d failed: %s", method, path, attempt, problem)
            if attempt >= self.settings.max_attempts:
                raise NetworkError(
                    f"PARS could not be reached properly after {attempt} attempts: {problem}. "
                    "Everything done so far is kept; sync again later."
                )
            self.retries += 1
            if self._cancel.wait(self._backoff.delay(attempt, retry_after)):
                raise Cancelled("Sync was cancelled; it resumes where it stopped next time.")


def _refusal(response: requests.Response) -> tuple[str, tuple[FieldError, ...]]:
    fallback = f"PARS refused the request (HTTP {response.status_code})."
    try:
        errors = parse_errors(response.content)
    except ContractError:
        return fallback, ()
    return "; ".join(e.message for e in errors) or fallback, errors
