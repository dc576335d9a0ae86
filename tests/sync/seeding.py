"""Fill a store with synthetic activities and completions of directory physicians."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from desktop.models.records import CreditRecord
from desktop.models.services import ActivityService
from desktop.models.services.bulk import NewCompletion, add_completions
from desktop.models.store import Store
from desktop.sync.client import ParsClient
from desktop.sync.engine import SyncEngine
from desktop.sync.report import SyncReport
from desktop.sync.settings import Endpoint, SyncSettings
from pars_sandbox.server import SandboxServer
from tests.conftest import TODAY
from tests.factories import closable_activity, completion
from tests.physicians import as_learner
from tests.sandbox.helpers import unique_people

FAST = SyncSettings(backoff_base=0.005, backoff_max=0.05, max_attempts=40, read_timeout=30)


def seed(store: Store, activities: int, completions: int, moc: bool = True) -> list[int]:
    """``activities`` closable activities sharing ``completions`` completions round-robin."""
    service = ActivityService(store, lambda: TODAY)
    ids = [
        service.create(closable_activity(provider_activity_id=f"S-{i:04d}", title=f"Session {i}"))[
            0
        ]
        for i in range(activities)
    ]
    people = unique_people()
    credits = (
        (CreditRecord(None, Decimal("1.5")), CreditRecord("ABIM", Decimal("1.5")))
        if moc
        else (CreditRecord(None, Decimal("1.5")),)
    )
    rows = [
        NewCompletion(
            as_learner(people[n % len(people)]),
            ids[n % activities],
            completion(credits=credits, completion_date=date(2026, 3, 2)),
        )
        for n in range(completions)
    ]
    add_completions(store, rows)
    return ids


def engine(
    store: Store, sandbox: SandboxServer, password: str = "sandbox", settings: SyncSettings = FAST
) -> SyncEngine:
    client = ParsClient(Endpoint(sandbox.url, "sandbox", password), settings)
    return SyncEngine(store, client, settings, lambda: TODAY)


def sync_until_settled(store: Store, sandbox: SandboxServer, runs: int = 10) -> list[SyncReport]:
    """Sync again until a run sends nothing and finds nothing pending."""
    reports = []
    for _ in range(runs):
        report = engine(store, sandbox).run()
        reports.append(report)
        if report.error is None and not (
            report.activities_sent or report.completions_sent or report.statuses_updated
        ):
            from desktop.sync.board_status import pending_credit_ids

            if not pending_credit_ids(store):
                return reports
    raise AssertionError(f"not settled after {runs} runs: {reports[-1]}")
