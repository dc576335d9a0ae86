"""Phase 1 of a sync: send activities (adds, updates, deletes) so PARS assigns their IDs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, case, delete, func, select
from sqlalchemy.orm import Session

from desktop.models.entities import Activity, AuditEntry, OutboxEntry
from desktop.models.entities.base import table_of, utcnow
from desktop.models.mapping import activity_record, with_children
from desktop.models.records import ActivityRecord
from desktop.models.rules import Status, assess_activity
from desktop.models.store import Store
from desktop.models.sync_states import SyncState
from desktop.sync.client import ParsClient
from desktop.sync.contract.activity_document import (
    ActivityEnvelope,
    RecordAction,
    missing_for_wire,
)
from desktop.sync.contract.fields import localized
from desktop.sync.contract.names import ProviderIdentity
from desktop.sync.contract.results_document import FieldError, RecordResult, ResultStatus
from desktop.sync.errors import DocumentRefused
from desktop.sync.halving import send_in_halves
from desktop.sync.report import Progress, RecordProblem, SyncReport, error_dicts

# Changing these on a synced activity may make PARS see a new activity (SPEC §6).
IDENTITY_FIELDS = ("format", "start_date", "end_date", "provider_activity_id")


@dataclass(frozen=True)
class Outgoing:
    activity_id: int
    revision: int
    outbox_ids: tuple[int, ...]
    envelope: ActivityEnvelope
    level: int | None = None  # the status this version reaches: PARS's once it accepts it

    @property
    def key(self) -> str:
        return self.envelope.record.provider_activity_id


def plan(store: Store, today: date, report: SyncReport) -> list[Outgoing]:
    """Activities with unsent changes that PARS can take; the rest are reported as held."""
    out: list[Outgoing] = []
    with store.reading() as s:
        pending: dict[int, list[int]] = {}
        for entry_id, activity_id in s.execute(
            select(OutboxEntry.id, OutboxEntry.entity_id)
            .where(OutboxEntry.entity == "activity", OutboxEntry.sent_at.is_(None))
            .order_by(OutboxEntry.id)
        ):
            pending.setdefault(activity_id, []).append(entry_id)
        if not pending:
            return out
        activities = s.scalars(
            select(Activity)
            .where(Activity.id.in_(pending))
            .options(*with_children())
            .order_by(Activity.id)
        ).all()
        for a in activities:
            record = activity_record(a)
            ids = tuple(pending[a.id])
            if a.conflict_document is not None:
                report.problems.append(
                    RecordProblem(
                        "activity",
                        a.id,
                        record.provider_activity_id,
                        "",
                        "PARS and you both changed this activity; choose which version to keep.",
                        held=True,
                    )
                )
                continue
            if a.deleted_at is not None:
                env = ActivityEnvelope(record, RecordAction.DELETE)
                out.append(Outgoing(a.id, a.revision, ids, env))
                continue
            assessment = assess_activity(record, today)
            if assessment.status is Status.INCOMPLETE:
                for p in assessment.blockers:
                    report.problems.append(
                        RecordProblem(
                            "activity",
                            a.id,
                            record.provider_activity_id,
                            p.field,
                            p.message,
                            held=True,
                        )
                    )
                continue
            unsendable = missing_for_wire(record)
            if unsendable:
                for field, message in unsendable:
                    report.problems.append(
                        RecordProblem(
                            "activity", a.id, record.provider_activity_id, field, message, held=True
                        )
                    )
                continue
            if a.synced_revision is not None:
                _warn_identity_changes(s, a, record, report)
            action = RecordAction.UPDATE if a.accme_activity_id else RecordAction.ADD
            out.append(
                Outgoing(
                    a.id,
                    a.revision,
                    ids,
                    ActivityEnvelope(record, action),
                    int(assessment.status),
                )
            )
    return out


def _warn_identity_changes(
    s: Session, a: Activity, record: ActivityRecord, report: SyncReport
) -> None:
    since = a.last_synced_at or datetime.min
    changed = set(
        s.scalars(
            select(AuditEntry.field).where(
                AuditEntry.entity == "activity",
                AuditEntry.entity_id == a.id,
                AuditEntry.field.in_(IDENTITY_FIELDS),
                AuditEntry.at > since,
            )
        )
    )
    for name in sorted(changed):
        report.warnings.append(
            RecordProblem(
                "activity",
                a.id,
                record.provider_activity_id,
                name,
                f"The {name.replace('_', ' ')} changed since PARS last saw this activity; PARS may treat it as a new activity.",
            )
        )


def push(
    store: Store,
    client: ParsClient,
    batch: Sequence[Outgoing],
    report: SyncReport,
    progress: Progress,
    done: int,
    total: int,
    provider: ProviderIdentity | None = None,
) -> int:
    """Send ``batch``; a document PARS refuses whole is split until the bad record is alone."""

    def refused(o: Outgoing, e: DocumentRefused) -> None:
        errors = tuple(FieldError(x.code, x.field, x.message) for x in e.errors)
        rejected = RecordResult(o.key, ResultStatus.REJECTED, errors=errors)
        _store_results(store, [o], [rejected], report, refusal=str(e))

    return send_in_halves(
        batch,
        lambda part: client.post_activities([o.envelope for o in part], provider),
        lambda part, results: _store_results(store, part, results, report),
        refused,
        lambda n: progress(n, total, "activities"),
        done,
    )


def _store_results(
    store: Store,
    batch: Sequence[Outgoing],
    results: Sequence[RecordResult],
    report: SyncReport,
    refusal: str = "",
) -> None:
    by_key = {r.key: r for r in results}
    now = utcnow()
    report.activities_sent += len(batch)
    accepted: list[dict[str, object]] = []
    rejected: list[dict[str, object]] = []
    deleted: list[int] = []
    consumed: list[dict[str, object]] = []
    for o in batch:
        result = by_key.get(o.key)
        if result is None:
            continue  # PARS said nothing of it: it stays pending for the next run
        error_text = None
        if result.status is ResultStatus.DELETED:
            deleted.append(o.activity_id)
            report.activities_deleted += 1
        elif result.status is ResultStatus.ACCEPTED:
            accepted.append(
                {
                    "aid": o.activity_id,
                    "accme": result.accme_activity_id,
                    "version": result.version,
                    "rev": o.revision,
                    "level": o.level,
                }
            )
            report.activities_accepted += 1
        else:
            boards = tuple(m.board for m in o.envelope.record.moc)
            errors = error_dicts(
                localized(result.errors, boards), refusal or "PARS refused this activity."
            )
            rejected.append({"aid": o.activity_id, "error": json.dumps(errors)})
            error_text = "; ".join(e["message"] for e in errors)
            for e in errors:
                report.problems.append(
                    RecordProblem("activity", o.activity_id, o.key, e["field"], e["message"])
                )
        consumed.extend({"oid": i, "now": now, "error": error_text} for i in o.outbox_ids)
    a = table_of(Activity)
    ob = table_of(OutboxEntry)
    with store.transaction() as s:
        if accepted:
            s.execute(
                a.update()
                .where(a.c.id == bindparam("aid"))
                .values(
                    accme_activity_id=func.coalesce(bindparam("accme"), a.c.accme_activity_id),
                    server_version=bindparam("version"),
                    synced_revision=bindparam("rev"),
                    pars_level=bindparam("level"),
                    # Edited again while this batch was in flight: still pending.
                    sync_state=case(
                        (a.c.revision == bindparam("rev"), SyncState.SYNCED.value),
                        else_=SyncState.PENDING.value,
                    ),
                    sync_error=None,
                    last_synced_at=now,
                ),
                accepted,
            )
        if rejected:
            s.execute(
                a.update()
                .where(a.c.id == bindparam("aid"))
                .values(sync_state=SyncState.REJECTED, sync_error=bindparam("error")),
                rejected,
            )
        if deleted:
            s.execute(delete(Activity).where(Activity.id.in_(deleted)))
        if consumed:
            s.execute(
                ob.update()
                .where(ob.c.id == bindparam("oid"))
                .values(
                    sent_at=bindparam("now"),
                    attempts=ob.c.attempts + 1,
                    last_error=bindparam("error"),
                ),
                consumed,
            )
