"""Where the store stands with PARS: counts by state, pending work, errors and conflicts."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import func, select

from desktop.models.entities import Activity, Completion, OutboxEntry
from desktop.models.queries.activity_list import status_expression
from desktop.models.rules import Status
from desktop.models.store import Store
from desktop.sync.views import Overview


def overview(store: Store, today: date) -> Overview:
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
        by_state = dict(
            s.execute(select(Completion.state, func.count()).group_by(Completion.state)).all()
        )
        pending = (
            s.scalar(
                select(func.count()).select_from(OutboxEntry).where(OutboxEntry.sent_at.is_(None))
            )
            or 0
        )
        errors: list[dict[str, str]] = []
        for pai, text in s.execute(
            select(Activity.provider_activity_id, Activity.sync_error).where(
                Activity.sync_state == "rejected"
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
            select(Completion.id, Completion.sync_errors).where(Completion.state == "rejected")
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
    return Overview(by_status, by_sync, by_state, pending, errors, conflicts)
