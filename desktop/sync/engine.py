"""The sync engine (SPEC §6): drain the outbox in order, then learn what PARS decided.

Order: activities (so ACCME IDs exist) → learner matching → completions → deletes → board
status polls → pulls.
Every request is idempotent by key, so a run killed or cancelled at any moment resumes safely.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from sqlalchemy import select

from desktop.models.entities import Provider
from desktop.models.rules.problems import Status
from desktop.models.store import Store
from desktop.models.sync_states import CompletionState as CS
from desktop.sync import activity_push, board_status, completion_push, learner_match, pull
from desktop.sync.client import ParsClient
from desktop.sync.contract.activity_document import RecordAction
from desktop.sync.contract.learner_document import ReportAction
from desktop.sync.contract.names import ProviderIdentity
from desktop.sync.errors import AddressRefused, AuthError, Cancelled, NetworkError, SyncError
from desktop.sync.labels import label_problems
from desktop.sync.report import Progress, SyncReport, no_progress
from desktop.sync.settings import SyncSettings
from desktop.sync.transport import Waiting, no_waiting

log = logging.getLogger(__name__)


class SyncEngine:
    def __init__(
        self,
        store: Store,
        client: ParsClient,
        settings: SyncSettings | None = None,
        today: Callable[[], date] = date.today,
    ) -> None:
        self._store = store
        self._client = client
        self._settings = settings or client.settings
        self._today = today

    def run(self, progress: Progress = no_progress, dry_run: bool = False) -> SyncReport:
        report = SyncReport(dry_run=dry_run)
        attempts, retries = self._client.attempts, self._client.retries
        progress, waiting = _with_waiting(progress)
        self._client.waiting = waiting
        try:
            self._run(report, progress, dry_run)
        except Cancelled as e:
            report.cancelled = True
            report.error, report.error_kind = str(e), "cancelled"
        except AuthError as e:
            report.error, report.error_kind = str(e), "auth"
        except AddressRefused as e:
            report.error, report.error_kind = str(e), "address"
        except NetworkError as e:
            report.error, report.error_kind = str(e), "network"
        except SyncError as e:
            report.error, report.error_kind = str(e), "refused"
        finally:
            self._client.waiting = no_waiting
            label_problems(self._store, report)
            report.requests = self._client.attempts - attempts
            report.retries = self._client.retries - retries
        log.info(
            "sync finished: %d activities, %d completions sent, %d problems, error=%s",
            report.activities_sent,
            report.completions_sent,
            len(report.problems),
            bool(report.error),
        )
        return report

    def _run(self, report: SyncReport, progress: Progress, dry_run: bool) -> None:
        size = self._settings.batch_size
        activities = activity_push.plan(self._store, self._today(), report)
        adds, deletes = completion_push.count_pending(self._store)
        credit_ids = board_status.pending_credit_ids(self._store)
        waiting = learner_match.count_waiting(self._store)
        total = len(activities) + waiting + adds + deletes + len(credit_ids)
        if dry_run:
            self._dry_run(report, activities, deletes)
            return
        progress(0, total, "activities")
        provider = self._provider()
        updates = {
            o.activity_id: o.envelope.record.accme_activity_id or ""
            for o in activities
            if o.envelope.action is RecordAction.UPDATE
        }
        conflicted = pull.check_before_update(
            self._store, self._client, list(updates), updates, report
        )
        activities = [o for o in activities if o.activity_id not in conflicted]
        done = 0
        for start in range(0, len(activities), size):
            done = activity_push.push(
                self._store,
                self._client,
                activities[start : start + size],
                report,
                progress,
                done,
                total,
                provider,
            )
        # Matching before completions, so what PARS would reject is held back with its reason.
        matched = learner_match.match_learners(
            self._store, self._client, size, progress, done, total
        )
        report.learners_checked = matched.checked
        report.learners_unmatched = matched.not_found + matched.multiple
        done += waiting
        hold = self._settings.hold_unmatched
        for states, action in (
            (completion_push.TO_SEND, ReportAction.ADD),
            ((CS.DELETE_QUEUED,), ReportAction.DELETE),
        ):
            for batch in completion_push.batches(
                self._store, states, size, report, hold, action, self._today()
            ):
                done = completion_push.push(
                    self._store, self._client, provider, batch, report, progress, done, total
                )
        # Credits accepted in this very run are polled on the next one: boards take time.
        done = board_status.poll(
            self._store,
            self._client,
            credit_ids,
            self._settings.status_batch,
            report,
            progress,
            done,
            total,
        )
        if self._settings.pull:
            pushed = {o.activity_id for o in activities}
            targets = pull.synced_activities(self._store, skip=pushed)
            pull.pull(
                self._store, self._client, targets, report, progress, done, done + len(targets)
            )

    def _dry_run(
        self, report: SyncReport, activities: list[activity_push.Outgoing], deletes: int
    ) -> None:
        """What the real run would send and hold, judged the same way; nothing is stored and
        PARS is not contacted (its learner matching is taken as it stands)."""
        report.activities_sent = len(activities)
        arriving = frozenset(
            o.activity_id for o in activities if o.level is not None and o.level >= Status.ACTIVE
        )
        for batch in completion_push.batches(
            self._store,
            completion_push.TO_SEND,
            self._settings.batch_size,
            report,
            self._settings.hold_unmatched,
            ReportAction.ADD,
            self._today(),
            dry_run=True,
            arriving=arriving,
        ):
            report.completions_sent += len(batch)
        report.completions_deleted = deletes

    def match_learners(
        self, write: learner_match.Writer | None = None
    ) -> learner_match.MatchReport:
        """Only the matching phase: what the app runs in the background when online."""
        return learner_match.match_learners(
            self._store, self._client, self._settings.batch_size, write=write
        )

    def _provider(self) -> ProviderIdentity:
        """Who reports: the 7-digit ACCME provider ID and the name, from Settings."""
        with self._store.reading() as s:
            row = s.execute(select(Provider.accme_provider_id, Provider.name).limit(1)).first()
        if row is None:
            return ProviderIdentity("", "PARS Desktop provider")
        return ProviderIdentity(row.accme_provider_id or "", row.name or "PARS Desktop provider")


def _with_waiting(progress: Progress) -> tuple[Progress, Waiting]:
    """Progress as given, plus a way to say what a slow call waits for under the last step."""
    last: list[tuple[int, int, str]] = [(0, 0, "")]

    def step(done: int, total: int, message: str) -> None:
        last[0] = (done, total, message)
        progress(done, total, message)

    def waiting(note: str) -> None:
        done, total, message = last[0]
        progress(done, total, f"{message} — {note}" if message else note)

    return step, waiting
