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
from typing import TypeVar

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
from desktop.sync.contract.results_document import (
    CreditStatus,
    RecordResult,
    parse_errors,
    parse_results,
    parse_statuses,
)
from desktop.sync.contract.wire import ContractError
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
        self._session.headers["Content-Type"] = "application/xml"
        self.attempts = 0
        self.retries = 0

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> ParsClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- the calls of SPEC §5 ----------------------------------------------------------------

    def post_activities(self, envelopes: Sequence[ActivityEnvelope]) -> list[RecordResult]:
        body = build_activities(envelopes)
        return self._call("POST", "/activities", parse_results, body=body)

    def get_activity(self, accme_id: str) -> ActivityEnvelope | None:
        found = self._request("GET", f"/activities/{accme_id}", parse_activities, missing_ok=True)
        return found[0] if found else None

    def post_learner_reports(
        self, reports: Sequence[LearnerReport], provider_name: str
    ) -> list[RecordResult]:
        body = build_learner_reports(reports, provider_name)
        return self._call("POST", "/learner-activities", parse_results, body=body)

    def credit_statuses(self, credit_ids: Sequence[str]) -> list[CreditStatus]:
        return self._call(
            "GET",
            "/learner-activities/status",
            parse_statuses,
            params={"CreditId": list(credit_ids)},
        )

    def delete_learner(self, credit_id: str) -> bool:
        gone = self._request(
            "DELETE", f"/learner-activities/{credit_id}", lambda _b: True, missing_ok=True
        )
        return gone is True

    def match(self, queries: Sequence[MatchQuery]) -> list[MatchAnswer]:
        return self._call(
            "POST", "/learner-match", parse_match_answers, body=build_match_request(queries)
        )

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
                    raise DocumentRefused(_refusal(response), status)
                else:
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


def _refusal(response: requests.Response) -> str:
    try:
        errors = parse_errors(response.content)
    except ContractError:
        return f"PARS refused the request (HTTP {response.status_code})."
    return (
        "; ".join(e.message for e in errors)
        or f"PARS refused the request (HTTP {response.status_code})."
    )
