"""Where the store stands with PARS: counts by state, pending work, errors and conflicts."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desktop.models.entities import Activity, Completion, Learner, OutboxEntry
from desktop.models.match_states import UNMATCHED
from desktop.models.queries.activity_list import status_expression
from desktop.models.record_state import completion_state
from desktop.models.rules import Status
from desktop.models.store import Store
from desktop.models.sync_states import WAITING_FOR_PARS, SyncState
from desktop.models.sync_states import CompletionState as CS
from desktop.sync.views import Overview

HELD_LISTED = 50


def overview(store: Store, today: date, hold_unmatched: bool = True) -> Overview:
    status = status_expression(today)
    with store.reading() as s:
        by_status = {
            Status(level).label: n
            for level, n in s.execute(
                select(status, func.count()).where(Activity.deleted_at.is_(None)).group_by(status)
            ).all()
        }
        by_sync = dict(
            s.execute(select(Activity.sync_state, func.count()).group_by(Activity.sync_state)).all()
        )
        by_state = _completions_by_state(s, hold_unmatched)
        pending = changes_waiting(s, hold_unmatched)
        held, held_total = _held(s, hold_unmatched)
        errors: list[dict[str, str]] = []
        for pai, text in s.execute(
            select(Activity.provider_activity_id, Activity.sync_error).where(
                Activity.sync_state == SyncState.REJECTED
            )
        ):
            for e in json.loads(text or "[]"):
                errors.append(
                    {
                        "record": f"activity {pai}",
                        "field": e.get("field", ""),
                        "message": e.get("message", ""),
                    }
                )
        for cid, reasons in s.execute(
            select(Completion.id, Completion.sync_errors).where(Completion.state == CS.REJECTED)
        ):
            for e in reasons or [{"field": "", "message": "rejected"}]:
                errors.append(
                    {
                        "record": f"completion {cid}",
                        "field": e.get("field", ""),
                        "message": e.get("message", ""),
                    }
                )
        conflicts = list(
            s.scalars(
                select(Activity.provider_activity_id).where(Activity.conflict_document.is_not(None))
            )
        )
    return Overview(by_status, by_sync, by_state, pending, errors, conflicts, held, held_total)


def changes_waiting(s: Session, hold_unmatched: bool = True) -> int:
    """Records with a change waiting to go to PARS — records, not edits — leaving out those
    kept home until they are fixed (and, with the setting, those of learners PARS does not
    recognise: they read Held everywhere, so they are not "waiting" here either).

    Activities wait in the outbox; a completion's state is its pending work (queued, on its
    way, or its delete queued)."""
    activities = (
        select(OutboxEntry.entity_id)
        .distinct()
        .where(OutboxEntry.sent_at.is_(None), OutboxEntry.entity == "activity")
    )
    waiting: ColumnElement[bool] = Completion.state.in_(WAITING_FOR_PARS)
    if hold_unmatched:
        unrecognised = select(Learner.id).where(Learner.match_status.in_(tuple(UNMATCHED)))
        waiting = and_(
            waiting,
            ~and_(Completion.state == CS.QUEUED, Completion.learner_id.in_(unrecognised)),
        )
    completions = select(func.count()).select_from(Completion).where(waiting)
    return (s.scalar(select(func.count()).select_from(activities.subquery())) or 0) + (
        s.scalar(completions) or 0
    )


def _completions_by_state(s: Session, hold_unmatched: bool) -> dict[str, int]:
    """Counts by the words every view uses (a record PARS will not recognise reads Held)."""
    out: dict[str, int] = {}
    for stored, match_status, is_correction, n in s.execute(
        select(
            Completion.state,
            Learner.match_status,
            Completion.replaces_id.is_not(None),
            func.count(),
        )
        .join(Learner, Learner.id == Completion.learner_id)
        .group_by(Completion.state, Learner.match_status, Completion.replaces_id.is_not(None))
    ).all():
        if stored == "rejected":
            continue  # counted below: whose rejection it was is in each record's errors
        label = completion_state(
            stored,
            replaces_id=1 if is_correction else None,
            match_status=match_status,
            hold_unmatched=hold_unmatched,
        ).label
        out[label] = out.get(label, 0) + n
    for (errors,) in s.execute(
        select(Completion.sync_errors).where(Completion.state == CS.REJECTED)
    ):
        label = completion_state("rejected", errors=errors or ()).label
        out[label] = out.get(label, 0) + 1
    return out


def _held(s: Session, hold_unmatched: bool) -> tuple[list[dict[str, str]], int]:
    """Records kept home, each with its state in the one vocabulary (ids only: no names)."""
    query = (
        select(
            Completion.id,
            Completion.state,
            Completion.state_reason,
            Completion.replaces_id,
            Learner.match_status,
        )
        .join(Learner, Learner.id == Completion.learner_id)
        .where(Completion.state.in_((CS.DRAFT, CS.HELD, CS.QUEUED)))
        .order_by(Completion.id)
    )
    held: list[dict[str, str]] = []
    total = 0
    for cid, stored, reason, replaces_id, match_status in s.execute(query):
        state = completion_state(
            stored,
            reason,
            replaces_id=replaces_id,
            match_status=match_status,
            hold_unmatched=hold_unmatched,
        )
        if state.stays_home:
            total += 1
            if len(held) < HELD_LISTED:
                held.append({"record": f"completion {cid}", "state": state.text})
    return held, total
