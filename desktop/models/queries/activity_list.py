"""The activities list: filter, sort and page in SQL, with the status derived in SQL too.

The status engine's date-free part is stored as ``rule_level``; the date-dependent part
(Active while the activity runs, then Ready to Close or Closed) is a CASE over the end date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select

from desktop.models.entities import Activity, ImportMarker
from desktop.models.queries.rows import SORT_COLUMNS, ActivityFilter, ActivityRow
from desktop.models.rules import Status
from desktop.models.store import Store


def status_expression(today: date) -> ColumnElement[Any]:
    """``rules.Status`` as SQL, for the given day."""
    ended = Activity.end_date < today
    return case(
        (Activity.rule_level == 0, literal(int(Status.INCOMPLETE))),
        (Activity.rule_level == 1, literal(int(Status.DRAFT))),
        (~ended, literal(int(Status.ACTIVE))),
        (Activity.rule_level == 3, literal(int(Status.CLOSED))),
        else_=literal(int(Status.READY_TO_CLOSE)),
    )


class ActivityList:
    def __init__(self, store: Store) -> None:
        self._store = store

    def _where(self, f: ActivityFilter, today: date) -> ColumnElement[bool]:
        conditions: list[ColumnElement[bool]] = [Activity.deleted_at.is_(None)]
        text = f.text.strip()
        if text:
            like = f"%{text.replace('%', '').replace('_', '')}%"
            conditions.append(
                or_(
                    Activity.title.ilike(like),
                    Activity.provider_activity_id.ilike(like),
                    Activity.accme_activity_id.like(like),
                    Activity.internal_id.ilike(like),
                )
            )
        if f.status is not None:
            conditions.append(status_expression(today) == int(f.status))
        if f.format:
            conditions.append(Activity.format == f.format)
        if f.year is not None:
            conditions.append(
                and_(
                    Activity.start_date >= date(f.year, 1, 1),
                    Activity.start_date <= date(f.year, 12, 31),
                )
            )
        if f.unreviewed:
            conditions.append(
                select(ImportMarker.id).where(ImportMarker.activity_id == Activity.id).exists()
            )
        return and_(*conditions)

    def count(self, f: ActivityFilter, today: date) -> int:
        with self._store.reading() as s:
            return (
                s.scalar(select(func.count()).select_from(Activity).where(self._where(f, today)))
                or 0
            )

    def page(
        self,
        f: ActivityFilter,
        today: date,
        *,
        sort: str = "provider_activity_id",
        descending: bool = False,
        offset: int = 0,
        limit: int = 200,
    ) -> list[ActivityRow]:
        status = status_expression(today).label("status")
        key = (
            status
            if sort == "status"
            else getattr(Activity, sort if sort in SORT_COLUMNS else "provider_activity_id")
        )
        order = [key.desc() if descending else key.asc(), Activity.id.asc()]
        with self._store.reading() as s:
            rows = s.execute(
                select(
                    Activity.id,
                    Activity.provider_activity_id,
                    Activity.accme_activity_id,
                    Activity.title,
                    Activity.format,
                    Activity.start_date,
                    Activity.end_date,
                    status,
                    Activity.ama_credits,
                    Activity.sync_state,
                )
                .where(self._where(f, today))
                .order_by(*order)
                .offset(offset)
                .limit(limit)
            ).all()
        return [
            ActivityRow(
                id=r.id,
                provider_activity_id=r.provider_activity_id,
                accme_activity_id=r.accme_activity_id,
                title=r.title,
                format=r.format,
                start_date=r.start_date,
                end_date=r.end_date,
                status=Status(r.status),
                ama_credits=r.ama_credits,
                sync_state=r.sync_state,
            )
            for r in rows
        ]

    def years(self) -> list[int]:
        with self._store.reading() as s:
            years = s.scalars(
                select(func.distinct(func.strftime("%Y", Activity.start_date))).where(
                    Activity.start_date.is_not(None)
                )
            ).all()
        return sorted((int(y) for y in years if y), reverse=True)
